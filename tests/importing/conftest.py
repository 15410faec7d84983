"""Fixtures of the import tests: a small city (three schools), its import and export services."""

from __future__ import annotations

import pytest
from import_support import UAI_A, UAI_B, UAI_C

from ticeinventory.db.database import Database
from ticeinventory.services.export import ExportService
from ticeinventory.services.importing import ImportService
from ticeinventory.services.schools import SchoolService


@pytest.fixture
def city(db: Database, actor) -> Database:
    """An empty database with three schools (two in Dijon, one in Talant) and one room."""
    schools = SchoolService(db, actor)
    a = schools.create(uai=UAI_A, name="École élémentaire Voltaire", type="elementaire", commune="Dijon")
    schools.create(uai=UAI_B, name="École maternelle Colette", type="maternelle", commune="Dijon")
    schools.create(uai=UAI_C, name="École primaire Jean Macé", type="primaire", commune="Talant")
    schools.add_room(a.id, "Salle informatique", "salle_informatique")
    return db


@pytest.fixture
def importer(city: Database, actor) -> ImportService:
    return ImportService(city, actor)


@pytest.fixture
def exporter(city: Database) -> ExportService:
    return ExportService(city)
