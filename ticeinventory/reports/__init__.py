"""Printed documents (ReportLab). Plain data in (:mod:`.data`), PDF or CSV out; no database, no Qt.

Front ends take the data from ``ticeinventory.services.reporting.ReportingService`` and call:

- :func:`render_inventory_sheet` — Fiche d'inventaire de l'école (PDF, or CSV for a ``.csv`` name);
- :func:`render_all_sheets` — one sheet per school into a folder, with ``progress(done, total)`` / cancel;
- :func:`render_city_inventory` — Inventaire général for the steering committee (PDF or CSV);
- :func:`render_intervention_slip` — Bon d'intervention;
- :func:`render_labels` — asset labels on Avery L7163 / L7160 / L7651 sheets.

``out`` is a file path (written beside and renamed at the end) or a writable binary stream (a ``BytesIO``
for a preview). Errors meant for the user are :class:`ReportError` (a ``TiceError``) with a French message.
"""

from __future__ import annotations

from .base import Format, Output, RenderResult, ReportError, ReportOptions, output_format
from .batch import BatchResult, Progress, render_all_sheets, sheet_file_name
from .data import (
    CityIdentity,
    CityInventoryData,
    CityTotals,
    CountRow,
    InterventionSlipData,
    InventorySheetData,
    ItemRow,
    LabelItem,
    LabelsData,
    PlanCount,
    SchoolSection,
    SlipEquipment,
    SlipIncident,
    SlipPart,
    SlipSchool,
    TypeCount,
    city_totals,
    count_by_category,
)
from .labels import TEMPLATES, LabelOptions, LabelSlot, LabelTemplate, label_positions, render_labels
from .render import render_city_inventory, render_intervention_slip, render_inventory_sheet

__all__ = [
    "TEMPLATES", "BatchResult", "CityIdentity", "CityInventoryData", "CityTotals", "CountRow", "Format",
    "InterventionSlipData", "InventorySheetData", "ItemRow", "LabelItem", "LabelOptions", "LabelSlot",
    "LabelTemplate", "LabelsData", "Output", "PlanCount", "Progress", "RenderResult", "ReportError",
    "ReportOptions", "SchoolSection", "SlipEquipment", "SlipIncident", "SlipPart", "SlipSchool", "TypeCount",
    "city_totals", "count_by_category", "label_positions", "output_format", "render_all_sheets",
    "render_city_inventory", "render_intervention_slip", "render_inventory_sheet", "render_labels",
    "sheet_file_name",
]
