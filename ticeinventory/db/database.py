"""Opening a database: where it lives, how SQLite is set up, and migrations with a verified backup first.

A SQLite file is checked read-only before anything writes to it, so that a file of another program, a
damaged file or a schema newer than this application is refused untouched.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ticeinventory.domain.errors import DatabaseError, NotATiceDatabaseError, SchemaTooNewError
from ticeinventory.domain.i18n import _

from . import audit
from .audit import Actor

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

HEAD_REVISION = "0005"
"""The newest migration in ``migrations/versions``. Opening a database already at this revision needs no Alembic
(importing it costs a noticeable part of the start-up); tests/db/test_head_revision.py checks that it is still
Alembic's head, so that adding a migration without updating it fails."""

APPLICATION_ID = 0x54494345  # "TICE", in the SQLite header: marks our files
BUSY_TIMEOUT_MS = 10_000
ENV_VAR = "TICEINVENTORY_DB"


def default_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("ticeinventory", appauthor=False)) / "ticeinventory.sqlite"


def resolve_target(target: str | os.PathLike | None = None) -> str:
    """A SQLAlchemy URL for ``--db`` (a file path or a URL), else ``$TICEINVENTORY_DB``, else the default file."""
    value = str(target) if target else os.environ.get(ENV_VAR) or str(default_path())
    if "://" in value:
        return value
    path = str(Path(value).expanduser().resolve())
    url = "sqlite:///" + path
    if make_url(url).database != path:  # « ? », « % »… in the name: escape them, or another file would be opened
        url = URL.create("sqlite", database=path).render_as_string()
    return url


def describe(url: str) -> str:
    """What to show a user: the file path, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("ticeinventory.db").joinpath("migrations")))
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    """The migration scripts shipped with the package, read once per process."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    return HEAD_REVISION


def known_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def _current_revision(conn: Connection) -> str | None:
    """The revision recorded in ``alembic_version`` (as Alembic reads it: None without the table)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


@dataclass(frozen=True)
class OpenReport:
    """What opening did: the schema before and after, and the backup written, if any."""

    created: bool
    revision_before: str | None
    revision_after: str
    backup: Path | None


class Database:
    """One database, opened and migrated. Units of work come from :meth:`writing` and :meth:`reading`."""

    def __init__(self, engine: Engine, url: str, report: OpenReport) -> None:
        self.engine = engine
        self.url = url
        self.report = report
        self._sessions = sessionmaker(engine, expire_on_commit=False, class_=_AuditedSession)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return Path(self.engine.url.database) if self.is_sqlite else None

    def describe(self) -> str:
        return describe(self.url)

    @contextmanager
    def writing(self, actor: Actor) -> Iterator[Session]:
        """One user action: a single transaction, committed at the end or rolled back on any error.

        SQLite takes the write lock at BEGIN (IMMEDIATE), so two writers queue instead of failing mid-way.
        """
        with self._sessions() as session:
            session.info["actor"] = actor
            session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: one consistent snapshot, rolled back at the end."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def close(self) -> None:
        self.engine.dispose()


class _AuditedSession(Session):
    pass


audit.install(_AuditedSession)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # The sqlite3 module's legacy mode opens transactions behind our back and commits before DDL;
        # take control: no implicit transactions, BEGIN emitted by the "begin" hook below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # SQLite's lower()/upper() (and so ILIKE) only fold ASCII: « Salle Été » ≠ « salle été ». The services
        # compare names case-insensitively with Python's str.lower(); make SQL fold the same way.
        dbapi_connection.create_function("lower", 1, _sql_lower, deterministic=True)
        dbapi_connection.create_function("upper", 1, _sql_upper, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _sql_lower(value):
    return value.lower() if isinstance(value, str) else value


def _sql_upper(value):
    return value.upper() if isinstance(value, str) else value


def _damaged(path: Path, error: Exception) -> DatabaseError:
    # SQLite's own words (English) stay in the exception chain for the log, not in the user's message.
    return DatabaseError(_("Le fichier « {path} » n'est pas une base de données lisible ou il est endommagé. "
                           "Rien n'a été modifié. Ouvrez une copie de sauvegarde ou choisissez un autre "
                           "fichier.").format(path=path))


def _read_only_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` that leaves its folder as it is.

    The path is percent-encoded (``#``, ``?``, ``%`` in a file name would otherwise cut the URI). A WAL file
    closed cleanly has no ``-wal``: then nothing else is using it and ``immutable`` reads it without creating
    the ``-wal``/``-shm`` files that a plain read-only open of a WAL database would leave next to it. (A
    ``-journal`` left by a crash must be rolled back: then it is read normally.)
    """
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    if not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal")):
        uri += "&immutable=1"
    return uri


def _inspect_sqlite_file(path: Path) -> tuple[bool, str | None]:
    """Read-only look at an existing file: (is empty, alembic revision). Refuses foreign or damaged files."""
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise _damaged(path, error) from error
    if app_id not in (0, APPLICATION_ID) or (tables and "alembic_version" not in tables):
        raise NotATiceDatabaseError(_("Le fichier « {path} » est une base SQLite d'un autre logiciel, pas une base "
                                      "TICE Inventaire. Rien n'a été modifié. Choisissez un autre fichier.")
                                    .format(path=path))
    return not tables, revision


def _refuse_if_newer(revision: str | None, where: str) -> None:
    if revision is None or revision == HEAD_REVISION:  # the usual case, known without reading the scripts
        return
    if revision not in known_revisions():
        raise SchemaTooNewError(_("La base « {where} » a été créée par une version plus récente de TICE Inventaire "
                                  "(schéma {revision}). Elle n'a pas été modifiée. Installez la dernière version de "
                                  "l'application pour l'ouvrir.").format(where=where, revision=revision))


def backup_sqlite(path: Path, label: str) -> Path:
    """Copy a live SQLite file with the backup API, then verify the copy; returns the copy's path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.sauvegarde-{label}-{stamp}{path.suffix or '.sqlite'}")
    try:
        with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as source, \
                closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
    except (sqlite3.Error, OSError) as error:
        raise DatabaseError(_("Impossible d'écrire la copie de sauvegarde « {copy} » ({error}) : la mise à jour de "
                              "la base est annulée, rien n'a été modifié. Vérifiez que le dossier est accessible en "
                              "écriture et qu'il reste de la place.").format(copy=target, error=error)) from error
    verify_copy(path, target)
    return target


def verify_copy(original: Path, copy: Path) -> None:
    """The copy passes SQLite's integrity check and holds as many rows as the original in every table."""
    def counts(conn: sqlite3.Connection) -> dict[str, int]:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}

    with closing(sqlite3.connect(_read_only_uri(copy), uri=True)) as c, \
            closing(sqlite3.connect(_read_only_uri(original), uri=True)) as o:
        check = c.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok" or counts(c) != counts(o):
            raise DatabaseError(_("La copie de sauvegarde « {copy} » n'est pas fidèle ({check}) : la mise à jour de "
                                  "la base est annulée, rien n'a été modifié. Vérifiez l'espace disque libre puis "
                                  "réessayez.").format(copy=copy, check=check))


def open_database(target: str | os.PathLike | None = None, *,
                  on_backup: Callable[[Path], None] | None = None) -> Database:
    """Open (creating if needed) and migrate the database named by ``target`` (see :func:`resolve_target`)."""
    url = resolve_target(target)
    backend = make_url(url).get_backend_name()
    backup: Path | None = None
    created = False
    revision_before: str | None = None

    if backend == "sqlite":
        path = Path(make_url(url).database or "")
        if not path.name:
            raise DatabaseError(_("Indiquez un fichier de base de données, par exemple --db ecoles.sqlite."))
        if path.is_dir():
            raise DatabaseError(_("« {path} » est un dossier : indiquez un fichier de base de données.").format(
                path=path))
        if path.exists() and path.stat().st_size > 0:
            empty, revision_before = _inspect_sqlite_file(path)
            created = empty
            _refuse_if_newer(revision_before, str(path))
            if revision_before is not None and revision_before != head_revision():
                backup = backup_sqlite(path, revision_before)
                if on_backup:
                    on_backup(backup)
        else:
            created = True
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(_("Impossible de créer le dossier « {folder} » : {error}.").format(
                    folder=path.parent, error=error.strerror or error)) from error
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        try:
            with engine.connect() as conn:
                revision_before = _current_revision(conn)
                created = revision_before is None and not inspect(conn).get_table_names()
        except OperationalError as error:
            engine.dispose()
            raise DatabaseError(_("Connexion impossible au serveur « {where} » : {error}. Vérifiez l'adresse, "
                                  "l'utilisateur et le mot de passe.").format(
                where=describe(url), error=str(error.orig).strip())) from error
        try:
            _refuse_if_newer(revision_before, describe(url))
        except SchemaTooNewError:
            engine.dispose()  # else the pooled connection stays open on the server
            raise

    try:
        if revision_before != head_revision():  # a current schema is opened without taking the write lock
            _upgrade(engine)
    except DBAPIError as error:  # any failure of a migration (locked, constraint, disk full…) rolls it all back
        engine.dispose()
        if backend == "sqlite" and "locked" in str(error):
            raise DatabaseError(_("La base « {where} » est occupée par un autre programme. Réessayez dans un "
                                  "instant.").format(where=describe(url))) from error
        raise DatabaseError(_("La mise à jour de la base « {where} » a échoué : {error}. Rien n'a été modifié.")
                            .format(where=describe(url), error=error.orig)) from error
    report = OpenReport(created=created, revision_before=revision_before, revision_after=head_revision(),
                        backup=backup)
    return Database(engine, url, report)


_MIGRATING = threading.Lock()


def _upgrade(engine: Engine) -> None:
    """Apply the migrations in one transaction (SQLite has transactional DDL once we own BEGIN)."""
    from alembic import command

    config = _alembic_config()
    # Alembic's ``context``/``op`` are process-wide proxies: two threads opening databases at once would mix them.
    with _MIGRATING, engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
