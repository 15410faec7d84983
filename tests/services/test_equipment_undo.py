"""What the screen's undo relies on: exact states put back only when nobody changed them since, deletion of
what was just created (refused once it has a history), re-creation with the same identity, the réforme
undone, the bulk edit all or nothing — each one transaction with its own audit entries."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ticeinventory.db import models as m
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import NotFoundError, RuleError, TiceError, ValidationError
from ticeinventory.services.app import Services
from ticeinventory.services.equipment import EquipmentFilter


@pytest.fixture
def services(demo_db, actor):
    return Services(demo_db, actor)


def audit(services: Services, entity: str, entity_id: int, after: int = 0) -> list:
    """(action, field, old, new, source) of the audit rows about one row, oldest first."""
    A = m.AuditLog
    with services.db.reading() as session:
        return [tuple(row) for row in session.execute(
            select(A.action, A.field, A.old_value, A.new_value, A.source)
            .where(A.entity == entity, A.entity_id == entity_id, A.id > after).order_by(A.id))]


def last_audit(services: Services) -> int:
    with services.db.reading() as session:
        return session.scalar(select(m.AuditLog.id).order_by(m.AuditLog.id.desc()).limit(1)) or 0


def in_service(services: Services, category: str = "PCF"):
    return next(item for item in services.equipment.list(EquipmentFilter(category_code=category))
                if item.status is EquipmentStatus.EN_SERVICE and item.room_id is not None)


def test_snapshot_and_restore_put_back_exactly_the_fields_changed(services):
    item = in_service(services)
    before = services.equipment.snapshot(item.id)
    assert set(before) == set(services.equipment.STATE_FIELDS)
    services.equipment.update(item.id, notes="écran fissuré", supplier="UGAP")
    after = services.equipment.snapshot(item.id)
    mark = last_audit(services)

    services.equipment.restore(item.id, {"notes": before["notes"], "supplier": before["supplier"]},
                               expected={"notes": after["notes"], "supplier": after["supplier"]})

    assert services.equipment.snapshot(item.id) == before
    rows = audit(services, "equipment", item.id, mark)
    assert set(rows) == {("update", "notes", "écran fissuré", before["notes"], "ecran"),
                         ("update", "supplier", "UGAP", before["supplier"], "ecran")}


def test_restore_refuses_when_the_item_changed_since_and_writes_nothing(services):
    item = in_service(services)
    services.equipment.update(item.id, notes="v1")
    services.equipment.update(item.id, notes="changé sur un autre poste")
    mark = last_audit(services)
    with pytest.raises(RuleError, match="modifié entre-temps \\(notes\\)"):
        services.equipment.restore(item.id, {"notes": ""}, expected={"notes": "v1"})
    assert services.equipment.get(item.id).notes == "changé sur un autre poste"
    assert audit(services, "equipment", item.id, mark) == []


def test_restore_many_is_all_or_nothing_and_checks_the_rules(services):
    first, second = services.equipment.list(EquipmentFilter(category_code="PCF"), limit=2)
    other_school_room = next(r for s in services.schools.list() if s.id != second.school_id
                             for r in services.schools.rooms(s.id))
    with pytest.raises(ValidationError) as refused:
        services.equipment.restore_many({first.id: {"notes": "ok"}, second.id: {"room_id": other_school_room.id}})
    assert second.inventory_number in refused.value.errors["room"]
    assert services.equipment.get(first.id).notes == first.notes


def test_restore_puts_back_a_status_and_refuses_a_retirement(services):
    item = in_service(services)
    services.equipment.change_status([item.id], EquipmentStatus.EN_PANNE)
    services.equipment.restore(item.id, {"status": "en_service"}, expected={"status": "en_panne"})
    assert services.equipment.get(item.id).status is EquipmentStatus.EN_SERVICE
    with pytest.raises(TiceError, match="Réformer"):
        services.equipment.restore(item.id, {"status": "reforme"})


def test_a_created_item_can_be_deleted_then_recreated_with_its_identity(services):
    created = services.equipment.create(category="PCF", plan="DIJON-2009", manufacturer="Dell", model="OptiPlex",
                                        serial_number="SN-UNDO-1")
    state = services.equipment.snapshot(created.id)
    mark = last_audit(services)

    states = services.equipment.delete([created.id], expected={created.id: state})
    assert states == {created.id: state}
    with pytest.raises(NotFoundError):
        services.equipment.get(created.id)
    deleted = audit(services, "equipment", created.id, mark)
    assert [(action, source) for action, _field, _old, _new, source in deleted] == [("delete", "ecran")]
    assert "SN-UNDO-1" in deleted[0][2]

    again = services.equipment.recreate(states)
    assert (again[0].id, again[0].inventory_number, again[0].serial_number) == (
        created.id, created.inventory_number, "SN-UNDO-1")
    assert services.equipment.snapshot(created.id) == state
    assert audit(services, "equipment", created.id, mark)[-1][0] == "create"


def test_deleting_is_refused_once_the_item_has_a_history(services):
    item = in_service(services)
    screen = services.equipment.create(category="ECR", plan="DIJON-2009", parent=item.inventory_number)
    with pytest.raises(RuleError, match="éléments rattachés"):
        services.equipment.delete([item.id])
    state = services.equipment.snapshot(screen.id)
    services.equipment.update(screen.id, notes="posé sur le bureau")
    with pytest.raises(RuleError, match="modifié entre-temps"):
        services.equipment.delete([screen.id], expected={screen.id: state})
    services.equipment.retire([screen.id], "cassé")
    with pytest.raises(RuleError, match="réformé"):
        services.equipment.delete([screen.id])
    assert services.equipment.get(screen.id).status is EquipmentStatus.REFORME


def test_deleting_an_item_with_an_incident_is_refused(services):
    created = services.equipment.create(category="PCF", plan="DIJON-2009", school=in_service(services).school_id)
    services.maintenance.incidents.report(school=created.school_id, equipment=created.inventory_number,
                                          description="Ne démarre plus.", nature="materiel",
                                          reporter_name="Sophie Martin")
    with pytest.raises(RuleError, match="des incidents"):
        services.equipment.delete([created.id])
    assert services.equipment.get(created.id).inventory_number == created.inventory_number


def test_recreate_is_refused_when_the_identity_was_taken_meanwhile(services):
    created = services.equipment.create(category="TAB", plan="DIJON-2015-AV2")
    states = services.equipment.delete([created.id])
    other = in_service(services)
    services.equipment.update(other.id, inventory_number=created.inventory_number)
    with pytest.raises(ValidationError, match="déjà utilisé"):
        services.equipment.recreate(states)
    services.equipment.update(other.id, inventory_number=other.inventory_number)
    # SQLite gives a deleted last row's identifier to the next row created
    services.equipment.create(category="TAB", plan="DIJON-2015-AV2")
    with pytest.raises(RuleError, match="identifiant a été repris"):
        services.equipment.recreate(states)


def test_restore_retired_gives_back_the_previous_status_from_the_audit_trail(services):
    item = in_service(services)
    services.equipment.change_status([item.id], EquipmentStatus.EN_PANNE)
    services.equipment.retire([item.id], "irréparable", on=date.today())
    back = services.equipment.restore_retired([item.id])
    assert (back[0].status, back[0].retired_on, back[0].retirement_reason) == (EquipmentStatus.EN_PANNE, None, "")
    with pytest.raises(RuleError, match="pas \\(ou plus\\) réformé"):
        services.equipment.restore_retired([item.id])
    services.equipment.retire([item.id], "obsolète")
    assert services.equipment.restore_retired([item.id], {item.id: "en_service"})[0].status \
        is EquipmentStatus.EN_SERVICE


def test_bulk_update_changes_every_item_or_none(services):
    school = next(s for s in services.schools.list() if s.type.value == "elementaire")
    items = services.equipment.list(EquipmentFilter(school_id=school.id, category_code="PCF"))[:3]
    bcd = next(r for r in services.schools.rooms(school.id) if r.name == "BCD")
    updated = services.equipment.bulk_update([i.id for i in items], room_id=bcd.id, supplier="UGAP",
                                             status="en_panne", warranty_end=date(2030, 1, 1))
    assert {(u.room_name, u.supplier, u.status, u.warranty_end) for u in updated} == {
        ("BCD", "UGAP", EquipmentStatus.EN_PANNE, date(2030, 1, 1))}
    with pytest.raises(ValidationError) as refused:
        services.equipment.bulk_update([i.id for i in items], warranty_end=date(1990, 1, 1))
    assert items[0].inventory_number in refused.value.errors["warranty_end"]
    assert {i.warranty_end for i in services.equipment.get_many([i.id for i in items])} == {date(2030, 1, 1)}
    with pytest.raises(TiceError, match="Réformer"):
        services.equipment.bulk_update([items[0].id], status="reforme")


def test_snapshots_with_contents_are_the_rows_a_move_takes_along(services):
    trolley = services.equipment.list(EquipmentFilter(unassigned=True, category_code="CMO"))[0]
    states = services.equipment.snapshots([trolley.id], with_contents=True)
    school = next(s for s in services.schools.list() if s.type.value == "elementaire")
    moved = services.equipment.move([trolley.id], school.id)
    assert set(states) == {item.id for item in moved}
    assert [i.id for i in services.equipment.get_many(list(states))] == list(states)
    with pytest.raises(NotFoundError):
        services.equipment.get_many([trolley.id, 10**9])


def test_schools_and_rooms_undo_support(services):
    school = services.schools.create(uai="0210001M", name="École de test")
    state = services.schools.snapshot(school.id)
    room = services.schools.add_room(school.id, "Salle 1", "classe")
    with pytest.raises(RuleError, match="des salles"):
        services.schools.delete(school.id, expected=state)
    room_state = services.schools.room_snapshot(room.id)
    services.schools.update_room(room.id, name="Salle 2")
    with pytest.raises(RuleError, match="modifiée entre-temps \\(nom\\)"):
        services.schools.remove_room(room.id, expected=room_state)
    services.schools.restore_room(room.id, {"name": "Salle 1"}, expected={"name": "Salle 2"})
    assert services.schools.remove_room(room.id, expected=room_state) == room_state
    services.schools.recreate_room(room.id, room_state)
    assert services.schools.room(room.id).name == "Salle 1"
    services.schools.remove_room(room.id)

    services.schools.update(school.id, director_name="Mme Martin")
    with pytest.raises(RuleError, match="direction"):
        services.schools.delete(school.id, expected=state)
    services.schools.restore(school.id, {"director_name": ""}, expected={"director_name": "Mme Martin"})
    assert services.schools.delete(school.id, expected=state) == state
    with pytest.raises(NotFoundError):
        services.schools.get(school.id)
    assert services.schools.recreate(school.id, state).uai == "0210001M"
    busy = next(s for s in services.schools.list() if s.id != school.id)
    with pytest.raises(RuleError, match="des équipements"):
        services.schools.delete(busy.id)
