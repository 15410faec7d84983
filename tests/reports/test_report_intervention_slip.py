"""Bon d'intervention, rendered from hand-made data (the maintenance side connects to it later)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, time

import pytest
from report_support import page_texts

from ticeinventory.domain.enums import FundingOrigin
from ticeinventory.reports import (
    CityIdentity,
    InterventionSlipData,
    ReportOptions,
    SlipEquipment,
    SlipIncident,
    SlipPart,
    SlipSchool,
    render_intervention_slip,
)
from ticeinventory.reports.intervention_slip import duration_text

SLIP = InterventionSlipData(
    number="INT-2026-0042",
    school=SlipSchool(name="École élémentaire Jean Macé", uai="0210001A", address="12 rue Voltaire",
                      postcode="21000", commune="Dijon", director_name="Hélène Lefèvre", phone="03 80 12 34 56"),
    equipment=SlipEquipment(inventory_number="PCF-2009-00012", category_label="PC fixe", manufacturer="Dell",
                            model="OptiPlex 380", serial_number="7XK2Q4J", room_name="Salle informatique",
                            plan_code="DIJON-2009", phase_name="Dotation initiale (été 2009)",
                            warranty_end=date(2012, 7, 7)),
    incidents=(SlipIncident(number="INC-2026-0117", reported_on=date(2026, 3, 9), reported_by="Hélène Lefèvre",
                            description="Le poste ne démarre plus : écran noir « depuis lundi »."),),
    start_time=time(9, 30),
    date=date(2026, 3, 12), technician="Stéphane Girard", kind="Réparation sur site",
    actions=("Diagnostic : alimentation hors service", "Remplacement de l'alimentation 255 W"),
    parts=(SlipPart("Alimentation 255 W Dell H255E-01", 1, "DEL-PSU-255"),),
    duration_minutes=75, outcome="Résolu — poste remis en service",
    remarks="Prévoir le renouvellement de ce poste au prochain comité de pilotage.",
    city=CityIdentity("Dijon"))


def render(data: InterventionSlipData, **options) -> list[str]:
    """Each page's text on one line (a value may wrap inside its box)."""
    out = io.BytesIO()
    result = render_intervention_slip(data, out, options=ReportOptions(**options))
    pages = [" ".join(text.split()) for text in page_texts(out.getvalue())]
    assert result.pages == len(pages)
    return pages


def test_everything_of_the_intervention_is_printed_on_one_page() -> None:
    pages = render(SLIP)
    assert len(pages) == 1
    text = pages[0]
    for expected in ("Ville de Dijon", "Bon d'intervention", "N° INT-2026-0042", "Intervention du 12/03/2026", "12/03/2026 à 09:30",
                     "École élémentaire Jean Macé", "0210001A", "12 rue Voltaire, 21000 Dijon",
                     "PCF-2009-00012", "Dell OptiPlex 380", "7XK2Q4J", "Salle informatique",
                     "Plan d'équipement DIJON-2009", "07/07/2012", "INC-2026-0117", "09/03/2026",
                     "Le poste ne démarre plus : écran noir « depuis lundi ».", "Stéphane Girard",
                     "Réparation sur site", "1 h 15", "Résolu — poste remis en service",
                     "Diagnostic : alimentation hors service", "Remplacement de l'alimentation 255 W",
                     "DEL-PSU-255", "Alimentation 255 W Dell H255E-01", "Pièces fournies", "Observations",
                     "Prévoir le renouvellement", "Page 1 / 1"):
        assert expected in text, expected


def test_signature_boxes_for_technician_and_director() -> None:
    text = render(SLIP)[0]
    assert "Technicien·ne de la Ville" in text and "Nom : Stéphane Girard" in text
    assert "Directeur·rice ou représentant·e" in text and "Nom : Hélène Lefèvre" in text
    assert text.count("Fait à : Dijon, le") == 2
    assert text.count("Signature :") == 2


def test_a_minimal_slip_without_incident_parts_or_remarks() -> None:
    data = replace(SLIP, incidents=(), parts=(), actions=(), remarks="", duration_minutes=None, start_time=None)
    text = render(data)[0]
    assert "Incident" not in text.replace("INC-", "")
    assert "Pièces fournies" not in text and "Observations" not in text and "Durée" not in text
    assert "Signatures" in text


def test_several_incidents_and_a_supplier_ticket() -> None:
    second = SlipIncident("INC-2026-0121", date(2026, 3, 10), "Agnès Roux", "Même poste : bruit de ventilateur.")
    text = render(replace(SLIP, incidents=(*SLIP.incidents, second), supplier_ticket="DELL-88412"))[0]
    assert "INC-2026-0117" in text and "INC-2026-0121" in text and "Agnès Roux" in text
    assert "Ticket fournisseur DELL-88412" in text


def test_hors_plan_equipment_is_said_so() -> None:
    item = replace(SLIP.equipment, plan_code=None, phase_name=None, funding_origin=FundingOrigin.DON)
    text = render(replace(SLIP, equipment=item))[0]
    assert "Hors plan — non maintenu par la Ville (Don)" in text


def test_optional_barcode_keeps_the_slip_on_one_page() -> None:
    pages = render(SLIP, barcodes=True)
    assert len(pages) == 1 and "PCF-2009-00012" in pages[0]


@pytest.mark.parametrize(("minutes", "text"), [(0, "0 min"), (45, "45 min"), (60, "1 h"), (75, "1 h 15"),
                                               (605, "10 h 05"), (None, "")])
def test_duration_text(minutes, text) -> None:
    assert duration_text(minutes) == text
