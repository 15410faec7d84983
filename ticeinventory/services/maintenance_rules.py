"""The conventions' maintenance rules applied to database rows, and the equipment status that follows an incident.

Each check returns the French refusal (quoting the article) or None, so that the services can raise it and the
screens can show it on a disabled action before the user fills a form.
"""

from __future__ import annotations

from datetime import date, datetime

from ticeinventory.db import maintenance_models as mm
from ticeinventory.db import models as m
from ticeinventory.domain import maintenance as rules
from ticeinventory.domain.enums import EquipmentStatus, FundingOrigin
from ticeinventory.domain.i18n import _
from ticeinventory.domain.maintenance import (
    TRANSITIONS,
    UNDER_WARRANTY_TYPES,
    IncidentNature,
    IncidentStatus,
    InterventionOutcome,
    InterventionType,
)
from ticeinventory.domain.validation import format_date

# An item that works (or waits in stock) becomes « en panne » when a breakdown is reported on it.
WORKING = (EquipmentStatus.EN_SERVICE, EquipmentStatus.PRETE, EquipmentStatus.EN_STOCK)
# What the cell does with an incident it handles itself, from taking it on: software is not one of them (Dijon
# Art. 8, Saint-Denis Art. 6), it is forwarded to the Éducation nationale — never taken, so that the queue and the
# delays « prise en charge » count only the cell's own work. One already taken (older data, or requalified as
# software afterwards) can still be forwarded, or requalified back if it was hardware after all.
HANDLED = (IncidentStatus.PRIS_EN_CHARGE, IncidentStatus.EN_COURS, IncidentStatus.RESOLU, IncidentStatus.CLOS,
           IncidentStatus.ENVOYE_FOURNISSEUR)


def out_of_plan(item: m.Equipment | None) -> bool:
    return item is not None and item.plan_id is None


def under_warranty(item: m.Equipment | None, on: date) -> bool:
    """Saint-Denis Art. 4: the supplier's warranty runs up to and including ``warranty_end``."""
    return item is not None and item.warranty_end is not None and item.warranty_end >= on


def origin_label(item: m.Equipment) -> str:
    return FundingOrigin(item.funding_origin).label if item.funding_origin else _("origine inconnue")


def fleet_refusal(item: m.Equipment | None) -> str | None:
    """Retired, lost or stolen: out of the fleet, neither reported nor repaired."""
    if item is None:
        return None
    status = EquipmentStatus(item.status)
    if status.is_final:
        return rules.out_of_fleet_message(item.inventory_number, status,
                                          item.retired_on if status is EquipmentStatus.REFORME else None)
    return None


def intervention_refusal(item: m.Equipment | None) -> str | None:
    """No intervention on an item out of the fleet or hors plan (Dijon Art. 8, Saint-Denis Art. 4)."""
    if refusal := fleet_refusal(item):
        return refusal
    if out_of_plan(item):
        return rules.out_of_plan_message(item.inventory_number, origin_label(item))
    return None


def allowed_types(item: m.Equipment | None, on: date) -> tuple[InterventionType, ...]:
    """Under warranty: diagnosis and return to the supplier only; a return needs a running warranty."""
    if under_warranty(item, on):
        return UNDER_WARRANTY_TYPES
    return tuple(t for t in InterventionType
                 if t is not InterventionType.RETOUR_GARANTIE and (item is not None or not t.needs_equipment))


def type_refusal(item: m.Equipment | None, kind: InterventionType, on: date) -> str | None:
    if item is None:
        return None
    if under_warranty(item, on) and kind not in UNDER_WARRANTY_TYPES:
        return rules.warranty_message(item.inventory_number, item.warranty_end, item.supplier)
    if kind is InterventionType.RETOUR_GARANTIE and not under_warranty(item, on):
        return rules.warranty_over_message(item.inventory_number, item.warranty_end)
    return None


def incident_link_refusal(incident: mm.Incident) -> str | None:
    """Can an intervention answer this incident? Only an open one the cell handles."""
    status = IncidentStatus(incident.status)
    if status not in rules.TO_DO:
        return _("Le signalement n° {id} est « {status} » : une intervention ne peut plus y être rattachée.").format(
            id=incident.id, status=status.label)
    if IncidentNature(incident.nature) is IncidentNature.LOGICIEL:
        return rules.software_message(incident.id)
    if out_of_plan(incident.equipment):
        return rules.out_of_plan_incident_message(incident.id, incident.equipment.inventory_number,
                                                  IncidentStatus.EN_COURS)
    return None


def deletion_refusal(work: mm.Intervention) -> str | None:
    """Can an intervention entered by mistake be deleted? Not once it belongs to a history that no longer changes:
    an incident it answers that is resolved or ended (its steps, dated and signed, go forward only and cite it —
    Saint-Denis Art. 4), or an item out of the fleet (a retirement may quote it as its reason)."""
    when = format_date(work.date)
    for link in sorted(work.links, key=lambda link: link.incident_id):
        status = IncidentStatus(link.incident.status)
        if status not in rules.TO_DO:
            return _("L'intervention n° {id} du {date} répond au signalement n° {incident}, qui est « {status} » : "
                     "elle fait partie de son suivi daté et signé (convention de Saint-Denis, art. 4), qui ne revient "
                     "pas en arrière. Elle ne peut pas être supprimée.").format(
                id=work.id, date=when, incident=link.incident_id, status=status.label)
    item = work.equipment
    if item is not None and (status := EquipmentStatus(item.status)).is_final:
        return _("L'intervention n° {id} du {date} porte sur l'équipement {number}, « {status} » : il ne fait plus "
                 "partie du parc et son historique ne change plus. Elle ne peut pas être supprimée.").format(
            id=work.id, date=when, number=item.inventory_number, status=status.label)
    return None


def transition_refusal(incident: mm.Incident, target: IncidentStatus, at: datetime) -> str | None:
    """The step table (forward only) and the conventions: hors plan, software, warranty."""
    current = IncidentStatus(incident.status)
    if target not in TRANSITIONS.get(current, ()):
        if current.is_terminal:
            return _("Le signalement n° {id} est « {status} » : il est terminé et ne change plus. Pour un nouveau "
                     "problème, faites un nouveau signalement.").format(id=incident.id, status=current.label)
        steps = ", ".join(f"« {s.label} »" for s in TRANSITIONS[current])
        return _("Le signalement n° {id} est « {status} » : il ne peut pas passer à « {target} » (pas de retour en "
                 "arrière ni d'étape sautée). Étapes possibles : {steps}.").format(
            id=incident.id, status=current.label, target=target.label, steps=steps)
    item = incident.equipment
    nature = IncidentNature(incident.nature)
    if target is IncidentStatus.REFUSE_HORS_PLAN:
        if item is None:
            return _("Le signalement n° {id} ne désigne aucun équipement : indiquez d'abord le matériel hors plan "
                     "concerné.").format(id=incident.id)
        if not out_of_plan(item):
            return _("L'équipement {number} est dans le plan {plan} : la Ville en assure la maintenance (convention "
                     "TICE de Dijon, art. 8), le signalement ne peut pas être refusé comme hors plan.").format(
                number=item.inventory_number, plan=item.plan.code if item.plan else "")
        return None
    if out_of_plan(item) and target is not IncidentStatus.PRIS_EN_CHARGE:
        return rules.out_of_plan_incident_message(incident.id, item.inventory_number, target)
    if nature is IncidentNature.LOGICIEL and target in HANDLED:
        return rules.software_message(incident.id)
    if target is IncidentStatus.TRANSMIS_EN and nature is not IncidentNature.LOGICIEL:
        return rules.not_software_message(incident.id, nature)
    if target is IncidentStatus.ENVOYE_FOURNISSEUR:
        if item is None:
            return _("Le signalement n° {id} ne désigne aucun équipement : indiquez d'abord le matériel à envoyer au "
                     "fournisseur.").format(id=incident.id)
        if not under_warranty(item, at.date()):
            return rules.warranty_over_message(item.inventory_number, item.warranty_end)
    return None


# -- the equipment status follows ----------------------------------------------------------------------------------

def mark_broken(item: m.Equipment, repairing: bool) -> None:
    """« en panne » when reported, « en réparation » once work starts; hors plan and out-of-fleet items untouched."""
    current = EquipmentStatus(item.status)
    if current.is_final or out_of_plan(item):
        return
    if current in WORKING:
        item.status = (EquipmentStatus.EN_REPARATION if repairing else EquipmentStatus.EN_PANNE).value
    elif current is EquipmentStatus.EN_PANNE and repairing:
        item.status = EquipmentStatus.EN_REPARATION.value


def mark_repairing(item: m.Equipment) -> None:
    """Sent to the supplier or waiting for a part: « en réparation »."""
    if not EquipmentStatus(item.status).is_final:
        item.status = EquipmentStatus.EN_REPARATION.value


def restore(item: m.Equipment) -> None:
    """Repaired: back « en service » at its school, or « en stock » when it has none."""
    if EquipmentStatus(item.status) in (EquipmentStatus.EN_PANNE, EquipmentStatus.EN_REPARATION):
        item.status = (EquipmentStatus.EN_SERVICE if item.school_id else EquipmentStatus.EN_STOCK).value


def follow_outcome(item: m.Equipment, kind: InterventionType, outcome: InterventionOutcome, *,
                   still_broken: bool = False) -> None:
    """Equipment status after an intervention on it; ``still_broken``: another breakdown report is still open."""
    current = EquipmentStatus(item.status)
    if current.is_final or kind is InterventionType.MISE_AU_REBUT:
        return
    if kind is InterventionType.RETOUR_GARANTIE:
        mark_repairing(item)
    elif outcome is InterventionOutcome.RESOLU:
        if not still_broken:
            restore(item)
    elif outcome is InterventionOutcome.ATTENTE_PIECE:
        mark_repairing(item)
    elif outcome is InterventionOutcome.A_REVOIR:
        if current is EquipmentStatus.EN_PANNE:
            mark_repairing(item)
    elif outcome is InterventionOutcome.IRREPARABLE:
        item.status = EquipmentStatus.EN_PANNE.value
