"""Shared fixtures: real SQLite files built through the migrations, a demo city built once per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from ticeinventory.db.database import open_database
from ticeinventory.services import Actor
from ticeinventory.services.demo import DemoBuilder

DEMO_SCHOOLS = 12
DEMO_SEED = 2009


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real database or settings."""
    monkeypatch.setenv("TICEINVENTORY_DB", str(tmp_path / "default.sqlite"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("TICEINVENTORY_LANG", raising=False)


@pytest.fixture
def actor() -> Actor:
    return Actor(user="testeur", source="ecran")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ecoles.sqlite"


@pytest.fixture
def db(db_path: Path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(path)
    DemoBuilder(database, Actor(user="demo", source="systeme")).build(DEMO_SCHOOLS, DEMO_SEED)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_db(demo_path: Path):
    database = open_database(demo_path)
    yield database
    database.close()
