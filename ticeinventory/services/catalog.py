"""Reference data: equipment categories and plans (conventions, avenants, phases, endowments)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain.records import CategoryInfo, PlanInfo

from . import convert


class CatalogService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def categories(self, *, include_inactive: bool = False) -> list[CategoryInfo]:
        query = select(m.Category).order_by(m.Category.label)
        if not include_inactive:
            query = query.where(m.Category.active.is_(True))
        with self.db.reading() as session:
            return [convert.category(row) for row in session.scalars(query)]

    def plans(self) -> list[PlanInfo]:
        query = (select(m.Plan).order_by(m.Plan.signed_on, m.Plan.code)
                 .options(selectinload(m.Plan.phases), selectinload(m.Plan.parent),
                          selectinload(m.Plan.endowments).selectinload(m.Endowment.category)))
        with self.db.reading() as session:
            return [convert.plan(row) for row in session.scalars(query)]
