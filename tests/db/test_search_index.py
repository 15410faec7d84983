"""The search index of migrations 0004 and 0005: built from the rows a 0003 (or 0004) base already holds, kept
right by its triggers whoever writes (services, raw SQL without any application function), dropped cleanly by
the downgrades, and rebuilt by a batch migration that follows its instructions."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select
from test_postgres import pg_server, pg_url  # noqa: F401 - the throwaway PostgreSQL cluster

from ticeinventory.db import models as m
from ticeinventory.db.database import _alembic_config, _configure_sqlite, head_revision, open_database
from ticeinventory.services import Actor, search
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.schools import SchoolService

ACTOR = Actor(user="kbenali", source="ecran")

# Rows as the 0003 application wrote them (columns spelled out: later models must not change this test).
SCHOOL = ("INSERT INTO schools (id, uai, name, type, address, postcode, commune, circonscription, holiday_zone, "
          "director_name, phone, email, active, notes) VALUES ({id}, '{uai}', '{name}', 'elementaire', '', "
          "'21000', 'Dijon', '', '', '', '', '', 1, '')")
ITEM = ("INSERT INTO equipment (id, inventory_number, category_id, manufacturer, model, serial_number, school_id, "
        "room_id, status, plan_id, phase_id, funding_origin, acquisition_date, supplier, order_reference, "
        "purchase_price_cents, warranty_end, network_name, mac_address, ip_address, attribution, parent_id, notes, "
        "assigned_on, retired_on, retirement_reason) SELECT {id}, '{number}', c.id, '{maker}', '{model}', "
        "'{serial}', {school}, NULL, 'en_service', NULL, NULL, 'don', NULL, '', '', NULL, NULL, '{name}', '{mac}', "
        "'', NULL, NULL, '', NULL, NULL, '' FROM categories c WHERE c.code = 'PCF'")
ROWS_0003 = [
    SCHOOL.format(id=1, uai="0210001M", name="École élémentaire Voltaire"),
    SCHOOL.format(id=2, uai="0210002N", name="École maternelle Françoise Dolto"),
    ITEM.format(id=1, number="PCF-2009-00001", maker="Dell", model="OptiPlex 380", serial="7XK2P4J", school=1,
                name="VOLTAIRE-SI-01", mac="00:1E:4F:AA:BB:01"),
    ITEM.format(id=2, number="PCF-2009-00002", maker="Éditions Cœur", model="Poste ça", serial="SN-ÀÉÎÕÜ",
                school=2, name="", mac=""),
    ITEM.format(id=3, number="PCF-2009-00003", maker="HP", model="ProDesk", serial="CN123", school="NULL",
                name="STOCK-1", mac="00-1e-4f-aa-bb-03"),
]


def migrate(path: Path, revision: str, *, down: bool = False) -> None:
    engine = create_engine(f"sqlite:///{path}")
    _configure_sqlite(engine)
    config = _alembic_config()
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def objects(path: Path) -> dict[str, list[str]]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name LIKE 'search%' ORDER BY name").fetchall()
    found: dict[str, list[str]] = {}
    for kind, name in rows:
        found.setdefault(kind, []).append(name)
    return found


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names if not n.startswith("search")}


def problems(db) -> list[str]:
    with db.engine.connect() as conn:
        return search.problems(conn)


def found(db, text: str) -> set[int]:
    return {i.id for i in EquipmentService(db).list(EquipmentFilter(text=text))}


def test_the_migration_writes_what_the_service_describes(db, db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as conn:
        stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                   "'search%'").fetchall())
        tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
        index = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (search.MODEL_INDEX,)).fetchone()
    assert sorted(stored) == sorted(search.TRIGGERS)
    assert sorted(stored.values()) == sorted(search.trigger_statements())
    assert [tables[name] for name in (search.TEXT_TABLE, search.INDEX_TABLE, search.SCHOOL_TABLE,
                                      search.MODEL_TABLE)] == search.table_statements()
    assert index == ('CREATE INDEX ix_equipment_model ON equipment (manufacturer, model)',)
    assert problems(db) == []


def test_a_0003_base_with_data_is_indexed_and_goes_back_down_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "ecoles-2026.sqlite"
    migrate(path, "0003")
    with closing(sqlite3.connect(path)) as conn:
        for statement in ROWS_0003:
            conn.execute(statement)
        conn.commit()
    before = counts(path)
    assert objects(path) == {}

    db = open_database(path)
    try:
        assert (db.report.revision_before, db.report.revision_after) == ("0003", head_revision())
        assert db.report.backup is not None and counts(db.report.backup) == before
        assert problems(db) == []
        assert found(db, "ecole") == {1, 2} and found(db, "DOLTO") == {2} and found(db, "0210001m") == {1}
        assert found(db, "coeur") == {2} and found(db, "aeiou") == {2} and found(db, "poste ca") == {2}
        assert found(db, "00:1E:4F") == {1, 3} and found(db, "00-1e-4f") == {1, 3} and found(db, "4faabb") == {1, 3}
        assert found(db, "dell optiplex") == {1} and found(db, "é") == {1, 2, 3} and found(db, "_") == set()
        assert counts(path) == before
    finally:
        db.close()

    migrate(path, "0003", down=True)
    assert objects(path) == {} and counts(path) == before
    with closing(sqlite3.connect(path)) as conn:  # no trigger left behind to trip over a missing table
        conn.execute("UPDATE equipment SET serial_number = 'X' WHERE id = 1")
        conn.execute("UPDATE schools SET name = 'Autre' WHERE id = 1")
        conn.execute("DELETE FROM equipment WHERE id = 3")
        conn.commit()
    db = open_database(path)  # and up again, as the application does
    try:
        assert db.report.revision_before == "0003" and problems(db) == []
        assert found(db, "autre") == {1}
    finally:
        db.close()


@pytest.fixture
def city(db):
    schools = SchoolService(db, ACTOR)
    voltaire = schools.create(uai="0210001M", name="École élémentaire Voltaire")
    dolto = schools.create(uai="0210002N", name="École maternelle Françoise Dolto")
    room = schools.add_room(voltaire.id, "Salle informatique", "salle_informatique")
    equipment = EquipmentService(db, ACTOR)
    pc = equipment.create(category="PCF", plan="DIJON-2009", school=voltaire.id, room=room.id, manufacturer="Dell",
                          model="OptiPlex 380", serial_number="7XK2P4J", mac_address="001e4faabb01",
                          network_name="VOLTAIRE-SI-01")
    tablet = equipment.create(category="TAB", funding_origin="don", school=dolto.id, manufacturer="Samsung",
                              model="Galaxy Tab A")
    return db, equipment, schools, voltaire, dolto, pc, tablet


def test_triggers_follow_every_write_of_the_services(city) -> None:
    db, equipment, schools, voltaire, dolto, pc, tablet = city
    assert problems(db) == [] and found(db, "voltaire") == {pc.id} and found(db, "00:1E:4F:AA") == {pc.id}

    equipment.update(pc.id, serial_number="ZZ-NEUF-01", network_name="SALLE-INFO-01")
    assert found(db, "7XK2") == set() and found(db, "zz-neuf") == {pc.id} and found(db, "salle-info") == {pc.id}
    with db.engine.connect() as conn:
        line = conn.exec_driver_sql("SELECT body FROM search_equipment_text WHERE id = ?", (pc.id,)).scalar()
    equipment.update(pc.id, notes="Ne démarre plus", supplier="UGAP")  # columns not searched: line untouched
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT body FROM search_equipment_text WHERE id = ?", (pc.id,)).scalar() == line

    equipment.move([pc.id], dolto.uai)
    assert found(db, "voltaire") == set() and found(db, "dolto") == {pc.id, tablet.id}
    schools.update(dolto.id, name="École maternelle Simone Veil", uai="0210003P")
    assert found(db, "dolto") == set() and found(db, "simone veil") == {pc.id, tablet.id}
    assert found(db, "0210002n") == set() and found(db, "0210003p") == {pc.id, tablet.id}
    equipment.move([tablet.id], None)
    assert found(db, "simone") == {pc.id} and found(db, "galaxy") == {tablet.id}
    copies = equipment.duplicate(tablet.id, 3)
    assert found(db, "galaxy") == {tablet.id} | {c.id for c in copies}
    equipment.retire([copies[0].id], "cassée")
    assert copies[0].id in found(db, "galaxy")  # a retired item is still found (include_retired decides)
    assert problems(db) == []


def test_raw_sql_without_application_functions_keeps_the_index(city, db_path: Path) -> None:
    db, _equipment, _schools, voltaire, dolto, pc, tablet = city
    with closing(sqlite3.connect(db_path)) as conn:  # the sqlite3 shell of a technician: no lower(), no fold()
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("UPDATE equipment SET model = 'Été Œil', manufacturer = 'ÇÀ' WHERE id = ?", (tablet.id,))
        conn.execute("UPDATE schools SET name = 'Collège Étienne' WHERE id = ?", (voltaire.id,))
        conn.execute("INSERT INTO equipment (inventory_number, category_id, manufacturer, model, serial_number, "
                     "school_id, status, funding_origin, supplier, order_reference, network_name, mac_address, "
                     "ip_address, notes, retirement_reason) VALUES ('AUT-1', 1, 'Ñandú', '', 'S1', ?, "
                     "'en_service', 'don', '', '', '', '', '', '', '')", (dolto.id,))
        conn.execute("DELETE FROM equipment WHERE id = ?", (pc.id,))
        conn.commit()
    new = found(db, "AUT-1")
    assert len(new) == 1 and found(db, "nandu") == new
    assert found(db, "ete oeil") == {tablet.id} and found(db, "ca ete") == {tablet.id}
    assert found(db, "etienne") == set() and found(db, "optiplex") == set()
    assert problems(db) == []


def test_a_failed_write_leaves_the_index_as_it_was(city) -> None:
    db, equipment, *_rest, pc, _tablet = city
    with pytest.raises(RuntimeError), db.writing(ACTOR) as session:
        session.get(m.Equipment, pc.id).serial_number = "ANNULE-1"
        session.flush()
        assert session.scalar(select(sa.func.count()).select_from(sa.text("search_equipment_text"))
                              .where(sa.text("body LIKE '%ANNULE-1%'"))) == 1
        raise RuntimeError("abandon")
    assert found(db, "annule") == set() and found(db, "7xk2p4j") == {pc.id} and problems(db) == []


def test_folding_in_sql_is_the_folding_in_python(db) -> None:
    letters = "".join(accented for accented, _plain in search.PAIRS)
    schools = SchoolService(db, ACTOR)
    school = schools.create(uai="0210001M", name="École " + letters)
    item = EquipmentService(db, ACTOR).create(category="PCF", plan="DIJON-2009", school=school.id,
                                              manufacturer=letters, model="ß—ĳ")
    with db.engine.connect() as conn:
        model = conn.exec_driver_sql("SELECT body FROM search_model_text WHERE manufacturer = ?", (letters,)).scalar()
        name = conn.exec_driver_sql("SELECT body FROM search_school_text WHERE id = ?", (school.id,)).scalar()
    assert (model, name) == (search.fold(f"{letters} ß—ĳ"), search.fold(f"École {letters}\x1f0210001M"))
    assert search.fold(letters).isascii() and found(db, "ecole " + search.fold(letters)[:20]) == {item.id}


def test_bulk_loads_rebuild_the_index_once(city) -> None:
    db, *_rest, dolto, _pc, _tablet = city
    with db.engine.connect() as conn, conn.begin():
        tablet = conn.scalar(select(m.Category.id).where(m.Category.code == "TAB"))
        with search.suspended(conn):
            assert not conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                                            "name LIKE 'search%'").scalar()
            conn.execute(m.Equipment.__table__.insert(), [
                {"inventory_number": f"TAB-2030-{n:05d}", "category_id": tablet, "manufacturer": "Apple",
                 "model": "iPad Pro", "serial_number": f"DMPX{n:04d}", "school_id": dolto.id, "status": "en_service",
                 "funding_origin": "don", "supplier": "", "order_reference": "", "network_name": "",
                 "mac_address": "", "ip_address": "", "notes": "", "retirement_reason": ""} for n in range(50)])
    assert len(found(db, "ipad pro")) == 50 and problems(db) == []
    with pytest.raises(RuntimeError), db.engine.connect() as conn, conn.begin(), search.suspended(conn):
        raise RuntimeError("abandon")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                    "'search%'").scalar() == len(search.TRIGGERS)


def test_a_later_batch_migration_follows_the_instructions_of_0005(city) -> None:
    db, *_rest = city
    index = ScriptDirectory.from_config(_alembic_config()).get_revision("0005").module
    with db.engine.connect() as conn:
        transaction = conn.begin()  # the triggers forgotten: those of equipment go with the copied table
        with Operations.context(MigrationContext.configure(conn, opts={"render_as_batch": True})) as op, \
                op.batch_alter_table("equipment", recreate="always") as batch:
            batch.add_column(sa.Column("extra", sa.String(10), nullable=True))
        assert not conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                                        "tbl_name = 'equipment'").scalar()
        transaction.rollback()
        with conn.begin(), Operations.context(MigrationContext.configure(conn, opts={"render_as_batch": True})) as op:
            index.drop_triggers()
            with op.batch_alter_table("equipment", recreate="always") as batch:
                batch.add_column(sa.Column("extra", sa.String(10), nullable=True))
            index.create_triggers()
    assert problems(db) == [] and len(found(db, "ecole")) == 2
    EquipmentService(db, ACTOR).create(category="PCF", plan="DIJON-2009", manufacturer="Lenovo", model="M70q")
    assert len(found(db, "m70q")) == 1 and problems(db) == []


@pytest.mark.postgres
def test_postgresql_finds_what_sqlite_finds(pg_url: str, db) -> None:  # noqa: F811 - the imported fixture
    """No index on PostgreSQL (lower, translate, LIKE): the same items for the same texts."""
    pg = open_database(pg_url)
    try:
        assert search.problems(pg.engine.connect()) == []  # nothing to check there
        numbers = {}
        for base in (db, pg):
            schools = SchoolService(base, ACTOR)
            dolto = schools.create(uai="0210002N", name="École maternelle Françoise Dolto")
            schools.create(uai="0210001M", name="Collège Œuvre")
            equipment = EquipmentService(base, ACTOR)
            for maker, model, serial, mac, name in (
                    ("Dell", "OptiPlex 380", "7XK2P4J", "001e4faabb01", "VOLTAIRE-SI_01"),
                    ("Éditions Cœur", "Poste ça", "SN-100%", "", ""),
                    ("HP", "ProDesk", "CN123", "00-1E-4F-AA-BB-03", "STOCK-1")):
                equipment.create(category="PCF", funding_origin="don", school=dolto.id, manufacturer=maker,
                                 model=model, serial_number=serial, mac_address=mac, network_name=name)
            numbers[base] = {i.id: i.inventory_number for i in equipment.list()}
        for text in ("ecole", "FRANÇOISE", "dolto", "0210002n", "coeur", "poste ca", "dell optiplex", "_", "%",
                     "si_0", "00:1e:4f", "00-1e-4f-aa", "4FAABB", "é", "œ", "c", "x", "", "  hp  ", "'", '"'):
            on_sqlite = {numbers[db][i] for i in found(db, text)}
            assert on_sqlite == {numbers[pg][i] for i in found(pg, text)}, text
        assert len({numbers[db][i] for i in found(db, "ecole")}) == 3 and not found(db, "oeuvre")
    finally:
        pg.close()


def test_0005_goes_down_to_the_layout_of_0004_and_up_again(city, db_path: Path) -> None:
    db, _equipment, _schools, _voltaire, _dolto, pc, _tablet = city
    db.close()
    old = ScriptDirectory.from_config(_alembic_config()).get_revision("0004").module
    before = counts(db_path)
    migrate(db_path, "0004", down=True)
    with closing(sqlite3.connect(db_path)) as conn:
        triggers = sorted(r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"))
        tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
        assert triggers == sorted(old.trigger_statements())
        assert {n for n in tables if n.startswith("search")} == {f"search_equipment{s}" for s in (
            "", "_text", "_config", "_data", "_docsize", "_idx")}
        assert [tables[name] for name in old.TABLES[::-1]] == old.table_statements()
        assert set(conn.execute(old.source_select("1"))) == set(conn.execute("SELECT * FROM search_equipment_text"))
        conn.execute("INSERT INTO search_equipment(search_equipment, rank) VALUES ('integrity-check', 1)")
        assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'ix_equipment_model'").fetchall()
        assert conn.execute("SELECT rowid FROM search_equipment WHERE search_equipment MATCH 'mac_hex : \"4FAABB\"'"
                            ).fetchall() == [(pc.id,)]
    assert counts(db_path) == before
    again = open_database(db_path)
    try:
        assert again.report.revision_before == "0004" and problems(again) == []
        assert found(again, "4faabb") == {pc.id} and found(again, "optiplex") == {pc.id}
    finally:
        again.close()


def models(db) -> set[tuple[str, str]]:
    with db.engine.connect() as conn:
        return set(conn.exec_driver_sql("SELECT manufacturer, model FROM search_model_text").all())


def test_the_models_follow_the_items_whoever_writes(city, db_path: Path) -> None:
    db, equipment, _schools, _voltaire, dolto, pc, tablet = city
    assert models(db) == {("Dell", "OptiPlex 380"), ("Samsung", "Galaxy Tab A")}
    equipment.update(pc.id, model="OptiPlex 3080")  # the last item of its model: the model goes
    assert models(db) == {("Dell", "OptiPlex 3080"), ("Samsung", "Galaxy Tab A")}
    assert found(db, "optiplex 380") == set() and found(db, "dell optiplex 30") == {pc.id}
    copies = equipment.duplicate(tablet.id, 2)
    equipment.update(tablet.id, manufacturer="Apple", model="iPad")  # the copies keep the model
    assert models(db) == {("Dell", "OptiPlex 3080"), ("Samsung", "Galaxy Tab A"), ("Apple", "iPad")}
    assert found(db, "galaxy") == {c.id for c in copies} and found(db, "apple ipad") == {tablet.id}
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM equipment WHERE id IN (?, ?)", tuple(c.id for c in copies))
        conn.execute("INSERT INTO equipment (inventory_number, category_id, manufacturer, model, serial_number, "
                     "school_id, status, funding_origin, supplier, order_reference, network_name, mac_address, "
                     "ip_address, notes, retirement_reason) VALUES ('AUT-2', 1, 'Apple', 'iPad', 'S2', ?, "
                     "'en_service', 'don', '', '', '', '', '', '', '')", (dolto.id,))
        conn.commit()
    assert models(db) == {("Dell", "OptiPlex 3080"), ("Apple", "iPad")} and len(found(db, "ipad")) == 2
    assert problems(db) == []


def test_the_digits_of_a_mac_are_looked_for_in_the_mac_only(city) -> None:
    """Digits are looked up as colon pairs, which another field may hold too: such items are not found."""
    db, equipment, _schools, _voltaire, dolto, pc, tablet = city
    decoy = equipment.create(category="PCF", plan="DIJON-2009", school=dolto.id, serial_number="X1E:4F:AAX",
                             network_name="AB-0:01:E4:FA")
    assert found(db, "1e4faa") == {pc.id} and found(db, "001e4fa") == {pc.id} and found(db, "1e.4faa") == {pc.id}
    assert found(db, "1e:4f:aa") == {pc.id, decoy.id} and found(db, "0:01:e4") == {decoy.id}
    equipment.update(tablet.id, mac_address="AA:BB:0C:DD:EE:F0")
    equipment.update(decoy.id, serial_number="ZCD:1")
    # 2 digits (Cisco groups): within a pair, from the first to the last, or across two
    assert found(db, "c.d") == {tablet.id} and found(db, "cd") == {decoy.id} and found(db, "f.0") == {tablet.id}
    assert found(db, "b.0") == {pc.id, tablet.id} and found(db, "0.1") == {pc.id} and found(db, "1.e") == {pc.id}


@pytest.mark.postgres
def test_postgresql_views_go_down_to_0004_and_up_again(pg_url: str) -> None:  # noqa: F811 - the imported fixture
    pg = open_database(pg_url)
    try:
        schools = SchoolService(pg, ACTOR)
        school = schools.create(uai="0210002N", name="École maternelle Françoise Dolto")
        item = EquipmentService(pg, ACTOR).create(category="PCF", funding_origin="don", school=school.id,
                                                  manufacturer="Dell", model="OptiPlex 380",
                                                  mac_address="001e4faabb01")
        config = _alembic_config()
        with pg.engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, "0004")
        with pg.engine.connect() as conn:  # 0004's views, with the digits column
            assert conn.execute(sa.text("SELECT rowid FROM search_equipment WHERE mac_hex LIKE :mac AND body LIKE "
                                        ":line"), {"mac": "%4FAABB%", "line": "%dell optiplex%dolto%"}).all() == [
                (item.id,)]
            assert not conn.exec_driver_sql("SELECT count(*) FROM pg_views WHERE viewname IN "
                                            "('search_school_text', 'search_model_text')").scalar()
            assert not conn.exec_driver_sql("SELECT count(*) FROM pg_indexes WHERE indexname = "
                                            "'ix_equipment_model'").scalar()
        with pg.engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        for text in ("dolto", "0210002n", "dell optiplex", "4faabb", "1e.4f", "00-1e-4f"):
            assert found(pg, text) == {item.id}, text
    finally:
        pg.close()
