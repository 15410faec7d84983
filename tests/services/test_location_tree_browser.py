"""The queries behind the window (no Qt): the tree of places, equipment ids and rows, the demo file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.errors import DatabaseError
from ticeinventory.services.app import open_services
from ticeinventory.services.demo_file import DemoCancelled, build_demo_file, building_path
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.equipment_browser import EquipmentBrowser, PlanCounts, SortKey
from ticeinventory.services.location_tree import LocationTreeService


@pytest.fixture
def services(demo_path):
    opened = open_services(demo_path, AuditSource.SCREEN)
    yield opened
    opened.close()


def test_tree_counts_agree_with_the_equipment_service(services):
    locations = LocationTreeService(services.db)
    tree = locations.tree()
    count = services.equipment.count
    assert tree.total == PlanCounts(count(), count(EquipmentFilter(in_plan=True)))
    assert tree.stock == PlanCounts(count(EquipmentFilter(unassigned=True)),
                                    count(EquipmentFilter(unassigned=True, in_plan=True)))
    assert sorted(c.name for c in tree.communes) == sorted({s.commune for s in services.schools.list()})
    for commune in tree.communes:
        assert commune.counts.total == count(EquipmentFilter(commune=commune.name))
        for school in commune.schools:
            flt = EquipmentFilter(school_id=school.id)
            assert school.counts == PlanCounts(count(flt), count(replace(flt, in_plan=True)))
            rooms = locations.rooms(school.id)  # read when the school is opened
            assert school.room_count == len(rooms)
            assert [r.name for r in rooms] == sorted((r.name for r in services.schools.rooms(school.id)),
                                                     key=str.casefold)
            for room in rooms:
                assert room.counts == PlanCounts(count(replace(flt, room_id=room.id)),
                                                 count(replace(flt, room_id=room.id, in_plan=True)))


def test_tree_can_leave_retired_items_out(services):
    tree = LocationTreeService(services.db).tree(include_retired=False)
    assert tree.total.total == services.equipment.count(EquipmentFilter(include_retired=False))


def test_ids_follow_the_list_order_and_rows_keep_the_ids_order(services):
    browser = EquipmentBrowser(services.db)
    flt = EquipmentFilter(commune="Dijon")
    ids = browser.ids(flt)
    assert ids == [item.id for item in services.equipment.list(flt)]
    some = ids[10:20][::-1]
    assert [row.id for row in browser.rows(some)] == some
    assert browser.rows([]) == [] and browser.rows([-1]) == []
    assert browser.counts(flt) == PlanCounts(len(ids), services.equipment.count(replace(flt, in_plan=True)))


def test_every_sort_gives_every_item_once(services):
    browser = EquipmentBrowser(services.db)
    everything = sorted(item.id for item in services.equipment.list())
    for key in SortKey:
        assert sorted(browser.ids(sort=key)) == sorted(browser.ids(sort=key, descending=True)) == everything, key


def test_sorting_by_school_puts_the_stock_last(services):
    browser = EquipmentBrowser(services.db)
    rows = browser.rows(browser.ids(sort=SortKey.SCHOOL))
    names = [row.school_name for row in rows]
    placed = [name for name in names if name is not None]
    assert names[len(placed):] == [None] * (len(names) - len(placed))
    assert placed == sorted(placed, key=str.lower)


def test_the_demo_file_appears_whole_or_not_at_all(tmp_path):
    target = tmp_path / "demo.sqlite"
    with pytest.raises(DemoCancelled):
        build_demo_file(target, schools=3, progress=lambda done, total: done < 2)
    assert list(tmp_path.iterdir()) == []
    report = build_demo_file(target, schools=2)
    assert report.schools == 2 and target.exists() and not building_path(target).exists()
    with pytest.raises(DatabaseError, match="existe déjà"):
        build_demo_file(target, schools=2)
