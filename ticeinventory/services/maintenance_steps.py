"""Shared by incidents and interventions: one dated, signed step of an incident (with the equipment status that
follows it), and reading the dates, times and durations users type."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ticeinventory.db import maintenance_models as mm
from ticeinventory.domain import validation as v
from ticeinventory.domain.errors import RuleError, ValidationError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import (
    TO_DO,
    IncidentNature,
    IncidentStatus,
    out_of_plan_citation,
    parse_datetime,
    parse_minutes,
    parse_time,
)

from . import maintenance_rules as r

CLOCK_TOLERANCE = timedelta(minutes=5)  # a laptop clock slightly ahead does not make a time "in the future"
MAX_DURATION = 24 * 60  # longer work is recorded as one intervention per day


def local_now() -> datetime:
    """Local wall-clock time to the minute: what users read and type."""
    return datetime.now().replace(second=0, microsecond=0)


def advance(session: Session, row: mm.Incident, target: IncidentStatus, at: datetime, user: str, *,
            note: str = "", technician: str | None = None, ticket: str = "") -> None:
    """One step, checked against the table and the conventions, dated ``at`` and signed by ``user``. Delays are
    measured from the report. Flushed alone, so that the audit trail keeps every intermediate status."""
    if refusal := r.transition_refusal(row, target, at):
        raise RuleError(refusal)
    last = max(step.at for step in row.steps)
    if at < last:
        raise ValidationError({"at": _("L'étape « {target} » ({at}) ne peut pas précéder la précédente ({last}) du "
                                       "signalement n° {id}.").format(
            target=target.label, at=stamp(at), last=stamp(last), id=row.id)})
    row.steps.append(mm.IncidentStep(status=target.value, at=at, by=user,
                                     note=(note or "").strip() or default_note(target, ticket)))
    row.status = target.value
    elapsed = int((at - row.reported_at).total_seconds() // 60)
    if row.taken_at is None:  # the cell's first answer, whatever it is
        row.taken_at, row.minutes_to_take_charge = at, elapsed
    if target is IncidentStatus.PRIS_EN_CHARGE:
        row.assigned_to = (technician or "").strip() or user
    if target is IncidentStatus.RESOLU:
        row.resolved_at, row.minutes_to_resolve = at, elapsed
    if target.is_terminal:
        row.ended_at = at
    if target is IncidentStatus.ENVOYE_FOURNISSEUR:
        row.supplier_ticket = ticket
    session.flush()
    item = row.equipment
    if item is None:
        return
    breakdown = IncidentNature(row.nature).is_breakdown
    if target is IncidentStatus.ENVOYE_FOURNISSEUR:
        r.mark_repairing(item)
    elif target is IncidentStatus.EN_COURS and breakdown:
        r.mark_broken(item, repairing=True)
    elif target is IncidentStatus.RESOLU and breakdown and not breakdowns_on(session, item.id, row.id):
        r.restore(item)
    session.flush()


def breakdowns_on(session: Session, equipment_id: int, except_id: int) -> bool:
    """Another incident still to work on keeps this item broken."""
    I = mm.Incident  # noqa: E741 - as in SQL
    return (session.scalar(select(func.count(I.id)).where(
        I.equipment_id == equipment_id, I.id != except_id, I.status.in_([s.value for s in TO_DO]),
        I.nature.in_([n.value for n in IncidentNature if n.is_breakdown]))) or 0) > 0


def default_note(target: IncidentStatus, ticket: str) -> str:
    """The history says why an incident left the cell's hands."""
    if target is IncidentStatus.REFUSE_HORS_PLAN:
        return out_of_plan_citation()
    if target is IncidentStatus.TRANSMIS_EN:
        return _("Transmis aux animateurs TICE de l'Éducation nationale (convention TICE de Dijon, art. 8 ; "
                 "convention de Saint-Denis, art. 6).")
    if target is IncidentStatus.ENVOYE_FOURNISSEUR:
        return _("Envoyé au fournisseur sous garantie (convention de Saint-Denis, art. 4), ticket {ticket}.").format(
            ticket=ticket)
    return ""


def stamp(when: datetime) -> str:
    return _("{date} à {time}").format(date=v.format_date(when.date()), time=when.strftime("%H:%M"))


# -- what users type ---------------------------------------------------------------------------------------------

def read_when(value: datetime | str | None, key: str, errors: dict[str, str], now: datetime) -> datetime:
    """A moment (datetime, ``14/03/2026 09:30`` or ISO), default now; never in the future."""
    if value in (None, ""):
        return now
    if isinstance(value, datetime):
        when = value.astimezone().replace(tzinfo=None) if value.tzinfo else value
    else:
        try:
            when = parse_datetime(str(value))
        except ValueError as error:
            errors[key] = str(error)
            return now
    if when > now + CLOCK_TOLERANCE:
        errors[key] = _("Le {when} est dans le futur.").format(when=stamp(when))
    return when


def read_day(value: date | str, errors: dict[str, str]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return v.parse_date(str(value or ""))
    except ValueError as error:
        errors["date"] = str(error)
        return None


def read_time(value: time | str, errors: dict[str, str]) -> time | None:
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    try:
        return parse_time(str(value or ""))
    except ValueError as error:
        errors["start_time"] = str(error)
        return None


def read_duration(value: int | str, errors: dict[str, str]) -> int:
    try:
        minutes = value if isinstance(value, int) else parse_minutes(str(value or ""))
    except ValueError as error:
        errors["duration_minutes"] = str(error)
        return 0
    if not 1 <= minutes <= MAX_DURATION:
        errors["duration_minutes"] = _("La durée doit être comprise entre 1 minute et 24 heures ; un travail plus "
                                       "long s'enregistre en une intervention par jour.")
    return minutes
