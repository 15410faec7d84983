"""Opening a database: pragmas, migrations, reference data, and the files it must refuse without touching them."""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from ticeinventory.db import models as m
from ticeinventory.db.database import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    _alembic_config,
    _configure_sqlite,
    describe,
    head_revision,
    open_database,
    resolve_target,
)
from ticeinventory.domain.errors import DatabaseError, NotATiceDatabaseError, SchemaTooNewError
from ticeinventory.services.catalog import CatalogService
from ticeinventory.services.schools import SchoolService
from ticeinventory.services.search import is_search_table


def fingerprint(path: Path) -> tuple[str, list[str]]:
    """The file's sha256 and what its folder holds: both must stay the same when a file is refused."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), sorted(p.name for p in path.parent.iterdir())


def sql(path: Path, statement: str) -> None:
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(statement)
        conn.commit()


def make_database_at(path: Path, revision: str) -> None:
    """A database as an older version of the application left it: migrated only up to ``revision``."""
    engine = create_engine(f"sqlite:///{path}")
    _configure_sqlite(engine)
    config = _alembic_config()
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


# -- a new database --------------------------------------------------------------------------------------------


def test_pragmas_on_every_new_connection(db) -> None:
    connections = [db.engine.connect() for _ in range(3)]  # three pool connections, each freshly made
    try:
        raw = {id(c.connection.dbapi_connection) for c in connections}
        assert len(raw) == 3
        for conn in connections:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID == 0x54494345
    finally:
        for conn in connections:
            conn.close()


def test_new_database_is_made_by_the_migrations(db, db_path: Path) -> None:
    assert db.report.created and db.report.revision_before is None and db.report.backup is None
    assert db.report.revision_after == head_revision() >= "0002"
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
    # The migrations and the models describe the same schema (else the ORM and the file disagree).
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn, opts={
            "compare_type": True, "include_name": outside_search_index}), m.Base.metadata)
    assert differences == []


def test_no_create_all_in_the_application() -> None:
    package = Path(m.__file__).resolve().parents[1]
    offenders = [str(p) for p in package.rglob("*.py") if "create_all(" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_reference_data(db) -> None:
    catalog = CatalogService(db)
    categories = catalog.categories()
    assert len(categories) == 20
    assert {"PCF", "ECR", "TAB", "TBI", "VPI", "CMO", "COP", "NUM"} <= {c.code for c in categories}
    plans = {p.code: p for p in catalog.plans()}
    assert set(plans) == {"DIJON-2009", "DIJON-2015-AV2", "SAINT-DENIS-2017", "BDR-COLLEGES-2017"}
    dijon = plans["DIJON-2009"]
    assert dijon.budget_cents == 42_600_000 and dijon.signed_on.isoformat() == "2009-12-14"
    endowment = {(e.school_type.value, e.room_kind.value, e.category_code): e.quantity for e in dijon.endowments}
    assert endowment[("elementaire", "salle_informatique", "PCF")] == 12
    assert endowment[("elementaire", "salle_informatique", "ECR")] == 12
    assert endowment[("maternelle", "bureau_direction", "IJM")] == 1
    assert endowment[("autre_site", "salle_informatique", "PCF")] == 12
    avenant = plans["DIJON-2015-AV2"]
    assert avenant.parent_code == "DIJON-2009"
    assert {(e.school_type.value, e.category_code) for e in avenant.endowments} == {("maternelle", "PCP"),
                                                                                  ("maternelle", "VID")}
    saint_denis = {(e.school_type.value, e.room_kind.value, e.category_code): e.quantity
                   for e in plans["SAINT-DENIS-2017"].endowments}
    assert saint_denis[("primaire", "secretariat", "COP")] == 1
    assert len(saint_denis) == 12
    bdr = {e.category_code: e.quantity for e in plans["BDR-COLLEGES-2017"].endowments}
    assert bdr == {"TAB": 28, "ARM": 1}
    assert all(len(p.phases) >= 1 for p in plans.values())


def test_reopening_a_current_database_makes_no_backup(db_path: Path) -> None:
    open_database(db_path).close()
    again = open_database(db_path)
    try:
        assert not again.report.created and again.report.revision_before == head_revision()
        assert again.report.backup is None
    finally:
        again.close()
    assert sorted(p.name for p in db_path.parent.iterdir() if "sauvegarde" in p.name) == []


def test_empty_file_is_a_new_database(db_path: Path) -> None:
    db_path.touch()
    database = open_database(db_path)
    try:
        assert database.report.created
        assert len(CatalogService(database).categories()) == 20
    finally:
        database.close()


@pytest.mark.parametrize("name", ["écoles #1.sqlite", "budget 50%.sqlite", "quoi?.sqlite"])
def test_unusual_file_names_open_that_very_file(tmp_path: Path, actor, name: str) -> None:
    path = tmp_path / name
    database = open_database(path)
    SchoolService(database, actor).create(uai="0131266F", name="École Jean Macé")
    database.close()
    reopened = open_database(path)  # the read-only pre-check reads this same file
    try:
        assert [s.uai for s in SchoolService(reopened).list()] == ["0131266F"]
        assert reopened.path == path
    finally:
        reopened.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "config") == [name]


def test_resolve_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_target(tmp_path / "a.sqlite") == f"sqlite:///{tmp_path / 'a.sqlite'}"
    assert resolve_target("postgresql+psycopg://u@h/b") == "postgresql+psycopg://u@h/b"
    monkeypatch.setenv("TICEINVENTORY_DB", str(tmp_path / "env.sqlite"))
    assert resolve_target(None).endswith("env.sqlite")


def test_describe_hides_the_password() -> None:
    assert describe("postgresql+psycopg://tice:s3cret@serveur/ecoles") == "postgresql+psycopg://tice:***@serveur/ecoles"
    assert describe("sqlite:////srv/ecoles.sqlite") == "/srv/ecoles.sqlite"


def test_unreachable_server_is_a_french_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as info:
        open_database(f"postgresql+psycopg://tice:s3cret@/ecoles?host={tmp_path}&connect_timeout=2")
    assert "Connexion impossible au serveur" in str(info.value) and "s3cret" not in str(info.value)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="dossier"):
        open_database(tmp_path)


# -- files refused untouched -----------------------------------------------------------------------------------


def test_schema_newer_than_the_application_is_refused_untouched(db_path: Path) -> None:
    open_database(db_path).close()
    sql(db_path, "UPDATE alembic_version SET version_num = 'zzzz'")
    before = fingerprint(db_path)
    assert before[1] == [db_path.name]  # closed cleanly: no -wal, no -shm
    with pytest.raises(SchemaTooNewError) as info:
        open_database(db_path)
    message = str(info.value)
    assert "version plus récente" in message and "zzzz" in message and str(db_path) in message
    assert "n'a pas été modifiée" in message
    assert fingerprint(db_path) == before  # same bytes, and no -wal/-shm created beside it


def test_damaged_file_random_bytes(db_path: Path) -> None:
    db_path.write_bytes(random.Random(7).randbytes(16_384))
    before = fingerprint(db_path)
    with pytest.raises(DatabaseError) as info:
        open_database(db_path)
    assert not isinstance(info.value, NotATiceDatabaseError | SchemaTooNewError)
    assert "endommagé" in str(info.value) and "Rien n'a été modifié" in str(info.value)
    assert fingerprint(db_path) == before


def test_damaged_file_text(db_path: Path) -> None:
    db_path.write_text("uai;nom\n0131266F;École Jean Macé\n", encoding="utf-8")
    before = fingerprint(db_path)
    with pytest.raises(DatabaseError, match="endommagé"):
        open_database(db_path)
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_damaged_file_truncated_database(demo_template: Path, db_path: Path, keep: float) -> None:
    shutil.copyfile(demo_template, db_path)
    with open(db_path, "r+b") as file:
        file.truncate(int(db_path.stat().st_size * keep))
    before = fingerprint(db_path)
    with pytest.raises(DatabaseError, match="endommagé"):
        open_database(db_path)
    assert fingerprint(db_path) == before


def test_sqlite_file_of_another_program_is_refused_untouched(db_path: Path) -> None:
    sql(db_path, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    sql(db_path, "INSERT INTO contacts (name) VALUES ('Martin')")
    before = fingerprint(db_path)
    with pytest.raises(NotATiceDatabaseError) as info:
        open_database(db_path)
    assert "autre logiciel" in str(info.value)
    assert fingerprint(db_path) == before


def test_file_marked_by_another_application_id_is_refused(db_path: Path) -> None:
    sql(db_path, "PRAGMA application_id = 1234")
    before = fingerprint(db_path)
    with pytest.raises(NotATiceDatabaseError):
        open_database(db_path)
    assert fingerprint(db_path) == before


# -- upgrading an older schema ---------------------------------------------------------------------------------


def test_backup_before_upgrade(db_path: Path) -> None:
    make_database_at(db_path, "0001")
    sql(db_path, "INSERT INTO schools (uai, name, type, address, postcode, commune, circonscription, holiday_zone, "
                 "director_name, phone, email, active, notes) VALUES ('0210001M', 'École Voltaire', 'elementaire', "
                 "'', '', 'Dijon', '', '', '', '', '', 1, '')")
    seen: list[Path] = []
    database = open_database(db_path, on_backup=seen.append)
    try:
        report = database.report
        assert report.revision_before == "0001" and report.revision_after == head_revision() and not report.created
        assert report.backup is not None and report.backup.exists() and seen == [report.backup]
        assert report.backup.parent == db_path.parent and "sauvegarde-0001" in report.backup.name
        assert [s.name for s in SchoolService(database).list()] == ["École Voltaire"]
        assert len(CatalogService(database).categories()) == 20  # 0002 and later ran
    finally:
        database.close()
    with closing(sqlite3.connect(f"file:{report.backup}?mode=ro", uri=True)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert copy.execute("SELECT uai, name FROM schools").fetchall() == [("0210001M", "École Voltaire")]
        assert copy.execute("SELECT count(*) FROM categories").fetchone()[0] == 0


def test_failed_upgrade_is_reported_and_rolled_back(db_path: Path) -> None:
    """A migration that fails leaves the file at its old revision, with a French message, and the backup kept."""
    make_database_at(db_path, "0001")
    # A row that the reference data migration will collide with (unique category code).
    sql(db_path, "INSERT INTO categories (code, label, lifetime_years, active) VALUES ('PCF', 'Poste fixe', 5, 1)")
    with pytest.raises(DatabaseError) as info:
        open_database(db_path)
    assert "La mise à jour de la base" in str(info.value) and "Rien n'a été modifié" in str(info.value)
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert conn.execute("SELECT count(*) FROM categories").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == 0
    assert len([p for p in db_path.parent.iterdir() if "sauvegarde-0001" in p.name]) == 1


def test_downgraded_database_is_upgraded_again(db, db_path: Path) -> None:
    config = _alembic_config()
    with db.engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
        assert conn.execute(text("SELECT count(*) FROM plans")).scalar() == 0
    db.close()
    database = open_database(db_path)
    try:
        assert database.report.revision_before == "0001" and database.report.backup is not None
        assert len(CatalogService(database).plans()) == 4
    finally:
        database.close()


def test_backup_impossible_cancels_the_upgrade(tmp_path: Path) -> None:
    """A copy that cannot be written (here: its name would pass the file system's 255-byte limit) stops everything."""
    path = tmp_path / ("ecoles-" + "x" * 220 + ".sqlite")
    make_database_at(path, "0001")
    before = fingerprint(path)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert "Impossible d'écrire la copie de sauvegarde" in str(info.value) and "rien n'a été modifié" in str(info.value)
    assert fingerprint(path) == before


def outside_search_index(name, type_, _parent) -> bool:
    """The search index of migration 0004 (FTS5 and its tables) is not described by the models."""
    return not (type_ == "table" and is_search_table(name))
