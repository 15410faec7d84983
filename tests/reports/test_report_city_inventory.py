"""Inventaire général: city totals that agree with the statistics, one section per school, selections, CSV."""

from __future__ import annotations

import csv
import io

import pytest
from report_support import TODAY, full_text, numbers_in, page_texts, school

from ticeinventory.domain.enums import SchoolType
from ticeinventory.domain.errors import NotFoundError
from ticeinventory.reports import (
    CityInventoryData,
    CountRow,
    ReportError,
    SchoolSection,
    city_totals,
    render_city_inventory,
)
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.schools import SchoolService
from ticeinventory.services.stats import StatsService


def render(data: CityInventoryData) -> bytes:
    out = io.BytesIO()
    render_city_inventory(data, out)
    return out.getvalue()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_city_totals_agree_with_the_statistics(reporting, demo_db) -> None:
    data = reporting.city_inventory(today=TODAY)
    stats = StatsService(demo_db).summary(include_retired=False)
    assert data.totals.total == stats.equipment
    assert data.totals.in_plan == stats.in_plan
    assert data.totals.out_of_plan == stats.out_of_plan
    assert {row.label: row.total for row in data.totals.by_category} == stats.by_category
    assert {row.code: row.count for row in data.totals.by_plan} == {
        code: n for code, n in stats.by_plan.items() if code != "hors_plan"}
    by_type = {row.label: row.total for row in data.totals.by_school_type}
    assert by_type == {(SchoolType(k).label if k != "stock" else "Stock de la ville (non affecté)"): n
                       for k, n in stats.by_school_type.items()}
    assert data.school_count == 12


def test_the_pdf_prints_the_totals_every_school_and_every_item(reporting, equipment, demo_db) -> None:
    data = reporting.city_inventory(today=TODAY)
    pages = page_texts(render(data))
    text = flat("\n".join(pages))
    totals = data.totals
    assert f"Écoles Équipements Plan d'équipement Hors plan Part hors plan 12 {totals.total} {totals.in_plan} " \
           f"{totals.out_of_plan}" in text
    assert "Totaux par catégorie" in text and "Totaux par type d'école et par plan" in text
    assert f"Hors plan — non maintenu par la Ville {totals.out_of_plan}" in text
    for plan in totals.by_plan:
        assert plan.code in text
    for info in SchoolService(demo_db).list():
        assert f"{info.name} — {info.uai}" in text
    live = {e.inventory_number for e in equipment.list(EquipmentFilter(include_retired=False))}
    assert set(numbers_in(text)) == live
    assert "Stock de la ville (non affecté)" in text
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page


def test_each_school_section_starts_a_page_with_its_name_in_the_running_header(reporting) -> None:
    data = reporting.city_inventory(today=TODAY)
    pages = page_texts(render(data))
    for section in data.sections:
        starts = [text for text in pages if text.count(section.title) >= 2]  # heading + running header
        assert starts, section.title


def test_a_selection_of_schools(reporting, demo_db) -> None:
    chosen = SchoolService(demo_db).list()[:2]
    data = reporting.city_inventory([chosen[0].uai.lower(), chosen[1].id], today=TODAY)
    assert [s.school.id for s in data.sections] == [chosen[0].id, chosen[1].id]
    assert not data.all_schools
    text = flat(full_text(render(data)))
    assert "Sélection de 2 écoles" in text
    assert "Stock de la ville" not in text
    assert data.totals.total == sum(s.total for s in data.sections)
    with pytest.raises(NotFoundError, match="0219999Z"):
        reporting.city_inventory([chosen[0].id, "0219999Z"])
    with pytest.raises(NotFoundError, match="identifiant 99999"):
        reporting.city_inventory([99_999])


def test_summary_only_lists_no_items(reporting) -> None:
    detailed = render(reporting.city_inventory(today=TODAY))
    summary_data = reporting.city_inventory(detail=False, today=TODAY)
    summary = render(summary_data)
    assert not numbers_in(full_text(summary))
    assert len(page_texts(summary)) < len(page_texts(detailed))
    assert all(not section.items for section in summary_data.sections)
    with pytest.raises(ReportError, match="détail des équipements"):
        render_city_inventory(summary_data, io.BytesIO(), fmt="csv")


def test_hors_plan_items_are_marked_in_the_school_detail(reporting, equipment) -> None:
    text = full_text(render(reporting.city_inventory(today=TODAY)))
    out_of_plan = [e for e in equipment.list(EquipmentFilter(in_plan=False, include_retired=False))]
    assert out_of_plan
    for entry in out_of_plan:
        after = text[text.index(entry.inventory_number):][:200]
        assert "Hors plan" in after and entry.funding_origin.label.split()[0] in after


def test_csv_lists_every_item_with_its_school(reporting, tmp_path, equipment) -> None:
    target = tmp_path / "inventaire.csv"
    result = render_city_inventory(reporting.city_inventory(today=TODAY), target)
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig")), delimiter=";"))
    live = equipment.list(EquipmentFilter(include_retired=False))
    assert result.items == len(rows) - 1 == len(live)
    assert {row[3]: row[0] for row in rows[1:]} == {e.inventory_number: e.school_uai or "" for e in live}


def test_city_totals_from_hand_made_sections() -> None:
    maternelle = school(id=2, uai="0210002B", name="École maternelle Colette", type=SchoolType.MATERNELLE)
    sections = [
        SchoolSection(school(), (CountRow("PC fixe", 14, 1), CountRow("Écran", 13, 0)),
                      (("DIJON-2009", 27), (None, 1))),
        SchoolSection(maternelle, (CountRow("PC portable", 1, 0), CountRow("Tablette", 0, 2)),
                      (("DIJON-2015-AV2", 1), (None, 2))),
        SchoolSection(None, (CountRow("Tablette", 14, 0),), (("DIJON-2015-AV2", 14),)),
    ]
    totals = city_totals(sections, {"DIJON-2009": "Plan initial"})
    assert [(r.label, r.in_plan, r.out_of_plan) for r in totals.by_category] == [
        ("Écran", 13, 0), ("PC fixe", 14, 1), ("PC portable", 1, 0), ("Tablette", 14, 2)]
    assert [(r.label, r.schools, r.in_plan, r.out_of_plan) for r in totals.by_school_type] == [
        ("École maternelle", 1, 1, 2), ("École élémentaire", 1, 27, 1), ("Stock de la ville (non affecté)", 0, 14, 0)]
    assert [(p.code, p.title, p.count) for p in totals.by_plan] == [("DIJON-2009", "Plan initial", 27),
                                                                    ("DIJON-2015-AV2", "", 15)]
    assert (totals.in_plan, totals.out_of_plan, totals.total) == (42, 3, 45)
    data = CityInventoryData(sections, totals, TODAY, detail=False)
    text = flat(full_text(render(data)))
    assert "Toutes les écoles (2 écoles)" in text
    assert "Tablette 14 2 16" in text


def test_the_whole_city_is_read_in_a_few_queries(reporting, demo_db) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(demo_db.engine, "before_cursor_execute", count)
    try:
        data = reporting.city_inventory(today=TODAY)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", count)
    assert sum(len(section.items) for section in data.sections) > 300
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 6, statements
