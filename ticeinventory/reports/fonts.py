"""The DejaVu fonts shipped in ``resources/fonts``, registered once and embedded in every document.

ReportLab's built-in Helvetica has no glyph for « », —, €, œ or the narrow no-break space that
``format_amount`` writes; a TrueType font embedded in the PDF prints every name the same on every printer.
"""

from __future__ import annotations

import threading
from importlib.resources import files
from io import BytesIO

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
CONDENSED = "DejaVuSansCondensed"
CONDENSED_BOLD = "DejaVuSansCondensed-Bold"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the fonts with ReportLab (idempotent, thread-safe: batches run in a worker thread)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        folder = files("ticeinventory.resources").joinpath("fonts")
        for name, filename in _FILES.items():
            # read through importlib.resources so that it also works from a zip or a frozen bundle
            data = BytesIO(folder.joinpath(filename).read_bytes())
            pdfmetrics.registerFont(TTFont(name, data))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
        pdfmetrics.registerFontFamily(CONDENSED, normal=CONDENSED, bold=CONDENSED_BOLD, italic=CONDENSED,
                                      boldItalic=CONDENSED_BOLD)
        _registered = True
