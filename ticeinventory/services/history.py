"""An item's audit trail in words a technician reads: « 12/03/2026 14:02 — dupont — salle : BCD → Salle informatique ».

The audit log stores raw column values (ids, enum values, ISO dates, cents, UTC times). Here ids become names
(school, room, category, plan, phase, attached-to item), values become their French labels, dates dd/mm/yyyy,
amounts « 1 234,50 € » and times local. Names are those of today: a renamed room shows its new name.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import select

from ticeinventory.db import models as m
from ticeinventory.db.database import Database
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import Attribution, EquipmentStatus, FundingOrigin
from ticeinventory.domain.i18n import N_, _

from .listing import HistoryLine

ENTITY = "equipment"

FIELD_LABELS = {
    "inventory_number": N_("n° d'inventaire"), "category_id": N_("catégorie"), "manufacturer": N_("marque"),
    "model": N_("modèle"), "serial_number": N_("n° de série"), "school_id": N_("école"), "room_id": N_("salle"),
    "status": N_("statut"), "plan_id": N_("plan"), "phase_id": N_("phase"),
    "funding_origin": N_("origine (hors plan)"), "acquisition_date": N_("date d'acquisition"),
    "supplier": N_("fournisseur"), "order_reference": N_("référence de commande"),
    "purchase_price_cents": N_("prix d'achat"), "warranty_end": N_("fin de garantie"),
    "network_name": N_("nom réseau"), "mac_address": N_("adresse MAC"), "ip_address": N_("adresse IP"),
    "attribution": N_("attribution"), "parent_id": N_("rattaché à"), "notes": N_("notes"),
    "assigned_on": N_("affecté le"), "retired_on": N_("réformé le"), "retirement_reason": N_("motif de réforme"),
}
EMPTY = {"school_id": N_("Stock de la ville (non affecté)"), "room_id": N_("aucune salle"),
         "plan_id": N_("hors plan"), "phase_id": N_("aucune phase"), "parent_id": N_("aucun")}
ENUMS = {"status": EquipmentStatus, "funding_origin": FundingOrigin, "attribution": Attribution}
DATES = ("acquisition_date", "warranty_end", "assigned_on", "retired_on")
REFERENCES = {"school_id": (m.School, m.School.name), "room_id": (m.Room, m.Room.name),
              "category_id": (m.Category, m.Category.label), "plan_id": (m.Plan, m.Plan.code),
              "phase_id": (m.PlanPhase, m.PlanPhase.name), "parent_id": (m.Equipment, m.Equipment.inventory_number)}


def local_time(utc: datetime) -> datetime:
    """The audit log's naive UTC time as the local wall-clock time."""
    return utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


class HistoryService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def of_equipment(self, equipment_id: int) -> list[HistoryLine]:
        """The item's changes, latest first (the changes of one action in the order they were made)."""
        A = m.AuditLog
        query = (select(A).where(A.entity == ENTITY, A.entity_id == equipment_id)
                 .order_by(A.at.desc(), A.id.asc()))
        with self.db.reading() as session:
            rows = list(session.scalars(query))
            names = _names(session, rows)
            return [_line(row, names) for row in rows]


Names = dict[str, dict[int, str]]


def _names(session, rows: Iterable[m.AuditLog]) -> Names:
    """Every id the rows mention, resolved in one query per kind of reference."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        if row.action == "create":
            pairs = list(_snapshot(row.new_value).items())
        else:
            pairs = [(row.field, row.old_value), (row.field, row.new_value)]
        for field, value in pairs:
            if field in REFERENCES and str(value or "").isdigit():
                wanted[field].add(int(value))
    names: Names = {}
    for field, ids in wanted.items():
        model, label = REFERENCES[field]
        names[field] = dict(session.execute(select(model.id, label).where(model.id.in_(ids))).all())
    return names


def _snapshot(text: str | None) -> dict[str, str]:
    try:
        values = json.loads(text or "{}")
    except ValueError:
        return {}
    return values if isinstance(values, dict) else {}


def _line(row: m.AuditLog, names: Names) -> HistoryLine:
    if row.action == "create":
        values = _snapshot(row.new_value)
        if values.get("import"):  # an import's row: the file it came from, and what the item is
            change = _("création de la fiche par l'import de « {file} » : {summary}").format(
                file=values["import"], summary=_summary(values, names))
        else:
            change = _("création de la fiche : {summary}").format(summary=_summary(values, names))
    elif row.action == "delete":
        change = _("suppression de la fiche")
    else:
        label = _(FIELD_LABELS[row.field]) if row.field in FIELD_LABELS else row.field or ""
        change = _("{field} : {old} → {new}").format(field=label, old=readable(row.field, row.old_value, names),
                                                     new=readable(row.field, row.new_value, names))
    return HistoryLine(at=local_time(row.at), user=row.user, source=row.source, action=row.action,
                       field=row.field, change=change)


def _summary(values: dict[str, str], names: Names) -> str:
    """« PC fixe Dell OptiPlex — École Colette, Salle informatique — plan DIJON-2009 »."""
    what = " ".join(part for part in (readable("category_id", values.get("category_id"), names),
                                      values.get("manufacturer", ""), values.get("model", "")) if part)
    where = readable("school_id", values.get("school_id"), names)
    if values.get("room_id"):
        where += ", " + readable("room_id", values["room_id"], names)
    if values.get("plan_id"):
        funding = _("plan {code}").format(code=readable("plan_id", values["plan_id"], names))
    else:
        funding = _("hors plan ({origin})").format(origin=readable("funding_origin", values.get("funding_origin"),
                                                                   names))
    return " — ".join((what, where, funding))


def readable(field: str | None, value: str | None, names: Names) -> str:
    """A stored value as the user reads it."""
    if value in (None, ""):
        return _(EMPTY[field]) if field in EMPTY else _("(vide)")
    if field in REFERENCES:
        if str(value).isdigit() and int(value) in names.get(field, {}):
            return names[field][int(value)]
        return _("n° {id} (supprimé)").format(id=value)
    if field in ENUMS:
        try:
            return ENUMS[field](value).label
        except ValueError:
            return value
    if field in DATES:
        try:
            return v.format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if field == "purchase_price_cents":
        return v.format_amount(int(value)) if value.isdigit() else value
    return value
