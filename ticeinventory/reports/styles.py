"""Colours, paragraph styles and table styles shared by every printed document."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1

from . import fonts

INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
ACCENT = colors.HexColor("#1F4E79")
HEADER_BG = colors.HexColor("#DCE6F1")
ROOM_BG = colors.HexColor("#EEF2F7")
ZEBRA = colors.HexColor("#F7F9FB")
RULE = colors.HexColor("#9AA5B1")
LIGHT_RULE = colors.HexColor("#D3D9E0")
OUT_INK = colors.HexColor("#9A3412")  # hors plan: a warm colour, seen at a glance
OUT_BG = colors.HexColor("#FDF0E3")
ALERT_INK = colors.HexColor("#B91C1C")

TABLE_FONT_SIZE = 7.6
TABLE_LEADING = 9.2


@cache
def stylesheet() -> StyleSheet1:
    fonts.register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=12, textColor=INK)
    sheet.add(base)
    sheet.add(ParagraphStyle("small", parent=base, fontSize=8, leading=10))
    sheet.add(ParagraphStyle("note", parent=base, fontName=fonts.ITALIC, fontSize=8, leading=10.5,
                             textColor=MUTED))
    sheet.add(ParagraphStyle("city", parent=base, fontName=fonts.BOLD, fontSize=12, leading=15, textColor=ACCENT))
    sheet.add(ParagraphStyle("service", parent=base, fontSize=8.5, leading=11, textColor=MUTED))
    sheet.add(ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=16, leading=20, textColor=INK,
                             alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("subtitle", parent=base, fontSize=9, leading=12, textColor=MUTED, alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("h1", parent=base, fontName=fonts.BOLD, fontSize=12, leading=15, textColor=ACCENT,
                             spaceBefore=10, spaceAfter=4, keepWithNext=1))
    sheet.add(ParagraphStyle("h1_out", parent=sheet["h1"], textColor=OUT_INK))
    # a title followed by a long table: kept with it by a CondPageBreak, not by keepWithNext (which would push
    # the whole table to the next page)
    sheet.add(ParagraphStyle("section", parent=sheet["h1"], keepWithNext=0))
    sheet.add(ParagraphStyle("section_out", parent=sheet["h1_out"], keepWithNext=0))
    sheet.add(ParagraphStyle("h2", parent=base, fontName=fonts.BOLD, fontSize=10, leading=13, textColor=INK,
                             spaceBefore=6, spaceAfter=3, keepWithNext=1))
    sheet.add(ParagraphStyle("subsection", parent=sheet["h2"], keepWithNext=0))
    sheet.add(ParagraphStyle("cell", parent=base, fontName=fonts.CONDENSED, fontSize=8.5, leading=10.5))
    sheet.add(ParagraphStyle("cell_label", parent=sheet["cell"], fontName=fonts.CONDENSED_BOLD, textColor=MUTED))
    sheet.add(ParagraphStyle("cell_center", parent=sheet["cell"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("sign_title", parent=base, fontName=fonts.BOLD, fontSize=9, leading=12))
    return sheet


def layout_style() -> list[tuple]:
    """A table used only to place blocks side by side: no padding, and the document's font even in its
    empty cells (ReportLab would otherwise pull in Helvetica for them)."""
    return [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 9, 12),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]


def grid_style(*, header_rows: int = 1, zebra_from: int | None = None) -> list[tuple]:
    """Base commands of a data table: condensed font, a tinted header, light rules, zebra rows."""
    zebra_from = header_rows if zebra_from is None else zebra_from
    return [
        ("FONT", (0, 0), (-1, -1), fonts.CONDENSED, TABLE_FONT_SIZE, TABLE_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, header_rows - 1), (-1, header_rows - 1), fonts.CONDENSED_BOLD, TABLE_FONT_SIZE, TABLE_LEADING),
        ("BACKGROUND", (0, header_rows - 1), (-1, header_rows - 1), HEADER_BG),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.6, RULE),
        ("ROWBACKGROUNDS", (0, zebra_from), (-1, -1), [colors.white, ZEBRA]),
        ("LINEBELOW", (0, zebra_from), (-1, -1), 0.25, LIGHT_RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
    ]
