"""Building blocks shared by the documents: letterhead, key/value boxes, count tables, signature boxes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ticeinventory.domain.i18n import _

from . import fonts, styles
from .base import ReportError
from .data import CityIdentity, CountRow, sum_counts
from .text import wrap

CELL_PADDING = 3

LOGO_MAX_WIDTH = 30 * mm
LOGO_MAX_HEIGHT = 20 * mm


_FRENCH_SPACES = [(re.compile(r"«\s+"), "«\u00a0"), (re.compile(r"\s+([»:;!?])"), "\u00a0\\1")]


def french_spacing(text: str) -> str:
    """No line break between « and its word, nor before : ; ! ? » (French typography)."""
    for pattern, replacement in _FRENCH_SPACES:
        text = pattern.sub(replacement, text)
    return text


def para(text: str, style: str = "body", *, markup: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped) — or of ReportLab mini-markup when ``markup`` is set."""
    return Paragraph(text if markup else escape(french_spacing(text)), styles.stylesheet()[style])


def logo(path: Path, max_width: float = LOGO_MAX_WIDTH, max_height: float = LOGO_MAX_HEIGHT) -> Image:
    try:
        reader = ImageReader(str(path))
        pixel_width, pixel_height = reader.getSize()
    except Exception as error:  # PIL raises many kinds; all mean the same to the user
        raise ReportError(_("Le logo « {path} » est introuvable ou illisible : indiquez une image PNG ou JPEG "
                            "(paramètre du logo de la ville).").format(path=path)) from error
    scale = min(max_width / pixel_width, max_height / pixel_height)
    return Image(str(path), width=pixel_width * scale, height=pixel_height * scale)


def letterhead(city: CityIdentity, title: str, subtitles: Sequence[str], width: float) -> Table:
    """Logo and city on the left, the document's title and date on the right, a rule below."""
    left: list[Flowable] = []
    if city.logo:
        left.append(logo(city.logo))
        left.append(Spacer(1, 1.5 * mm))
    if city.title:
        left.append(para(city.title, "city"))
    left.append(para(_("Matériel informatique des écoles — plan TICE"), "service"))
    right: list[Flowable] = [para(title, "title")]
    right.extend(para(line, "subtitle") for line in subtitles if line)
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle(styles.layout_style() + [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, styles.ACCENT),
    ]))
    return table


def side_by_side(left: Flowable, right: Flowable, left_width: float, right_width: float,
                 gap: float = 5 * mm) -> Table:
    """Two blocks next to each other, tops aligned."""
    table = Table([[left, "", right]], colWidths=[left_width, gap, right_width], hAlign="LEFT")
    table.setStyle(TableStyle(styles.layout_style()))
    return table


def key_values(rows: Sequence[tuple[str, str | Flowable]], width: float, label_width: float = 32 * mm,
               title: str | None = None) -> Table:
    """A framed box of ``label : value`` lines (a value may be a flowable); empty values are left out."""
    data: list[list] = []
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), fonts.CONDENSED, 8.5, 10.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("BOX", (0, 0), (-1, -1), 0.5, styles.RULE),
    ]
    if title:
        data.append([para(title, "cell_label"), ""])
        commands += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), styles.HEADER_BG),
                     ("TEXTCOLOR", (0, 0), (-1, 0), styles.INK)]
    for label, value in rows:
        if isinstance(value, Flowable):
            data.append([para(label, "cell_label"), value])
        elif value:
            data.append([para(label, "cell_label"), para(value, "cell")])
    table = Table(data, colWidths=[label_width, width - label_width])
    table.setStyle(TableStyle(commands))
    return table


def count_table(rows: Sequence[CountRow], width: float, first_header: str, *,
                total: bool = True) -> Table:
    """Label | Plan d'équipement | Hors plan | Total, with a bold total line."""
    size = styles.TABLE_FONT_SIZE
    number_width = min(22 * mm, width / 6)
    label_width = width - 3 * number_width
    inner = number_width - 2 * CELL_PADDING

    def label(text: str) -> str:
        return wrap(text, fonts.CONDENSED, size, label_width - 2 * CELL_PADDING, 2)

    data: list[list] = [[wrap(text, fonts.CONDENSED_BOLD, size, width_, 2) for text, width_ in (
        (first_header, label_width - 2 * CELL_PADDING),
        (_("Plan d'équipement") if number_width >= 22 * mm else _("Plan"), inner), (_("Hors plan"), inner),
        (_("Total"), inner))]]
    data += [[label(row.label), str(row.in_plan), str(row.out_of_plan) if row.out_of_plan else "—", str(row.total)]
             for row in rows]
    if total:
        summed = sum_counts(rows)
        data.append([_("Total"), str(summed.in_plan), str(summed.out_of_plan) if summed.out_of_plan else "—",
                     str(summed.total)])
    if len(data) == 1:
        data.append([_("Aucun équipement"), "0", "—", "0"])
    table = Table(data, colWidths=[label_width] + [number_width] * 3, repeatRows=1, hAlign="LEFT")
    commands = styles.grid_style() + [
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("TEXTCOLOR", (2, 1), (2, -1), styles.OUT_INK),
    ]
    if total:
        commands += [("FONT", (0, -1), (-1, -1), fonts.CONDENSED_BOLD, size, styles.TABLE_LEADING),
                     ("LINEABOVE", (0, -1), (-1, -1), 0.6, styles.RULE),
                     ("BACKGROUND", (0, -1), (-1, -1), styles.HEADER_BG)]
    table.setStyle(TableStyle(commands))
    return table


def signature_boxes(boxes: Sequence[tuple[str, str]], place: str, width: float, *,
                    statement: str | None = None) -> KeepTogether:
    """Side by side boxes, each: who signs, name, « Fait à … le … », room to sign. Never split over pages."""
    gap = 6 * mm
    box_width = (width - gap * (len(boxes) - 1)) / len(boxes)
    cells = []
    for role, name in boxes:
        lines = [
            para(role, "sign_title"),
            Spacer(1, 1.5 * mm),
            para(_("Nom : {name}").format(name=name or "…" * 20), "small"),
            Spacer(1, 1 * mm),
            para(_("Fait à : {place}, le ….. / ….. / ……….").format(place=place or "…" * 12), "small"),
            Spacer(1, 1 * mm),
            para(_("Signature :"), "small"),
            Spacer(1, 16 * mm),
        ]
        cells.append(lines)
    row: list = []
    widths: list[float] = []
    for index, cell in enumerate(cells):
        if index:
            row.append("")
            widths.append(gap)
        row.append(cell)
        widths.append(box_width)
    table = Table([row], colWidths=widths)
    commands = styles.layout_style() + [("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                                        ("TOPPADDING", (0, 0), (-1, -1), 2 * mm)]
    for index in range(0, len(row), 2):
        commands.append(("BOX", (index, 0), (index, 0), 0.7, styles.INK))
        commands.append(("BACKGROUND", (index, 0), (index, 0), colors.white))
    table.setStyle(TableStyle(commands))
    content: list[Flowable] = [para(_("Signatures"), "h1")]
    if statement:
        content += [para(statement, "small"), Spacer(1, 2 * mm)]
    content.append(table)
    return KeepTogether(content)
