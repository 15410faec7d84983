"""Printed documents: a 5 000-item school inventory and the whole demo city, beside bare ReportLab.

The baseline builds the same rows (same strings, same embedded font, same column widths) in one plain
``LongTable`` with a repeated header, in the same run. The ratio compares rendering only; reading the
data from the database is timed on its own line. Peak memory is measured with tracemalloc in a separate run
(tracing slows the code down, so it is not mixed with the timings).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import peak_rss_mb, row, timed  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from ticeinventory.db import models as m  # noqa: E402
from ticeinventory.domain.enums import AuditSource, EquipmentStatus  # noqa: E402
from ticeinventory.domain.validation import format_date  # noqa: E402
from ticeinventory.reports import (  # noqa: E402
    CityInventoryData,
    InventorySheetData,
    ItemRow,
    fonts,  # noqa: E402
    render_city_inventory,
    render_inventory_sheet,
)
from ticeinventory.services.app import open_services  # noqa: E402
from ticeinventory.services.reporting import ReportingService  # noqa: E402

TODAY = date(2026, 9, 1)
BIG_UAI = "0219990H"


def add_big_school(services, items: int) -> int:
    """A school of ``items`` items in 25 rooms, 5 % hors plan, inserted in bulk (the benchmark is not about
    creating equipment)."""
    rng = random.Random(5000)
    with services.db.writing(services.actor) as session:
        school = m.School(uai=BIG_UAI, name="Groupe scolaire de démonstration — 5 000 équipements",
                          type="primaire", address="1 place de la Libération", postcode="21000", commune="Dijon",
                          circonscription="Dijon Centre", holiday_zone="Zone A", director_name="Émilie Guérin",
                          phone="03 80 00 00 00", email="ce.0219990h@ac-dijon.fr", active=True, notes="")
        session.add(school)
        session.flush()
        rooms = [m.Room(school_id=school.id, name=f"Salle {n:02d}", kind="classe", notes="") for n in range(25)]
        session.add_all(rooms)
        session.flush()
        categories = list(session.scalars(select(m.Category.id)))
        plan = session.scalar(select(m.Plan).where(m.Plan.code == "DIJON-2009"))
        phase = plan.phases[0]
        rows = []
        for n in range(items):
            out_of_plan = n % 20 == 7
            rows.append(dict(
                inventory_number=f"BEN-2024-{n:05d}", category_id=rng.choice(categories), manufacturer="Dell",
                model=rng.choice(["OptiPlex 7010", "Latitude 5540", "P2422H 24\""]),
                serial_number=f"SN{rng.randint(0, 10**9):09d}", school_id=school.id, room_id=rng.choice(rooms).id,
                status=rng.choice([EquipmentStatus.EN_SERVICE.value] * 18 + [EquipmentStatus.EN_PANNE.value]),
                plan_id=None if out_of_plan else plan.id, phase_id=None if out_of_plan else phase.id,
                funding_origin="don" if out_of_plan else None, acquisition_date=date(2024, 1 + n % 12, 1 + n % 28),
                supplier="", order_reference="", network_name="", mac_address="", ip_address="", notes="",
                retirement_reason=""))
        session.execute(insert(m.Equipment), rows)
        return school.id


def bare_rows(items: list[ItemRow], school: str | None = None) -> list[list[str]]:
    labels = {status: status.label for status in EquipmentStatus}
    return [[i.inventory_number, i.category_label, i.model_text, i.serial_number, format_date(i.acquisition_date),
             i.plan_code or (i.funding_origin.label if i.funding_origin else ""), labels[i.status]]
            + ([school] if school is not None else []) for i in items]


def bare_longtable(rows: list[list[str]]) -> Callable[[], int]:
    """Bare ReportLab: the same rows in one LongTable, header repeated, same font and widths."""
    fonts.register_fonts()
    header = ["N° d'inventaire", "Catégorie", "Fabricant et modèle", "N° de série", "Acquis le", "Plan / origine",
              "Statut"] + (["École"] if len(rows[0]) > 7 else [])
    widths = [24, 25, 33, 22, 17, 40, 19] if len(header) == 7 else [22, 22, 28, 20, 16, 28, 17, 27]

    def build() -> int:
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=19 * mm,
                                bottomMargin=16 * mm)
        table = LongTable([header] + rows, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.CONDENSED, 7.6, 9.2),
                                   ("FONT", (0, 0), (-1, 0), fonts.CONDENSED_BOLD, 7.6, 9.2),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#D3D9E0")]))
        doc.build([table])
        return len(out.getvalue())

    return build


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def report(label: str, ours: Callable[[], object], bare: Callable[[], object], repeat: int) -> None:
    ours_times, bare_times = timed(ours, repeat), timed(bare, repeat)
    print(row(label, ours_times, bare_times))
    print(f"{'':<38} mémoire de pointe (tracemalloc) : ours {peak_mb(ours):6.1f} Mo   bare {peak_mb(bare):6.1f} Mo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=5000, help="items of the big school (default 5000)")
    parser.add_argument("--schools", type=int, default=60, help="schools of the demo city (default 60)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        services = open_services(path, AuditSource.SYSTEM, user="bench")
        built = services.demo.build(args.schools, 2009)
        services.settings.set("city_name", "Dijon")
        big = add_big_school(services, args.items)
        reporting = ReportingService(services.db)
        print(f"base : ville de démonstration de {built.schools} écoles ({built.equipment} équipements) "
              f"+ une école de {args.items} équipements")

        start = time.perf_counter()
        sheet: InventorySheetData = reporting.inventory_sheet(big, today=TODAY)
        print(f"lecture fiche {args.items} équipements : {(time.perf_counter() - start) * 1000:8.1f} ms")
        pages = render_inventory_sheet(sheet, io.BytesIO()).pages
        print(f"fiche d'inventaire : {pages} pages")
        report(f"fiche d'inventaire ({len(sheet.items)} équip.)",
               lambda: render_inventory_sheet(sheet, io.BytesIO()), bare_longtable(bare_rows(list(sheet.items))),
               args.repeat)

        start = time.perf_counter()
        city: CityInventoryData = reporting.city_inventory(today=TODAY)
        print(f"lecture inventaire général : {(time.perf_counter() - start) * 1000:8.1f} ms")
        pages = render_city_inventory(city, io.BytesIO()).pages
        rows = [r for section in city.sections
                for r in bare_rows(list(section.items), section.school.uai if section.school else "")]
        print(f"inventaire général : {len(rows)} équipements, {len(city.sections)} sections, {pages} pages")
        report("inventaire général (ville entière)", lambda: render_city_inventory(city, io.BytesIO()),
               bare_longtable(rows), args.repeat)

        start = time.perf_counter()
        reporting.inventory_sheet(big, today=TODAY)
        render_inventory_sheet(reporting.inventory_sheet(big, today=TODAY), io.BytesIO())
        print(f"fiche de bout en bout (lecture + PDF) : {(time.perf_counter() - start) * 1000:8.1f} ms")
        services.close()
    print(f"mémoire maximale du processus : {peak_rss_mb():.0f} Mo")


if __name__ == "__main__":
    main()
