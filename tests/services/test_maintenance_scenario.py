"""The incident protocol end to end (Saint-Denis Art. 4): a director reports, the cell takes it, replaces a part,
the incident is resolved then closed — every step dated and signed, every change in the audit trail, and the
item's status right at each step."""

from __future__ import annotations

from datetime import datetime

from maintenance_support import Clock, Site, audit

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.maintenance import IncidentStatus, InterventionOutcome, InterventionType, PartInfo
from ticeinventory.services import Actor
from ticeinventory.services.maintenance import IncidentFilter, MaintenanceService


def test_report_take_repair_resolve_close(site: Site, clock: Clock) -> None:
    director = MaintenanceService(site.db, Actor(user="directrice.voltaire", source="ecran"), clock=clock)
    cell = MaintenanceService(site.db, Actor(user="kbenali", source="ecran"), clock=clock)
    pc = site.pc
    assert site.status(pc) is EquipmentStatus.EN_SERVICE

    # Monday 08:00: the director reports what she saw at 07:30.
    reported = director.incidents.report(
        school="0210001m", equipment=pc.inventory_number.lower(), nature="Matériel", urgency="haute",
        description="Le PC du fond de la salle informatique ne s'allume plus.", reporter_name="Sophie Martin",
        reporter_role="Directeur / directrice", reported_at="16/03/2026 07:30")
    assert reported.status is IncidentStatus.NOUVEAU and reported.reported_at == datetime(2026, 3, 16, 7, 30)
    assert (reported.equipment_number, reported.equipment_in_plan, reported.school_name) == (
        pc.inventory_number, True, "École élémentaire Voltaire")
    assert site.status(pc) is EquipmentStatus.EN_PANNE
    assert [e.incident.id for e in cell.incidents.queue()] == [reported.id]

    # 09:15: the cell takes it.
    clock.now = datetime(2026, 3, 16, 9, 15)
    taken = cell.incidents.take_charge(reported.id)
    assert (taken.status, taken.assigned_to, taken.taken_at, taken.minutes_to_take_charge) == (
        IncidentStatus.PRIS_EN_CHARGE, "kbenali", datetime(2026, 3, 16, 9, 15), 105)
    assert site.status(pc) is EquipmentStatus.EN_PANNE
    assert [e.incident.id for e in cell.incidents.queue(IncidentFilter(technician="kbenali"))] == [reported.id]
    assert cell.incidents.queue(IncidentFilter(technician="someone.else")) == []

    # 10:40: back at the office, the technician records the work done from 10:00 to 10:35.
    clock.now = datetime(2026, 3, 16, 10, 40)
    draft = cell.interventions.draft(incident=reported.id)
    assert (draft.equipment_id, draft.room_name, draft.technician, draft.type, draft.refusal) == (
        pc.id, "Salle informatique", "kbenali", InterventionType.DEPANNAGE_MATERIEL, None)
    done = cell.interventions.record(
        type="Remplacement de pièce", outcome="résolu", date=draft.date, start_time="10:00", duration_minutes="35",
        equipment=draft.equipment_id, incidents=draft.incident_ids,
        actions="Alimentation hors service remplacée ; démarrage et réseau vérifiés.",
        parts=[PartInfo(designation="Alimentation 300 W", reference="D300AM-00", cost_cents=3990)])
    work = done.intervention
    assert (work.type, work.outcome, work.duration_minutes, work.technician) == (
        InterventionType.REMPLACEMENT_PIECE, InterventionOutcome.RESOLU, 35, "kbenali")
    assert (work.school_name, work.room_name, work.incident_ids) == (
        "École élémentaire Voltaire", "Salle informatique", (reported.id,))
    assert work.parts == (PartInfo("Alimentation 300 W", "D300AM-00", 1, 3990),)
    assert done.equipment_status is EquipmentStatus.EN_SERVICE and not done.retirement_proposed
    assert site.status(pc) is EquipmentStatus.EN_SERVICE
    resolved = done.incidents[0]
    assert (resolved.status, resolved.resolved_at, resolved.minutes_to_resolve) == (
        IncidentStatus.RESOLU, datetime(2026, 3, 16, 10, 35), 185)
    assert cell.incidents.queue() == []  # resolved: nothing left to do, only the closing

    # Tuesday 08:30: the director confirms and closes.
    clock.now = datetime(2026, 3, 17, 8, 30)
    closed = director.incidents.close(reported.id)
    assert closed.status is IncidentStatus.CLOS and closed.ended_at == datetime(2026, 3, 17, 8, 30)
    assert site.status(pc) is EquipmentStatus.EN_SERVICE

    # Every step dated and signed, in order.
    assert [(s.status, s.at, s.by) for s in cell.incidents.get(reported.id).steps] == [
        (IncidentStatus.NOUVEAU, datetime(2026, 3, 16, 7, 30), "directrice.voltaire"),
        (IncidentStatus.PRIS_EN_CHARGE, datetime(2026, 3, 16, 9, 15), "kbenali"),
        (IncidentStatus.EN_COURS, datetime(2026, 3, 16, 10, 0), "kbenali"),
        (IncidentStatus.RESOLU, datetime(2026, 3, 16, 10, 35), "kbenali"),
        (IncidentStatus.CLOS, datetime(2026, 3, 17, 8, 30), "directrice.voltaire"),
    ]

    # The audit trail has every row written and every status change, with who did it.
    incident_rows = audit(site.db, "incidents", reported.id)
    assert (incident_rows[0].action, incident_rows[0].user) == ("create", "directrice.voltaire")
    assert [(a.old_value, a.new_value, a.user) for a in incident_rows if a.field == "status"] == [
        ("nouveau", "pris_en_charge", "kbenali"), ("pris_en_charge", "en_cours", "kbenali"),
        ("en_cours", "resolu", "kbenali"), ("resolu", "clos", "directrice.voltaire")]
    assert {a.field for a in incident_rows if a.action == "update"} >= {
        "status", "assigned_to", "taken_at", "minutes_to_take_charge", "resolved_at", "minutes_to_resolve",
        "ended_at"}
    step_rows = [a for a in audit(site.db, "incident_steps") if a.action == "create"]
    assert len(step_rows) == 5 and all(f'"incident_id": "{reported.id}"' in a.new_value for a in step_rows)
    assert [(a.action, a.user) for a in audit(site.db, "interventions", work.id)] == [("create", "kbenali")]
    assert [a.action for a in audit(site.db, "intervention_parts")] == ["create"]
    assert [(a.action, a.entity_id) for a in audit(site.db, "intervention_incidents")] == [("create", work.id)]
    assert [(a.old_value, a.new_value, a.user) for a in audit(site.db, "equipment", pc.id) if a.field == "status"] == [
        ("en_service", "en_panne", "directrice.voltaire"), ("en_panne", "en_reparation", "kbenali"),
        ("en_reparation", "en_service", "kbenali")]

    # And the work shows where people look for it.
    assert [i.id for i in cell.interventions.my_week()] == [work.id]
    assert [i.id for i in cell.interventions.of_equipment(pc.inventory_number)] == [work.id]
    history = cell.school_history("0210001M")
    assert [i.id for i in history.incidents] == [reported.id] and history.minutes == 35
