"""Maintenance reads: look-ups by id or code, filtered queries built in SQL, and rows → plain records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ticeinventory.db import maintenance_models as mm
from ticeinventory.db import models as m
from ticeinventory.domain import inventory_number as numbers
from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain.errors import NotFoundError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import (
    SERVICE_TARGETS,
    IncidentInfo,
    IncidentNature,
    IncidentStatus,
    IncidentStepInfo,
    InterventionInfo,
    InterventionOutcome,
    InterventionType,
    PartInfo,
    ReporterRole,
    Urgency,
)

I = mm.Incident  # noqa: E741 - the incidents table, as in SQL
V = mm.Intervention

INCIDENT_LOADS = (selectinload(I.school), selectinload(I.equipment).selectinload(m.Equipment.category))
INTERVENTION_LOADS = (selectinload(V.school), selectinload(V.room), selectinload(V.parts), selectinload(V.links),
                      selectinload(V.equipment).selectinload(m.Equipment.category))


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents a list or the queue shows. ``statuses`` None means every status."""

    school_id: int | None = None
    equipment_id: int | None = None
    statuses: tuple[IncidentStatus, ...] | None = None
    technician: str | None = None
    unassigned: bool = False
    nature: IncidentNature | None = None
    urgency: Urgency | None = None
    overdue_at: datetime | None = None  # only incidents overdue at that moment
    start: date | None = None  # reported on or after
    end: date | None = None  # reported on or before


# -- look-ups --------------------------------------------------------------------------------------------------

def school(session: Session, key: int | str) -> m.School | None:
    if isinstance(key, int):
        return session.get(m.School, key)
    return session.scalar(select(m.School).where(m.School.uai == uai_rules.normalise(str(key))))


def equipment(session: Session, key: int | str) -> m.Equipment | None:
    if isinstance(key, int):
        return session.get(m.Equipment, key)
    return session.scalar(select(m.Equipment).where(m.Equipment.inventory_number == numbers.normalise(str(key))))


def room(session: Session, school_id: int, key: int | str) -> m.Room | None:
    if isinstance(key, int):
        row = session.get(m.Room, key)
    else:
        row = session.scalar(select(m.Room).where(m.Room.school_id == school_id, func.lower(m.Room.name) == str(key).strip().lower()))
    return row if row is not None and row.school_id == school_id else None


def incident(session: Session, incident_id: int) -> mm.Incident:
    row = session.get(mm.Incident, incident_id)
    if row is None:
        raise NotFoundError(_("Aucun signalement n'a le numéro {id}.").format(id=incident_id))
    return row


def intervention(session: Session, intervention_id: int) -> mm.Intervention:
    row = session.get(mm.Intervention, intervention_id)
    if row is None:
        raise NotFoundError(_("Aucune intervention n'a le numéro {id}.").format(id=intervention_id))
    return row


def required_school(session: Session, key: int | str) -> m.School:
    row = school(session, key)
    if row is None:
        raise NotFoundError(_("L'école « {value} » n'existe pas (indiquez son code UAI).").format(value=key))
    return row


def required_equipment(session: Session, key: int | str) -> m.Equipment:
    row = equipment(session, key)
    if row is None:
        raise NotFoundError(_("L'équipement « {value} » n'existe pas (indiquez son numéro d'inventaire).").format(
            value=key))
    return row


# -- filtered queries -----------------------------------------------------------------------------------------------

def overdue_clause(now: datetime) -> Any:
    """SQL twin of :func:`ticeinventory.domain.maintenance.is_overdue`, one branch per urgency."""
    branches = []
    for urgency, target in SERVICE_TARGETS.items():
        branches.append(and_(I.urgency == urgency.value, or_(
            and_(I.status == IncidentStatus.NOUVEAU.value, I.reported_at < now - target.take_charge),
            and_(I.status.in_([s.value for s in (IncidentStatus.NOUVEAU, IncidentStatus.PRIS_EN_CHARGE,
                                                 IncidentStatus.EN_COURS)]),
                 I.reported_at < now - target.resolve))))
    return or_(*branches)


def filtered_incidents(query: Select, flt: IncidentFilter) -> Select:
    if flt.school_id is not None:
        query = query.where(I.school_id == flt.school_id)
    if flt.equipment_id is not None:
        query = query.where(I.equipment_id == flt.equipment_id)
    if flt.statuses is not None:
        query = query.where(I.status.in_([IncidentStatus(s).value for s in flt.statuses]))
    if flt.unassigned:
        query = query.where(I.assigned_to == "")
    elif flt.technician:
        query = query.where(I.assigned_to == flt.technician)
    if flt.nature is not None:
        query = query.where(I.nature == IncidentNature(flt.nature).value)
    if flt.urgency is not None:
        query = query.where(I.urgency == Urgency(flt.urgency).value)
    if flt.overdue_at is not None:
        query = query.where(overdue_clause(flt.overdue_at))
    if flt.start is not None:
        query = query.where(I.reported_at >= datetime.combine(flt.start, datetime.min.time()))
    if flt.end is not None:
        query = query.where(I.reported_at < datetime.combine(flt.end + timedelta(days=1), datetime.min.time()))
    return query


def urgency_rank() -> Any:
    return case({u.value: u.rank for u in Urgency}, value=I.urgency, else_=0)


def filtered_interventions(query: Select, *, equipment_id: int | None = None, school_id: int | None = None,
                           technician: str | None = None, start: date | None = None, end: date | None = None,
                           types: Iterable[InterventionType] | None = None) -> Select:
    if equipment_id is not None:
        query = query.where(V.equipment_id == equipment_id)
    if school_id is not None:
        query = query.where(V.school_id == school_id)
    if technician:
        query = query.where(V.technician == technician)
    if start is not None:
        query = query.where(V.date >= start)
    if end is not None:
        query = query.where(V.date <= end)
    if types is not None:
        query = query.where(V.type.in_([InterventionType(t).value for t in types]))
    return query


# -- rows → records ----------------------------------------------------------------------------------------------

def equipment_label(item: m.Equipment) -> str:
    return " ".join(part for part in (item.category.label, item.manufacturer, item.model) if part)


def incident_info(row: mm.Incident, *, with_steps: bool = False) -> IncidentInfo:
    item = row.equipment
    steps = tuple(IncidentStepInfo(status=IncidentStatus(s.status), at=s.at, by=s.by, note=s.note)
                  for s in row.steps) if with_steps else ()
    return IncidentInfo(
        id=row.id, school_id=row.school_id, school_uai=row.school.uai, school_name=row.school.name,
        reporter_name=row.reporter_name, reporter_role=ReporterRole(row.reporter_role), reported_at=row.reported_at,
        description=row.description, nature=IncidentNature(row.nature), urgency=Urgency(row.urgency),
        status=IncidentStatus(row.status), equipment_id=row.equipment_id,
        equipment_number=item.inventory_number if item else None,
        equipment_label=equipment_label(item) if item else None,
        equipment_in_plan=(item.plan_id is not None) if item else None,
        warranty_end=item.warranty_end if item else None, assigned_to=row.assigned_to, taken_at=row.taken_at,
        resolved_at=row.resolved_at, ended_at=row.ended_at, minutes_to_take_charge=row.minutes_to_take_charge,
        minutes_to_resolve=row.minutes_to_resolve, supplier_ticket=row.supplier_ticket, steps=steps)


def intervention_info(row: mm.Intervention) -> InterventionInfo:
    item = row.equipment
    return InterventionInfo(
        id=row.id, date=row.date, start_time=row.start_time, duration_minutes=row.duration_minutes,
        technician=row.technician, type=InterventionType(row.type), outcome=InterventionOutcome(row.outcome),
        actions=row.actions, school_id=row.school_id, school_uai=row.school.uai if row.school else None,
        school_name=row.school.name if row.school else None, room_id=row.room_id,
        room_name=row.room.name if row.room else None, equipment_id=row.equipment_id,
        equipment_number=item.inventory_number if item else None,
        equipment_label=equipment_label(item) if item else None, supplier_ticket=row.supplier_ticket,
        notes=row.notes,
        parts=tuple(PartInfo(designation=p.designation, reference=p.reference, quantity=p.quantity,
                             cost_cents=p.cost_cents) for p in row.parts),
        incident_ids=tuple(sorted(link.incident_id for link in row.links)))
