"""Moving with contents, dates that cannot be in the future, copies' status, literal search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import ValidationError
from ticeinventory.services.app import Services
from ticeinventory.services.equipment import EquipmentFilter


@pytest.fixture
def services(demo_db, actor):
    return Services(demo_db, actor)


def _a_school(services: Services):
    return next(s for s in services.schools.list() if s.type.value == "elementaire")


def test_moving_a_trolley_takes_its_tablets_along_unless_asked_not_to(services):
    trolley = services.equipment.list(EquipmentFilter(unassigned=True, category_code="CMO"))[0]
    children = services.equipment.children(trolley.id)
    assert len(children) == 16
    school = _a_school(services)
    moved = services.equipment.move([trolley.id], school.uai, "Classe CM1")
    assert {m.id for m in moved} == {trolley.id, *(c.id for c in children)}
    assert {(m.school_id, m.room_name, m.status) for m in moved} == {(school.id, "Classe CM1", EquipmentStatus.EN_SERVICE)}

    alone = services.equipment.move([trolley.id], None, with_contents=False)
    assert [m.id for m in alone] == [trolley.id]
    assert all(c.school_id == school.id for c in services.equipment.children(trolley.id))


def test_a_lost_tablet_stays_behind_when_its_trolley_moves(services):
    trolley = services.equipment.list(EquipmentFilter(unassigned=True, category_code="CMO"))[0]
    school = _a_school(services)
    services.equipment.move([trolley.id], school.uai)
    tablet = next(c for c in services.equipment.children(trolley.id) if c.category_code == "TAB")
    services.equipment.change_status([tablet.id], EquipmentStatus.PERDU)
    services.equipment.move([trolley.id], None)
    assert services.equipment.get(tablet.id).school_id == school.id
    assert services.equipment.get(trolley.id).school_id is None


def test_move_and_retire_dates_cannot_be_in_the_future(services):
    item = services.equipment.list(EquipmentFilter(category_code="ILN"))[0]
    tomorrow = date.today() + timedelta(days=1)
    before = services.equipment.get(item.id)
    with pytest.raises(ValidationError, match="dans le futur"):
        services.equipment.move([item.id], None, on=tomorrow)
    with pytest.raises(ValidationError, match="dans le futur"):
        services.equipment.retire([item.id], "obsolète", on=tomorrow)
    assert services.equipment.get(item.id) == before


def test_copies_of_a_broken_item_are_new_items_in_service(services):
    broken = services.equipment.list(EquipmentFilter(status=EquipmentStatus.EN_PANNE))[0]
    copies = services.equipment.duplicate(broken.id, 3)
    assert {c.status for c in copies} == {EquipmentStatus.EN_SERVICE if broken.school_id else EquipmentStatus.EN_STOCK}


def test_search_treats_percent_and_underscore_literally(services):
    item = services.equipment.list(EquipmentFilter(category_code="PCF"))[0]
    services.equipment.update(item.id, notes="", network_name="POSTE_100%")
    assert [i.id for i in services.equipment.list(EquipmentFilter(text="E_100%"))] == [item.id]
    assert services.equipment.count(EquipmentFilter(text="_")) == 1
    assert services.equipment.count(EquipmentFilter(text="%")) == 1
