"""One sheet per school with progress and cancel; the small pure helpers behind every document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from report_support import TODAY, item, numbers_in, page_texts, school
from reportlab.pdfbase.pdfmetrics import stringWidth

from ticeinventory.domain.enums import RoomKind
from ticeinventory.reports import (
    CityIdentity,
    InventorySheetData,
    ItemRow,
    ReportError,
    fonts,
    output_format,
    render_all_sheets,
    sheet_file_name,
)
from ticeinventory.reports.data import group_by_room
from ticeinventory.reports.text import ellipsize, wrap
from ticeinventory.services.schools import SchoolService


def test_one_sheet_per_school_with_progress(reporting, demo_db, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = reporting.write_all_sheets(tmp_path / "fiches", progress=lambda done, total: calls.append(
        (done, total)), today=TODAY)
    schools = SchoolService(demo_db).list()
    assert not result.cancelled
    assert calls == [(n, 12) for n in range(13)]
    assert sorted(p.name for p in result.written) == sorted(p.name for p in (tmp_path / "fiches").iterdir())
    assert {p.name[:8] for p in result.written} == {s.uai for s in schools}
    one = next(p for p in result.written if p.name.startswith(schools[0].uai))
    assert schools[0].name in " ".join(page_texts(one))
    assert result.pages == sum(len(page_texts(p)) for p in result.written)


def test_cancel_stops_after_the_current_school(reporting, tmp_path: Path) -> None:
    result = reporting.write_all_sheets(tmp_path, progress=lambda done, total: done < 3, today=TODAY)
    assert result.cancelled
    assert len(result.written) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == sorted(p.name for p in result.written)


def test_cancel_before_the_first_school(tmp_path: Path) -> None:
    def never_read():
        raise AssertionError("no school must be read once cancelled")
        yield  # pragma: no cover

    result = render_all_sheets(never_read(), tmp_path, total=5, progress=lambda done, total: False)
    assert result.cancelled and result.written == []


def test_batch_as_csv_and_for_a_selection(reporting, demo_db, tmp_path: Path) -> None:
    chosen = SchoolService(demo_db).list()[:2]
    result = reporting.write_all_sheets(tmp_path, schools=[s.uai for s in chosen], fmt="csv", today=TODAY)
    assert sorted(p.suffix for p in result.written) == [".csv", ".csv"]
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in result.written)


def test_sheet_file_names_are_portable() -> None:
    data = InventorySheetData(school(name="École maternelle « Les Grésilles » / Site n°2"), [], TODAY)
    assert sheet_file_name(data) == "0210001A_ecole-maternelle-les-gresilles-site-n-2.pdf"
    assert sheet_file_name(data, "csv").endswith(".csv")


def test_output_format_from_the_name_or_explicit() -> None:
    assert output_format("fiche.pdf") == "pdf"
    assert output_format(Path("Fiche.CSV")) == "csv"
    assert output_format(io.BytesIO()) == "pdf"
    assert output_format(io.BytesIO(), "csv") == "csv"
    with pytest.raises(ReportError, match="Format de sortie inconnu « xlsx »"):
        output_format("fiche.xlsx", "xlsx")  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "title"), [
    ("Dijon", "Ville de Dijon"), ("Auxerre", "Ville d'Auxerre"), ("Le Mans", "Ville du Mans"),
    ("Les Ulis", "Ville des Ulis"), ("Ville de Saint-Denis", "Ville de Saint-Denis"),
    ("Mairie de Talant", "Mairie de Talant"), ("Épinal", "Ville d'Épinal"), ("", ""),
])
def test_city_title(name: str, title: str) -> None:
    assert CityIdentity(name).title == title


def test_rooms_come_in_visiting_order_with_unassigned_items_last() -> None:
    def at(number: str, room: str | None, kind: RoomKind | None) -> ItemRow:
        return ItemRow(number, "PC fixe", room_name=room, room_kind=kind)

    rows = [at("A-3", "Classe CP", RoomKind.CLASSE), at("A-1", None, None), at("A-2", "BCD", RoomKind.BCD),
            at("A-0", "Bureau de direction", RoomKind.BUREAU_DIRECTION), at("A-4", "Classe CE1", RoomKind.CLASSE)]
    assert [(room, [i.inventory_number for i in items]) for room, items in group_by_room(rows)] == [
        ("Bureau de direction", ["A-0"]), ("BCD", ["A-2"]), ("Classe CE1", ["A-4"]), ("Classe CP", ["A-3"]),
        (None, ["A-1"])]


def test_items_without_room_get_their_own_table() -> None:
    data = InventorySheetData(school(), [item("PCF-2009-00001", room=None)], TODAY)
    out = io.BytesIO()
    from ticeinventory.reports import render_inventory_sheet

    render_inventory_sheet(data, out)
    text = page_texts(out.getvalue())[0]
    assert "Sans salle attribuée — 1 équipement" in text and numbers_in(text) == ["PCF-2009-00001"]


# -- fitting text ---------------------------------------------------------------------------------------------

FONT, SIZE = fonts.CONDENSED, 7.6


@pytest.fixture(autouse=True, scope="module")
def _fonts() -> None:
    fonts.register_fonts()


@pytest.mark.parametrize("text", [
    "Imprimante jet d'encre multifonction", "SERIAL-0123456789-ABCDEFGHIJKLMNOP", "Dell OptiPlex 380",
    "Chariot de recharge sécurisé pour seize tablettes avec borne Wi-Fi intégrée et cadenas", "X" * 80, "",
])
@pytest.mark.parametrize("width", [30.0, 60.0, 120.0])
def test_wrapped_lines_never_exceed_the_column(text: str, width: float) -> None:
    wrapped = wrap(text, FONT, SIZE, width, 3)
    lines = wrapped.split("\n") if wrapped else []
    assert len(lines) <= 3
    assert all(stringWidth(line, FONT, SIZE) <= width + 0.01 for line in lines)
    if stringWidth(text, FONT, SIZE) <= width:
        assert wrapped == text


def test_wrapping_keeps_words_and_cuts_after_separators() -> None:
    assert wrap("Imprimante jet d'encre multifonction", FONT, SIZE, 60, 3) == "Imprimante jet\nd'encre\nmultifonction"
    assert wrap("SERIAL-0123456789", FONT, SIZE, 40, 3).split("\n")[0] == "SERIAL-"
    cut = wrap("un deux trois quatre cinq six sept huit neuf dix", FONT, SIZE, 40, 2)
    assert cut.count("\n") == 1 and cut.endswith("…")


def test_ellipsize() -> None:
    assert ellipsize("Court", FONT, SIZE, 100) == "Court"
    short = ellipsize("Salle de formation des maîtres — Centre TICE", FONT, SIZE, 60)
    assert short.endswith("…") and stringWidth(short, FONT, SIZE) <= 60


def test_rows_and_labels_from_equipment_records(equipment) -> None:
    from ticeinventory.reports import LabelItem

    info = next(e for e in equipment.list() if not e.in_plan and e.room_name)
    row = ItemRow.from_equipment(info, RoomKind.CLASSE)
    assert (row.inventory_number, row.in_plan, row.funding_origin, row.room_name) == (
        info.inventory_number, False, info.funding_origin, info.room_name)
    label = LabelItem.from_equipment(info)
    assert (label.inventory_number, label.school_uai, label.in_plan) == (info.inventory_number, info.school_uai, False)
