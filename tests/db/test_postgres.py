"""The same database layer on a throwaway PostgreSQL 15 cluster, started for this run and stopped after it.

PostgreSQL refuses to run as root: under root the cluster belongs to ``nobody`` and listens only on a Unix
socket inside its own temporary folder (no TCP port at all).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ticeinventory.db import models as m
from ticeinventory.db.database import head_revision, open_database
from ticeinventory.domain.errors import SchemaTooNewError, ValidationError
from ticeinventory.services import Actor
from ticeinventory.services.catalog import CatalogService
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.equipment_browser import EquipmentBrowser
from ticeinventory.services.schools import SchoolService

pytestmark = pytest.mark.postgres

PG_BIN = Path(os.environ.get("TICEINVENTORY_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    if not owner:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", owner, "--", *command]
    return ["setpriv", f"--reuid={owner}", f"--regid={pwd.getpwnam(owner).pw_gid}", "--clear-groups", "--", *command]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Path]:
    """A PostgreSQL cluster in a temporary folder; yields the folder holding its Unix socket."""
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL 15 absent : ni initdb ni pg_ctl dans {PG_BIN}")
    owner = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None and shutil.which("setpriv") is None:
            pytest.skip("lancé en root sans runuser ni setpriv : impossible de démarrer PostgreSQL sous un autre "
                        "compte")
        owner = "nobody"
    folder = Path(tempfile.mkdtemp(prefix="tice-pg-"))
    if owner:
        account = pwd.getpwnam(owner)
        os.chown(folder, account.pw_uid, account.pw_gid)
    data, log = folder / "data", folder / "server.log"
    started = False
    try:
        subprocess.run(_as_owner([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], owner),
                       check=True, capture_output=True, timeout=60)
        options = f"-k {folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        started = True
        subprocess.run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "30",
                                  "-o", options, "start"], owner), check=True, capture_output=True, timeout=60)
        yield folder
    except subprocess.CalledProcessError as error:
        server_log = log.read_text(errors="replace") if log.exists() else ""
        pytest.fail(f"PostgreSQL n'a pas démarré : {error.stderr.decode(errors='replace')}\n{server_log}")
    finally:
        if started:
            subprocess.run(_as_owner([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], owner),
                           capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: Path) -> Iterator[str]:
    """A fresh, empty database on the cluster, dropped after the test."""
    import psycopg

    name = f"tice_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=str(pg_server), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@/{name}?host={pg_server}"
    with psycopg.connect(host=str(pg_server), user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_open_runs_the_migrations(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        assert not database.is_sqlite and database.path is None
        assert database.report.created and database.report.revision_after == head_revision()
        assert "postgres@" in database.describe()
        catalog = CatalogService(database)
        assert len(catalog.categories()) == 20
        assert {p.code for p in catalog.plans()} == {"DIJON-2009", "DIJON-2015-AV2", "SAINT-DENIS-2017",
                                                    "BDR-COLLEGES-2017"}
    finally:
        database.close()
    again = open_database(pg_url)
    try:
        assert not again.report.created and again.report.revision_before == head_revision()
        assert again.report.backup is None
    finally:
        again.close()


def test_services_and_audit(pg_url: str) -> None:
    database = open_database(pg_url)
    actor = Actor("technicien", "cli")
    try:
        schools = SchoolService(database, actor)
        school = schools.create(uai="0210001m", name="École élémentaire Voltaire", type="élémentaire",
                                commune="Dijon")
        lab = schools.add_room(school.id, "Salle informatique", "salle_informatique")
        schools.add_room(school.id, "Salle Été", "classe")
        with pytest.raises(ValidationError, match="déjà une salle"):
            schools.add_room(school.id, "SALLE ÉTÉ", "classe")
        equipment = EquipmentService(database, actor)
        items = [equipment.create(category="PCF", plan="DIJON-2009", phase="Dotation initiale (été 2009)",
                                  acquisition_date="06/07/2009", serial_number=f"SN{i}") for i in range(3)]
        assert [i.inventory_number for i in items] == ["PCF-2009-00001", "PCF-2009-00002", "PCF-2009-00003"]
        assert all(i.school_id is None and i.status.value == "en_stock" for i in items)
        moved = equipment.move([i.id for i in items], school.uai, "salle informatique", on=None)
        assert {(i.school_id, i.room_id, i.status.value) for i in moved} == {(school.id, lab.id, "en_service")}
        assert equipment.count(EquipmentFilter(school_id=school.id)) == 3
        assert [i.serial_number for i in equipment.list(EquipmentFilter(text="sn1"))] == ["SN1"]
        browser = EquipmentBrowser(database)  # the schools and models read first: a join, or their values
        assert browser.ids(EquipmentFilter(text="sn1")) == [items[1].id]
        assert browser.ids(EquipmentFilter(text="VOLTAIRE")) == [i.id for i in items]
        assert browser.first_page(EquipmentFilter(text="0210001")).counts.total == 3
        with database.reading() as session:
            audited = session.execute(select(m.AuditLog.entity, m.AuditLog.action, func.count())
                                      .where(m.AuditLog.user == "technicien", m.AuditLog.source == "cli")
                                      .group_by(m.AuditLog.entity, m.AuditLog.action)).all()
        counts = {(entity, action): n for entity, action, n in audited}
        assert counts[("schools", "create")] == 1 and counts[("rooms", "create")] == 2
        assert counts[("equipment", "create")] == 3 and counts[("equipment", "update")] >= 3
    finally:
        database.close()


def test_schema_newer_than_the_application_is_refused(pg_url: str) -> None:
    open_database(pg_url).close()
    import psycopg

    conninfo = pg_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
        tables_before = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
    with pytest.raises(SchemaTooNewError, match="version plus récente"):
        open_database(pg_url)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("zzzz",)
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == tables_before


def test_too_long_text_is_a_french_validation_error(pg_url: str) -> None:
    """PostgreSQL enforces VARCHAR lengths (SQLite does not): the services must say so before the server does."""
    database = open_database(pg_url)
    actor = Actor("technicien", "cli")
    try:
        schools = SchoolService(database, actor)
        with pytest.raises(ValidationError) as info:
            schools.create(uai="0210001M", name="École " + "x" * 250, director_name="y" * 200)
        assert set(info.value.errors) == {"name", "director_name"}
        assert "200 caractères" in info.value.errors["name"]
        school = schools.create(uai="0210001M", name="École Voltaire")
        with pytest.raises(ValidationError, match="120 caractères"):
            schools.add_room(school.id, "Salle " + "z" * 130)
        with pytest.raises(ValidationError) as info:
            EquipmentService(database, actor).create(category="PCF", funding_origin="don", model="m" * 121,
                                                     mac_address="00:1A:2B:3C:4D:5E")
        assert set(info.value.errors) == {"model"}
        assert [s.name for s in schools.list()] == ["École Voltaire"]
    finally:
        database.close()


def test_concurrent_creations_get_distinct_numbers(pg_url: str) -> None:
    """READ COMMITTED would let two technicians read the same counter: the counter row must be locked."""
    import threading

    setup = open_database(pg_url)
    SchoolService(setup, Actor("a", "cli")).create(uai="0210001M", name="École Voltaire")
    setup.close()
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def worker(user: str) -> None:
        database = open_database(pg_url)
        service = EquipmentService(database, Actor(user, "cli"))
        try:
            start.wait(10)
            for _ in range(10):
                numbers.append(service.create(category="PCF", plan="DIJON-2009", school="0210001M",
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
    assert sorted(numbers) == [f"PCF-2020-{i:05d}" for i in range(1, 21)]
