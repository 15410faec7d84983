"""Migration 0003: a database an older version left at 0002, with its data, gains the maintenance tables on
opening — after a verified backup — and keeps every row; the migration also goes back down cleanly."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from ticeinventory.db import models as m
from ticeinventory.db.database import _alembic_config, _configure_sqlite, head_revision, open_database
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.maintenance import IncidentStatus
from ticeinventory.services import Actor
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.maintenance import MaintenanceService
from ticeinventory.services.search import is_search_table

MAINTENANCE_TABLES = {"incidents", "incident_steps", "interventions", "intervention_incidents", "intervention_parts"}

# Rows as the 0002 application wrote them (its columns, spelled out: later models must not change this test).
ROWS_0002 = [
    "INSERT INTO schools (id, uai, name, type, address, postcode, commune, circonscription, holiday_zone, "
    "director_name, phone, email, active, notes) VALUES (1, '0210001M', 'École élémentaire Voltaire', 'elementaire', "
    "'12 rue Voltaire', '21000', 'Dijon', 'Dijon Centre', 'A', 'Sophie Martin', '03 80 12 34 56', '', 1, '')",
    "INSERT INTO rooms (id, school_id, name, kind, notes) VALUES (1, 1, 'Salle informatique', 'salle_informatique', "
    "'')",
    "INSERT INTO equipment (inventory_number, category_id, manufacturer, model, serial_number, school_id, room_id, "
    "status, plan_id, phase_id, funding_origin, acquisition_date, supplier, order_reference, purchase_price_cents, "
    "warranty_end, network_name, mac_address, ip_address, attribution, parent_id, notes, assigned_on, retired_on, "
    "retirement_reason) SELECT 'PCF-2009-00001', c.id, 'Dell', 'OptiPlex 380', '7XK2P4J', 1, 1, 'en_service', p.id, "
    "NULL, NULL, '2009-07-06', 'Dell SAS', '', 54900, '2012-07-06', 'VOLTAIRE-SI-01', '', '', NULL, NULL, '', "
    "'2009-07-06', NULL, '' FROM categories c, plans p WHERE c.code = 'PCF' AND p.code = 'DIJON-2009'",
    "INSERT INTO audit_log (at, user, source, entity, entity_id, action, field, old_value, new_value) VALUES "
    "('2020-01-01 10:00:00.000000', 'ancien', 'ecran', 'equipment', 1, 'create', NULL, NULL, '{}')",
]


def migrate(path: Path, revision: str, *, down: bool = False) -> None:
    engine = create_engine(f"sqlite:///{path}")
    _configure_sqlite(engine)
    config = _alembic_config()
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def table_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def revision_of(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_a_0002_database_with_data_upgrades_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "ecoles-2025.sqlite"
    migrate(path, "0002")
    with closing(sqlite3.connect(path)) as conn:
        for statement in ROWS_0002:
            conn.execute(statement)
        conn.commit()
    before = table_counts(path)
    assert not MAINTENANCE_TABLES & set(before) and before["equipment"] == 1 and before["categories"] == 20

    backups: list[Path] = []
    db = open_database(path, on_backup=backups.append)
    try:
        assert (db.report.revision_before, db.report.revision_after) == ("0002", head_revision())
        # the verified backup is the 0002 file, row for row
        assert backups == [db.report.backup] and db.report.backup.exists()
        assert revision_of(db.report.backup) == "0002" and table_counts(db.report.backup) == before
        after = table_counts(path)
        assert {name: after[name] for name in before} == before
        assert {name: after[name] for name in MAINTENANCE_TABLES} == dict.fromkeys(MAINTENANCE_TABLES, 0)
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "include_name": outside_search_index}), m.Base.metadata) == []

        # the old item takes incidents and interventions at once
        actor = Actor(user="kbenali", source="ecran")
        maintenance = MaintenanceService(db, actor)
        incident = maintenance.incidents.report(school="0210001M", equipment="PCF-2009-00001", nature="materiel",
                                                description="Ne démarre plus.", reporter_name="Sophie Martin")
        assert EquipmentService(db, actor).find("PCF-2009-00001").status is EquipmentStatus.EN_PANNE
        result = maintenance.interventions.record(equipment="PCF-2009-00001", type="dépannage matériel",
                                                  outcome="résolu", date=incident.reported_at.date(),
                                                  start_time=incident.reported_at.time(), duration_minutes=1,
                                                  incidents=[incident.id])
        assert result.incidents[0].status is IncidentStatus.RESOLU
    finally:
        db.close()


def test_downgrade_drops_only_the_maintenance_tables(tmp_path: Path) -> None:
    path = tmp_path / "ecoles.sqlite"
    db = open_database(path)
    actor = Actor(user="kbenali", source="ecran")
    try:
        MaintenanceService(db, actor).incidents.report(school=_school(db, actor), description="Plus d'internet.",
                                                       nature="reseau", reporter_name="Sophie Martin")
    finally:
        db.close()
    before = table_counts(path)
    migrate(path, "0002", down=True)
    after = table_counts(path)
    assert revision_of(path) == "0002" and not MAINTENANCE_TABLES & set(after)
    assert after == {name: n for name, n in before.items()
                     if name not in MAINTENANCE_TABLES and not is_search_table(name)}
    db = open_database(path)  # and up again, as the application does
    try:
        assert db.report.revision_before == "0002" and db.report.backup is not None
        assert MaintenanceService(db, actor).incidents.count() == 0
    finally:
        db.close()


def outside_search_index(name, type_, _parent) -> bool:
    """The search index of migration 0004 (FTS5 and its tables) is not described by the models."""
    return not (type_ == "table" and is_search_table(name))


def _school(db, actor: Actor) -> str:
    from ticeinventory.services.schools import SchoolService
    return SchoolService(db, actor).create(uai="0210001M", name="École élémentaire Voltaire").uai
