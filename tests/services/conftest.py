"""Service tests start from a copy of one freshly migrated file (the migrations themselves are tested in tests/db)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from maintenance_support import Clock, Site, build_site

from ticeinventory.db.database import open_database
from ticeinventory.services import Actor


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


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, actor: Actor) -> Iterator[Site]:
    """The maintenance tests' small city (see ``maintenance_support``)."""
    with build_site(tmp_path_factory, tmp_path, actor) as built:
        yield built


@pytest.fixture
def clock(site: Site) -> Clock:
    return site.clock
