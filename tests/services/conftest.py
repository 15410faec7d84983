"""Service tests start from a copy of one freshly migrated file (the migrations themselves are tested in tests/db)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ticeinventory.db.database import open_database


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / "vide.sqlite"
    open_database(path).close()
    return path


@pytest.fixture
def db(db_path: Path, migrated_template: Path):
    shutil.copyfile(migrated_template, db_path)
    database = open_database(db_path)
    yield database
    database.close()
