"""Reading back the PDFs the reports write: text per page, text with positions, fonts, images, Code 128 bars."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from reportlab.graphics.barcode import code128

from ticeinventory.domain.enums import EquipmentStatus, FundingOrigin, RoomKind, SchoolType
from ticeinventory.domain.records import SchoolInfo
from ticeinventory.reports import ItemRow

NUMBER = re.compile(r"\b[A-Z]{2,5}-\d{4}-\d{5}\b")
TODAY = date(2026, 9, 1)


def reader(pdf: bytes | Path) -> PdfReader:
    return PdfReader(BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def page_texts(pdf: bytes | Path) -> list[str]:
    """Each page's text, no-break spaces (French typography) read as plain spaces."""
    return [page.extract_text().replace("\u00a0", " ").replace("\u202f", " ") for page in reader(pdf).pages]


def full_text(pdf: bytes | Path) -> str:
    return "\n".join(page_texts(pdf))


def numbers_in(text: str) -> list[str]:
    return NUMBER.findall(text)


@dataclass(frozen=True)
class Placed:
    text: str
    x: float
    y: float


def placed_texts(pdf: bytes | Path, page: int = 0) -> list[Placed]:
    """Every text run of a page with where it starts, in PDF points (origin bottom left)."""
    found: list[Placed] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text.strip():
            # position = text matrix × current transformation matrix
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Placed(text.strip(), x, y))

    reader(pdf).pages[page].extract_text(visitor_text=visit)
    return found


def font_names(pdf: bytes | Path) -> set[str]:
    names = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def image_count(pdf: bytes | Path) -> int:
    return sum(len(page.images) for page in reader(pdf).pages)


def school(**changes) -> SchoolInfo:
    values = dict(id=1, uai="0210001A", name="École élémentaire Jean Macé", type=SchoolType.ELEMENTAIRE,
                  address="12 rue Voltaire", postcode="21000", commune="Dijon", circonscription="Dijon Centre",
                  director_name="Hélène Lefèvre", phone="03 80 12 34 56", email="ce.0210001a@ac-dijon.fr")
    values.update(changes)
    return SchoolInfo(**values)


def item(number: str, *, room: str | None = "Salle informatique", plan: str | None = "DIJON-2009",
         origin: FundingOrigin | None = None, category: str = "PC fixe",
         status: EquipmentStatus = EquipmentStatus.EN_SERVICE) -> ItemRow:
    return ItemRow(number, category, "Dell", "OptiPlex 380", "SN" + number[-5:], status, room,
                   RoomKind.SALLE_INFORMATIQUE if room else None, date(2009, 7, 7), plan,
                   "Dotation initiale (été 2009)" if plan else None, None if plan else origin or FundingOrigin.DON)


# -- Code 128 read back from the vector bars ----------------------------------------------------------------------

_WIDTHS = {"A": 1, "B": 2, "C": 3, "D": 4, "a": 1, "b": 2, "c": 3, "d": 4}
_BY_PATTERN = {tuple(_WIDTHS[ch] for ch in pattern): value for value, pattern in code128._patterns.items()}
_SET_B = {value: char for char, value in code128.setb.items() if len(char) == 1 and value < 96}
START_A, START_B, START_C, STOP = 103, 104, 105, 106
# code set switches: in set C, 100 = to B and 101 = to A; in set B, 99 = to C and 101 = to A
_SWITCH = {START_C: {100: START_B, 101: START_A}, START_B: {99: START_C, 101: START_A},
           START_A: {99: START_C, 100: START_B}}


def filled_rectangles(pdf: bytes | Path, page: int = 0) -> list[tuple[float, float, float, float]]:
    """``(x, y, width, height)`` of every rectangle a page fills (the bars are drawn as such)."""
    content = reader(pdf).pages[page].get_contents().get_data().decode("latin-1")
    rectangles = []
    for match in re.finditer(r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\b", content):
        rectangles.append(tuple(float(v) for v in match.groups()))
    return rectangles


def decode_code128(bars: list[tuple[float, float]]) -> str:
    """Decode ``[(x, width), …]`` bars (one symbol, left to right) with the checksum verified."""
    bars = sorted(bars)
    module = min(width for _x, width in bars)
    elements: list[int] = []  # bar, space, bar, space… widths in modules
    for index, (x, width) in enumerate(bars):
        if index:
            previous_x, previous_width = bars[index - 1]
            elements.append(round((x - previous_x - previous_width) / module))
        elements.append(round(width / module))
    values = []
    position = 0
    while position < len(elements):
        size = 7 if len(elements) - position == 7 else 6  # the stop pattern has 7 elements
        values.append(_BY_PATTERN[tuple(elements[position:position + size])])
        position += size
    assert values[-1] == STOP, values
    *data, check, _stop = values
    assert sum(v * max(i, 1) for i, v in enumerate(data)) % 103 == check, "bad checksum"
    text, mode = [], data[0]
    for value in data[1:]:
        if value in _SWITCH[mode]:
            mode = _SWITCH[mode][value]
        elif mode == START_C:
            text.append(f"{value:02d}")
        else:
            assert mode == START_B, "the inventory numbers need no control characters (set A)"
            text.append(_SET_B[value])
    return "".join(text)
