"""A new demonstration database file, all or nothing.

The city is built in a file beside the target under a temporary name, and moved into place only once it
is complete: a cancelled or failed build, or a crash, never leaves a half-built base where the application
would open it next time. Meant to run in a worker thread: it opens (and closes) its own engine.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.errors import DatabaseError, TiceError
from ticeinventory.domain.i18n import _

from .app import open_services
from .demo import DemoReport

SIDE_FILES = ("-wal", "-shm", "-journal")


class DemoCancelled(TiceError):
    def __init__(self) -> None:
        super().__init__(_("Création de la démonstration annulée : aucune base n'a été créée."))


def building_path(path: Path) -> Path:
    """Where the city is built before it is moved to ``path``."""
    return path.with_name(f".{path.name}.en-construction")


def build_demo_file(path: str | os.PathLike, *, schools: int = 12, seed: int = 2009,
                    progress: Callable[[int, int], bool] | None = None, source: AuditSource = AuditSource.SCREEN,
                    user: str | None = None) -> DemoReport:
    """Create the demonstration city in the new file ``path``. ``progress(done, total)`` returning False
    cancels: DemoCancelled is raised and no file is left behind."""
    target = Path(path)
    if target.exists() and target.stat().st_size > 0:
        raise DatabaseError(_("Le fichier « {path} » existe déjà : la démonstration se crée dans un nouveau "
                              "fichier. Choisissez un autre nom.").format(path=target))
    partial = building_path(target)
    _remove(partial)
    cancelled = False

    def report(done: int, total: int) -> bool:
        nonlocal cancelled
        if progress is not None and progress(done, total) is False:
            cancelled = True
            return False
        return True

    try:
        services = open_services(partial, source, user=user)
        try:
            result = services.demo.build(schools, seed, report)
        finally:
            services.close()
        _remove(target)  # an empty file, or a journal left by another base, must not meet the new file
        os.replace(partial, target)
        wal = Path(f"{partial}-wal")  # normally merged and gone when the engine closed
        if wal.exists():
            os.replace(wal, f"{target}-wal")
    except BaseException as error:
        _remove(partial)
        if cancelled and isinstance(error, TiceError):
            raise DemoCancelled() from error
        raise
    return result


def _remove(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
