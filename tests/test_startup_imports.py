"""Start-up stays light: what the window needs to open is imported, printing, import/export, the migrations and
the maintenance screens only when first used (a regression guard on sys.modules, not a timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import ticeinventory
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import HEAD_REVISION, Database, _alembic_config, _configure_sqlite
from ticeinventory.services.app import Services
from ticeinventory.ui.about import application_version

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("reportlab", "openpyxl", "alembic", "mako", "pypdfium2", "defusedxml", "pypdf", "hypothesis", "platformdirs")
"""Third-party packages the window does not need to open and show its list."""
LAZY = ("ticeinventory.reports", "ticeinventory.services.reporting", "ticeinventory.services.export",
        "ticeinventory.services.importing", "ticeinventory.services.demo", "ticeinventory.services.integrity",
        "ticeinventory.services.stats", "ticeinventory.services.maintenance", "ticeinventory.domain.maintenance",
        "ticeinventory.ui.pdf_preview", "ticeinventory.ui.pdf_pages", "ticeinventory.ui.pdf_page_view",
        "ticeinventory.ui.pdf_printing", "ticeinventory.ui.report_dialogs",
        "ticeinventory.ui.report_batch", "ticeinventory.ui.import_wizard", "ticeinventory.ui.import_pages",
        "ticeinventory.ui.export_dialog", "ticeinventory.ui.maintenance_queue",
        "ticeinventory.ui.maintenance_history", "ticeinventory.ui.maintenance_figures",
        "ticeinventory.ui.incident_dialog", "ticeinventory.ui.intervention_dialog",
        "ticeinventory.ui.equipment_dialog", "ticeinventory.ui.bulk_edit_dialog", "ticeinventory.ui.form_widgets",
        "ticeinventory.ui.first_start_dialog", "ticeinventory.ui.demo_build")
"""Our modules that pull those in, or that only a menu entry (or a first start, without a base) opens."""
STANDARD_LAZY = ("importlib.resources", "html")
"""Standard modules the window needs no more than the about box or a zipped install does (a few ms each)."""

IMPORTS = "import ticeinventory.ui.app, ticeinventory.ui.database_opener, ticeinventory.ui.main_window"

WINDOW = """
import json, sys, time
from PySide6.QtCore import QEventLoop
from ticeinventory.ui.app import create_application
from ticeinventory.ui.database_opener import DatabaseOpener
from ticeinventory.ui.main_window import MainWindow
app = create_application(sys.argv[:1])
opener = DatabaseOpener()
window = MainWindow(opener.open(sys.argv[1]), opener)
window.show()
deadline = time.monotonic() + 60
while window.inventory.table.model().rowCount() == 0 and time.monotonic() < deadline:
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
rows = window.inventory.table.model().rowCount()
app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
print(json.dumps({"rows": rows, "modules": sorted(sys.modules)}))
window.close()
"""


def run(code: str, *args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in names))


def test_importing_the_window_loads_none_of_the_heavy_modules() -> None:
    # The window is built and shown before its base is opened: not even SQLAlchemy is needed for that.
    modules = json.loads(run(IMPORTS + "; import json, sys; print(json.dumps(sorted(sys.modules)))"))
    assert "ticeinventory.ui.main_window" in modules and "PySide6.QtWidgets" in modules  # it checks something
    assert loaded(modules, ("sqlalchemy", "ticeinventory.db")) == []
    assert loaded(modules, HEAVY) == []
    assert loaded(modules, LAZY) == []
    assert loaded(modules, STANDARD_LAZY) == []


def test_opening_a_current_base_and_showing_its_list_loads_none_of_them(demo_path: Path) -> None:
    result = json.loads(run(WINDOW, str(demo_path)))
    assert result["rows"] > 0
    assert "ticeinventory.ui.inventory_panel" in result["modules"]
    assert loaded(result["modules"], HEAVY) == []
    assert loaded(result["modules"], LAZY) == []


def test_an_old_base_is_still_migrated_with_alembic(tmp_path: Path) -> None:
    # The other side of HEAD_REVISION: a base behind it loads Alembic, is backed up and brought up to date.
    from alembic import command
    from sqlalchemy import create_engine

    path = tmp_path / "ancienne.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    _configure_sqlite(engine)
    config = _alembic_config()
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    engine.dispose()
    code = ("import json, sys; from ticeinventory.db.database import open_database; db = open_database(sys.argv[1]);"
            " print(json.dumps([db.report.revision_before, db.report.revision_after, db.report.backup is not None,"
            " 'alembic' in sys.modules]))")
    assert json.loads(run(code, str(path))) == ["0003", HEAD_REVISION, True, True]


def test_services_are_made_once_on_first_use(demo_db: Database) -> None:
    actor = Actor(user="testeur", source="ecran")
    services = Services(demo_db, actor)
    names = ("schools", "equipment", "browser", "locations", "catalog", "settings", "stats", "reporting",
             "importing", "export", "integrity", "maintenance", "demo")
    assert not any(name in vars(services) for name in names)
    for name in names:
        service = getattr(services, name)
        assert getattr(services, name) is service, name
    assert services.reporting.school_ids() == services.reporting.school_ids() != []
    assert services.schools.list()


def test_the_version_shown_is_the_projects() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert application_version() == ticeinventory.__version__ == declared


@pytest.mark.parametrize("name", [*HEAVY[:5], "platformdirs"])
def test_the_lazy_packages_are_installed(name: str) -> None:
    # Otherwise « not in sys.modules » above would hold for the wrong reason.
    __import__(name)
