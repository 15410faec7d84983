"""report inventory / city / intervention / labels and settings: each command writes a real PDF (or CSV) of the
demo city, read back with pypdf — inventory numbers, the hors plan section, page numbering, the city's name and
logo from the settings, label positions on a partly used sheet."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from ticeinventory.domain.enums import AuditSource
from ticeinventory.services.app import open_services

NO_MAINTENANCE = "Matériel hors plan — non maintenu par la Ville"


def pdf_text(path: Path) -> str:
    """All the text, one space between words (no-break spaces of French typography included)."""
    pages = [page.extract_text() for page in PdfReader(path).pages]
    return " ".join(" ".join(page.replace("\u00a0", " ").replace("\u202f", " ").split()) for page in pages)


def csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def placed(path: Path, page: int = 0) -> list[tuple[str, float, float]]:
    """Each text run of a page with where it starts (PDF points, origin bottom left)."""
    found = []

    def visit(text, cm, tm, _font, _size) -> None:
        if text.strip():
            found.append((text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    PdfReader(path).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.fixture
def city(demo) -> dict:
    """The demo city named Dijon; the school with the most items among those holding hors plan items."""
    assert demo("settings", "set", "city_name", "Dijon").code == 0
    items = demo("equipment", "list", "--json").json
    schools = {i["school_uai"] for i in items if i["school_uai"] and not i["in_plan"]}
    uai = max(sorted(schools), key=lambda s: sum(1 for i in items if i["school_uai"] == s))
    return {"items": items, "uai": uai, "school": [i for i in items if i["school_uai"] == uai]}


def in_fleet(items: list[dict]) -> list[dict]:
    return [i for i in items if i["status"] not in ("reforme", "perdu", "vole")]


# -- fiche d'inventaire ----------------------------------------------------------------------------------------


def test_inventory_sheet_of_a_school(demo, city, tmp_path):
    file = tmp_path / "fiche.pdf"
    result = demo("report", "inventory", "--school", city["uai"].lower(), "-o", file, "--barcodes")
    assert result.code == 0, result.err
    assert f"({city['uai']})" in result.out and "pages)" in result.out
    text = pdf_text(file)
    shown = in_fleet(city["school"])
    assert "Ville de Dijon" in text and "Fiche d'inventaire" in text and "Page 1 / " in text
    # the plan section, then the hors plan one, holding exactly the hors plan items
    plan_part, hors_plan_part = text.split(NO_MAINTENANCE)
    assert "Matériel du plan d'équipement — maintenu par la Ville" in plan_part
    for item in shown:
        assert item["inventory_number"] in (plan_part if item["in_plan"] else hors_plan_part)
        assert item["inventory_number"] not in (hors_plan_part if item["in_plan"] else plan_part)
    assert any(not item["in_plan"] for item in shown)
    for item in city["school"]:
        if item not in shown:  # out of the fleet: not on the sheet unless asked
            assert item["inventory_number"] not in text

    file = tmp_path / "fiche.csv"
    result = demo("report", "inventory", "--school", city["uai"], "-o", file, "--with-retired", "--json")
    assert result.code == 0 and result.json["format"] == "csv"
    rows = csv_rows(file)
    text = file.read_text(encoding="utf-8-sig")
    assert len(rows) == len(city["school"]) == result.json["items"]
    for item in city["school"]:
        assert item["inventory_number"] in text


def test_inventory_sheets_of_every_school_into_a_folder(demo, city, tmp_path):
    folder = tmp_path / "fiches"
    result = demo("report", "inventory", "--all", "--out-dir", folder)
    assert result.code == 0, result.err
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == 12 and "12 fiches d'inventaire écrites" in result.out
    assert "Fiches d'inventaire : 12/12" in result.err  # progress on stderr
    mine = next(f for f in files if f.name.startswith(city["uai"] + "_"))
    text = pdf_text(mine)
    assert all(i["inventory_number"] in text for i in in_fleet(city["school"]))

    result = demo("report", "inventory", "--all", "--out-dir", tmp_path / "csv", "--csv", "--json")
    assert result.code == 0 and len(result.json["files"]) == 12
    assert all(Path(f).suffix == ".csv" for f in result.json["files"])

    two = demo("school", "list", "--json").json[:2]
    result = demo("report", "inventory", "--school", two[0]["uai"], "--school", two[1]["uai"], "--out-dir",
                  tmp_path / "deux")
    assert result.code == 0 and len(list((tmp_path / "deux").iterdir())) == 2


def test_inventory_options_that_do_not_go_together_are_refused(demo, city, tmp_path):
    for argv in (["--all", "-o", tmp_path / "x.pdf"],
                 ["--school", city["uai"], "--school", city["uai"], "-o", tmp_path / "x.pdf"],
                 ["--school", city["uai"], "-o", tmp_path / "x.pdf", "--csv"],
                 ["--school", "0219999Z", "-o", tmp_path / "x.pdf"],
                 ["--school", city["uai"], "-o", tmp_path / "x.xlsx"],
                 ["--school", city["uai"]],
                 ["-o", tmp_path / "x.pdf"]):
        result = demo("report", "inventory", *argv)
        assert result.code == 2, argv
        assert "Erreur : " in result.err
    assert not (tmp_path / "x.pdf").exists()


# -- inventaire général ------------------------------------------------------------------------------------------


def test_city_inventory_pdf_and_csv(demo, city, tmp_path):
    file = tmp_path / "ville.pdf"
    result = demo("report", "city", "-o", file, "--json")
    assert result.code == 0, result.err
    data = result.json
    fleet = in_fleet(city["items"])
    assert data["schools"] == 12 and data["in_plan"] + data["out_of_plan"] == len(fleet)
    assert data["out_of_plan"] == sum(1 for i in fleet if not i["in_plan"])
    text = pdf_text(file)
    assert "Inventaire général" in text and "Ville de Dijon" in text and f"Page 1 / {data['pages']}" in text
    for item in fleet[::25]:
        assert item["inventory_number"] in text

    others = [s["uai"] for s in demo("school", "list", "--json").json if s["uai"] != city["uai"]]
    file = tmp_path / "deux.csv"
    result = demo("report", "city", "-o", file, "--school", f"{city['uai']},{others[0]}")
    assert result.code == 0 and "(2 écoles)" in result.out
    numbers = {row for line in csv_rows(file) for row in line.values()}
    expected = in_fleet([i for i in city["items"] if i["school_uai"] in (city["uai"], others[0])])
    assert len(csv_rows(file)) == len(expected)
    assert {i["inventory_number"] for i in expected} <= numbers

    result = demo("report", "city", "-o", tmp_path / "totaux.pdf", "--no-detail")
    assert result.code == 0 and len(PdfReader(tmp_path / "totaux.pdf").pages) < data["pages"]
    result = demo("report", "city", "-o", tmp_path / "totaux.csv", "--no-detail")
    assert result.code == 2 and "CSV" in result.err


# -- bon d'intervention ------------------------------------------------------------------------------------------


def test_intervention_slip_of_an_intervention_recorded_through_the_services(demo, demo_path, city, tmp_path):
    pc = next(i for i in city["items"] if i["in_plan"] and i["status"] == "en_service" and i["school_uai"]
              and i["category_code"] == "PCF" and i["warranty_end"] and i["warranty_end"] < "2020")
    now = datetime.now().replace(second=0, microsecond=0)
    begin = now - timedelta(hours=2)
    services = open_services(demo_path, AuditSource.CLI, user="Karim Benali")
    try:
        incident = services.maintenance.incidents.report(
            school=pc["school_uai"], equipment=pc["inventory_number"], nature="materiel",
            description="Le poste ne démarre plus : écran noir.", reporter_name="Hélène Lefèvre",
            reported_at=now - timedelta(hours=3))
        work = services.maintenance.interventions.record(
            type="remplacement_piece", outcome="resolu", date=begin.date(), start_time=begin.time(),
            duration_minutes=75, equipment=pc["inventory_number"], incidents=[incident.id],
            actions="Diagnostic : alimentation hors service\nRemplacement de l'alimentation",
            parts=[{"designation": "Alimentation 255 W", "reference": "DEL-PSU-255", "quantity": 1}])
    finally:
        services.close()
    number = work.intervention.id

    file = tmp_path / "bon.pdf"
    result = demo("report", "intervention", number, "-o", file)
    assert result.code == 0, result.err
    assert f"Bon d'intervention n° {number}" in result.out
    text = pdf_text(file)
    for expected in ("Bon d'intervention", f"N° {number}", "Ville de Dijon", pc["inventory_number"],
                     pc["school_name"], "Remplacement de pièce", "Résolu", "1 h 15", "Alimentation 255 W",
                     "DEL-PSU-255", "Hélène Lefèvre", "Le poste ne démarre plus", "Karim Benali",
                     "Remplacement de l'alimentation", "Plan d'équipement " + pc["plan_code"], "Page 1 / 1"):
        assert expected in text, expected

    result = demo("report", "intervention", number + 1000, "-o", tmp_path / "x.pdf")
    assert result.code == 2 and f"Aucune intervention n'a le numéro {number + 1000}" in result.err
    result = demo("report", "intervention", number, "-o", tmp_path / "x.csv")
    assert result.code == 2 and "en .pdf" in result.err and not (tmp_path / "x.csv").exists()


# -- étiquettes ------------------------------------------------------------------------------------------------


def test_labels_of_a_school_start_at_position_5_of_a_used_sheet(demo, city, tmp_path):
    file = tmp_path / "etiquettes.pdf"
    result = demo("report", "labels", "--school", city["uai"], "--start", "5", "-o", file, "--json")
    assert result.code == 0, result.err
    shown = in_fleet(city["school"])
    per_sheet = 14  # L7163: 2 × 7
    assert result.json["items"] == len(shown)
    assert result.json["pages"] == len(PdfReader(file).pages) == -(-(len(shown) + 4) // per_sheet)
    text = pdf_text(file)
    assert all(i["inventory_number"] in text for i in shown)
    # positions 1–4 (the first two rows) stay empty: everything on page 1 is below them
    runs = placed(file)
    third_row_top = A4[1] - (15.15 + 2 * 38.1) * mm
    assert runs and max(y for _text, _x, y in runs) < third_row_top
    first_number = next((t, x, y) for t, x, y in runs if t in {i["inventory_number"] for i in shown})
    assert first_number[1] < A4[0] / 2  # position 5: the left column
    assert first_number[2] > third_row_top - 38.1 * mm


def test_labels_of_a_room_or_a_list_with_other_templates_and_codes(demo, city, tmp_path):
    room = next(i["room_name"] for i in city["school"] if i["room_name"])
    file = tmp_path / "salle.pdf"
    result = demo("report", "labels", "--room", f"{city['uai'].lower()}:{room.upper()}", "--template", "l7651",
                  "--qr", "--no-barcode", "-o", file)
    assert result.code == 0, result.err
    assert "étiquette" in result.out and "L7651" in result.out
    text = pdf_text(file)
    assert all(i["inventory_number"] in text for i in in_fleet(city["school"]) if i["room_name"] == room)

    chosen = [city["school"][3]["inventory_number"], city["school"][0]["inventory_number"]]
    file = tmp_path / "liste.pdf"
    result = demo("report", "labels", "--items", ",".join(chosen), "--template", "L7160", "--outline", "-o", file)
    assert result.code == 0, result.err
    numbers = [t for t, _x, _y in placed(file) if t in chosen]
    assert numbers == chosen  # in the order given

    for argv, message in ((["--items", "NEXISTE-PAS-1"], "NEXISTE-PAS-1"),
                          (["--school", city["uai"], "--no-barcode"], "au moins un code"),
                          (["--school", city["uai"], "--start", "15"], "entre 1 et 14"),
                          (["--room", "salle"], "UAI:NOM"),
                          (["--room", f"{city['uai']}:Nulle part"], "Nulle part"),
                          (["--school", city["uai"], "--template", "L9999"], "L9999")):
        result = demo("report", "labels", *argv, "-o", tmp_path / "refus.pdf")
        assert result.code == 2, argv
        assert message in result.err, (argv, result.err)
    assert not (tmp_path / "refus.pdf").exists()


# -- settings ----------------------------------------------------------------------------------------------------


def test_settings_city_name_and_logo_reach_the_documents(demo, city, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (20, 60, 120)).save(logo)
    result = demo("settings", "set", "city_name", "Talant")
    assert result.code == 0 and "Talant" in result.out
    assert demo("settings", "get", "city_name").out.strip() == "Talant"
    result = demo("settings", "set", "city_logo", logo)
    assert result.code == 0
    listed = demo("settings", "list", "--json").json
    assert listed["city_name"] == "Talant" and Path(listed["city_logo"]) == logo.resolve()
    assert "inventory_pattern" in listed
    assert demo("settings", "get", "CITY_LOGO", "--json").json == {"key": "city_logo", "value": str(logo.resolve())}

    file = tmp_path / "fiche.pdf"
    assert demo("report", "inventory", "--school", city["uai"], "-o", file).code == 0
    assert "Ville de Talant" in pdf_text(file)
    assert sum(len(page.images) for page in PdfReader(file).pages) >= 1

    assert demo("settings", "set", "city_logo", "").code == 0
    assert demo("settings", "get", "city_logo").out.strip() == ""
    for argv, message in ((["set", "city_logo", tmp_path / "absent.png"], "n'existe pas"),
                          (["set", "city_logo", tmp_path / "logo.gif"], "PNG ou JPEG"),
                          (["set", "couleur", "bleu"], "Paramètre inconnu « couleur »"),
                          (["get", "couleur"], "city_name"),
                          (["set", "inventory_pattern", "{cat}-{annee}"], "{seq}")):
        result = demo("settings", *argv)
        assert result.code == 2, argv
        assert message in result.err, (argv, result.err)
