"""Fiche d'inventaire de l'école: content read back from the PDF, plan and hors plan apart, pages, signatures."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from report_support import (
    TODAY,
    font_names,
    full_text,
    image_count,
    item,
    numbers_in,
    page_texts,
    school,
)
from sqlalchemy import event

from ticeinventory.domain.enums import EquipmentStatus, FundingOrigin
from ticeinventory.domain.errors import NotFoundError
from ticeinventory.reports import (
    CityIdentity,
    InventorySheetData,
    ReportError,
    ReportOptions,
    render_inventory_sheet,
)
from ticeinventory.reports.inventory_sheet import OUT_OF_PLAN_TITLE, PLAN_TITLE
from ticeinventory.services.equipment import EquipmentFilter

SIGNATURES = "Signatures"


def render(data: InventorySheetData, **options) -> bytes:
    out = io.BytesIO()
    render_inventory_sheet(data, out, options=ReportOptions(**options))
    return out.getvalue()


def sections(text: str) -> tuple[str, str]:
    """(plan section, hors plan section) of a sheet's text."""
    plan_start = text.index(PLAN_TITLE)
    out_start = text.index(OUT_OF_PLAN_TITLE)
    end = text.index(SIGNATURES, out_start)
    return text[plan_start:out_start], text[out_start:end]


def test_the_hors_plan_title_is_the_one_the_city_asked_for() -> None:
    assert OUT_OF_PLAN_TITLE == "Matériel hors plan — non maintenu par la Ville"


def test_every_inventory_number_of_the_school_is_printed(reporting, equipment, biggest_school) -> None:
    data = reporting.inventory_sheet(biggest_school, today=TODAY)
    text = full_text(render(data))
    expected = {e.inventory_number for e in equipment.list(EquipmentFilter(school_id=biggest_school,
                                                                           include_retired=False))}
    assert expected and len(expected) == len(data.items)
    assert set(numbers_in(text)) == expected
    assert sorted(numbers_in(text)) == sorted(expected), "each item is printed once"


def test_hors_plan_section_holds_exactly_the_hors_plan_items(reporting, equipment, biggest_school) -> None:
    text = full_text(render(reporting.inventory_sheet(biggest_school, today=TODAY)))
    plan_part, out_part = sections(text)
    items = equipment.list(EquipmentFilter(school_id=biggest_school, include_retired=False))
    out_of_plan = {e.inventory_number for e in items if not e.in_plan}
    assert out_of_plan, "the fixture school has hors plan items"
    assert set(numbers_in(out_part)) == out_of_plan
    assert set(numbers_in(plan_part)) == {e.inventory_number for e in items if e.in_plan}
    assert "Origine" in out_part and "Plan / phase" in plan_part


def test_a_school_without_hors_plan_items_says_so() -> None:
    data = InventorySheetData(school(), [item("PCF-2009-00001")], TODAY)
    _plan, out_part = sections(full_text(render(data)))
    assert "Aucun matériel hors plan dans cette école." in out_part
    assert not numbers_in(out_part)


def test_an_empty_school_still_prints_both_sections_and_signatures() -> None:
    text = full_text(render(InventorySheetData(school(), [], TODAY)))
    assert "Aucun matériel du plan d'équipement dans cette école." in text
    assert "Aucun matériel hors plan dans cette école." in text
    assert "Aucun équipement." in text
    assert SIGNATURES in text


def test_retired_lost_and_stolen_items_are_left_out_unless_asked(reporting, equipment, demo_db) -> None:
    retired = next(e for e in equipment.list() if e.status.is_final and e.school_id is not None)
    default = full_text(render(reporting.inventory_sheet(retired.school_id, today=TODAY)))
    assert retired.inventory_number not in default
    assert "Le matériel réformé, perdu ou volé ne figure pas sur cette fiche." in default
    everything = full_text(render(reporting.inventory_sheet(retired.school_id, include_retired=True, today=TODAY)))
    assert retired.inventory_number in everything
    assert retired.status.label in everything


def test_pages_are_numbered_page_n_of_total(reporting, biggest_school) -> None:
    pages = page_texts(render(reporting.inventory_sheet(biggest_school, today=TODAY)))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in text


def test_headers_and_room_title_repeat_on_every_page_of_a_long_room() -> None:
    items = [item(f"PCF-2009-{n:05d}") for n in range(1, 301)]
    pages = page_texts(render(InventorySheetData(school(), items, TODAY)))
    assert len(pages) >= 5
    item_pages = [text for text in pages if numbers_in(text)]
    for text in item_pages:
        assert "N° d'inventaire" in text and "Fabricant et modèle" in text and "Statut" in text
    assert "Salle informatique — 300 équipements" in item_pages[0]
    for text in item_pages[1:]:
        assert "Salle informatique — 300 équipements (suite)" in text
    for text in pages[1:]:  # running header on every page after the first
        assert "Fiche d'inventaire de l'école — 0210001A — École élémentaire Jean Macé" in text


@pytest.mark.parametrize("count", [22, 23, 24, 54, 55, 56])  # 23 and 55 leave a lone row without the control
def test_no_row_is_left_alone_at_a_page_break(count: int) -> None:
    """A page never shows a room's headers with a single row, nor a single row under « (suite) »."""
    items = [item(f"PCF-2009-{n:05d}") for n in range(count)] + [
        item(f"ECR-2009-{n:05d}", room="BCD", category="Écran") for n in range(30)]
    for text in page_texts(render(InventorySheetData(school(), items, TODAY))):
        blocks = re.split(r"(?:Salle informatique|BCD) — \d+ équipements", text)[1:]
        assert all(len(numbers_in(block)) != 1 for block in blocks), text


def test_signature_boxes_for_director_and_technician_with_date_and_place(reporting, biggest_school) -> None:
    data = reporting.inventory_sheet(biggest_school, today=TODAY)
    last = page_texts(render(data))[-1]
    assert "Directeur·rice de l'école" in last
    assert "Technicien·ne de la Ville" in last
    assert f"Nom : {data.school.director_name}" in last
    assert f"Fait à : {data.school.commune}, le" in last
    assert last.count("Signature :") == 2


def test_header_shows_city_school_identity_and_date(reporting, biggest_school) -> None:
    data = reporting.inventory_sheet(biggest_school, today=TODAY)
    first = page_texts(render(data))[0]
    school_info = data.school
    for expected in ("Ville de Dijon", "Fiche d'inventaire de l'école", school_info.name, school_info.uai,
                     school_info.circonscription, school_info.director_name, "État au 01/09/2026",
                     f"{school_info.postcode} {school_info.commune}"):
        assert expected in first, expected


def test_summary_counts_per_category_plan_and_hors_plan() -> None:
    items = [item("PCF-2009-00001"), item("PCF-2009-00002"), item("PCF-2018-00003", plan=None),
             item("TAB-2015-00001", category="Tablette", plan=None, origin=FundingOrigin.COOPERATIVE)]
    first = " ".join(page_texts(render(InventorySheetData(school(), items, TODAY)))[0].split())
    assert "PC fixe 2 1 3" in first
    assert "Tablette 0 1 1" in first
    assert "Total 2 2 4" in first
    assert "4 équipements : 2 du plan d'équipement, 2 hors plan." in first
    assert "Coopérative / association de parents" in first


def test_accents_guillemets_and_dashes_survive(tmp_path: Path) -> None:
    name = "École « Les Lilas » — Œuvre de Noël à Saint-Étienne"
    data = InventorySheetData(school(name=name, director_name="Zoé Ångström-Dupré"),
                              [item("PCF-2009-00001", room="Salle des maîtres")], TODAY,
                              city=CityIdentity("Saint-Étienne"))
    text = full_text(render(data))
    for expected in (name, "Zoé Ångström-Dupré", "Ville de Saint-Étienne", "Salle des maîtres",
                     "Matériel du plan d'équipement — maintenu par la Ville", "Dotation initiale (été 2009)"):
        assert expected in text, expected


def test_only_the_shipped_dejavu_fonts_are_embedded() -> None:
    fonts = font_names(render(InventorySheetData(school(), [item("PCF-2009-00001")], TODAY)))
    assert fonts and all("DejaVuSans" in font for font in fonts), fonts
    assert all("+" in font for font in fonts), "subset fonts are embedded in the file"


def test_status_other_than_in_service_is_printed() -> None:
    data = InventorySheetData(school(), [item("PCF-2009-00001", status=EquipmentStatus.EN_PANNE),
                                         item("PCF-2009-00002", status=EquipmentStatus.EN_REPARATION)], TODAY)
    text = full_text(render(data))
    assert "En panne" in text and "En réparation" in text


def test_long_values_are_wrapped_inside_their_column_not_lost() -> None:
    long_model = "Chariot de recharge sécurisé pour seize tablettes avec borne Wi-Fi intégrée"
    row = replace(item("CMO-2015-00001"), model=long_model, serial_number="SERIAL-0123456789-ABCDEFGHIJ")
    text = full_text(render(InventorySheetData(school(), [row], TODAY)))
    assert "Chariot de recharge" in text
    assert "SERIAL-0123456789-ABCDEFGHIJ" in text.replace("\n", ""), "a serial number is never cut short"


def test_optional_barcodes_keep_every_number_readable(reporting, biggest_school) -> None:
    data = reporting.inventory_sheet(biggest_school, today=TODAY)
    plain, with_codes = render(data), render(data, barcodes=True)
    assert set(numbers_in(full_text(with_codes))) == {i.inventory_number for i in data.items}
    assert len(with_codes) > len(plain)


def test_logo_is_printed_when_configured(tmp_path: Path) -> None:
    logo = tmp_path / "blason.png"
    Image.new("RGB", (300, 200), (31, 78, 121)).save(logo)
    data = InventorySheetData(school(), [item("PCF-2009-00001")], TODAY)
    assert image_count(render(data)) == 0
    assert image_count(render(data, logo=logo)) == 1
    assert image_count(render(replace(data, city=CityIdentity("Dijon", logo)))) == 1


def test_an_unreadable_logo_is_refused_in_french_and_leaves_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "sortie"
    folder.mkdir()
    target = folder / "fiche.pdf"
    data = InventorySheetData(school(), [item("PCF-2009-00001")], TODAY)
    with pytest.raises(ReportError, match="Le logo .* est introuvable ou illisible"):
        render_inventory_sheet(data, target, options=ReportOptions(logo=tmp_path / "absent.png"))
    assert list(folder.iterdir()) == []


def test_writing_into_a_missing_folder_is_explained(tmp_path: Path) -> None:
    data = InventorySheetData(school(), [], TODAY)
    with pytest.raises(ReportError, match="Vérifiez que le dossier existe"):
        render_inventory_sheet(data, tmp_path / "absent" / "fiche.pdf")


def test_city_name_option_overrides_the_setting() -> None:
    data = InventorySheetData(school(), [], TODAY, city=CityIdentity("Dijon"))
    assert "Ville de Talant" in full_text(render(data, city_name="Talant"))


def test_file_output_and_result(tmp_path: Path, reporting, biggest_school) -> None:
    folder = tmp_path / "sortie"
    folder.mkdir()
    target = folder / "fiche.pdf"
    result = render_inventory_sheet(reporting.inventory_sheet(biggest_school, today=TODAY), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert result.format == "pdf" and result.pages == len(page_texts(target)) and result.items > 0
    assert [p.name for p in folder.iterdir()] == ["fiche.pdf"], "no partial file left behind"


def test_csv_when_the_file_name_ends_in_csv(tmp_path: Path, reporting, biggest_school) -> None:
    data = reporting.inventory_sheet(biggest_school, today=TODAY)
    target = tmp_path / "fiche.CSV"
    result = render_inventory_sheet(data, target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["UAI", "École", "Salle", "N° d'inventaire"]
    assert result.format == "csv" and result.items == len(rows) - 1 == len(data.items)
    assert {row[3] for row in rows[1:]} == {i.inventory_number for i in data.items}
    maintained = {row[3]: row[12] for row in rows[1:]}
    for entry in data.items:
        assert maintained[entry.inventory_number] == ("oui" if entry.in_plan else "non — hors plan")
    assert all(row[8].count("/") == 2 for row in rows[1:] if row[8])  # dd/mm/yyyy


# -- the data side ------------------------------------------------------------------------------------------------

def test_school_found_by_uai_in_any_case(reporting, demo_db) -> None:
    from ticeinventory.services.schools import SchoolService

    some = SchoolService(demo_db).list()[3]
    assert reporting.inventory_sheet(some.uai.lower(), today=TODAY).school.id == some.id
    with pytest.raises(NotFoundError, match="Aucune école n'a le code UAI « 0219999Z »"):
        reporting.inventory_sheet("0219999z")


def test_the_sheet_is_read_in_a_few_queries_whatever_the_size(reporting, demo_db, biggest_school) -> None:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        data = reporting.inventory_sheet(biggest_school, today=TODAY)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(data.items) > 20
    assert len(selects) <= 4, selects


def test_city_name_and_logo_come_from_the_settings(reporting, demo_db, actor, tmp_path: Path) -> None:
    from ticeinventory.db import models as m

    data = reporting.inventory_sheet(1, today=TODAY)
    assert data.city == CityIdentity("Dijon", None)
    with demo_db.writing(actor) as session:
        session.add(m.Setting(key="city_logo", value=str(tmp_path / "logo.png")))
    assert reporting.inventory_sheet(1, today=TODAY).city.logo == tmp_path / "logo.png"
