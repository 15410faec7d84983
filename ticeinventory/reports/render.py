"""One call per document: plain data and an output in, the written PDF or CSV out."""

from __future__ import annotations

from ticeinventory.domain.i18n import _

from . import csv_export
from .base import Format, Output, RenderResult, ReportError, ReportOptions, opened, output_format
from .city_inventory import CityInventoryRenderer
from .data import CityInventoryData, InterventionSlipData, InventorySheetData
from .intervention_slip import InterventionSlipRenderer
from .inventory_sheet import InventorySheetRenderer


def render_inventory_sheet(data: InventorySheetData, out: Output, *, options: ReportOptions | None = None,
                           fmt: Format | None = None) -> RenderResult:
    """Fiche d'inventaire de l'école, as PDF (default) or CSV (``fmt="csv"`` or a ``.csv`` file name)."""
    kind = output_format(out, fmt)
    with opened(out) as stream:
        if kind == "csv":
            return RenderResult("csv", 0, csv_export.write_inventory_csv(data, stream))
        pages = InventorySheetRenderer(data, options).render(stream)
    return RenderResult("pdf", pages, len(data.items))


def render_city_inventory(data: CityInventoryData, out: Output, *, options: ReportOptions | None = None,
                          fmt: Format | None = None) -> RenderResult:
    """Inventaire général (steering committee), as PDF or CSV (CSV: one line per item, needs ``data.detail``)."""
    kind = output_format(out, fmt)
    items = sum(len(section.items) for section in data.sections)
    if kind == "csv" and not data.detail:
        raise ReportError(_("L'export CSV de l'inventaire général liste chaque équipement : préparez-le avec le "
                            "détail des équipements."))
    with opened(out) as stream:
        if kind == "csv":
            return RenderResult("csv", 0, csv_export.write_city_csv(data, stream))
        pages = CityInventoryRenderer(data, options).render(stream)
    return RenderResult("pdf", pages, items if data.detail else data.totals.total)


def render_intervention_slip(data: InterventionSlipData, out: Output, *,
                             options: ReportOptions | None = None) -> RenderResult:
    """Bon d'intervention (PDF)."""
    with opened(out) as stream:
        pages = InterventionSlipRenderer(data, options).render(stream)
    return RenderResult("pdf", pages, 1)


