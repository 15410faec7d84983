"""One object that front ends (GUI, CLI) hold: the open database and every service, acting for one user."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path

from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database, default_path, open_database, resolve_target
from ticeinventory.domain.enums import AuditSource

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
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self.schools = SchoolService(db, actor)
        self.equipment = EquipmentService(db, actor)
        self.browser = EquipmentBrowser(db)
        self.locations = LocationTreeService(db)
        self.catalog = CatalogService(db)
        self.settings = SettingsService(db, actor)
        self.stats = StatsService(db)
        self.reporting = ReportingService(db)
        self.importing = ImportService(db, actor)
        self.export = ExportService(db)
        self.integrity = IntegrityService(db)
        self.maintenance = MaintenanceService(db, actor)
        self.demo = DemoBuilder(db, actor)

    def close(self) -> None:
        self.db.close()


def open_services(target: str | os.PathLike | None, source: AuditSource, *, user: str | None = None,
                  on_backup: Callable[[Path], None] | None = None) -> Services:
    """Open (create, migrate) the database named by ``target`` — see ``resolve_target`` — for ``user``."""
    db = open_database(target, on_backup=on_backup)
    return Services(db, Actor(user=user or current_user(), source=source.value))


__all__ = ["Services", "open_services", "default_path", "resolve_target", "current_user"]
