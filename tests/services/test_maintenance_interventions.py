"""Interventions: the conventions' refusals (hors plan, warranty, software, out of the fleet), what a valid entry
needs, how the item's status and the linked incidents follow, and the lists people look at."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from maintenance_support import TECH, Clock, Site, audit, report

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import NotFoundError, RuleError, ValidationError
from ticeinventory.domain.maintenance import (
    DIJON_ART8_OUT_OF_PLAN,
    DIJON_ART8_SOFTWARE,
    SAINT_DENIS_ART4_OUT_OF_PLAN,
    SAINT_DENIS_ART4_WARRANTY,
    IncidentStatus,
    InterventionOutcome,
    InterventionType,
)
from ticeinventory.services import Actor
from ticeinventory.services.maintenance import MaintenanceService

T = InterventionType




def work(site: Site, item=None, **values):
    """A one-hour repair this morning, resolved."""
    values.setdefault("type", T.DEPANNAGE_MATERIEL)
    values.setdefault("outcome", InterventionOutcome.RESOLU)
    values.setdefault("date", site.clock.now.date())
    values.setdefault("start_time", time(7, 0))
    values.setdefault("duration_minutes", 60)
    return site.interventions.record(equipment=item.inventory_number if item else None, **values)


# -- the conventions' refusals -------------------------------------------------------------------------------------


def test_never_on_hors_plan_equipment(site: Site) -> None:
    for kind in T:
        with pytest.raises(RuleError) as caught:
            work(site, site.donated, type=kind, parts=["Tête d'impression"], supplier_ticket="T")
        message = caught.value.message
        assert message.startswith(f"Intervention refusée : l'équipement {site.donated.inventory_number} est hors "
                                  "plan (Don).")
        assert f"Convention TICE de Dijon, art. 8 : « {DIJON_ART8_OUT_OF_PLAN} »" in message
        assert f"Convention de Saint-Denis, art. 4 : « {SAINT_DENIS_ART4_OUT_OF_PLAN} »" in message
        assert "ne peut être clos que comme « Refusé — matériel hors plan »" in message
    with pytest.raises(RuleError, match="hors plan"):  # the refusal comes before any form error
        work(site, site.donated, duration_minutes=0, date="31/02/2026")
    with pytest.raises(RuleError, match="hors plan"):
        site.interventions.check(site.donated.id)
    draft = site.interventions.draft(equipment=site.donated.inventory_number)
    assert draft.refusal is not None and DIJON_ART8_OUT_OF_PLAN in draft.refusal
    assert site.interventions.list() == []
    assert audit(site.db, "interventions") == []


def test_hors_plan_incident_cannot_be_answered_even_by_network_work(site: Site) -> None:
    incident = report(site, site.donated)
    with pytest.raises(RuleError, match="ne peut être clos que comme « Refusé — matériel hors plan »"):
        work(site, school=site.school.uai, type=T.RESEAU, incidents=[incident.id])


def test_under_warranty_only_diagnosis_and_supplier_return(site: Site) -> None:
    assert site.new_pc.warranty_end == date(2027, 6, 30)
    for kind in set(T) - {T.DIAGNOSTIC, T.RETOUR_GARANTIE}:
        with pytest.raises(RuleError) as caught:
            work(site, site.new_pc, type=kind, parts=["Disque SSD 256 Go"])
        assert "sous garantie du fournisseur (Dell SAS) jusqu'au 30/06/2027" in caught.value.message
        assert SAINT_DENIS_ART4_WARRANTY in caught.value.message
    diagnosis = work(site, site.new_pc, type="diagnostic", outcome="à revoir", duration_minutes=20)
    assert diagnosis.equipment_status is EquipmentStatus.EN_SERVICE  # a working item stays so when to review
    draft = site.interventions.draft(equipment=site.new_pc.id)
    assert (draft.allowed_types, draft.type, draft.under_warranty) == ((T.DIAGNOSTIC, T.RETOUR_GARANTIE),
                                                                       T.DIAGNOSTIC, True)
    with pytest.raises(RuleError, match="jusqu'au 30/06/2027"):
        site.interventions.check(site.new_pc.id, kind="réinstallation système")


def test_warranty_ends_on_its_last_day(site: Site, clock: Clock) -> None:
    clock.now = datetime(2027, 6, 30, 18, 0)
    with pytest.raises(RuleError, match="jusqu'au 30/06/2027"):
        work(site, site.new_pc, type=T.REINSTALLATION_SYSTEME)
    clock.now = datetime(2027, 7, 1, 18, 0)
    assert work(site, site.new_pc, type=T.REINSTALLATION_SYSTEME).intervention.id


def test_supplier_return_sends_the_incident_and_the_item(site: Site) -> None:
    incident = report(site, site.new_pc)
    with pytest.raises(ValidationError) as caught:
        work(site, site.new_pc, type=T.RETOUR_GARANTIE, outcome="à revoir",
             incidents=[incident.id])
    assert "ticket" in caught.value.errors["supplier_ticket"]
    sent = work(site, site.new_pc, type=T.RETOUR_GARANTIE, outcome="à revoir", incidents=[incident.id],
                supplier_ticket="DELL-88412-FR", actions="Carte mère HS, enlèvement par le transporteur.")
    assert sent.intervention.supplier_ticket == "DELL-88412-FR"
    assert sent.equipment_status is EquipmentStatus.EN_REPARATION
    (moved,) = sent.incidents
    assert (moved.status, moved.supplier_ticket) == (IncidentStatus.ENVOYE_FOURNISSEUR, "DELL-88412-FR")
    assert [s.status for s in moved.steps] == [IncidentStatus.NOUVEAU, IncidentStatus.PRIS_EN_CHARGE,
                                               IncidentStatus.ENVOYE_FOURNISSEUR]


def test_no_supplier_return_without_warranty(site: Site) -> None:
    with pytest.raises(RuleError, match="a pris fin le 06/07/2012"):
        work(site, site.pc, type=T.RETOUR_GARANTIE, supplier_ticket="T-1")


def test_software_incidents_are_not_handled(site: Site) -> None:
    incident = report(site, site.pc, nature="logiciel", description="Le logiciel de lecture ne s'ouvre plus.")
    with pytest.raises(RuleError) as caught:
        work(site, site.pc, type=T.REINSTALLATION_SYSTEME, incidents=[incident.id])
    assert DIJON_ART8_SOFTWARE in caught.value.message and "Utilisez « Transmis à l'Éducation nationale »" in \
        caught.value.message
    assert site.interventions.draft(incident=incident.id).refusal == caught.value.message
    assert site.incidents.get(incident.id).status is IncidentStatus.NOUVEAU  # nothing written


@pytest.mark.parametrize("status", ["perdu", "vole", "reforme"])
def test_nothing_on_equipment_out_of_the_fleet(site: Site, status: str) -> None:
    if status == "reforme":
        site.equipment.retire([site.pc.id], "Obsolète", on=date(2025, 9, 1))
    else:
        site.equipment.change_status([site.pc.id], status)
    with pytest.raises(RuleError, match="ne fait plus partie du parc, aucune intervention") as caught:
        work(site, site.pc, type=T.MISE_AU_REBUT)
    if status == "reforme":
        assert "« Réformé » depuis le 01/09/2025" in caught.value.message


# -- what an entry needs -------------------------------------------------------------------------------------------


def test_entry_problems_are_listed_together(site: Site, clock: Clock) -> None:
    with pytest.raises(ValidationError) as caught:
        site.interventions.record(type="ménage", outcome="bof", date="32/13/2026", start_time="25h",
                                  duration_minutes="longtemps", school=site.school.uai, technician=" ",
                                  parts=[{"designation": "", "quantity": 0, "cost": "beaucoup"}])
    assert set(caught.value.errors) == {"type", "outcome", "date", "start_time", "duration_minutes", "technician",
                                        "parts"}
    assert caught.value.errors["parts"].count("Pièce 1") == 3
    with pytest.raises(ValidationError) as caught:
        work(site, site.pc, date=clock.now.date(), start_time=(clock.now + timedelta(hours=1)).time())
    assert "dans le futur" in caught.value.errors["date"]
    with pytest.raises(ValidationError) as caught:
        work(site, site.pc, duration_minutes=25 * 60)
    assert "24 heures" in caught.value.errors["duration_minutes"]


def test_type_needs(site: Site) -> None:
    with pytest.raises(ValidationError) as caught:
        work(site, school=site.school.uai, type=T.REMPLACEMENT_PIECE)
    assert set(caught.value.errors) == {"equipment", "parts"}
    with pytest.raises(ValidationError, match="Indiquez l'équipement, ou l'école"):
        work(site)


def test_place_must_agree(site: Site) -> None:
    with pytest.raises(ValidationError) as caught:
        work(site, site.pc, school=site.other.uai, room="Cuisine")
    assert caught.value.errors["school"] == (f"L'équipement {site.pc.inventory_number} est à « École élémentaire "
                                             "Voltaire », pas à « École Jean Macé ».")
    with pytest.raises(ValidationError) as caught:
        work(site, site.pc, room="Bureau de direction")
    assert "n'est pas celle de l'équipement" in caught.value.errors["room"]
    with pytest.raises(ValidationError, match="n'existe pas"):
        work(site, school="0210001M", room="Gymnase", type=T.RESEAU)
    with pytest.raises(NotFoundError):
        site.interventions.list(equipment="PCF-1999-99999")


def test_linked_incidents_must_match(site: Site) -> None:
    elsewhere = report(site, site.other_pc, school=site.other.uai)
    other_item = report(site, site.screen)
    with pytest.raises(ValidationError, match="concerne l'école « École Jean Macé »"):
        work(site, site.pc, incidents=[elsewhere.id])
    with pytest.raises(ValidationError, match=f"concerne l'équipement {site.screen.inventory_number}"):
        work(site, site.pc, incidents=[other_item.id])
    with pytest.raises(ValidationError, match="Aucun signalement n'a le numéro 999"):
        work(site, site.pc, incidents=[999])
    with pytest.raises(ValidationError, match="ne peut pas précéder le signalement"):
        work(site, site.screen, start_time=time(6, 0), incidents=[other_item.id])
    site.incidents.take_charge(other_item.id)
    site.incidents.resolve(other_item.id)
    with pytest.raises(RuleError, match="une intervention ne peut plus y être rattachée"):
        work(site, site.screen, incidents=[other_item.id])


# -- what follows ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "outcome", "after"), [
    (EquipmentStatus.EN_PANNE, "résolu", EquipmentStatus.EN_SERVICE),
    (EquipmentStatus.EN_REPARATION, "résolu", EquipmentStatus.EN_SERVICE),
    (EquipmentStatus.EN_PANNE, "en attente de pièce", EquipmentStatus.EN_REPARATION),
    (EquipmentStatus.EN_SERVICE, "en attente de pièce", EquipmentStatus.EN_REPARATION),
    (EquipmentStatus.EN_PANNE, "à revoir", EquipmentStatus.EN_REPARATION),
    (EquipmentStatus.EN_SERVICE, "à revoir", EquipmentStatus.EN_SERVICE),
    (EquipmentStatus.EN_SERVICE, "irréparable", EquipmentStatus.EN_PANNE),
    (EquipmentStatus.PRETE, "résolu", EquipmentStatus.PRETE),
])
def test_item_status_follows_the_outcome(site: Site, before: EquipmentStatus, outcome: str,
                                         after: EquipmentStatus) -> None:
    if before is not EquipmentStatus.EN_SERVICE:
        site.equipment.change_status([site.pc.id], before)
    result = work(site, site.pc, outcome=outcome)
    assert result.equipment_status is after and site.status(site.pc) is after


def test_unassigned_item_repaired_goes_back_to_stock(site: Site) -> None:
    site.equipment.move([site.screen.id], None)
    site.equipment.change_status([site.screen.id], "en_panne")
    result = work(site, site.screen)
    assert result.intervention.school_id is None and result.intervention.school_name is None
    assert result.equipment_status is EquipmentStatus.EN_STOCK


def test_irreparable_proposes_retirement(site: Site) -> None:
    incident = report(site, site.pc)
    result = work(site, site.pc, type=T.DIAGNOSTIC, outcome="irreparable", incidents=[incident.id],
                  actions="Carte mère grillée, pièce plus fabriquée.")
    assert result.retirement_proposed and result.intervention.retirement_proposed
    assert result.equipment_status is EquipmentStatus.EN_PANNE  # retiring is a decision of its own
    assert any("Réforme proposée pour l'équipement" in n for n in result.notices)
    assert result.incidents[0].status is IncidentStatus.RESOLU
    assert site.equipment.get(site.pc.id).retired_on is None
    scrapped = work(site, site.screen, type=T.MISE_AU_REBUT)
    assert scrapped.retirement_proposed and scrapped.equipment_status is EquipmentStatus.EN_SERVICE


def test_waiting_for_a_part_keeps_the_incident_open(site: Site, clock: Clock) -> None:
    incident = report(site, site.pc)
    first = work(site, site.pc, outcome="attente_piece", incidents=[incident.id])
    assert first.incidents[0].status is IncidentStatus.EN_COURS
    assert first.notices == (f"Signalement n° {incident.id} : En cours.",)
    assert site.status(site.pc) is EquipmentStatus.EN_REPARATION
    clock.advance(days=2)
    part = {"designation": "Barrette 4 Go DDR3", "quantity": "2", "cost": "30,00 €"}
    second = work(site, site.pc, type=T.REMPLACEMENT_PIECE, parts=[part], incidents=[incident.id],
                  date=clock.now.date())
    assert second.incidents[0].status is IncidentStatus.RESOLU
    assert second.intervention.parts[0].quantity == 2 and second.intervention.parts[0].cost_cents == 3000
    assert site.status(site.pc) is EquipmentStatus.EN_SERVICE
    assert [i.id for i in site.interventions.of_equipment(site.pc.id)] == [second.intervention.id,
                                                                          first.intervention.id]


def test_network_work_settles_several_reports_and_names_the_items(site: Site) -> None:
    outage = report(site, nature="reseau", urgency="bloquante", description="Plus d'internet.")
    slow = report(site, nature="reseau", description="Le réseau de la salle informatique est très lent.")
    result = work(site, school="0210001m", room="salle informatique", type="Réseau", duration_minutes="1h30",
                  incidents=[outage.id, slow.id, outage.id], technician=TECH,
                  actions="Switch de la salle informatique redémarré, câble de la baie remplacé.")
    assert (result.intervention.room_name, result.intervention.duration_minutes, result.equipment_status) == (
        "Salle informatique", 90, None)
    assert [i.status for i in result.incidents] == [IncidentStatus.RESOLU, IncidentStatus.RESOLU]
    assert {i.assigned_to for i in result.incidents} == {TECH}
    # an intervention on an item names the item of a report that did not say which
    vague = report(site, nature="materiel", description="Un PC de la salle info ne démarre plus.")
    named = work(site, site.pc, incidents=[vague.id])
    assert named.incidents[0].equipment_id == site.pc.id


def test_resolution_is_never_dated_after_now(site: Site, clock: Clock) -> None:
    incident = report(site, site.pc, reported_at=clock.now - timedelta(minutes=30))
    result = work(site, site.pc, start_time=(clock.now - timedelta(minutes=20)).time(), duration_minutes=90,
                  incidents=[incident.id])
    assert result.incidents[0].resolved_at == clock.now


# -- lists -------------------------------------------------------------------------------------------------------


def test_my_week_and_lists(site: Site, clock: Clock) -> None:
    me = work(site, site.pc, technician="testeur")
    work(site, site.screen, technician=TECH)
    clock.advance(days=7)
    next_week = work(site, site.switch, type="réseau", date=clock.now.date())
    assert [i.id for i in site.interventions.my_week(day=date(2026, 3, 22))] == [me.intervention.id]
    assert [i.id for i in site.interventions.my_week()] == [next_week.intervention.id]
    assert len(site.interventions.my_week(TECH, day=date(2026, 3, 16))) == 1
    assert len(site.interventions.list(school=site.school.uai)) == 3
    assert len(site.interventions.list(types=[T.RESEAU])) == 1
    assert len(site.interventions.list(start=date(2026, 3, 17))) == 1
    assert site.interventions.get(me.intervention.id) == me.intervention
    assert MaintenanceService(site.db, Actor("autre", "cli"), clock=clock).interventions.my_week() == []


def test_draft_prefills_from_the_queue(site: Site) -> None:
    incident = report(site, site.switch, nature="réseau")
    site.incidents.take_charge(incident.id, technician=TECH)
    draft = site.interventions.draft(incident=incident.id)
    assert (draft.type, draft.technician, draft.equipment_number, draft.school_id, draft.incident_ids,
            draft.refusal, draft.date, draft.start_time) == (
        T.RESEAU, TECH, site.switch.inventory_number, site.school.id, (incident.id,), None, date(2026, 3, 16),
        time(8, 0))
    assert T.RETOUR_GARANTIE not in draft.allowed_types
    school_draft = site.interventions.draft(school=site.school.uai, on=date(2026, 3, 13))
    assert (school_draft.type, school_draft.start_time, school_draft.equipment_id) == (T.RESEAU, time(9, 0), None)
    assert T.DEPANNAGE_MATERIEL not in school_draft.allowed_types


def test_a_repair_keeps_the_item_out_of_service_while_another_breakdown_report_is_open(demo_db, actor):
    """Two reports on one PC; the intervention resolving the first one leaves it broken for the second."""
    from datetime import datetime

    from ticeinventory.domain.enums import EquipmentStatus
    from ticeinventory.services.app import Services
    from ticeinventory.services.equipment import EquipmentFilter

    services = Services(demo_db, actor)
    item = services.equipment.list(EquipmentFilter(category_code="PCF", status=EquipmentStatus.EN_SERVICE))[0]
    reports = services.maintenance.incidents
    first = reports.report(school=item.school_id, equipment=item.id, description="Ne démarre plus",
                           nature="materiel", reporter_name="Mme Durand", reported_at=datetime(2026, 11, 20, 8, 0))
    reports.report(school=item.school_id, equipment=item.id, description="Windows bloqué",
                   nature="systeme", reporter_name="Mme Durand", reported_at=datetime(2026, 11, 20, 8, 5))
    services.maintenance.interventions.record(
        type="depannage_materiel", outcome="resolu", date=datetime(2026, 11, 20).date(), start_time="09:00",
        duration_minutes=30, equipment=item.id, incidents=[first.id])
    assert services.equipment.get(item.id).status is not EquipmentStatus.EN_SERVICE
