"""Export to CSV and XLSX: the import format, no formula let through, and round trips that change nothing."""

from __future__ import annotations

import zipfile
from datetime import datetime

import openpyxl
import pytest
from import_support import UAI_A, UAI_B, dump, equipment_file, item

from ticeinventory.db.database import open_database
from ticeinventory.services.equipment import EquipmentFilter, EquipmentService
from ticeinventory.services.export import ExportCancelled, ExportService
from ticeinventory.services.importing import DuplicatePolicy, ImportOptions, ImportService
from ticeinventory.services.importing.mapping import CANONICAL
from ticeinventory.services.schools import SchoolService

UPDATE = ImportOptions(on_duplicate=DuplicatePolicy.UPDATE)
FORMULAS = ["=cmd|' /C calc'!A0", "+33 6 12 34 56 78", "-2+3", "@SUM(A1:A2)", "\t=1", "'=déjà protégé"]


@pytest.fixture
def stocked(importer, tmp_path):
    rows = [item(numero_inventaire=f"F-{n}", notes=text, numero_serie=f"S{n}") for n, text in enumerate(FORMULAS)]
    rows += [item(numero_inventaire="H-1", uai=UAI_B, salle="", plan="", origine="Coopérative", prix_achat="89,90"),
             item(numero_inventaire="STOCK-1", uai="", salle="", statut="En stock", prix_achat="")]
    report = importer.equipment(equipment_file(tmp_path / "seed.csv", *rows))
    assert report.committed, report.errors
    return report


def test_csv_is_made_for_french_spreadsheets(exporter, stocked, tmp_path):
    result = exporter.equipment(tmp_path / "export.csv")
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and result.rows == 8
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ";".join(CANONICAL)
    h1 = next(line for line in lines if line.startswith("H-1;")).split(";")
    assert h1[CANONICAL.index("prix_achat")] == "89,90" and h1[CANONICAL.index("date_acquisition")] == "06/07/2009"
    assert h1[CANONICAL.index("origine")] == "Coopérative / association de parents" and h1[CANONICAL.index("plan")] == ""


def test_no_cell_starts_a_formula(exporter, stocked, tmp_path):
    csv_text = exporter.equipment(tmp_path / "e.csv").path.read_text(encoding="utf-8-sig")
    cells = [cell.strip('"') for line in csv_text.splitlines()[1:] for cell in line.split(";")]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=cmd|' /C calc'!A0" in csv_text
    sheet = openpyxl.load_workbook(exporter.equipment(tmp_path / "e.xlsx").path).active
    notes = [row[CANONICAL.index("notes")] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type != "f" for c in notes)
    # "'=déjà protégé" was read back as "=déjà protégé" by the import, as a spreadsheet shows it
    assert {c.value for c in notes if c.value} >= {"'=cmd|' /C calc'!A0", "'@SUM(A1:A2)", "'=déjà protégé"}


def test_a_leading_apostrophe_of_our_own_survives_the_round_trip(exporter, importer, city, actor, tmp_path):
    service = EquipmentService(city, actor)
    service.create(inventory_number="Q-1", category="PCF", plan="DIJON-2009", notes="'=garde son apostrophe")
    path = exporter.equipment(tmp_path / "e.csv").path
    assert "''=garde son apostrophe" in path.read_text(encoding="utf-8-sig")
    assert importer.equipment(path, options=UPDATE).unchanged == 1


def test_xlsx_has_real_dates_and_amounts(exporter, stocked, tmp_path):
    sheet = openpyxl.load_workbook(exporter.equipment(tmp_path / "e.xlsx").path).active
    assert [c.value for c in sheet[1]] == list(CANONICAL)
    h1 = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "H-1")
    assert h1[CANONICAL.index("date_acquisition")].value == datetime(2009, 7, 6)
    assert h1[CANONICAL.index("prix_achat")].value == pytest.approx(89.9)
    assert h1[CANONICAL.index("uai")].value == UAI_B and h1[CANONICAL.index("salle")].value is None


def test_export_of_a_filter_or_a_selection(exporter, city, stocked, tmp_path):
    school_b = SchoolService(city).find(UAI_B).id
    numbers = {
        "école B": EquipmentFilter(school_id=school_b), "hors plan": EquipmentFilter(in_plan=False),
        "plan": EquipmentFilter(plan_code="DIJON-2009"), "stock": EquipmentFilter(unassigned=True)}
    found = {}
    for label, flt in numbers.items():
        lines = exporter.equipment(tmp_path / "f.csv", flt).path.read_text(encoding="utf-8-sig").splitlines()[1:]
        found[label] = sorted(line.split(";")[0] for line in lines)
    assert found == {"école B": ["H-1"], "hors plan": ["H-1"], "stock": ["STOCK-1"],
                     "plan": sorted(["STOCK-1"] + [f"F-{n}" for n in range(6)])}
    ids = [i.id for i in EquipmentService(city).list() if i.inventory_number in ("F-3", "H-1")]
    lines = exporter.equipment(tmp_path / "s.csv", ids=ids).path.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[0] for line in lines[1:]] == ["F-3", "H-1"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(importer, exporter, city, stocked, tmp_path, suffix):
    path = exporter.equipment(tmp_path / f"e.{suffix}").path
    before = dump(city)
    for options in (ImportOptions(), UPDATE):
        report = importer.equipment(path, options=options)
        assert report.unchanged == 8 and report.created == report.updated == report.skipped == 0, report.changes
    after = dump(city)
    assert {t: rows for t, rows in after.items() if t != "audit_log"} == \
           {t: rows for t, rows in before.items() if t != "audit_log"}
    assert after["audit_log"] == before["audit_log"]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_round_trip_of_the_demo_city_through_an_empty_database(demo_db, actor, tmp_path, suffix):
    """Export all → import into an empty database → export again gives the same files."""
    first = ExportService(demo_db)
    schools, equipment = tmp_path / f"ecoles.{suffix}", tmp_path / f"equipements.{suffix}"
    first.schools(schools)
    count = first.equipment(equipment).rows
    empty = open_database(tmp_path / "vide.sqlite")
    try:
        service = ImportService(empty, actor)
        assert service.schools(schools).created == 12
        report = service.equipment(equipment)
        assert report.committed and report.created == count, report.errors[:5]
        again = ExportService(empty)
        again.schools(tmp_path / f"ecoles2.{suffix}")
        again.equipment(tmp_path / f"equipements2.{suffix}")
    finally:
        empty.close()
    for name in ("ecoles", "equipements"):
        one, two = tmp_path / f"{name}.{suffix}", tmp_path / f"{name}2.{suffix}"
        if suffix == "csv":
            assert one.read_bytes() == two.read_bytes()
        else:  # the same workbook but for its save date (docProps/core.xml)
            with zipfile.ZipFile(one) as a, zipfile.ZipFile(two) as b:
                assert a.namelist() == b.namelist()
                assert {n for n in a.namelist() if a.read(n) != b.read(n)} <= {"docProps/core.xml"}


def test_a_cancelled_or_failed_export_leaves_no_file(exporter, stocked, tmp_path):
    target = tmp_path / "e.csv"
    target.write_text("ancien contenu", encoding="utf-8")
    with pytest.raises(ExportCancelled):
        exporter.equipment(target, progress=lambda done, total: False)
    assert target.read_text(encoding="utf-8") == "ancien contenu"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_file_name_says_the_format(exporter):
    from ticeinventory.domain.errors import TiceError
    with pytest.raises(TiceError, match=r"\.csv ou en \.xlsx"):
        exporter.equipment("inventaire.ods")


def test_export_of_the_schools_of_our_city(exporter, city, tmp_path):
    text = exporter.schools(tmp_path / "ecoles.csv").path.read_text(encoding="utf-8-sig")
    first, *rows = text.splitlines()
    assert first.startswith("uai;nom;type;") and len(rows) == 3
    assert rows[0].startswith(f"{UAI_A};École élémentaire Voltaire;École élémentaire;")


def test_the_rejected_rows_can_be_saved_to_fix_the_file(importer, tmp_path):
    from ticeinventory.services.export import export_errors
    report = importer.equipment(equipment_file(tmp_path / "e.csv", item(), item(prix_achat="=1+1", statut="x")))
    saved = export_errors(report, tmp_path / "erreurs.csv").path.read_text(encoding="utf-8-sig").splitlines()
    assert saved[0] == "ligne;colonne;valeur;raison" and len(saved) == 3
    assert saved[1].startswith("3;prix_achat;'=1+1;Le montant")
