"""Fixtures of the report tests: the demo city (12 schools) with its city name set, and its reporting service."""

from __future__ import annotations

import pytest

from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.reporting import ReportingService
from ticeinventory.services.settings import SettingsService


@pytest.fixture
def reporting(demo_db, actor) -> ReportingService:
    SettingsService(demo_db, actor).set("city_name", "Dijon")
    return ReportingService(demo_db)


@pytest.fixture
def equipment(demo_db) -> EquipmentService:
    return EquipmentService(demo_db)


@pytest.fixture
def biggest_school(demo_db, equipment) -> int:
    """The id of the demo school with the most items (several pages, plan and hors plan)."""
    from ticeinventory.services.schools import SchoolService

    schools = SchoolService(demo_db).list()
    return max(schools, key=lambda s: (equipment.count(EquipmentFilter(school_id=s.id, in_plan=False)) > 0,
                                       equipment.count(EquipmentFilter(school_id=s.id)))).id
