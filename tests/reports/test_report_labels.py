"""Étiquettes: exact sheet geometry, start offset on a used sheet, what each label says, readable codes."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from report_support import decode_code128, filled_rectangles, full_text, placed_texts, reader
from reportlab.lib.units import mm

from ticeinventory.domain.errors import NotFoundError, TiceError
from ticeinventory.reports import (
    TEMPLATES,
    CityIdentity,
    LabelItem,
    LabelOptions,
    LabelsData,
    ReportError,
    label_positions,
    render_labels,
)
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.schools import SchoolService

A4_WIDTH, A4_HEIGHT = 210.0, 297.0
# Avery's published figures: (columns, rows, label width, height, left margin, top margin, pitch x, pitch y) in mm
AVERY = {
    "L7163": (2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1),
    "L7160": (3, 7, 63.5, 38.1, 7.25, 15.15, 66.0, 38.1),
    "L7651": (5, 13, 38.1, 21.2, 4.75, 10.7, 40.6, 21.2),
}


def labels(count: int, *, in_plan: bool = True, prefix: str = "PCF-2009-") -> LabelsData:
    return LabelsData([LabelItem(f"{prefix}{n:05d}", "PC fixe", "École élémentaire Jean Macé", "0210001A",
                                 "Salle informatique", in_plan) for n in range(1, count + 1)], CityIdentity("Dijon"))


def render(data: LabelsData, **options) -> bytes:
    out = io.BytesIO()
    render_labels(data, out, options=LabelOptions(**options))
    return out.getvalue()


@pytest.mark.parametrize("code", sorted(AVERY))
def test_templates_match_the_manufacturer_figures(code: str) -> None:
    columns, rows, width, height, left, top, pitch_x, pitch_y = AVERY[code]
    sheet = TEMPLATES[code]
    assert (sheet.columns, sheet.rows, sheet.label_width, sheet.label_height) == (columns, rows, width, height)
    assert sheet.per_sheet == columns * rows
    slots = label_positions(sheet, sheet.per_sheet)
    assert [s.position for s in slots] == list(range(1, sheet.per_sheet + 1))
    assert {s.sheet for s in slots} == {0}
    first, last = slots[0], slots[-1]
    assert first.x == pytest.approx(left * mm)
    assert A4_HEIGHT * mm - (first.y + first.height) == pytest.approx(top * mm)
    assert (first.width, first.height) == (pytest.approx(width * mm), pytest.approx(height * mm))
    assert slots[1].x - first.x == pytest.approx(pitch_x * mm)  # next column
    assert first.y - slots[columns].y == pytest.approx(pitch_y * mm)  # next row
    # the sheet is centred: the right and bottom margins equal the left and top ones
    assert A4_WIDTH * mm - (last.x + last.width) == pytest.approx(left * mm)
    assert last.y == pytest.approx(top * mm)


@pytest.mark.parametrize("code", sorted(AVERY))
def test_start_offset_skips_the_used_labels_then_continues_on_a_new_sheet(code: str) -> None:
    sheet = TEMPLATES[code]
    start = sheet.columns + 2  # second row, second column
    slots = label_positions(sheet, sheet.per_sheet, start)
    full = label_positions(sheet, sheet.per_sheet)
    assert slots[0] == full[start - 1]
    assert [s.sheet for s in slots].count(0) == sheet.per_sheet - start + 1
    assert slots[sheet.per_sheet - start + 1].sheet == 1
    assert (slots[sheet.per_sheet - start + 1].x, slots[sheet.per_sheet - start + 1].y) == (full[0].x, full[0].y)


@pytest.mark.parametrize("start", [0, 15, -1])
def test_a_start_outside_the_sheet_is_refused(start: int) -> None:
    with pytest.raises(ReportError, match="entre 1 et 14 sur une planche L7163"):
        label_positions(TEMPLATES["L7163"], 3, start)


@pytest.mark.parametrize("code", sorted(AVERY))
def test_each_number_is_printed_inside_its_label_in_the_pdf(code: str) -> None:
    sheet = TEMPLATES[code]
    start = sheet.columns + 2
    count = sheet.per_sheet - start + 1 + 3  # fills the first sheet, three on the next
    data = labels(count)
    pdf = render(data, template=code, start=start, qr=code != "L7651")
    assert len(reader(pdf).pages) == 2
    slots = label_positions(sheet, count, start)
    for page in (0, 1):
        placed = {p.text: p for p in placed_texts(pdf, page) if p.text.startswith("PCF-")}
        expected = [(item, slot) for item, slot in zip(data.items, slots, strict=True) if slot.sheet == page]
        assert set(placed) == {item.inventory_number for item, _slot in expected}
        for item, slot in expected:
            where = placed[item.inventory_number]
            assert slot.x < where.x < slot.x + slot.width / 2, (item.inventory_number, where, slot)
            assert slot.y + slot.height / 2 < where.y < slot.y + slot.height, (item.inventory_number, where, slot)
    first_page_slots = [s for s in slots if s.sheet == 0]
    assert first_page_slots[0].position == start


@pytest.mark.parametrize("code", sorted(AVERY))
def test_code128_bars_decode_to_the_inventory_number(code: str) -> None:
    pdf = render(labels(1), template=code)
    rectangles = filled_rectangles(pdf)
    height = max(h for *_xy, _w, h in rectangles)
    bars = [(x, w) for x, _y, w, h in rectangles if h == height]
    assert decode_code128(bars) == "PCF-2009-00001"
    module = min(w for _x, w in bars)
    assert module >= 0.17 * mm * 0.999


def test_label_text_says_owner_number_category_room_and_school() -> None:
    text = full_text(render(labels(1), template="L7163", qr=True))
    for expected in ("Ville de Dijon", "PCF-2009-00001", "PC fixe · Salle informatique",
                     "École élémentaire Jean Macé"):
        assert expected in text, expected


def test_hors_plan_labels_say_the_city_does_not_maintain_them() -> None:
    text = full_text(render(labels(1, in_plan=False), template="L7160"))
    assert "Hors plan — non maintenu par la Ville" in text
    assert "Ville de Dijon" not in text
    small = full_text(render(labels(1, in_plan=False), template="L7651", qr=True))
    assert "Hors plan" in small and "…" not in small.split("Hors plan")[1][:3]


def test_qr_only_labels_draw_no_code128_and_keep_the_number() -> None:
    pdf = render(labels(2), template="L7651", code128=False, qr=True)
    assert "PCF-2009-00002" in full_text(pdf)
    assert len(filled_rectangles(pdf)) > 100  # the QR modules


def test_impossible_layouts_are_refused_in_french() -> None:
    with pytest.raises(ReportError, match="Modèle d'étiquettes inconnu « L9999 ». Modèles disponibles"):
        render(labels(1), template="L9999")
    with pytest.raises(ReportError, match="Choisissez au moins un code"):
        render(labels(1), code128=False, qr=False)
    with pytest.raises(ReportError, match="la sélection est vide"):
        render(labels(0))
    with pytest.raises(ReportError, match="ne tient pas sur une étiquette L7651"):
        render(labels(1, prefix="0210001A-SALLE-INFO-"), template="L7651", code128=False, qr=True)
    with pytest.raises(ReportError, match="trop long pour un code-barres lisible sur une étiquette L7651"):
        render(labels(1, prefix="0210001A-PCF-2009-"), template="L7651")
    with pytest.raises(ReportError, match="ne tient pas sur une étiquette L7651 avec deux codes"):
        render(labels(1, prefix="PCF-2009-0"), template="L7651", qr=True)


def test_lowercase_template_names_are_accepted(tmp_path: Path) -> None:
    result = render_labels(labels(20), tmp_path / "etiquettes.pdf", options=LabelOptions(template="l7163"))
    assert (result.pages, result.items) == (2, 20)


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="needs pdftoppm and zbarimg (poppler-utils, zbar-tools)")
@pytest.mark.parametrize("code", sorted(AVERY))
def test_a_scanner_reads_both_codes(tmp_path: Path, code: str) -> None:
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(render(labels(1), template=code, qr=code != "L7651"))
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "label")], check=True)
    output = subprocess.run(["zbarimg", "-q", str(tmp_path / "label.png")], capture_output=True, text=True).stdout
    assert "CODE-128:PCF-2009-00001" in output
    if code != "L7651":
        assert "QR-Code:PCF-2009-00001" in output


# -- the data side ------------------------------------------------------------------------------------------------

def test_labels_for_a_school_a_room_or_a_list(reporting, equipment, demo_db) -> None:
    info = SchoolService(demo_db).list()[1]
    by_school = reporting.labels(school=info.uai)
    live = equipment.list(EquipmentFilter(school_id=info.id, include_retired=False))
    assert sorted(i.inventory_number for i in by_school.items) == sorted(e.inventory_number for e in live)
    assert all(i.school_uai == info.uai for i in by_school.items)
    assert by_school.city.name == "Dijon"
    room = next(e for e in live if e.room_id is not None)
    by_room = reporting.labels(room=room.room_id)
    assert {i.room_name for i in by_room.items} == {room.room_name}
    chosen = [live[2].inventory_number, live[0].inventory_number.lower()]
    by_list = reporting.labels(items=chosen)
    assert [i.inventory_number for i in by_list.items] == [live[2].inventory_number, live[0].inventory_number]
    out_of_plan = equipment.list(EquipmentFilter(in_plan=False))[0]
    assert reporting.labels(items=[out_of_plan.inventory_number]).items[0].in_plan is False


def test_label_selection_errors(reporting) -> None:
    with pytest.raises(NotFoundError, match="Numéros d'inventaire inconnus : XXX-0000-00000"):
        reporting.labels(items=["PCF-2009-00001", "XXX-0000-00000"])
    with pytest.raises(TiceError, match="une seule sélection"):
        reporting.labels(school=1, room=1)
    with pytest.raises(TiceError, match="une seule sélection"):
        reporting.labels()
    with pytest.raises(NotFoundError, match="Aucune salle"):
        reporting.labels(room=99_999)
