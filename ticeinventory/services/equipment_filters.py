"""The window's filters that need more than a column test: warranty state, age, school type.

Each builds a SQL condition on ``equipment`` for :func:`ticeinventory.services.equipment._filtered`, so that
filtering and counting stay in the database whatever the size of the fleet. ``today`` is a parameter so that
tests and reports can fix the day.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, select

from ticeinventory.db import models as m
from ticeinventory.domain.enums import SchoolType

from .listing import WarrantyState

ENDING_DAYS = 90
"""« Fin dans 90 jours »: the warranty still runs but ends within this many days."""


def warranty_condition(state: WarrantyState, today: date | None = None) -> ColumnElement[bool]:
    """Under warranty means the warranty still runs today (its last day included)."""
    today = today or date.today()
    end = m.Equipment.warranty_end
    state = WarrantyState(state)
    if state is WarrantyState.UNDER:
        return end >= today
    if state is WarrantyState.ENDING:
        return end.between(today, today + timedelta(days=ENDING_DAYS))
    if state is WarrantyState.EXPIRED:
        return end < today
    return end.is_(None)


def years_before(today: date, years: int) -> date:
    """The same day ``years`` years earlier (29 February → 28 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def older_than_condition(years: int, today: date | None = None) -> ColumnElement[bool]:
    """Acquired more than ``years`` years ago; items without an acquisition date are left out."""
    return m.Equipment.acquisition_date < years_before(today or date.today(), years)


def school_type_condition(school_type: SchoolType) -> ColumnElement[bool]:
    schools = select(m.School.id).where(m.School.type == SchoolType(school_type).value)
    return m.Equipment.school_id.in_(schools)
