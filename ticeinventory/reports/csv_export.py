"""The tabular reports as CSV for a spreadsheet: ``;`` separated, UTF-8 with a BOM (what French Excel opens
with its accents right), dates dd/mm/yyyy, one line per item."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from ticeinventory.domain.i18n import _
from ticeinventory.domain.records import SchoolInfo
from ticeinventory.domain.validation import format_date

from .data import CityInventoryData, InventorySheetData, ItemRow, group_by_room
from .tables import status_labels


def headers() -> list[str]:
    return [_("UAI"), _("École"), _("Salle"), _("N° d'inventaire"), _("Catégorie"), _("Fabricant"), _("Modèle"),
            _("N° de série"), _("Date d'acquisition"), _("Plan"), _("Phase"), _("Origine (hors plan)"),
            _("Maintenu par la Ville"), _("Statut")]


def _rows(school: SchoolInfo | None, items: Sequence[ItemRow]) -> Iterable[list[str]]:
    labels = status_labels()
    yes, no = _("oui"), _("non — hors plan")
    uai = school.uai if school else ""
    name = school.name if school else _("Stock de la ville (non affecté)")
    for room, room_items in group_by_room(items):
        for item in room_items:
            yield [uai, name, room or "", item.inventory_number, item.category_label, item.manufacturer, item.model,
                   item.serial_number, format_date(item.acquisition_date), item.plan_code or "",
                   item.phase_name or "", item.funding_origin.label if item.funding_origin else "",
                   yes if item.in_plan else no, labels[item.status]]


def _write(stream: BinaryIO, rows: Iterable[list[str]]) -> int:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
        writer.writerow(headers())
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        text.flush()
        return count
    finally:
        text.detach()  # leave the caller's stream open


def write_inventory_csv(data: InventorySheetData, stream: BinaryIO) -> int:
    """One line per item of the school; returns the number of items written."""
    return _write(stream, _rows(data.school, data.items))


def write_city_csv(data: CityInventoryData, stream: BinaryIO) -> int:
    """One line per item of every school of the selection (the detail must have been loaded)."""
    return _write(stream, (row for section in data.sections for row in _rows(section.school, section.items)))
