"""ReportingService.intervention_slip: the plain data of a bon d'intervention, read from the maintenance tables of
the demo city after recording the work through the maintenance services — then printed."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from report_support import page_texts
from sqlalchemy import event

from ticeinventory.domain.enums import FundingOrigin
from ticeinventory.domain.errors import NotFoundError
from ticeinventory.reports import (
    CityIdentity,
    SlipEquipment,
    SlipIncident,
    SlipPart,
    SlipSchool,
    render_intervention_slip,
)
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.maintenance import MaintenanceService
from ticeinventory.services.schools import SchoolService

TODAY = date(2026, 9, 1)


@pytest.fixture
def maintenance(demo_db, actor) -> MaintenanceService:
    return MaintenanceService(demo_db, actor)


@pytest.fixture
def items(demo_db, actor) -> EquipmentService:
    """The equipment service, able to write (the reports' own fixture only reads)."""
    return EquipmentService(demo_db, actor)


@pytest.fixture
def moment() -> datetime:
    """Two hours ago, to the minute: work is recorded once done."""
    return datetime.now().replace(second=0, microsecond=0) - timedelta(hours=2)


def working_pc(equipment, *, school: bool = True):
    """An in-plan PC in service whose warranty is over."""
    return next(i for i in equipment.list(EquipmentFilter(category_code="PCF", in_plan=True))
                if i.status.value == "en_service" and (i.school_id is not None) == school
                and i.warranty_end is not None and i.warranty_end < date.today())


def text_of(data) -> str:
    out = io.BytesIO()
    render_intervention_slip(data, out)
    return " ".join(" ".join(page.split()) for page in page_texts(out.getvalue()))


def test_a_repair_with_parts_and_two_incidents(reporting, maintenance, equipment, demo_db, moment):
    pc = working_pc(equipment)
    first = maintenance.incidents.report(
        school=pc.school_uai, equipment=pc.inventory_number, nature="materiel", reporter_name="Hélène Lefèvre",
        reporter_role="direction", description="Le poste ne démarre plus : écran noir.",
        reported_at=moment - timedelta(hours=3))
    second = maintenance.incidents.report(
        school=pc.school_uai, nature="materiel", reporter_name="Agnès Roux", reporter_role="enseignant",
        description="Bruit de ventilateur en salle.", reported_at=moment - timedelta(hours=1))
    work = maintenance.interventions.record(
        type="remplacement_piece", outcome="resolu", date=moment.date(), start_time=moment.time(),
        duration_minutes=75, equipment=pc.inventory_number, technician="Stéphane Girard",
        incidents=[second.id, first.id],
        actions="- Diagnostic : alimentation hors service\n\n• Remplacement de l'alimentation\n  Test de démarrage ",
        parts=[{"designation": "Alimentation 255 W", "reference": "DEL-PSU-255"},
               {"designation": "Ventilateur 80 mm", "quantity": 2}],
        notes="Prévoir le renouvellement de ce poste.").intervention

    data = reporting.intervention_slip(work.id, today=TODAY)

    school = SchoolService(demo_db).find(pc.school_uai)
    assert data.number == str(work.id)
    assert data.school == SlipSchool(name=school.name, uai=school.uai, address=school.address,
                                     postcode=school.postcode, commune=school.commune,
                                     director_name=school.director_name, phone=school.phone)
    assert data.equipment == SlipEquipment(
        inventory_number=pc.inventory_number, category_label=pc.category_label, manufacturer=pc.manufacturer,
        model=pc.model, serial_number=pc.serial_number, room_name=pc.room_name or "", plan_code=pc.plan_code,
        phase_name=pc.phase_name, funding_origin=None, warranty_end=pc.warranty_end)
    assert data.equipment.in_plan
    assert (data.date, data.start_time, data.duration_minutes) == (moment.date(), moment.time(), 75)
    assert (data.technician, data.kind, data.outcome) == ("Stéphane Girard", "Remplacement de pièce", "Résolu")
    assert data.actions == ("Diagnostic : alimentation hors service", "Remplacement de l'alimentation",
                            "Test de démarrage")
    assert data.parts == (SlipPart("Alimentation 255 W", 1, "DEL-PSU-255"), SlipPart("Ventilateur 80 mm", 2, ""))
    assert data.incidents == (  # in the order they were reported
        SlipIncident(str(first.id), first.reported_at.date(), "Hélène Lefèvre (Directeur / directrice)",
                     "Le poste ne démarre plus : écran noir."),
        SlipIncident(str(second.id), second.reported_at.date(), "Agnès Roux (Enseignant(e))",
                     "Bruit de ventilateur en salle."))
    assert (data.remarks, data.supplier_ticket) == ("Prévoir le renouvellement de ce poste.", "")
    assert data.printed_on == TODAY and data.city == CityIdentity("Dijon")

    text = text_of(data)
    for expected in (f"N° {work.id}", "Ville de Dijon", school.name, pc.inventory_number, "Remplacement de pièce",
                     "1 h 15", "Alimentation 255 W", "Ventilateur 80 mm", "Agnès Roux", "Test de démarrage",
                     f"Plan d'équipement {pc.plan_code}", "Stéphane Girard", "Page 1 / 1"):
        assert expected in text, expected
    assert "Hors plan" not in text


def test_the_slip_is_read_in_a_few_queries_whatever_it_holds(reporting, maintenance, equipment, demo_db, moment):
    pc = working_pc(equipment)
    incidents = [maintenance.incidents.report(school=pc.school_uai, nature="materiel", reporter_name=f"Parent {n}",
                                              description="Écran noir.", reported_at=moment - timedelta(hours=n + 1))
                 for n in range(4)]
    work = maintenance.interventions.record(
        type="remplacement_piece", outcome="resolu", date=moment.date(), start_time=moment.time(),
        duration_minutes=30, equipment=pc.inventory_number, incidents=[i.id for i in incidents],
        parts=[f"Pièce {n}" for n in range(6)]).intervention
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        data = reporting.intervention_slip(work.id)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert len(data.incidents) == 4 and len(data.parts) == 6
    assert len(statements) <= 5, statements  # intervention, parts, incidents, the city's name and logo


def test_a_warranty_return_carries_the_supplier_ticket(reporting, maintenance, items, moment):
    pc = working_pc(items)
    under_warranty = items.create(category="PCF", school=pc.school_uai, plan="DIJON-2009", manufacturer="Dell",
                                  model="OptiPlex 7010", serial_number="GAR-001",
                                  acquisition_date=date.today() - timedelta(days=200),
                                  warranty_end=date.today() + timedelta(days=500))
    work = maintenance.interventions.record(
        type="retour_garantie", outcome="attente_piece", date=moment.date(), start_time=moment.time(),
        duration_minutes=20, equipment=under_warranty.inventory_number, supplier_ticket="DELL-2026-0042").intervention

    data = reporting.intervention_slip(work.id)
    assert (data.kind, data.outcome, data.supplier_ticket) == ("Retour garantie", "En attente de pièce",
                                                               "DELL-2026-0042")
    assert data.equipment.warranty_end == under_warranty.warranty_end
    assert data.equipment.serial_number == "GAR-001" and data.incidents == () and data.parts == ()
    assert data.printed_on == date.today()
    assert "DELL-2026-0042" in text_of(data)


def test_network_work_on_a_room_has_no_item(reporting, maintenance, demo_db, moment):
    schools = SchoolService(demo_db)
    school = next(s for s in schools.list() if schools.rooms(s.id))
    room = schools.rooms(school.id)[0]
    work = maintenance.interventions.record(
        type="reseau", outcome="resolu", date=moment.date(), start_time=moment.time(), duration_minutes=45,
        school=school.uai, room=room.name, actions="Redémarrage du commutateur").intervention

    data = reporting.intervention_slip(work.id)
    assert data.school.uai == school.uai and data.school.name == school.name
    assert data.equipment.inventory_number == "" and data.equipment.room_name == room.name
    assert "Aucun équipement désigné" in data.equipment.category_label
    assert (data.kind, data.actions) == ("Réseau", ("Redémarrage du commutateur",))
    text = text_of(data)
    assert room.name in text and "Hors plan" not in text  # no item: nothing says it is out of the plan


def test_work_on_an_item_of_the_city_stock(reporting, maintenance, items, moment):
    stock = items.create(category="PCF", plan="DIJON-2009", manufacturer="HP", model="ProDesk 400",
                         acquisition_date="06/07/2009")
    assert stock.school_id is None
    work = maintenance.interventions.record(
        type="reinstallation_systeme", outcome="resolu", date=moment.date(), start_time=moment.time(),
        duration_minutes=50, equipment=stock.inventory_number).intervention

    data = reporting.intervention_slip(work.id)
    assert data.school == SlipSchool(name="Stock de la ville (non affecté)", uai="")
    assert data.equipment.inventory_number == stock.inventory_number and data.equipment.room_name == ""
    assert stock.inventory_number in text_of(data)


def test_the_item_is_described_as_the_database_holds_it_when_printed(reporting, maintenance, items, moment):
    """No intervention is recorded on hors plan equipment; an item taken out of the plan afterwards prints with
    its origin (the slip describes the item as it is when printed)."""
    pc = working_pc(items)
    work = maintenance.interventions.record(
        type="depannage_materiel", outcome="resolu", date=moment.date(), start_time=moment.time(),
        duration_minutes=10, equipment=pc.inventory_number).intervention
    items.update(pc.id, plan=None, funding_origin="don")
    data = reporting.intervention_slip(work.id)
    assert data.equipment.plan_code is None and data.equipment.funding_origin is FundingOrigin.DON


def test_an_unknown_intervention_is_not_found(reporting):
    with pytest.raises(NotFoundError, match="Aucune intervention n'a le numéro 999999"):
        reporting.intervention_slip(999999)
