"""Equipment tables: one row per item, header (and room title) repeated on every page, nothing overflowing.

Cells hold plain strings pre-wrapped to their column (see :mod:`.text`), not Paragraphs: a 5 000-item
inventory then costs about what a bare ReportLab ``LongTable`` costs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128Auto
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, TableStyle

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.i18n import _
from ticeinventory.domain.validation import format_date

from . import fonts, styles
from .data import ItemRow
from .text import ellipsize, wrap

CELL_PADDING = 3  # points, left and right (styles.grid_style)
MIN_MODULE = 0.17 * mm  # narrowest Code 128 bar a common laser printer and scanner handle
MAX_MODULE = 0.33 * mm
QUIET_MODULES = 10
_CALM_STATUSES = {EquipmentStatus.EN_SERVICE, EquipmentStatus.EN_STOCK, EquipmentStatus.PRETE}


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # points
    value: Callable[[ItemRow], str]
    max_lines: int = 2


def status_labels() -> dict[EquipmentStatus, str]:
    return {status: status.label for status in EquipmentStatus}


def plan_text(item: ItemRow) -> str:
    """``DIJON-2009`` over its phase for an item of the plan; the origin for a hors plan one."""
    if item.in_plan:
        return f"{item.plan_code}\n{item.phase_name}" if item.phase_name else item.plan_code or ""
    return item.funding_origin.label if item.funding_origin else _("Origine inconnue")


def plan_or_origin_text(item: ItemRow) -> str:
    """For tables mixing both: ``Hors plan`` said first, then the origin."""
    if item.in_plan:
        return plan_text(item)
    return _("Hors plan") + "\n" + plan_text(item)


def number_column(width: float) -> Column:
    return Column(_("N° d'inventaire"), width, lambda i: i.inventory_number, max_lines=3)


def category_column(width: float) -> Column:
    return Column(_("Catégorie"), width, lambda i: i.category_label, max_lines=3)


def model_column(width: float) -> Column:
    return Column(_("Fabricant et modèle"), width, lambda i: i.model_text, max_lines=3)


def serial_column(width: float) -> Column:
    return Column(_("N° de série"), width, lambda i: i.serial_number, max_lines=3)


def date_column(width: float) -> Column:
    return Column(_("Acquis le"), width, lambda i: format_date(i.acquisition_date), max_lines=1)


def room_column(width: float) -> Column:
    return Column(_("Salle"), width, lambda i: i.room_name or _("Sans salle"))


def status_column(width: float, labels: dict[EquipmentStatus, str]) -> Column:
    return Column(_("Statut"), width, lambda i: labels[i.status])


class NumberWithBarcode(Flowable):
    """An inventory number over its Code 128, sized to its cell, with the quiet zones the standard asks for."""

    bar_height = 6 * mm

    def __init__(self, number: str, width: float) -> None:
        super().__init__()
        self.number = number
        probe = Code128Auto(number, barWidth=1, quiet=0)
        modules = probe.width
        module = min(MAX_MODULE, width / (modules + 2 * QUIET_MODULES))
        self.barcode = None
        if module >= MIN_MODULE * 0.999:
            self.barcode = Code128Auto(number, barWidth=module, quiet=0, barHeight=self.bar_height)
            self.quiet = QUIET_MODULES * module
        self.width = width
        self.height = styles.TABLE_LEADING + (self.bar_height + 1.2 * mm if self.barcode else 0)

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(fonts.CONDENSED, styles.TABLE_FONT_SIZE)
        canvas.drawString(0, self.height - styles.TABLE_FONT_SIZE,
                          ellipsize(self.number, fonts.CONDENSED, styles.TABLE_FONT_SIZE, self.width))
        if self.barcode is not None:
            canvas.setFillColor(colors.black)
            self.barcode.drawOn(canvas, self.quiet, 0)


class ContinuedTable(LongTable):
    """A table whose spanning title row reads « … (suite) » on the pages after the first, and that never leaves
    a single row alone: neither under its headers at the foot of a page, nor at the top of the next one."""

    continued_title: str | None = None

    def split(self, available_width, available_height):
        parts = super().split(available_width, available_height)
        if len(parts) == 2:
            headers = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
            kept = len(parts[0]._cellvalues) - headers
            rest = len(parts[1]._cellvalues) - headers
            if kept == 1 and rest > 1:
                return []  # headers and one row at the foot of the page: start the table on the next one
            if rest == 1 and kept > 2:  # one row alone on the next page: let another one go with it
                last_kept = len(parts[0]._cellvalues) - 1
                parts = super().split(available_width, available_height - self._rowHeights[last_kept])
        if self.continued_title and len(parts) > 1:
            for part in parts[1:]:
                part._cellvalues[0] = [self.continued_title] + list(part._cellvalues[0][1:])
                part.continued_title = self.continued_title
        return parts


def item_table(items: Sequence[ItemRow], columns: Sequence[Column], *, title: str | None = None,
               barcodes: bool = False, mark_out_of_plan: bool = False,
               status_column_index: int | None = None) -> LongTable:
    """A table of ``items``: an optional spanning ``title`` row, the column headers, one row per item.

    ``barcodes`` puts a Code 128 under each number (first column); ``mark_out_of_plan`` tints hors plan rows.
    """
    font, size = fonts.CONDENSED, styles.TABLE_FONT_SIZE
    header_rows = 2 if title else 1
    data: list[list] = []
    if title:
        title = wrap(title, fonts.BOLD, 8.5, sum(c.width for c in columns) - 2 * CELL_PADDING, 2)
        data.append([title] + [""] * (len(columns) - 1))
    data.append([wrap(c.header, fonts.CONDENSED_BOLD, size, c.width - 2 * CELL_PADDING) for c in columns])
    inner = [(c.value, c.width - 2 * CELL_PADDING, c.max_lines) for c in columns]
    commands = styles.grid_style(header_rows=header_rows)
    if title:
        commands += [
            ("SPAN", (0, 0), (-1, 0)),
            ("FONT", (0, 0), (-1, 0), fonts.BOLD, 8.5, 11),
            ("BACKGROUND", (0, 0), (-1, 0), styles.ROOM_BG),
            ("TEXTCOLOR", (0, 0), (-1, 0), styles.ACCENT),
            ("TOPPADDING", (0, 0), (-1, 0), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ]
    for index, item in enumerate(items, start=header_rows):
        row = [wrap(value(item), font, size, width, lines) for value, width, lines in inner]
        if barcodes:
            row[0] = NumberWithBarcode(item.inventory_number, inner[0][1])
        data.append(row)
        if mark_out_of_plan and not item.in_plan:
            commands.append(("BACKGROUND", (0, index), (-1, index), styles.OUT_BG))
            commands.append(("TEXTCOLOR", (0, index), (-1, index), styles.OUT_INK))
        if status_column_index is not None and item.status not in _CALM_STATUSES:
            commands.append(("TEXTCOLOR", (status_column_index, index), (status_column_index, index),
                             styles.ALERT_INK))
    table = ContinuedTable(data, colWidths=[c.width for c in columns], repeatRows=header_rows, hAlign="LEFT")
    if title:
        table.continued_title = _("{title} (suite)").format(title=title)
    table.setStyle(TableStyle(commands))
    return table
