"""Incidents (signalements): a school reports, the cell takes it, works on it, and it ends — resolved and closed,
or refused as hors plan, forwarded to the Éducation nationale, sent to the supplier. Saint-Denis Art. 4 asks for
« un protocole pour le signalement et le suivi des incidents »: every step here is dated and signed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ticeinventory.db import maintenance_models as mm
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain.errors import RuleError, TiceError, ValidationError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import (
    TO_DO,
    TRANSITIONS,
    IncidentInfo,
    IncidentNature,
    IncidentStatus,
    QueueEntry,
    ReporterRole,
    Urgency,
    due_at,
    is_overdue,
)

from . import maintenance_queries as q
from . import maintenance_rules as r
from . import maintenance_steps as steps
from .maintenance_queries import I, IncidentFilter
from .schools import parse_enum

INCIDENT_FIELDS = ("description", "nature", "urgency", "equipment", "reporter_name", "reporter_role")


class IncidentService:
    def __init__(self, db: Database, actor: Actor | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self.actor = actor
        self.now = clock or steps.local_now

    # -- reading -------------------------------------------------------------------------------------------

    def get(self, incident_id: int) -> IncidentInfo:
        """One incident with its dated steps."""
        with self.db.reading() as session:
            return q.incident_info(q.incident(session, incident_id), with_steps=True)

    def list(self, flt: IncidentFilter | None = None, *, limit: int | None = None,
             offset: int = 0) -> list[IncidentInfo]:
        """Incidents, latest report first; every status unless ``flt.statuses`` says otherwise."""
        query = q.filtered_incidents(select(I), flt or IncidentFilter()).order_by(I.reported_at.desc(), I.id.desc())
        query = query.options(*q.INCIDENT_LOADS).offset(offset).limit(limit)
        with self.db.reading() as session:
            return [q.incident_info(row) for row in session.scalars(query)]

    def count(self, flt: IncidentFilter | None = None) -> int:
        with self.db.reading() as session:
            return session.scalar(q.filtered_incidents(select(func.count(I.id)), flt or IncidentFilter())) or 0

    def queue(self, flt: IncidentFilter | None = None, *, overdue_only: bool = False, now: datetime | None = None,
              limit: int | None = None, offset: int = 0) -> list[QueueEntry]:
        """The maintenance queue: incidents still to work on (« nouveau », « pris en charge », « en cours » unless
        ``flt.statuses`` says otherwise), most urgent first, then oldest. Late ones per ``SERVICE_TARGETS``."""
        now = now or self.now()
        query = q.filtered_incidents(select(I), _queue_filter(flt, overdue_only, now))
        query = (query.order_by(q.urgency_rank().desc(), I.reported_at, I.id).options(*q.INCIDENT_LOADS)
                 .offset(offset).limit(limit))
        with self.db.reading() as session:
            infos = [q.incident_info(row) for row in session.scalars(query)]
        return [QueueEntry(incident=info, age=now - info.reported_at,
                           overdue=is_overdue(info.status, info.urgency, info.reported_at, now),
                           due_at=due_at(info.status, info.urgency, info.reported_at)) for info in infos]

    def queue_count(self, flt: IncidentFilter | None = None, *, overdue_only: bool = False,
                    now: datetime | None = None) -> int:
        with self.db.reading() as session:
            return session.scalar(q.filtered_incidents(
                select(func.count(I.id)), _queue_filter(flt, overdue_only, now or self.now()))) or 0

    def next_steps(self, incident_id: int, *, at: datetime | None = None) -> dict[IncidentStatus, str | None]:
        """Every step the table allows next, mapped to None when the conventions allow it too, else to the refusal
        to show (for the screen's buttons and their tooltips)."""
        at = at or self.now()
        with self.db.reading() as session:
            row = q.incident(session, incident_id)
            return {target: r.transition_refusal(row, target, at)
                    for target in TRANSITIONS.get(IncidentStatus(row.status), ())}

    # -- writing -------------------------------------------------------------------------------------------

    def report(self, *, school: int | str, description: str, nature: IncidentNature | str, reporter_name: str,
               reporter_role: ReporterRole | str = ReporterRole.DIRECTION, urgency: Urgency | str = Urgency.NORMALE,
               equipment: int | str | None = None, reported_at: datetime | str | None = None) -> IncidentInfo:
        """A school reports a problem: the first, dated step. A breakdown marks the (in plan) item « en panne ».
        A report on hors plan equipment is recorded — its only outcome is the refusal, and the figures count it."""
        errors: dict[str, str] = {}
        values = _incident_values({"description": description, "nature": nature, "urgency": urgency,
                                   "reporter_name": reporter_name, "reporter_role": reporter_role}, errors)
        when = steps.read_when(reported_at, "reported_at", errors, self.now())
        with self.db.writing(self._actor()) as session:
            school_row = q.school(session, school)
            if school_row is None:
                errors["school"] = _("L'école « {value} » n'existe pas (indiquez son code UAI).").format(value=school)
            item = _item_of_school(session, equipment, school_row, errors)
            if errors:
                raise ValidationError(errors)
            if refusal := r.fleet_refusal(item):
                raise RuleError(refusal)
            row = mm.Incident(school_id=school_row.id, equipment=item, reported_at=when,
                              status=IncidentStatus.NOUVEAU.value, assigned_to="", supplier_ticket="", **values)
            row.steps.append(mm.IncidentStep(
                status=IncidentStatus.NOUVEAU.value, at=when, by=self._actor().user,
                note=_("Signalé par {name} ({role}).").format(name=values["reporter_name"],
                                                              role=ReporterRole(values["reporter_role"]).label)))
            session.add(row)
            session.flush()
            if item is not None and IncidentNature(row.nature).is_breakdown:
                r.mark_broken(item, repairing=False)
                session.flush()
            return q.incident_info(row, with_steps=True)

    def update(self, incident_id: int, **changes: Any) -> IncidentInfo:
        """Correct an incident still to work on: description, nature (requalify), urgency, equipment, reporter.
        The items' statuses follow (a requalified or re-targeted breakdown frees the item it no longer names)."""
        unknown = set(changes) - set(INCIDENT_FIELDS)
        if unknown:
            raise TiceError(_("Champs de signalement inconnus : {fields}.").format(fields=", ".join(sorted(unknown))))
        errors: dict[str, str] = {}
        values = _incident_values({k: w for k, w in changes.items() if k != "equipment"}, errors)
        with self.db.writing(self._actor()) as session:
            row = q.incident(session, incident_id)
            if IncidentStatus(row.status) not in TO_DO:
                raise RuleError(_("Le signalement n° {id} est « {status} » : il ne se modifie plus.").format(
                    id=row.id, status=IncidentStatus(row.status).label))
            old_item = row.equipment
            if "equipment" in changes:
                item = _item_of_school(session, changes["equipment"], row.school, errors)
                if refusal := r.fleet_refusal(item):
                    raise RuleError(refusal)
                values["equipment"] = item
            if errors:
                raise ValidationError(errors)
            for key, value in values.items():
                setattr(row, key, value)
            session.flush()
            item, breakdown = row.equipment, IncidentNature(row.nature).is_breakdown
            if item is not None and breakdown:
                r.mark_broken(item, repairing=row.status == IncidentStatus.EN_COURS.value)
            if old_item is not None and (old_item is not item or not breakdown) \
                    and not steps.breakdowns_on(session, old_item.id, row.id):
                r.restore(old_item)
            session.flush()
            return q.incident_info(row, with_steps=True)

    def take_charge(self, incident_id: int, *, technician: str | None = None, at: datetime | str | None = None,
                    note: str = "") -> IncidentInfo:
        """The cell takes the incident; ``technician`` (default: the current user) is responsible for it. Refused
        for software, which is forwarded instead (:meth:`forward_to_education`)."""
        return self.advance(incident_id, IncidentStatus.PRIS_EN_CHARGE, technician=technician, at=at, note=note)

    def start_work(self, incident_id: int, *, at: datetime | str | None = None, note: str = "") -> IncidentInfo:
        """Work starts: the item goes « en réparation »."""
        return self.advance(incident_id, IncidentStatus.EN_COURS, at=at, note=note)

    def resolve(self, incident_id: int, *, at: datetime | str | None = None, note: str = "") -> IncidentInfo:
        """Resolved (the item back « en service » unless another breakdown keeps it); awaits closing."""
        return self.advance(incident_id, IncidentStatus.RESOLU, at=at, note=note)

    def close(self, incident_id: int, *, at: datetime | str | None = None, note: str = "") -> IncidentInfo:
        return self.advance(incident_id, IncidentStatus.CLOS, at=at, note=note)

    def refuse_out_of_plan(self, incident_id: int, *, at: datetime | str | None = None,
                           note: str = "") -> IncidentInfo:
        """Dijon Art. 8 / Saint-Denis Art. 4: the only ending of an incident on hors plan equipment."""
        return self.advance(incident_id, IncidentStatus.REFUSE_HORS_PLAN, at=at, note=note)

    def forward_to_education(self, incident_id: int, *, at: datetime | str | None = None,
                             note: str = "") -> IncidentInfo:
        """Dijon Art. 8 / Saint-Denis Art. 6: the only ending of a software incident."""
        return self.advance(incident_id, IncidentStatus.TRANSMIS_EN, at=at, note=note)

    def send_to_supplier(self, incident_id: int, supplier_ticket: str, *, at: datetime | str | None = None,
                         note: str = "") -> IncidentInfo:
        """Saint-Denis Art. 4: under warranty the supplier repairs; its ticket number is kept."""
        return self.advance(incident_id, IncidentStatus.ENVOYE_FOURNISSEUR, supplier_ticket=supplier_ticket, at=at,
                            note=note)

    def advance(self, incident_id: int, status: IncidentStatus | str, *, at: datetime | str | None = None,
                note: str = "", technician: str | None = None, supplier_ticket: str | None = None) -> IncidentInfo:
        """Move an incident one step forward (see ``TRANSITIONS``), dated ``at`` (default now), signed by the
        actor. RuleError quotes the article when the conventions forbid the step."""
        errors: dict[str, str] = {}
        target = parse_enum(IncidentStatus, status, "status", errors, _("L'état"))
        when = steps.read_when(at, "at", errors, self.now())
        ticket = (supplier_ticket or "").strip()
        if target is IncidentStatus.ENVOYE_FOURNISSEUR and not ticket:
            errors["supplier_ticket"] = _("Indiquez le numéro de ticket donné par le fournisseur.")
        if errors:
            raise ValidationError(errors)
        with self.db.writing(self._actor()) as session:
            row = q.incident(session, incident_id)
            steps.advance(session, row, target, when, self._actor().user, note=note, technician=technician,
                          ticket=ticket)
            return q.incident_info(row, with_steps=True)

    def _actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("IncidentService needs an actor to write")
        return self.actor


def _queue_filter(flt: IncidentFilter | None, overdue_only: bool, now: datetime) -> IncidentFilter:
    flt = flt or IncidentFilter()
    return replace(flt, statuses=flt.statuses if flt.statuses is not None else TO_DO,
                   overdue_at=now if overdue_only else flt.overdue_at)


def _item_of_school(session, equipment: int | str | None, school_row, errors: dict[str, str]):
    """The reported item: it must stand in the reporting school."""
    if equipment in (None, ""):
        return None
    item = q.equipment(session, equipment)
    if item is None:
        errors["equipment"] = _("L'équipement « {value} » n'existe pas (indiquez son numéro d'inventaire).").format(
            value=equipment)
    elif school_row is not None and item.school_id != school_row.id:
        errors["equipment"] = _("L'équipement {number} n'est pas dans l'école « {school} » : un signalement porte "
                                "sur le matériel de l'école qui le fait.").format(
            number=item.inventory_number, school=school_row.name)
    return item


def _incident_values(values: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, enum_cls, what in (("nature", IncidentNature, _("La nature")), ("urgency", Urgency, _("L'urgence")),
                                ("reporter_role", ReporterRole, _("Le rôle"))):
        if key in values:
            parsed = parse_enum(enum_cls, values[key], key, errors, what)
            clean[key] = parsed.value if parsed else None
    for key, message in (("description", _("Décrivez le problème : ce qui ne marche pas, depuis quand.")),
                         ("reporter_name", _("Indiquez qui signale le problème."))):
        if key in values:
            clean[key] = ("" if values[key] is None else str(values[key])).strip()
            if not clean[key]:
                errors[key] = message
    return clean
