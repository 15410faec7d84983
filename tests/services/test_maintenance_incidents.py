"""Incidents: reporting, the forward-only steps, the conventions' endings (hors plan, software, warranty), delays,
and the maintenance queue with its overdue flag."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from maintenance_support import TECH, Clock, Site, audit, report

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.errors import NotFoundError, RuleError, TiceError, ValidationError
from ticeinventory.domain.maintenance import (
    DIJON_ART8_OUT_OF_PLAN,
    DIJON_ART8_SOFTWARE,
    SERVICE_TARGETS,
    IncidentStatus,
    Urgency,
    is_overdue,
)
from ticeinventory.services.maintenance import IncidentFilter

S = IncidentStatus




# -- reporting -----------------------------------------------------------------------------------------------------


def test_report_lists_every_problem_at_once(site: Site, clock: Clock) -> None:
    with pytest.raises(ValidationError) as caught:
        site.incidents.report(school="0210001M", description="  ", nature="plomberie", urgency="extrême",
                              reporter_name="", reporter_role="inspecteur", equipment="XYZ-0000-99999",
                              reported_at=clock.now + timedelta(days=1))
    assert set(caught.value.errors) == {"description", "nature", "urgency", "reporter_name", "reporter_role",
                                        "equipment", "reported_at"}
    assert "dans le futur" in caught.value.errors["reported_at"]
    assert "Logiciel éducatif ou bureautique" in caught.value.errors["nature"]  # says what is possible
    assert site.incidents.count() == 0


def test_report_without_equipment_and_unknown_school(site: Site) -> None:
    plain = report(site, school="0210001M", nature="Réseau / internet",
                   description="Plus d'internet dans toute l'école.")
    assert (plain.equipment_id, plain.nature.value, plain.urgency) == (None, "reseau", Urgency.NORMALE)
    assert plain.steps[0].note == "Signalé par Sophie Martin (Directeur / directrice)."
    with pytest.raises(ValidationError) as caught:
        report(site, school="0999999Z")
    assert "0999999Z" in caught.value.errors["school"]


def test_reported_equipment_must_stand_in_the_reporting_school(site: Site) -> None:
    with pytest.raises(ValidationError) as caught:
        report(site, site.other_pc, school="0210001M")
    assert "n'est pas dans l'école « École élémentaire Voltaire »" in caught.value.errors["equipment"]


@pytest.mark.parametrize("how", ["retire", "vole", "perdu"])
def test_no_report_on_equipment_out_of_the_fleet(site: Site, how: str) -> None:
    if how == "retire":
        site.equipment.retire([site.pc.id], "Irréparable", on=datetime(2025, 1, 10).date())
    else:
        site.equipment.change_status([site.pc.id], how)
    with pytest.raises(RuleError, match="ne fait plus partie du parc"):
        report(site, site.pc)


def test_breakdown_marks_the_item_broken_but_not_software_nor_hors_plan(site: Site) -> None:
    report(site, site.pc)
    report(site, site.screen, nature="logiciel", description="Le logiciel de calcul mental plante.")
    report(site, site.donated)
    assert site.status(site.pc) is EquipmentStatus.EN_PANNE
    assert site.status(site.screen) is EquipmentStatus.EN_SERVICE
    assert site.status(site.donated) is EquipmentStatus.EN_SERVICE  # the city does not manage its repair


# -- the steps -------------------------------------------------------------------------------------------------------


def test_steps_go_forward_only(site: Site, clock: Clock) -> None:
    incident = report(site, site.pc)
    with pytest.raises(RuleError, match="pas de retour en arrière ni d'étape sautée"):
        site.incidents.resolve(incident.id)  # skipping « pris en charge »
    with pytest.raises(RuleError, match="Étapes possibles : « Pris en charge »"):
        site.incidents.close(incident.id)
    site.incidents.take_charge(incident.id, technician=TECH)
    site.incidents.start_work(incident.id)
    with pytest.raises(RuleError, match="ne peut pas passer à « Pris en charge »"):
        site.incidents.take_charge(incident.id)  # backwards
    site.incidents.resolve(incident.id)
    site.incidents.close(incident.id)
    with pytest.raises(RuleError, match="il est terminé et ne change plus"):
        site.incidents.advance(incident.id, "en cours")
    with pytest.raises(NotFoundError):
        site.incidents.take_charge(9999)


def test_each_step_is_dated_signed_and_in_order(site: Site, clock: Clock) -> None:
    incident = report(site, site.pc, urgency="bloquante")
    with pytest.raises(ValidationError, match="ne peut pas précéder la précédente"):
        site.incidents.take_charge(incident.id, at=incident.reported_at - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="dans le futur"):
        site.incidents.take_charge(incident.id, at=clock.now + timedelta(hours=1))
    taken = site.incidents.take_charge(incident.id, technician=f"  {TECH} ", at="16/03/2026 07:45",
                                       note="Appel de la directrice")
    assert (taken.assigned_to, taken.minutes_to_take_charge) == (TECH, 45)
    assert (taken.steps[-1].by, taken.steps[-1].note, taken.steps[-1].at) == (
        "testeur", "Appel de la directrice", datetime(2026, 3, 16, 7, 45))


def test_delays_are_measured_from_the_report(site: Site, clock: Clock) -> None:
    incident = report(site, site.pc, reported_at=datetime(2026, 3, 12, 16, 0))
    site.incidents.take_charge(incident.id, at=datetime(2026, 3, 13, 9, 30))
    site.incidents.start_work(incident.id, at=datetime(2026, 3, 13, 10, 0))
    done = site.incidents.resolve(incident.id, at=datetime(2026, 3, 13, 11, 15))
    assert (done.minutes_to_take_charge, done.minutes_to_resolve) == (17 * 60 + 30, 19 * 60 + 15)
    assert site.status(site.pc) is EquipmentStatus.EN_SERVICE


def test_status_of_the_item_follows_the_steps(site: Site) -> None:
    first = report(site, site.pc)
    second = report(site, site.pc, nature="systeme", description="Windows ne démarre plus.")
    site.incidents.take_charge(first.id)
    assert site.status(site.pc) is EquipmentStatus.EN_PANNE
    site.incidents.start_work(first.id)
    assert site.status(site.pc) is EquipmentStatus.EN_REPARATION
    site.incidents.resolve(first.id)
    assert site.status(site.pc) is EquipmentStatus.EN_REPARATION  # the second report still keeps it
    site.incidents.take_charge(second.id)
    site.incidents.resolve(second.id)
    assert site.status(site.pc) is EquipmentStatus.EN_SERVICE


# -- the conventions' endings --------------------------------------------------------------------------------------


def test_hors_plan_incident_can_only_be_refused(site: Site) -> None:
    incident = report(site, site.donated, description="L'imprimante offerte par les parents bourre.")
    assert incident.out_of_plan
    assert site.incidents.next_steps(incident.id) == {
        S.PRIS_EN_CHARGE: None, S.REFUSE_HORS_PLAN: None,
        S.TRANSMIS_EN: site.incidents.next_steps(incident.id)[S.TRANSMIS_EN]}
    assert "ne peut être clos que comme « Refusé — matériel hors plan »" in \
        site.incidents.next_steps(incident.id)[S.TRANSMIS_EN]
    site.incidents.take_charge(incident.id)
    for step in (S.EN_COURS, S.RESOLU, S.ENVOYE_FOURNISSEUR):
        with pytest.raises(RuleError) as caught:
            site.incidents.advance(incident.id, step, supplier_ticket="T-1")
        assert DIJON_ART8_OUT_OF_PLAN in caught.value.message and "Saint-Denis, art. 4" in caught.value.message
    refused = site.incidents.refuse_out_of_plan(incident.id)
    assert refused.status is S.REFUSE_HORS_PLAN and refused.ended_at is not None and not refused.is_open
    assert DIJON_ART8_OUT_OF_PLAN in refused.steps[-1].note  # the history says why


def test_refusal_needs_a_hors_plan_item(site: Site) -> None:
    in_plan = report(site, site.pc)
    with pytest.raises(RuleError, match="est dans le plan DIJON-2009 : la Ville en assure la maintenance"):
        site.incidents.refuse_out_of_plan(in_plan.id)
    no_item = report(site, nature="autre", description="Le vidéoprojecteur de la BCD ?")
    with pytest.raises(RuleError, match="indiquez d'abord le matériel hors plan"):
        site.incidents.refuse_out_of_plan(no_item.id)
    # naming the item afterwards makes the refusal possible
    site.incidents.update(no_item.id, equipment=site.donated.inventory_number)
    assert site.incidents.refuse_out_of_plan(no_item.id).status is S.REFUSE_HORS_PLAN


def test_software_is_forwarded_not_handled(site: Site) -> None:
    incident = report(site, site.pc, nature="logiciel", description="L'antivirus bloque le logiciel de lecture.")
    with pytest.raises(RuleError) as caught:
        site.incidents.take_charge(incident.id)  # not even taken: forwarded
    assert DIJON_ART8_SOFTWARE in caught.value.message and "Saint-Denis, art. 6" in caught.value.message
    # one taken as hardware, then requalified as software, is not handled either
    incident = report(site, site.pc)
    site.incidents.take_charge(incident.id)
    site.incidents.update(incident.id, nature="logiciel")
    for step in (S.EN_COURS, S.RESOLU):
        with pytest.raises(RuleError) as caught:
            site.incidents.advance(incident.id, step)
        assert DIJON_ART8_SOFTWARE in caught.value.message and "Saint-Denis, art. 6" in caught.value.message
    forwarded = site.incidents.forward_to_education(incident.id)
    assert forwarded.status is S.TRANSMIS_EN and "animateurs TICE" in forwarded.steps[-1].note


def test_only_software_is_forwarded_and_requalifying_frees_the_item(site: Site) -> None:
    incident = report(site, site.pc)
    assert site.status(site.pc) is EquipmentStatus.EN_PANNE
    with pytest.raises(RuleError, match="relève de la cellule maintenance"):
        site.incidents.forward_to_education(incident.id)
    site.incidents.update(incident.id, nature="logiciel", urgency="basse")
    assert site.status(site.pc) is EquipmentStatus.EN_SERVICE  # not broken after all
    assert site.incidents.forward_to_education(incident.id).status is S.TRANSMIS_EN
    with pytest.raises(RuleError, match="ne se modifie plus"):
        site.incidents.update(incident.id, urgency="haute")
    with pytest.raises(TiceError, match="inconnus : status"):
        site.incidents.update(incident.id, status="clos")


def test_under_warranty_the_supplier_repairs(site: Site) -> None:
    incident = report(site, site.new_pc)
    site.incidents.take_charge(incident.id)
    with pytest.raises(ValidationError) as caught:
        site.incidents.send_to_supplier(incident.id, "  ")
    assert "ticket" in caught.value.errors["supplier_ticket"]
    sent = site.incidents.send_to_supplier(incident.id, " DELL-88412-FR ")
    assert (sent.status, sent.supplier_ticket) == (S.ENVOYE_FOURNISSEUR, "DELL-88412-FR")
    assert "ticket DELL-88412-FR" in sent.steps[-1].note
    assert site.status(site.new_pc) is EquipmentStatus.EN_REPARATION


def test_no_supplier_return_once_the_warranty_is_over(site: Site) -> None:
    incident = report(site, site.pc)
    site.incidents.take_charge(incident.id)
    with pytest.raises(RuleError, match="a pris fin le 06/07/2012"):
        site.incidents.send_to_supplier(incident.id, "T-1")
    no_date = report(site, site.screen)
    site.incidents.take_charge(no_date.id)
    with pytest.raises(RuleError, match="n'a pas de date de fin de garantie"):
        site.incidents.send_to_supplier(no_date.id, "T-2")


# -- the queue -----------------------------------------------------------------------------------------------------


def test_queue_most_urgent_then_oldest_with_age_and_filters(site: Site, clock: Clock) -> None:
    old = report(site, site.pc, urgency="basse", reported_at=clock.now - timedelta(days=3))
    urgent = report(site, site.switch, nature="reseau", urgency="bloquante",
                    reported_at=clock.now - timedelta(hours=2))
    normal = report(site, site.screen, reported_at=clock.now - timedelta(days=1))
    other = report(site, site.other_pc, school=site.other.uai, urgency="haute")
    done = report(site, site.new_pc)
    site.incidents.take_charge(done.id)
    site.incidents.send_to_supplier(done.id, "T-9")
    site.incidents.take_charge(normal.id, technician=TECH)

    queue = site.incidents.queue()
    assert [e.incident.id for e in queue] == [urgent.id, other.id, normal.id, old.id]
    assert queue[-1].age == timedelta(days=3) and queue[-1].age_label == "3 j 0 h"
    assert site.incidents.queue_count() == 4
    assert [e.incident.id for e in site.incidents.queue(IncidentFilter(technician=TECH))] == [normal.id]
    assert [e.incident.id for e in site.incidents.queue(IncidentFilter(unassigned=True, school_id=site.school.id))] \
        == [urgent.id, old.id]
    assert [e.incident.id for e in site.incidents.queue(IncidentFilter(statuses=(S.PRIS_EN_CHARGE,)))] == [normal.id]
    assert [e.incident.id for e in site.incidents.queue(limit=2, offset=1)] == [other.id, normal.id]
    assert [i.id for i in site.incidents.list(IncidentFilter(statuses=(S.ENVOYE_FOURNISSEUR,)))] == [done.id]


def test_overdue_follows_the_documented_targets(site: Site, clock: Clock) -> None:
    target = SERVICE_TARGETS[Urgency.BLOQUANTE]
    late_to_take = report(site, site.switch, nature="reseau", urgency="bloquante",
                          reported_at=clock.now - target.take_charge - timedelta(minutes=1))
    in_time = report(site, site.screen, urgency="bloquante", reported_at=clock.now - timedelta(hours=1))
    taken_late = report(site, site.pc, urgency="normale", reported_at=clock.now - timedelta(days=16))
    site.incidents.take_charge(taken_late.id, at=clock.now - timedelta(days=15))

    flags = {e.incident.id: (e.overdue, e.due_at) for e in site.incidents.queue()}
    assert flags[late_to_take.id] == (True, late_to_take.reported_at + target.take_charge)
    assert flags[in_time.id] == (False, in_time.reported_at + target.take_charge)
    assert flags[taken_late.id] == (True, taken_late.reported_at + SERVICE_TARGETS[Urgency.NORMALE].resolve)
    overdue = site.incidents.queue(overdue_only=True)
    assert {e.incident.id for e in overdue} == {late_to_take.id, taken_late.id}
    assert site.incidents.queue_count(overdue_only=True) == 2
    # The SQL filter and the Python flag agree at every moment of the next three weeks.
    for hours in range(0, 21 * 24, 13):
        moment = clock.now + timedelta(hours=hours)
        in_sql = {e.incident.id for e in site.incidents.queue(overdue_only=True, now=moment)}
        in_python = {e.incident.id for e in site.incidents.queue(now=moment) if e.overdue}
        assert in_sql == in_python


def test_overdue_rule_in_plain_words() -> None:
    reported = datetime(2026, 3, 2, 9, 0)
    assert is_overdue(S.NOUVEAU, Urgency.HAUTE, reported, reported + timedelta(days=1, minutes=1))
    assert not is_overdue(S.PRIS_EN_CHARGE, Urgency.HAUTE, reported, reported + timedelta(days=1, minutes=1))
    assert is_overdue(S.EN_COURS, Urgency.HAUTE, reported, reported + timedelta(days=5, minutes=1))
    assert not is_overdue(S.RESOLU, Urgency.HAUTE, reported, reported + timedelta(days=50))


def test_every_write_is_audited_with_its_actor(site: Site) -> None:
    incident = report(site, site.pc)
    site.incidents.take_charge(incident.id)
    rows = audit(site.db, "incidents", incident.id)
    assert rows[0].action == "create" and {r.user for r in rows} == {"testeur"}
    assert [r.new_value for r in rows if r.field == "status"] == ["pris_en_charge"]
