"""Maintenance: schools report incidents, the cell takes them, intervenes and closes — within the conventions.

Every path that writes maintenance data (screens, command line, import) comes through these services, so the
rules of DOMAIN.md 1–4 hold everywhere: nothing is done on hors plan equipment (Dijon Art. 8, Saint-Denis
Art. 4), the supplier first while the warranty runs (Saint-Denis Art. 4), software goes to the Éducation
nationale (Dijon Art. 8, Saint-Denis Art. 6), and every step of an incident is dated and signed (Saint-Denis
Art. 4). The equipment's status is written in the same transaction as the step or intervention that changes it.

Times of incidents and interventions are the local wall-clock times users read and type; the audit log is UTC.

One object for the front ends: ``maintenance.incidents`` (:mod:`.maintenance_incidents`),
``maintenance.interventions`` (:mod:`.maintenance_interventions`), ``maintenance.stats``
(:mod:`.maintenance_stats`), sharing one clock (tests pass a fixed one).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain.maintenance import SchoolMaintenanceHistory

from . import maintenance_queries as q
from .maintenance_incidents import IncidentService
from .maintenance_interventions import DeletedIntervention, InterventionService
from .maintenance_queries import IncidentFilter
from .maintenance_stats import MaintenanceStatsService
from .maintenance_steps import local_now


class MaintenanceService:
    def __init__(self, db: Database, actor: Actor | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self.now = clock or local_now
        self.incidents = IncidentService(db, actor, clock=self.now)
        self.interventions = InterventionService(db, actor, clock=self.now)
        self.stats = MaintenanceStatsService(db)

    def school_history(self, school: int | str, *, start: date | None = None,
                       end: date | None = None) -> SchoolMaintenanceHistory:
        """A school's maintenance history (``school`` by id or UAI): its incidents and interventions, latest first."""
        with self.db.reading() as session:
            row = q.required_school(session, school)
            school_id, name = row.id, row.name
        return SchoolMaintenanceHistory(
            school_id=school_id, school_name=name,
            incidents=tuple(self.incidents.list(IncidentFilter(school_id=school_id, start=start, end=end))),
            interventions=tuple(self.interventions.list(school=school_id, start=start, end=end)))


__all__ = ["MaintenanceService", "IncidentService", "InterventionService", "MaintenanceStatsService",
           "IncidentFilter", "DeletedIntervention"]
