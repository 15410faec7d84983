"""Opening and creating databases from the GUI: at startup, and from the Fichier menu.

Every failure ends in a French message and a choice, never in a traceback; a base that cannot be opened is
left untouched (the db layer checks it read-only first).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.errors import DatabaseError, TiceError

from .database_prompts import DatabasePrompts

if TYPE_CHECKING:  # the first start's choices and the demonstration's progress: imported when a base is missing
    from ticeinventory.services.app import Services

    from .first_start_dialog import StartChoice

log = logging.getLogger(__name__)

DEMO_SCHOOLS = 12


def missing_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL when it does not exist yet (or is empty): the first start."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    if path.is_file() and path.stat().st_size > 0:
        return None
    return None if path.is_dir() else path


def open_existing(target: str | Path | None) -> Services | None:
    """The base ``target`` names (``--db``, else ``$TICEINVENTORY_DB``, else the default file) opened without
    asking anything — on a worker thread at start. None when it does not exist yet (a first start): the opener
    asks then. Refusals (DatabaseError) are raised, for the opener to explain."""
    from ticeinventory.services.app import open_services, resolve_target

    url = resolve_target(target)
    if missing_sqlite_file(url) is not None:
        return None
    services = open_services(url, AuditSource.SCREEN)
    try:
        services.prepare_window()  # here, on the worker: not on the GUI thread at the first list
    except BaseException:
        services.close()  # the opener tries again and explains, on the GUI thread
        raise
    return services


class DatabaseOpener(QObject):
    def __init__(self, prompts: DatabasePrompts | None = None, *, demo_schools: int = DEMO_SCHOOLS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.prompts = prompts or DatabasePrompts()
        self.demo_schools = demo_schools

    def at_startup(self, target: str | None) -> Services | None:
        """The base named by ``--db``, ``$TICEINVENTORY_DB`` or the default file — offering an empty base, the
        demonstration or another file when it does not exist yet. None when the user quits."""
        from ticeinventory.services.app import resolve_target

        from .first_start_dialog import StartChoice

        url = resolve_target(target)
        while True:
            path = missing_sqlite_file(url)
            if path is not None:
                choice = self.prompts.first_start(str(path), self.demo_schools)
                if choice is StartChoice.QUIT:
                    return None
                if choice is StartChoice.OPEN:
                    picked = self.prompts.open_path()
                    if picked:
                        url = resolve_target(picked)
                    continue
                services = self._create(path, choice)
                if services is not None:
                    return services
                continue
            try:
                return self.open(url)
            except DatabaseError as error:
                if not self.prompts.open_failed(error.message):
                    return None
                picked = self.prompts.open_path()
                if picked:
                    url = resolve_target(picked)

    def open_other(self) -> Services | None:
        """Fichier ▸ Ouvrir… : None when the user gave up or the file could not be opened (they were told)."""
        from ticeinventory.services.app import resolve_target

        picked = self.prompts.open_path()
        if not picked:
            return None
        url = resolve_target(picked)
        if missing_sqlite_file(url) is not None:
            self.prompts.show_error(self.tr("Le fichier «\u00a0{path}\u00a0» n'existe pas ou est vide.").format(path=picked))
            return None
        try:
            return self.open(url)
        except DatabaseError as error:
            self.prompts.show_error(error.message)
            return None

    def create_new(self) -> Services | None:
        """Fichier ▸ Nouvelle base… : an empty or demonstration base in a new file."""
        picked = self.prompts.new_path()
        if not picked:
            return None
        from ticeinventory.services.app import resolve_target

        path = Path(picked)
        if missing_sqlite_file(resolve_target(path)) is None:
            self.prompts.show_error(self.tr("Le fichier «\u00a0{path}\u00a0» existe déjà\u00a0: choisissez un autre nom, ou "
                                            "ouvrez-le avec Fichier ▸ Ouvrir….").format(path=path))
            return None
        kind = self.prompts.new_kind()
        if kind is None:
            return None
        return self._create(path, kind)

    def open(self, target: str | Path) -> Services:
        """Open (migrating with a verified backup first); DatabaseError with a French message otherwise."""
        from ticeinventory.services.app import open_services

        try:
            return open_services(target, AuditSource.SCREEN)
        except DatabaseError:
            raise
        except Exception as error:  # an environment failure the db layer did not foresee: still no traceback
            log.exception("opening %s", target)
            raise DatabaseError(self.tr("La base «\u00a0{where}\u00a0» n'a pas pu être ouverte\u00a0: {error}. Vérifiez que le "
                                        "fichier est accessible, puis réessayez.").format(
                where=target, error=error)) from error

    def _create(self, path: Path, kind: StartChoice) -> Services | None:
        """Create the base ``path`` empty or with the demonstration; None (the user told) when that failed."""
        from .demo_build import DemoBuild
        from .first_start_dialog import StartChoice

        try:
            if kind is StartChoice.DEMO:
                report = DemoBuild(path, self.demo_schools, self.prompts.parent_widget).run()
                if report is None:
                    return None
            return self.open(path)
        except TiceError as error:
            self.prompts.show_error(error.message)
            return None
        except Exception as error:  # disk full, permissions…: told, not crashed
            log.exception("creating %s", path)
            self.prompts.show_error(self.tr("La base «\u00a0{path}\u00a0» n'a pas pu être créée\u00a0: {error}.").format(
                path=path, error=error))
            return None
