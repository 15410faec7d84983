"""City-wide figures for the steering committee and ``ticeinventory stats``."""

from __future__ import annotations

from sqlalchemy import func, select

from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.records import Stats


class StatsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def summary(self, *, include_retired: bool = True) -> Stats:
        E = m.Equipment
        # Same meaning as EquipmentFilter.include_retired: réformé, perdu, volé are out of the fleet.
        live = [] if include_retired else [E.status.not_in([s.value for s in EquipmentStatus if s.is_final])]
        with self.db.reading() as session:
            def count(model, *where) -> int:
                return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

            by_category = dict(session.execute(
                select(m.Category.label, func.count(E.id)).join(E, E.category_id == m.Category.id)
                .where(*live).group_by(m.Category.label).order_by(m.Category.label)).all())
            by_status = dict(session.execute(
                select(E.status, func.count()).where(*live).group_by(E.status).order_by(E.status)).all())
            by_plan = {code or "hors_plan": n for code, n in session.execute(
                select(m.Plan.code, func.count(E.id)).select_from(E).outerjoin(m.Plan, E.plan_id == m.Plan.id)
                .where(*live).group_by(m.Plan.code).order_by(m.Plan.code)).all()}
            by_school_type = {kind or "stock": n for kind, n in session.execute(
                select(m.School.type, func.count(E.id)).select_from(E).outerjoin(m.School, E.school_id == m.School.id)
                .where(*live).group_by(m.School.type).order_by(m.School.type)).all()}
            return Stats(
                schools=count(m.School), rooms=count(m.Room), equipment=count(E, *live),
                in_plan=count(E, E.plan_id.is_not(None), *live), out_of_plan=count(E, E.plan_id.is_(None), *live),
                by_category=by_category, by_status=by_status, by_plan=by_plan, by_school_type=by_school_type)
