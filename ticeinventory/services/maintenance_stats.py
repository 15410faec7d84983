"""Maintenance figures for the steering committee: interventions and hours per school, category, type and month,
mean delays, and incidents refused as hors plan per school (the conventions' Art. 8 / Art. 4 in numbers).

Every figure is one grouped SQL query; a period bounds intervention dates and incident report dates (inclusive).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, extract, func, select

from ticeinventory.db import maintenance_models as mm
from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain.enums import fold
from ticeinventory.domain.i18n import N_, _
from ticeinventory.domain.maintenance import (
    DelayFigures,
    IncidentStatus,
    InterventionType,
    MaintenanceFigures,
    RefusalTally,
    Tally,
    Urgency,
)

I = mm.Incident  # noqa: E741 - as in SQL
V = mm.Intervention
MONTHS = (N_("janvier"), N_("février"), N_("mars"), N_("avril"), N_("mai"), N_("juin"), N_("juillet"), N_("août"),
          N_("septembre"), N_("octobre"), N_("novembre"), N_("décembre"))


class MaintenanceStatsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def figures(self, *, start: date | None = None, end: date | None = None) -> MaintenanceFigures:
        """Everything at once, for the committee's report."""
        with self.db.reading() as session:
            count, minutes = session.execute(_work(select(func.count(V.id), func.coalesce(func.sum(
                V.duration_minutes), 0)), start, end)).one()
        return MaintenanceFigures(
            start=start, end=end, interventions=count, minutes=int(minutes),
            by_school=tuple(self.by_school(start=start, end=end)),
            by_category=tuple(self.by_category(start=start, end=end)),
            by_type=tuple(self.by_type(start=start, end=end)), by_month=tuple(self.by_month(start=start, end=end)),
            delays=tuple(self.delays(start=start, end=end)),
            refused_out_of_plan=tuple(self.refused_out_of_plan(start=start, end=end)))

    def by_school(self, *, start: date | None = None, end: date | None = None) -> list[Tally]:
        """Per school, by name; work on unassigned items (city stock, workshop) comes last."""
        query = (_tally(select(m.School.uai, m.School.name)).select_from(V).outerjoin(m.School, V.school_id == m.School.id)
                 .group_by(m.School.id, m.School.uai, m.School.name))
        return _in_french_order([Tally(key=uai or "", label=name or "", interventions=n, minutes=int(t))
                                 for uai, name, n, t in self._rows(_work(query, start, end))],
                                _("Stock de la ville / atelier"))

    def by_category(self, *, start: date | None = None, end: date | None = None) -> list[Tally]:
        """Per equipment category; network work on a school or room (no item) comes last."""
        query = (_tally(select(m.Category.code, m.Category.label)).select_from(V)
                 .outerjoin(m.Equipment, V.equipment_id == m.Equipment.id)
                 .outerjoin(m.Category, m.Equipment.category_id == m.Category.id)
                 .group_by(m.Category.code, m.Category.label))
        return _in_french_order([Tally(key=code or "", label=label or "", interventions=n, minutes=int(t))
                                 for code, label, n, t in self._rows(_work(query, start, end))],
                                _("Sans équipement (réseau, école, salle)"))

    def by_type(self, *, start: date | None = None, end: date | None = None) -> list[Tally]:
        """Per intervention type, most frequent first."""
        query = _tally(select(V.type)).group_by(V.type).order_by(func.count(V.id).desc(), V.type)
        return [Tally(key=kind, label=InterventionType(kind).label, interventions=n, minutes=int(t))
                for kind, n, t in self._rows(_work(query, start, end))]

    def by_month(self, *, start: date | None = None, end: date | None = None) -> list[Tally]:
        """Per calendar month, in order (``2026-03`` / « mars 2026 »)."""
        year, month = extract("year", V.date), extract("month", V.date)
        query = _tally(select(year, month)).group_by(year, month).order_by(year, month)
        return [Tally(key=f"{int(y):04d}-{int(mo):02d}", label=f"{_(MONTHS[int(mo) - 1])} {int(y)}", interventions=n,
                      minutes=int(t)) for y, mo, n, t in self._rows(_work(query, start, end))]

    def delays(self, *, start: date | None = None, end: date | None = None) -> list[DelayFigures]:
        """Mean delays from the report to taking charge and to resolution: all incidents first (urgency None),
        then per urgency, most urgent first."""
        columns = (func.count(I.id), func.count(I.taken_at), func.avg(I.minutes_to_take_charge),
                   func.count(I.resolved_at), func.avg(I.minutes_to_resolve))
        with self.db.reading() as session:
            total = session.execute(_reported(select(*columns), start, end)).one()
            rows = session.execute(_reported(select(I.urgency, *columns).group_by(I.urgency), start, end)).all()
        per = {Urgency(row[0]): row[1:] for row in rows}
        result = [_delays(None, total)]
        result.extend(_delays(u, per[u]) for u in sorted(per, key=lambda u: -u.rank))
        return result

    def refused_out_of_plan(self, *, start: date | None = None, end: date | None = None) -> list[RefusalTally]:
        """Incidents refused because the equipment is hors plan, per school, most first: the committee sees what
        schools buy or receive outside the plan and still expect the city to maintain."""
        query = (select(m.School.id, m.School.uai, m.School.name, func.count(I.id)).join(m.School,
                                                                                         I.school_id == m.School.id)
                 .where(I.status == IncidentStatus.REFUSE_HORS_PLAN.value)
                 .group_by(m.School.id, m.School.uai, m.School.name).order_by(func.count(I.id).desc(), m.School.name))
        return [RefusalTally(school_id=i, school_uai=uai, school_name=name, refused=n)
                for i, uai, name, n in self._rows(_reported(query, start, end))]

    def _rows(self, query: Select) -> list[Any]:
        with self.db.reading() as session:
            return list(session.execute(query).all())


def _in_french_order(rows: list[Tally], nameless: str) -> list[Tally]:
    """A handful of aggregated rows sorted as a French reader expects (« École » beside « Ecole »), the row without
    a name (no school, no item) last under ``nameless``."""
    rows.sort(key=lambda t: (not t.label, fold(t.label), t.key))
    return [t if t.label else Tally(key=t.key, label=nameless, interventions=t.interventions, minutes=t.minutes)
            for t in rows]


def _tally(query: Select) -> Select:
    return query.add_columns(func.count(V.id), func.coalesce(func.sum(V.duration_minutes), 0))


def _work(query: Select, start: date | None, end: date | None) -> Select:
    if start is not None:
        query = query.where(V.date >= start)
    if end is not None:
        query = query.where(V.date <= end)
    return query


def _reported(query: Select, start: date | None, end: date | None) -> Select:
    if start is not None:
        query = query.where(I.reported_at >= datetime.combine(start, datetime.min.time()))
    if end is not None:
        query = query.where(I.reported_at < datetime.combine(end + timedelta(days=1), datetime.min.time()))
    return query


def _delays(urgency: Urgency | None, row: Any) -> DelayFigures:
    reported, taken, take_mean, resolved, resolve_mean = row
    return DelayFigures(urgency=urgency, reported=reported, taken=taken,
                        mean_minutes_to_take_charge=float(take_mean) if take_mean is not None else None,
                        resolved=resolved,
                        mean_minutes_to_resolve=float(resolve_mean) if resolve_mean is not None else None)
