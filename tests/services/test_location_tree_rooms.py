"""The tree of places read in two steps: communes and schools at once, a school's rooms when it is opened."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticeinventory.domain.enums import AuditSource, fold
from ticeinventory.services.app import open_services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.equipment_browser import PlanCounts
from ticeinventory.services.location_tree import LocationTreeService, sort_key


@pytest.fixture
def services(demo_path):
    opened = open_services(demo_path, AuditSource.SCREEN)
    yield opened
    opened.close()


@pytest.mark.parametrize("text", ["", "École élémentaire Anatole-France", "ÉCOLE MATERNELLE", "Salle n° 12",
                                  "Œuvre & co / B", "Straße", "ﬁlière", "Ｆｕｌｌ", "e\u0301cole", "한국", "Ⅻ ½",
                                  "İstanbul", "ǅemal", "  —  "])
def test_the_sort_key_is_fold(text):
    assert sort_key(text) == fold(text)


@given(st.text(max_size=40))
def test_the_sort_key_is_fold_for_any_text(text):
    assert sort_key(text) == fold(text)


def test_the_tree_holds_the_schools_and_how_many_rooms_each_has(services):
    tree = LocationTreeService(services.db).tree()
    schools = [school for commune in tree.communes for school in commune.schools]
    assert sorted(s.id for s in schools) == sorted(s.id for s in services.schools.list())
    for school in schools:
        assert school.room_count == len(services.schools.rooms(school.id))
    for commune in tree.communes:
        names = [school.name for school in commune.schools]
        assert names == sorted(names, key=fold)
    assert [c.name for c in tree.communes] == sorted((c.name for c in tree.communes), key=fold)


def test_rooms_are_read_for_one_school_and_can_leave_retired_items_out(services):
    locations = LocationTreeService(services.db)
    school = next(s for s in services.schools.list() if services.schools.rooms(s.id))
    every = locations.rooms(school.id)
    active = locations.rooms(school.id, include_retired=False)
    assert [r.id for r in every] == [r.id for r in active]
    for room in active:
        flt = EquipmentFilter(school_id=school.id, room_id=room.id, include_retired=False)
        assert room.counts == PlanCounts(services.equipment.count(flt),
                                         services.equipment.count(EquipmentFilter(
                                             school_id=school.id, room_id=room.id, include_retired=False,
                                             in_plan=True)))
    assert locations.rooms(-1) == ()


def test_an_empty_room_is_listed_with_no_items(services):
    school = services.schools.list()[0]
    room = services.schools.add_room(school.id, "Zzz réserve vide")
    rooms = LocationTreeService(services.db).rooms(school.id)
    assert rooms[-1].id == room.id and rooms[-1].counts == PlanCounts()
