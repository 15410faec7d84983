"""Étiquettes: asset labels on standard A4 sheets (Avery / Zweckform), starting anywhere on a used sheet.

The geometry is a pure function (:func:`label_positions`), checked against the manufacturers' figures; the
drawing uses the canvas directly so that every label lands exactly on its die-cut rectangle.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128Auto
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ticeinventory.domain.i18n import _

from . import fonts, styles
from .base import CREATOR, Output, RenderResult, ReportError, opened
from .data import CityIdentity, LabelItem, LabelsData
from .tables import MAX_MODULE, MIN_MODULE, QUIET_MODULES
from .text import ellipsize


@dataclass(frozen=True)
class LabelTemplate:
    """A sheet of labels, in millimetres as the manufacturer gives them (A4 portrait)."""

    code: str
    columns: int
    rows: int
    label_width: float
    label_height: float
    left_margin: float  # from the sheet's left edge to the first column
    top_margin: float  # from the sheet's top edge to the first row
    horizontal_pitch: float  # from one column's left edge to the next one's
    vertical_pitch: float
    padding: float = 2.0

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def description(self) -> str:
        size = f"{self.label_width:g} × {self.label_height:g} mm".replace(".", ",")
        return _("{code} : {n} étiquettes de {size} ({cols} × {rows})").format(
            code=self.code, n=self.per_sheet, size=size, cols=self.columns, rows=self.rows)

    def rectangle(self, index: int) -> tuple[float, float, float, float]:
        """``(x, y, width, height)`` in points, PDF coordinates (origin bottom-left), of the label at 0-based
        ``index`` on a sheet, counted left to right then top to bottom."""
        row, column = divmod(index, self.columns)
        x = (self.left_margin + column * self.horizontal_pitch) * mm
        top = (self.top_margin + row * self.vertical_pitch) * mm
        y = A4[1] - top - self.label_height * mm
        return x, y, self.label_width * mm, self.label_height * mm


TEMPLATES: dict[str, LabelTemplate] = {
    "L7163": LabelTemplate("L7163", 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1),
    "L7160": LabelTemplate("L7160", 3, 7, 63.5, 38.1, 7.25, 15.15, 66.0, 38.1),
    "L7651": LabelTemplate("L7651", 5, 13, 38.1, 21.2, 4.75, 10.7, 40.6, 21.2, padding=1.5),
}


@dataclass(frozen=True)
class LabelOptions:
    template: str = "L7163"
    start: int = 1  # first free position on the first sheet, 1 = top left, counted along the rows
    code128: bool = True
    qr: bool = False
    outline: bool = False  # draw each label's edge: for a test print on plain paper


@dataclass(frozen=True)
class LabelSlot:
    sheet: int  # 0-based
    position: int  # 1-based on its sheet
    x: float
    y: float
    width: float
    height: float


def template(code: str) -> LabelTemplate:
    try:
        return TEMPLATES[code.strip().upper()]
    except KeyError:
        raise ReportError(_("Modèle d'étiquettes inconnu « {code} ». Modèles disponibles : {codes}.").format(
            code=code, codes=", ".join(TEMPLATES))) from None


def label_positions(sheet: LabelTemplate, count: int, start: int = 1) -> list[LabelSlot]:
    """Where ``count`` labels go, the first at position ``start`` (1-based) of the first sheet."""
    if not 1 <= start <= sheet.per_sheet:
        raise ReportError(_("La position de départ doit être comprise entre 1 et {n} sur une planche {code}.")
                          .format(n=sheet.per_sheet, code=sheet.code))
    slots = []
    for offset in range(start - 1, start - 1 + count):
        page, index = divmod(offset, sheet.per_sheet)
        slots.append(LabelSlot(page, index + 1, *sheet.rectangle(index)))
    return slots


def code128_module(value: str, width: float) -> float:
    """The bar width that spreads ``value``'s Code 128 and its two quiet zones over ``width`` points."""
    modules = Code128Auto(value, barWidth=1, quiet=0).width
    return min(MAX_MODULE, width / (modules + 2 * QUIET_MODULES))


class _LabelPainter:
    """Draws one label's content inside its rectangle.

    Text top left; a QR code on the right; the Code 128 under the text, or across the whole label when
    beside the QR code its bars would be thinner than a common scanner reads well.
    """

    comfortable_module = 0.19 * mm  # ReportLab's default X dimension (7.5 mil)
    gap = 2 * mm
    bar_inset = 0.6 * mm
    min_qr = 10 * mm  # a version 1–2 QR code stays easy to read at this size

    def __init__(self, sheet: LabelTemplate, options: LabelOptions, city: CityIdentity) -> None:
        self.sheet = sheet
        self.options = options
        self.owner = city.title or _("Matériel TICE de la Ville")
        self.out_of_plan = _("Hors plan — non maintenu par la Ville")
        self.out_of_plan_short = _("Hors plan")
        small = sheet.label_height < 30
        self.number_sizes = (8.5, 8, 7.5, 7, 6.5) if small else (12, 11, 10, 9, 8)
        self.text_size = 5.6 if small else 7.2
        self.min_bar = 4.5 * mm if small else 6 * mm
        self.max_bar = 7 * mm if small else 11 * mm

    def paint(self, canvas: Canvas, slot: LabelSlot, item: LabelItem) -> None:
        pad = self.sheet.padding * mm
        x0, y0 = slot.x + pad, slot.y + pad
        width, height = slot.width - 2 * pad, slot.height - 2 * pad
        # the bars' own quiet zones keep them off the edge: they may use the side padding
        bars_x, extra = slot.x + self.bar_inset, pad - self.bar_inset
        number = item.inventory_number
        text_width, text_bottom = width, y0
        if self.options.qr and self.options.code128:
            side = min(height, width * 0.42)
            beside = width - side - self.gap
            if code128_module(number, beside + extra) >= self.comfortable_module:  # under the text, beside the QR
                self._qr(canvas, number, x0 + width - side, y0 + (height - side) / 2, side)
                text_width = beside
            else:  # bars across the label's bottom, the QR above them on the right
                bar = self.min_bar
                self._code128(canvas, number, bars_x, y0, width + 2 * extra, bar)
                side = min(height - bar - self.gap, width * 0.42)
                self._qr(canvas, number, x0 + width - side, y0 + height - side, side)
                text_width, text_bottom = width - side - self.gap, y0 + bar + self.gap
                self._text(canvas, item, x0, text_bottom, text_width, y0 + height, reserve=0)
                return
        elif self.options.qr:
            # as large as the label allows, yet never so large that the number would have to shrink away
            needed = stringWidth(number, fonts.BOLD, self.number_sizes[-1])
            side = max(self.min_qr, min(height, width * 0.42, width - self.gap - needed))
            self._qr(canvas, number, x0 + width - side, y0 + (height - side) / 2, side)
            text_width = width - side - self.gap
        reserve = self.min_bar + 1 * mm if self.options.code128 else 0
        used_to = self._text(canvas, item, x0, text_bottom, text_width, y0 + height, reserve=reserve)
        if self.options.code128:
            bars_width = text_width + extra + (extra if not self.options.qr else 0)
            self._code128(canvas, number, bars_x, y0, bars_width, min(self.max_bar, used_to - y0 - 1 * mm))

    def _text(self, canvas: Canvas, item: LabelItem, x: float, bottom: float, width: float, top: float, *,
              reserve: float) -> float:
        """Draw the text lines that fit between ``top`` and ``bottom + reserve``; returns where they end."""
        lines = self._lines(item, width, top - bottom - reserve)
        for text, font, size, color in lines:
            top -= size * 1.18
            canvas.setFont(font, size)
            canvas.setFillColor(color)
            canvas.drawString(x, top + size * 0.18, text)
        return top

    def _lines(self, item: LabelItem, width: float, height: float) -> list[tuple[str, str, float, object]]:
        """Text lines by priority (number, owner, school, category and room) while there is room; the number
        is never cut: its size shrinks until it fits, else the label is refused."""
        size = self.text_size
        number_size = next((s for s in self.number_sizes
                            if stringWidth(item.inventory_number, fonts.BOLD, s) <= width), None)
        if number_size is None or number_size * 1.18 > height:
            if self.options.qr and self.options.code128:
                message = _("Le numéro « {number} » ne tient pas sur une étiquette {code} avec deux codes : "
                            "choisissez un seul code (Code 128 ou QR) ou un modèle d'étiquettes plus grand.")
            else:
                message = _("Le numéro « {number} » ne tient pas sur une étiquette {code} : choisissez un modèle "
                            "d'étiquettes plus grand.")
            raise ReportError(message.format(number=item.inventory_number, code=self.sheet.code))
        where = " · ".join(part for part in (item.category_label, item.room_name) if part)
        if item.in_plan:
            owner = (self.owner, fonts.CONDENSED, size, styles.MUTED)
        else:  # the whole warning when it fits, else its first words
            warning = self.out_of_plan if stringWidth(self.out_of_plan, fonts.CONDENSED_BOLD, size) <= width \
                else self.out_of_plan_short
            owner = (warning, fonts.CONDENSED_BOLD, size, styles.OUT_INK)
        candidates = [
            (1, (item.inventory_number, fonts.BOLD, number_size, styles.INK)),
            (0, owner),
            (3, (item.school_name, fonts.CONDENSED, size, styles.INK)),
            (2, (where, fonts.CONDENSED, size, styles.INK)),
        ]
        chosen: list[tuple[int, tuple]] = []
        used = 0.0
        for order, (text, font, line_size, color) in candidates:
            if not text:
                continue
            if used + line_size * 1.18 > height:
                break
            used += line_size * 1.18
            chosen.append((order, (ellipsize(text, font, line_size, width), font, line_size, color)))
        return [line for _order, line in sorted(chosen, key=lambda pair: pair[0])]

    @staticmethod
    def _qr(canvas: Canvas, value: str, x: float, y: float, side: float) -> None:
        canvas.setFillColor(colors.black)
        QrCode(value, width=side, height=side, qrBorder=2, qrLevel="M").drawOn(canvas, x, y)

    def _code128(self, canvas: Canvas, value: str, x: float, y: float, width: float, height: float) -> None:
        module = code128_module(value, width)
        if module < MIN_MODULE * 0.999 or height < self.min_bar * 0.8:
            raise ReportError(_(
                "Le numéro « {number} » est trop long pour un code-barres lisible sur une étiquette {code} : "
                "choisissez le QR code seul ou un modèle d'étiquettes plus grand.").format(
                number=value, code=self.sheet.code))
        canvas.setFillColor(colors.black)
        Code128Auto(value, barWidth=module, barHeight=height, quiet=0).drawOn(canvas, x + QUIET_MODULES * module, y)


def render_labels(data: LabelsData, out: Output, *, options: LabelOptions | None = None) -> RenderResult:
    """Labels for ``data.items`` (in order) on A4 sheets of ``options.template``, from ``options.start``."""
    options = options or LabelOptions()
    sheet = template(options.template)
    if not (options.code128 or options.qr):
        raise ReportError(_("Choisissez au moins un code pour les étiquettes : Code 128, QR code ou les deux."))
    if not data.items:
        raise ReportError(_("Aucun équipement à étiqueter : la sélection est vide."))
    slots = label_positions(sheet, len(data.items), options.start)
    fonts.register_fonts()
    painter = _LabelPainter(sheet, options, data.city)
    with opened(out) as stream:
        canvas = Canvas(stream, pagesize=A4, lang="fr-FR")
        canvas.setTitle(_("Étiquettes d'inventaire ({code})").format(code=sheet.code))
        canvas.setAuthor(data.city.title or CREATOR)
        canvas.setCreator(CREATOR)
        canvas.setProducer(CREATOR)
        current = 0
        for slot, item in zip(slots, data.items, strict=True):
            if slot.sheet != current:
                canvas.showPage()
                current = slot.sheet
            if options.outline:
                canvas.setStrokeColor(styles.LIGHT_RULE)
                canvas.setLineWidth(0.3)
                canvas.roundRect(slot.x, slot.y, slot.width, slot.height, 1.5 * mm, stroke=1, fill=0)
            painter.paint(canvas, slot, item)
        canvas.showPage()
        canvas.save()
    return RenderResult("pdf", slots[-1].sheet + 1, len(data.items))
