"""Units of work: one transaction each, rolled back whole on error; writers queue on SQLite instead of failing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from ticeinventory.db import models as m
from ticeinventory.db.database import open_database
from ticeinventory.services import Actor
from ticeinventory.services.equipment import EquipmentService
from ticeinventory.services.schools import SchoolService


def count(db, model) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


class Boom(Exception):
    pass


def test_error_inside_writing_leaves_nothing(db, actor) -> None:
    with pytest.raises(Boom), db.writing(actor) as session:
        school = m.School(uai="0131266F", name="École Jean Macé", type="elementaire", address="", postcode="",
                          commune="", circonscription="", holiday_zone="", director_name="", phone="", email="",
                          active=True, notes="")
        session.add(school)
        session.flush()
        session.add(m.Room(school_id=school.id, name="BCD", kind="bcd", notes=""))
        session.flush()
        assert session.scalar(select(func.count()).select_from(m.AuditLog)) == 2  # written, not yet committed
        raise Boom
    assert count(db, m.School) == 0 and count(db, m.Room) == 0 and count(db, m.AuditLog) == 0


def test_service_error_midway_rolls_back_the_whole_call(db, actor) -> None:
    schools = SchoolService(db, actor)
    school = schools.create(uai="0131266F", name="École Jean Macé")
    equipment = EquipmentService(db, actor)
    audit_before = count(db, m.AuditLog)
    with pytest.raises(Exception, match="catégorie"):
        equipment.create_many([{"category": "PCF", "plan": "DIJON-2009", "school": school.uai},
                               {"category": "PCF", "plan": "DIJON-2009", "school": school.uai},
                               {"category": "inconnue", "plan": "DIJON-2009"}])
    assert count(db, m.Equipment) == 0 and count(db, m.Sequence) == 0
    assert count(db, m.AuditLog) == audit_before


def test_legacy_sqlite3_transaction_handling_is_off(db) -> None:
    """The sqlite3 module's legacy mode runs DDL outside any transaction: ours must roll it back like the rest."""
    with pytest.raises(Boom), db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
        conn.exec_driver_sql("INSERT INTO scratch VALUES (1)")
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('city_name', 'Dijon')")
        raise Boom
    with db.engine.connect() as conn:
        assert "scratch" not in inspect(conn).get_table_names()
        assert conn.exec_driver_sql("SELECT count(*) FROM settings").scalar() == 0
        conn.rollback()


def test_reading_is_a_real_snapshot_transaction(db) -> None:
    with db.reading() as session:
        session.execute(text("SELECT 1"))
        assert session.connection().connection.dbapi_connection.in_transaction


def test_writers_queue_instead_of_failing(db_path: Path, actor) -> None:
    """Two Database objects on one file (as two processes would be): the second writer waits for the first."""
    first, second = open_database(db_path), open_database(db_path)
    holding = threading.Event()
    events: dict[str, float] = {}
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with first.writing(actor) as session:
                session.add(m.Setting(key="city_name", value="Dijon"))
                session.flush()
                holding.set()
                time.sleep(0.5)
                events["first_commit"] = time.monotonic()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
            holding.set()

    def eager_writer() -> None:
        try:
            holding.wait(5)
            with second.writing(actor) as session:
                events["second_start"] = time.monotonic()  # BEGIN IMMEDIATE returned: the lock is ours
                session.add(m.Setting(key="inventory_pattern", value="{cat}-{seq:5}"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=eager_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    try:
        assert errors == []
        assert events["second_start"] >= events["first_commit"]
        assert count(first, m.Setting) == 2
    finally:
        first.close()
        second.close()


def test_concurrent_creations_get_distinct_numbers(db_path: Path) -> None:
    setup = open_database(db_path)
    school = SchoolService(setup, Actor("a", "ecran")).create(uai="0131266F", name="École Jean Macé")
    setup.close()
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker(user: str) -> None:
        database = open_database(db_path)
        service = EquipmentService(database, Actor(user, "ecran"))
        try:
            for _ in range(8):
                numbers.append(service.create(category="PCF", plan="DIJON-2009", school=school.uai,
                                              acquisition_date="01/09/2020").inventory_number)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            database.close()

    threads = [threading.Thread(target=worker, args=(f"tech{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(numbers) == [f"PCF-2020-{i:05d}" for i in range(1, 17)]


def test_threads_may_open_databases_at_the_same_time(tmp_path: Path) -> None:
    """Alembic's context is process-wide: migrations started together from two threads must not mix."""
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def opener(index: int) -> None:
        try:
            barrier.wait(10)
            open_database(tmp_path / f"base{index}.sqlite").close()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=opener, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    for index in range(3):
        database = open_database(tmp_path / f"base{index}.sqlite")
        try:
            assert not database.report.created and count(database, m.Category) == 20
        finally:
            database.close()
