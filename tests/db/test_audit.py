"""The audit trail: every create, update and delete, with its actor, in the same transaction as the change."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from ticeinventory.db import models as m
from ticeinventory.services import Actor
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.schools import SchoolService
from ticeinventory.services.settings import SettingsService


def audit(db, **where) -> list:
    """audit_log rows (plain rows, readable after the unit of work)."""
    table = m.AuditLog.__table__
    with db.reading() as session:
        query = select(table).order_by(table.c.id)
        for key, value in where.items():
            query = query.where(table.c[key] == value)
        return list(session.execute(query))


def test_create_is_logged_with_actor_and_snapshot(db) -> None:
    school = SchoolService(db, Actor("mdupont", "cli")).create(uai="0131266f", name="École Jean Macé",
                                                                commune="Marseille")
    rows = audit(db, entity="schools")
    assert len(rows) == 1
    row = rows[0]
    assert (row.user, row.source, row.entity_id, row.action, row.field) == ("mdupont", "cli", school.id, "create",
                                                                          None)
    assert row.old_value is None
    snapshot = json.loads(row.new_value)
    assert snapshot["uai"] == "0131266F" and snapshot["name"] == "École Jean Macé" and snapshot["active"] == "1"
    assert row.at is not None


def test_update_logs_each_changed_field_only(db, actor) -> None:
    schools = SchoolService(db, actor)
    school = schools.create(uai="0131266F", name="École Jean Macé", commune="Marseille")
    schools.update(school.id, name="École Jean-Macé", commune="Marseille", phone="0491123456")
    rows = audit(db, entity="schools", action="update")
    assert {(r.field, r.old_value, r.new_value) for r in rows} == {
        ("name", "École Jean Macé", "École Jean-Macé"), ("phone", "", "04 91 12 34 56")}
    assert all(r.user == "testeur" and r.source == "ecran" and r.entity_id == school.id for r in rows)


def test_delete_is_logged_with_the_old_values(db, actor) -> None:
    schools = SchoolService(db, actor)
    school = schools.create(uai="0131266F", name="École Jean Macé")
    room = schools.add_room(school.id, "BCD", "bcd")
    schools.delete_room(room.id)
    [row] = audit(db, entity="rooms", action="delete")
    assert row.entity_id == room.id and row.new_value is None
    assert json.loads(row.old_value) == {"name": "BCD", "kind": "bcd", "school_id": str(school.id)}


def test_equipment_changes_are_logged(db, actor) -> None:
    school = SchoolService(db, actor).create(uai="0131266F", name="École Jean Macé")
    equipment = EquipmentService(db, Actor("tech", "import"))
    item = equipment.create(category="PCF", plan="DIJON-2009", school=school.uai)
    equipment.retire([item.id], "Irréparable", on=item.acquisition_date or item.assigned_on)
    rows = audit(db, entity="equipment", entity_id=item.id)
    assert [r.action for r in rows][0] == "create"
    changes = {r.field: (r.old_value, r.new_value) for r in rows if r.action == "update"}
    assert changes["status"] == ("en_service", "reforme")
    assert changes["retirement_reason"] == ("", "Irréparable")
    assert all(r.user == "tech" and r.source == "import" for r in rows)
    # The counter behind the numbers is bookkeeping, not audited.
    assert not [r for r in audit(db) if r.entity.startswith("sequences")]


def test_settings_are_logged_by_key(db, actor) -> None:
    SettingsService(db, actor).set("city_name", "Dijon")
    SettingsService(db, actor).set("city_name", "Talant")
    rows = audit(db, entity="settings:city_name")
    assert [(r.action, r.field, r.old_value, r.new_value) for r in rows][1] == ("update", "value", "Dijon", "Talant")


def test_audit_rows_are_rolled_back_with_the_change(db, actor) -> None:
    with pytest.raises(RuntimeError), db.writing(actor) as session:
        session.add(m.Setting(key="city_name", value="Dijon"))
        session.flush()
        assert len(list(session.scalars(select(m.AuditLog)))) == 1
        raise RuntimeError("annulé")
    assert audit(db) == []
    with db.reading() as session:
        assert session.get(m.Setting, "city_name") is None


def test_no_write_without_an_actor(db) -> None:
    with pytest.raises(RuntimeError, match="actor"):
        SchoolService(db).create(uai="0131266F", name="École Jean Macé")
    with pytest.raises(RuntimeError, match="actor"):
        EquipmentService(db).create(category="PCF", funding_origin="don")
    with pytest.raises(RuntimeError, match="actor"), db.reading() as session:
        session.add(m.Setting(key="city_name", value="Dijon"))
        session.flush()
    with pytest.raises(RuntimeError, match="actor"), db.writing(None) as session:  # type: ignore[arg-type]
        session.add(m.Setting(key="city_name", value="Dijon"))
    with db.reading() as session:
        assert session.scalars(select(m.Setting)).all() == [] and session.scalars(select(m.School)).all() == []
