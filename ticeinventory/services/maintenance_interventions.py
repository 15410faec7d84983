"""Interventions: work done by the cell on an item, or on a school or room (network). Recording one moves its
incidents forward and sets the item's status in the same transaction; the conventions decide what is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ticeinventory.db import maintenance_models as mm
from ticeinventory.db import models as m
from ticeinventory.db.audit import Actor
from ticeinventory.db.database import Database
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import RuleError, ValidationError
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import (
    IncidentNature,
    IncidentStatus,
    InterventionDraft,
    InterventionInfo,
    InterventionOutcome,
    InterventionResult,
    InterventionType,
    PartInfo,
)

from . import maintenance_queries as q
from . import maintenance_rules as r
from . import maintenance_steps as steps
from .maintenance_queries import V
from .schools import parse_enum


@dataclass(frozen=True)
class DeletedIntervention:
    """What deleting an intervention did: the record as it was, and what stayed as it is (to tell the user)."""

    intervention: InterventionInfo
    notices: tuple[str, ...] = ()


SUGGESTED_TYPE = {IncidentNature.MATERIEL: InterventionType.DEPANNAGE_MATERIEL,
                  IncidentNature.SYSTEME: InterventionType.REINSTALLATION_SYSTEME,
                  IncidentNature.RESEAU: InterventionType.RESEAU}


class InterventionService:
    def __init__(self, db: Database, actor: Actor | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.db = db
        self.actor = actor
        self.now = clock or steps.local_now

    # -- reading -------------------------------------------------------------------------------------------

    def get(self, intervention_id: int) -> InterventionInfo:
        with self.db.reading() as session:
            return q.intervention_info(q.intervention(session, intervention_id))

    def list(self, *, equipment: int | str | None = None, school: int | str | None = None,
             technician: str | None = None, start: date | None = None, end: date | None = None,
             types: Iterable[InterventionType] | None = None, limit: int | None = None,
             offset: int = 0) -> list[InterventionInfo]:
        """Interventions, latest first; ``equipment`` by id or inventory number, ``school`` by id or UAI."""
        with self.db.reading() as session:
            equipment_id = q.required_equipment(session, equipment).id if equipment is not None else None
            school_id = q.required_school(session, school).id if school is not None else None
            query = q.filtered_interventions(select(V), equipment_id=equipment_id, school_id=school_id,
                                             technician=technician, start=start, end=end, types=types)
            query = (query.order_by(V.date.desc(), V.start_time.desc(), V.id.desc()).options(*q.INTERVENTION_LOADS)
                     .offset(offset).limit(limit))
            return [q.intervention_info(row) for row in session.scalars(query)]

    def of_equipment(self, equipment: int | str) -> list[InterventionInfo]:
        """An item's « Interventions » tab."""
        return self.list(equipment=equipment)

    def my_week(self, technician: str | None = None, *, day: date | None = None) -> list[InterventionInfo]:
        """« Mes interventions de la semaine »: Monday to Sunday of ``day``'s week (default today), in order."""
        day = day or self.now().date()
        monday = day - timedelta(days=day.weekday())
        rows = self.list(technician=technician or self._actor().user, start=monday, end=monday + timedelta(days=6))
        return sorted(rows, key=lambda i: (i.date, i.start_time, i.id))

    def draft(self, *, incident: int | None = None, equipment: int | str | None = None,
              school: int | str | None = None, on: date | None = None) -> InterventionDraft:
        """Pre-filled quick entry from the queue (``incident``) or from an item. ``refusal`` says, quoting the
        article, why no intervention is possible; ``allowed_types`` is what the warranty leaves."""
        now = self.now()
        on = on or now.date()
        with self.db.reading() as session:
            incident_row = q.incident(session, incident) if incident is not None else None
            item = q.required_equipment(session, equipment) if equipment is not None else None
            if item is None and incident_row is not None:
                item = incident_row.equipment
            if item is not None:
                school_row = item.school
            elif incident_row is not None:
                school_row = incident_row.school
            else:
                school_row = q.required_school(session, school) if school is not None else None
            refusal = r.intervention_refusal(item)
            if refusal is None and incident_row is not None:
                refusal = r.incident_link_refusal(incident_row)
            kinds = r.allowed_types(item, on)
            if incident_row is not None:
                wanted = SUGGESTED_TYPE.get(IncidentNature(incident_row.nature), InterventionType.DIAGNOSTIC)
            else:
                wanted = InterventionType.DEPANNAGE_MATERIEL if item is not None else InterventionType.RESEAU
            room_row = item.room if item is not None else None
            technician = incident_row.assigned_to if incident_row is not None else ""
            return InterventionDraft(
                date=on, start_time=now.time().replace(second=0) if on == now.date() else time(9, 0),
                technician=technician or self._actor().user, type=wanted if wanted in kinds else kinds[0],
                allowed_types=kinds, school_id=school_row.id if school_row else None,
                school_name=school_row.name if school_row else None, room_id=room_row.id if room_row else None,
                room_name=room_row.name if room_row else None, equipment_id=item.id if item else None,
                equipment_number=item.inventory_number if item else None,
                incident_ids=(incident_row.id,) if incident_row is not None else (),
                warranty_end=item.warranty_end if item else None, refusal=refusal)

    def check(self, equipment: int | str, *, kind: InterventionType | str | None = None,
              on: date | None = None) -> None:
        """Raise RuleError (article quoted) when no intervention — or none of ``kind`` on ``on`` — is allowed."""
        with self.db.reading() as session:
            item = q.required_equipment(session, equipment)
            if refusal := r.intervention_refusal(item):
                raise RuleError(refusal)
            if kind is None:
                return
            errors: dict[str, str] = {}
            wanted = parse_enum(InterventionType, kind, "type", errors, _("Le type d'intervention"))
            if errors:
                raise ValidationError(errors)
            if refusal := r.type_refusal(item, wanted, on or self.now().date()):
                raise RuleError(refusal)

    def deletion_refusal(self, intervention_id: int) -> str | None:
        """Why this intervention cannot be deleted (for a disabled action's tooltip), or None."""
        with self.db.reading() as session:
            return r.deletion_refusal(q.intervention(session, intervention_id))

    def link_refusals(self, incident_ids: Iterable[int]) -> dict[int, str | None]:
        """For each incident, why no intervention may answer it (software, hors plan, no longer open), or None:
        what the entry form shows before the user ticks it."""
        with self.db.reading() as session:
            rows = session.scalars(select(mm.Incident).where(mm.Incident.id.in_(list(incident_ids))))
            return {row.id: r.incident_link_refusal(row) for row in rows}

    # -- writing -------------------------------------------------------------------------------------------

    def delete(self, intervention_id: int) -> DeletedIntervention:
        """Delete an intervention entered by mistake, with its parts and its links to incidents; audited like
        every write. Refused (RuleError) once it belongs to a history that no longer changes (see
        :func:`.maintenance_rules.deletion_refusal`). What it did on the way is not undone: the steps of the
        incidents still open stay (they go forward only), and so does the item's status — the notices say so."""
        with self.db.writing(self._actor()) as session:
            work = q.intervention(session, intervention_id)
            if refusal := r.deletion_refusal(work):
                raise RuleError(refusal)
            info = q.intervention_info(work)
            notices = [_("Signalement n° {id} : reste « {status} ».").format(
                id=link.incident_id, status=IncidentStatus(link.incident.status).label)
                for link in sorted(work.links, key=lambda link: link.incident_id)]
            item = work.equipment
            if item is not None:
                notices.append(_("L'équipement {number} reste « {status} » : corrigez son statut depuis sa fiche si "
                                 "cette intervention l'avait changé à tort.").format(
                    number=item.inventory_number, status=EquipmentStatus(item.status).label))
            session.delete(work)
            session.flush()
            return DeletedIntervention(intervention=info, notices=tuple(notices))

    def record(self, *, type: InterventionType | str, outcome: InterventionOutcome | str, date: date | str,
               start_time: time | str, duration_minutes: int | str, equipment: int | str | None = None,
               school: int | str | None = None, room: int | str | None = None, technician: str | None = None,
               actions: str = "", parts: Iterable[PartInfo | Mapping[str, Any] | str] = (),
               incidents: Iterable[int] = (), supplier_ticket: str = "", notes: str = "") -> InterventionResult:
        """Record work done. Refused (RuleError, article quoted) on hors plan or out-of-fleet items, for software
        incidents, and — while the supplier's warranty runs — for any type but diagnosis and return. Linked
        incidents are taken, started, then resolved (or sent to the supplier); the item's status follows."""
        errors: dict[str, str] = {}
        kind = parse_enum(InterventionType, type, "type", errors, _("Le type d'intervention"))
        result = parse_enum(InterventionOutcome, outcome, "outcome", errors, _("Le résultat"))
        day = steps.read_day(date, errors)
        start = steps.read_time(start_time, errors)
        minutes = steps.read_duration(duration_minutes, errors)
        tech = (technician or self._actor().user).strip()
        ticket = (supplier_ticket or "").strip()
        part_rows = _parts(parts, errors)
        if day and start and datetime.combine(day, start) > self.now() + steps.CLOCK_TOLERANCE:
            errors["date"] = _("L'intervention du {date} à {time} est dans le futur : on n'enregistre que le travail "
                               "fait.").format(date=v.format_date(day), time=start.strftime("%H:%M"))
        if not tech:
            errors["technician"] = _("Indiquez le technicien.")
        if kind is InterventionType.REMPLACEMENT_PIECE and not part_rows and "parts" not in errors:
            errors["parts"] = _("Indiquez la ou les pièces remplacées.")
        if kind is InterventionType.RETOUR_GARANTIE and not ticket:
            errors["supplier_ticket"] = _("Indiquez le numéro de ticket donné par le fournisseur.")

        with self.db.writing(self._actor()) as session:
            item, school_row, room_row = _place(session, equipment, school, room, errors)
            if refusal := r.intervention_refusal(item):
                raise RuleError(refusal)  # before any field: no form filling can make it possible
            if kind is not None and kind.needs_equipment and item is None and "equipment" not in errors:
                errors["equipment"] = _("Une intervention « {type} » porte sur un équipement : indiquez-le.").format(
                    type=kind.label)
            linked = _linked(session, incidents, item, school_row, errors)
            if errors:
                raise ValidationError(errors)
            if refusal := r.type_refusal(item, kind, day):
                raise RuleError(refusal)
            begin = datetime.combine(day, start)
            for row in linked:
                if refusal := r.incident_link_refusal(row):
                    raise RuleError(refusal)
                if begin < row.reported_at.replace(second=0, microsecond=0):  # the form has minutes
                    raise ValidationError({"date": _("L'intervention ({start}) ne peut pas précéder le signalement "
                                                     "n° {id} ({reported}).").format(
                        start=steps.stamp(begin), id=row.id, reported=steps.stamp(row.reported_at))})
            for row in linked:
                if row.equipment is None and item is not None:
                    row.equipment = item  # the intervention says which item the report was about

            work = mm.Intervention(
                equipment=item, school=school_row, room=room_row, date=day, start_time=start,
                duration_minutes=minutes, technician=tech, type=kind.value, outcome=result.value,
                actions=(actions or "").strip(), supplier_ticket=ticket, notes=(notes or "").strip())
            work.parts.extend(part_rows)
            work.links.extend(mm.InterventionIncident(incident=row) for row in linked)
            session.add(work)
            session.flush()

            notices = self._move_incidents(session, work, linked, kind, result, begin)
            if item is not None:
                # another breakdown report still open on the item keeps it out of service
                r.follow_outcome(item, kind, result, still_broken=steps.breakdowns_on(session, item.id, -1))
                session.flush()
            proposed = result is InterventionOutcome.IRREPARABLE or kind is InterventionType.MISE_AU_REBUT
            if proposed and item is not None:
                notices.append(_("Réforme proposée pour l'équipement {number} : réformez-le depuis sa fiche "
                                 "(« Réformer »), en indiquant le motif.").format(number=item.inventory_number))
            return InterventionResult(
                intervention=q.intervention_info(work),
                equipment_status=EquipmentStatus(item.status) if item is not None else None,
                incidents=tuple(q.incident_info(row, with_steps=True) for row in linked),
                retirement_proposed=proposed, notices=tuple(notices))

    def _move_incidents(self, session: Session, work: mm.Intervention, linked: list[mm.Incident],
                        kind: InterventionType, result: InterventionOutcome, begin: datetime) -> list[str]:
        """Linked incidents follow: taken (at the start), started, then resolved or sent to the supplier (at the
        end, never later than now nor earlier than their last step)."""
        notices: list[str] = []
        user = self._actor().user
        label = _("Intervention n° {id} ({type}) : {outcome}.").format(id=work.id, type=kind.label,
                                                                     outcome=result.label)
        for row in linked:
            start_at = max(begin, max(step.at for step in row.steps))
            end_at = max(min(begin + timedelta(minutes=work.duration_minutes), self.now()), start_at)
            if row.status == IncidentStatus.NOUVEAU.value:
                steps.advance(session, row, IncidentStatus.PRIS_EN_CHARGE, start_at, user,
                              technician=work.technician, note=label)
            if kind is InterventionType.RETOUR_GARANTIE:
                steps.advance(session, row, IncidentStatus.ENVOYE_FOURNISSEUR, end_at, user,
                              ticket=work.supplier_ticket, note=label)
            else:
                if row.status == IncidentStatus.PRIS_EN_CHARGE.value:
                    steps.advance(session, row, IncidentStatus.EN_COURS, start_at, user, note=label)
                if result in (InterventionOutcome.RESOLU, InterventionOutcome.IRREPARABLE):
                    steps.advance(session, row, IncidentStatus.RESOLU, end_at, user, note=label)
            notices.append(_("Signalement n° {id} : {status}.").format(
                id=row.id, status=IncidentStatus(row.status).label))
        return notices

    def _actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("InterventionService needs an actor to write")
        return self.actor


def _place(session: Session, equipment, school, room,
           errors: dict[str, str]) -> tuple[m.Equipment | None, m.School | None, m.Room | None]:
    """The item, or the school and room of network work; an item's own place wins and must agree."""
    item = school_row = room_row = None
    if equipment not in (None, ""):
        item = q.equipment(session, equipment)
        if item is None:
            errors["equipment"] = _("L'équipement « {value} » n'existe pas (indiquez son numéro "
                                    "d'inventaire).").format(value=equipment)
            return None, None, None
        school_row, room_row = item.school, item.room
    if school not in (None, ""):
        given = q.school(session, school)
        if given is None:
            errors["school"] = _("L'école « {value} » n'existe pas (indiquez son code UAI).").format(value=school)
        elif item is not None and given.id != item.school_id:
            errors["school"] = _("L'équipement {number} est à « {where} », pas à « {school} ».").format(
                number=item.inventory_number, school=given.name,
                where=item.school.name if item.school else _("Stock de la ville (non affecté)"))
        else:
            school_row = given
    elif item is None:
        errors["equipment"] = _("Indiquez l'équipement, ou l'école pour une intervention sur le réseau.")
    if room not in (None, ""):
        given_room = q.room(session, school_row.id, room) if school_row is not None else None
        if given_room is None or (item is not None and item.room_id not in (None, given_room.id)):
            errors["room"] = _("La salle « {value} » n'existe pas dans l'école de l'intervention ou n'est pas celle "
                               "de l'équipement.").format(value=room)
        else:
            room_row = given_room
    return item, school_row, room_row


def _linked(session: Session, ids: Iterable[int], item: m.Equipment | None, school_row: m.School | None,
            errors: dict[str, str]) -> list[mm.Incident]:
    """The incidents answered: of the same school, and about the same item or none."""
    rows: list[mm.Incident] = []
    for incident_id in dict.fromkeys(ids):
        row = session.get(mm.Incident, incident_id)
        if row is None:
            errors["incidents"] = _("Aucun signalement n'a le numéro {id}.").format(id=incident_id)
        elif school_row is None or row.school_id != school_row.id:
            errors["incidents"] = _("Le signalement n° {id} concerne l'école « {school} », pas le lieu de "
                                    "l'intervention.").format(id=row.id, school=row.school.name)
        elif item is not None and row.equipment_id not in (None, item.id):
            errors["incidents"] = _("Le signalement n° {id} concerne l'équipement {number}, pas celui de "
                                    "l'intervention.").format(id=row.id, number=row.equipment.inventory_number)
        else:
            rows.append(row)
    return rows


def _parts(parts: Iterable[PartInfo | Mapping[str, Any] | str], errors: dict[str, str]) -> list[mm.InterventionPart]:
    """Replaced parts: a designation, a quantity (1), an optional reference and cost (cents, or « 12,50 € »)."""
    rows: list[mm.InterventionPart] = []
    problems: list[str] = []
    for index, part in enumerate(parts, start=1):
        if isinstance(part, PartInfo):
            values = asdict(part)
        elif isinstance(part, str):
            values = {"designation": part}
        else:
            values = dict(part)
        designation = str(values.get("designation") or "").strip()
        if not designation:
            problems.append(_("Pièce {n} : indiquez sa désignation (par exemple : alimentation 300 W).").format(
                n=index))
        quantity = values.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            quantity = int(quantity) if str(quantity).strip().isdigit() else 0
        if quantity < 1:
            problems.append(_("Pièce {n} : la quantité doit être un nombre entier d'au moins 1.").format(n=index))
        cost = values.get("cost_cents")
        if values.get("cost") not in (None, ""):
            try:
                cost = v.parse_amount(str(values["cost"]))
            except ValueError as error:
                problems.append(_("Pièce {n} : {error}").format(n=index, error=error))
        if cost is not None and cost < 0:
            problems.append(_("Pièce {n} : le coût ne peut pas être négatif.").format(n=index))
        rows.append(mm.InterventionPart(designation=designation, reference=str(values.get("reference") or "").strip(),
                                        quantity=quantity, cost_cents=cost))
    if problems:
        errors["parts"] = "\n".join(problems)
    return rows
