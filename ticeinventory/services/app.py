"""One object that front ends (GUI, CLI) hold: the open database and every service, acting for one user."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database, default_path, open_database, resolve_target
from ticeinventory.domain.enums import AuditSource

if TYPE_CHECKING:
    from .catalog import CatalogService
    from .demo import DemoBuilder
    from .equipment import EquipmentService
    from .equipment_browser import EquipmentBrowser
    from .export import ExportService
    from .importing import ImportService
    from .integrity import IntegrityService
    from .location_tree import LocationTreeService
    from .maintenance import MaintenanceService
    from .reporting import ReportingService
    from .schools import SchoolService
    from .settings import SettingsService
    from .stats import StatsService


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USERNAME") or os.environ.get("USER") or "inconnu"


class Services:
    """Every service on one database, for one actor.

    Each service is made (and its module imported) on first use: printing pulls in ReportLab, import and export
    openpyxl, and a window or a CLI command that does not use them should not wait for them.
    """

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    @cached_property
    def schools(self) -> SchoolService:
        from .schools import SchoolService
        return SchoolService(self.db, self.actor)

    @cached_property
    def equipment(self) -> EquipmentService:
        from .equipment import EquipmentService
        return EquipmentService(self.db, self.actor)

    @cached_property
    def browser(self) -> EquipmentBrowser:
        from .equipment_browser import EquipmentBrowser
        return EquipmentBrowser(self.db)

    @cached_property
    def locations(self) -> LocationTreeService:
        from .location_tree import LocationTreeService
        return LocationTreeService(self.db)

    @cached_property
    def catalog(self) -> CatalogService:
        from .catalog import CatalogService
        return CatalogService(self.db)

    @cached_property
    def settings(self) -> SettingsService:
        from .settings import SettingsService
        return SettingsService(self.db, self.actor)

    @cached_property
    def stats(self) -> StatsService:
        from .stats import StatsService
        return StatsService(self.db)

    @cached_property
    def reporting(self) -> ReportingService:
        from .reporting import ReportingService
        return ReportingService(self.db)

    @cached_property
    def importing(self) -> ImportService:
        from .importing import ImportService
        return ImportService(self.db, self.actor)

    @cached_property
    def export(self) -> ExportService:
        from .export import ExportService
        return ExportService(self.db)

    @cached_property
    def integrity(self) -> IntegrityService:
        from .integrity import IntegrityService
        return IntegrityService(self.db)

    @cached_property
    def maintenance(self) -> MaintenanceService:
        from .maintenance import MaintenanceService
        return MaintenanceService(self.db, self.actor)

    @cached_property
    def demo(self) -> DemoBuilder:
        from .demo import DemoBuilder
        return DemoBuilder(self.db, self.actor)

    def prepare_window(self) -> None:
        """Make the services a window shows first (the tree, the list, the filters' catalogue) and finish the
        ORM's set-up (its mappers are configured by the first statement that needs them: some 45 ms), then run
        once the catalogue's and the count's statements (SQLAlchemy compiles a statement at its first run, and
        keeps it): called by the worker that opens the base, it spares the GUI thread about 110 ms at the first
        list."""
        from sqlalchemy.orm import configure_mappers

        configure_mappers()
        self.catalog.categories()
        self.catalog.plans()
        self.browser.total()
        _made = self.locations  # made (and its module imported) here

    def close(self) -> None:
        self.db.close()


def open_services(target: str | os.PathLike | None, source: AuditSource, *, user: str | None = None,
                  on_backup: Callable[[Path], None] | None = None) -> Services:
    """Open (create, migrate) the database named by ``target`` — see ``resolve_target`` — for ``user``."""
    db = open_database(target, on_backup=on_backup)
    return Services(db, Actor(user=user or current_user(), source=source.value))


__all__ = ["Services", "open_services", "default_path", "resolve_target", "current_user"]
