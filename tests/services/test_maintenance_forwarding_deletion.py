"""Software incidents are forwarded, never taken in charge (Dijon Art. 8, Saint-Denis Art. 6), unless requalified;
and an intervention entered by mistake can be deleted — audited, and refused once a history that no longer changes
cites it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from maintenance_support import TECH, Clock, Site, audit, report

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import NotFoundError, RuleError
from ticeinventory.domain.maintenance import (
    DIJON_ART8_SOFTWARE,
    IncidentStatus,
    InterventionType,
    software_message,
)

S = IncidentStatus
T = InterventionType




def work(site: Site, item, **values):
    values.setdefault("type", T.DEPANNAGE_MATERIEL)
    values.setdefault("outcome", "resolu")
    values.setdefault("date", site.clock.now.date())
    values.setdefault("start_time", (site.clock.now - timedelta(minutes=30)).time())
    values.setdefault("duration_minutes", 20)
    values.setdefault("technician", TECH)
    return site.interventions.record(equipment=item.inventory_number if item else None, **values)


# -- software: forwarded, not taken --------------------------------------------------------------------------------


def test_a_software_incident_cannot_be_taken_in_charge(site: Site) -> None:
    incident = report(site, site.pc, nature="logiciel", description="Le logiciel de lecture ne s'ouvre plus.")
    steps = site.incidents.next_steps(incident.id)
    assert steps[S.PRIS_EN_CHARGE] == software_message(incident.id)  # what the screens show on the action
    assert steps[S.TRANSMIS_EN] is None
    with pytest.raises(RuleError) as caught:
        site.incidents.take_charge(incident.id, technician=TECH)
    assert caught.value.message == software_message(incident.id)
    assert DIJON_ART8_SOFTWARE in caught.value.message and "animateurs TICE" in caught.value.message
    unchanged = site.incidents.get(incident.id)
    assert (unchanged.status, unchanged.assigned_to, unchanged.taken_at) == (S.NOUVEAU, "", None)
    assert [s.status for s in unchanged.steps] == [S.NOUVEAU]
    assert site.interventions.link_refusals([incident.id]) == {incident.id: software_message(incident.id)}
    forwarded = site.incidents.forward_to_education(incident.id)
    assert forwarded.status is S.TRANSMIS_EN and forwarded.minutes_to_take_charge == 60  # the cell's answer


def test_requalifying_the_nature_works_both_ways(site: Site) -> None:
    incident = report(site, site.pc, nature="logiciel", description="Le poste s'éteint tout seul.")
    with pytest.raises(RuleError):
        site.incidents.take_charge(incident.id)
    site.incidents.update(incident.id, nature="materiel")
    assert site.status(site.pc) is EquipmentStatus.EN_PANNE  # a breakdown after all
    assert site.interventions.link_refusals([incident.id]) == {incident.id: None}
    taken = site.incidents.take_charge(incident.id, technician=TECH)
    assert (taken.status, taken.assigned_to) == (S.PRIS_EN_CHARGE, TECH)
    done = work(site, site.pc, incidents=[incident.id])
    assert done.incidents[0].status is S.RESOLU

    # the other way round: one taken as hardware (or taken before this rule), requalified as software, is forwarded
    incident = report(site, site.pc)
    site.incidents.take_charge(incident.id)
    site.incidents.update(incident.id, nature="logiciel")
    steps = site.incidents.next_steps(incident.id)
    assert steps[S.TRANSMIS_EN] is None and steps[S.EN_COURS] == software_message(incident.id)
    with pytest.raises(RuleError, match="concerne un logiciel"):
        work(site, site.pc, incidents=[incident.id])
    assert site.incidents.forward_to_education(incident.id).status is S.TRANSMIS_EN


# -- deleting an intervention ----------------------------------------------------------------------------------------


def test_an_intervention_entered_by_mistake_is_deleted_and_audited(site: Site) -> None:
    done = work(site, site.screen, type=T.REMPLACEMENT_PIECE, outcome="a_revoir",
                parts=[{"designation": "Câble VGA", "cost": "4,90"}], actions="Câble changé.")
    work_id = done.intervention.id
    assert site.interventions.deletion_refusal(work_id) is None
    deleted = site.interventions.delete(work_id)

    assert deleted.intervention == done.intervention  # the record as it was, for the message
    assert deleted.notices == (f"L'équipement {site.screen.inventory_number} reste « En service » : corrigez son "
                               "statut depuis sa fiche si cette intervention l'avait changé à tort.",)
    assert site.interventions.of_equipment(site.screen.inventory_number) == []
    with pytest.raises(NotFoundError, match=f"Aucune intervention n'a le numéro {work_id}"):
        site.interventions.get(work_id)
    rows = audit(site.db, "interventions", work_id)
    assert [r.action for r in rows] == ["create", "delete"] and rows[-1].user == "testeur"
    assert "Câble changé." in rows[-1].old_value  # the trail keeps what was deleted
    assert [r.action for r in audit(site.db, "intervention_parts")] == ["create", "delete"]
    with pytest.raises(NotFoundError):
        site.interventions.delete(work_id)


def test_deleting_keeps_the_steps_of_an_incident_still_open(site: Site, clock: Clock) -> None:
    incident = report(site, site.pc)
    done = work(site, site.pc, outcome="a_revoir", incidents=[incident.id])
    assert done.incidents[0].status is S.EN_COURS
    deleted = site.interventions.delete(done.intervention.id)
    assert deleted.notices[0] == f"Signalement n° {incident.id} : reste « En cours »."
    kept = site.incidents.get(incident.id)
    assert [s.status for s in kept.steps] == [S.NOUVEAU, S.PRIS_EN_CHARGE, S.EN_COURS]  # forward only
    assert [r.action for r in audit(site.db, "intervention_incidents")] == ["create", "delete"]
    assert site.maintenance.school_history(site.school.uai).interventions == ()
    # the incident is free for the real intervention
    assert work(site, site.pc, incidents=[incident.id]).incidents[0].status is S.RESOLU


def test_no_deletion_once_an_incident_it_answers_is_resolved(site: Site) -> None:
    incident = report(site, site.pc)
    done = work(site, site.pc, incidents=[incident.id])
    assert done.incidents[0].status is S.RESOLU
    refusal = site.interventions.deletion_refusal(done.intervention.id)
    assert refusal == (f"L'intervention n° {done.intervention.id} du 16/03/2026 répond au signalement n° "
                       f"{incident.id}, qui est « Résolu » : elle fait partie de son suivi daté et signé (convention "
                       "de Saint-Denis, art. 4), qui ne revient pas en arrière. Elle ne peut pas être supprimée.")
    with pytest.raises(RuleError) as caught:
        site.interventions.delete(done.intervention.id)
    assert caught.value.message == refusal
    site.incidents.close(incident.id)
    with pytest.raises(RuleError, match="qui est « Clos »"):
        site.interventions.delete(done.intervention.id)
    assert site.interventions.get(done.intervention.id) == done.intervention
    assert [r.action for r in audit(site.db, "interventions")] == ["create"]


def test_no_deletion_on_an_item_out_of_the_fleet(site: Site) -> None:
    done = work(site, site.screen, type=T.MISE_AU_REBUT, outcome="irreparable")
    site.equipment.retire([site.screen.id], f"Mise au rebut (intervention n° {done.intervention.id})",
                          on=date(2026, 3, 16))
    with pytest.raises(RuleError) as caught:
        site.interventions.delete(done.intervention.id)
    assert caught.value.message == (f"L'intervention n° {done.intervention.id} du 16/03/2026 porte sur l'équipement "
                                    f"{site.screen.inventory_number}, « Réformé » : il ne fait plus partie du parc et "
                                    "son historique ne change plus. Elle ne peut pas être supprimée.")
    assert site.interventions.of_equipment(site.screen.id) == [done.intervention]


def test_a_network_intervention_without_item_is_deleted_without_notice(site: Site) -> None:
    done = site.interventions.record(type=T.RESEAU, outcome="resolu", date=site.clock.now.date(),
                                     start_time="07:00", duration_minutes=45, school=site.school.uai)
    assert site.interventions.delete(done.intervention.id).notices == ()
    assert site.interventions.list(school=site.school.uai) == []
