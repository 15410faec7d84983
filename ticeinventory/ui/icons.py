"""The application's SVG icons (resources/icons), drawn to follow the light or dark palette.

Line icons are drawn with ``currentColor``: it becomes the palette's text colour (and the highlighted text
colour for a selected item), so they stay visible in dark mode. Icons with fixed colours — the plan and
hors plan markers — are drawn to read on both light and dark backgrounds.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

import ticeinventory.resources

SIZES = (16, 20, 24, 32, 40, 48, 64)

APP = "ticeinventory"
FLEET = "fleet"
COMMUNE = "commune"
SCHOOL = "school"
ROOM = "room"
STOCK = "stock"
PLAN = "plan"
HORS_PLAN = "hors-plan"
SEARCH = "search"
REFRESH = "refresh"
FILTER = "filter"
DETAILS = "details"


def icon(name: str) -> QIcon:
    """The icon ``name`` for the current palette (cached per palette colour)."""
    palette = QGuiApplication.palette()
    return _icon(name, palette.color(QPalette.ColorRole.Text).name(),
                 palette.color(QPalette.ColorRole.HighlightedText).name())


def svg_text(name: str) -> str:
    path = Path(ticeinventory.resources.__file__).parent / "icons" / f"{name}.svg"
    if path.is_file():  # installed as files: read directly (importlib.resources costs the start a few ms)
        return path.read_text(encoding="utf-8")
    from importlib.resources import files  # from a zip

    return files("ticeinventory.resources").joinpath("icons", f"{name}.svg").read_text(encoding="utf-8")


@cache
def _icon(name: str, text_colour: str, selected_colour: str) -> QIcon:
    source = svg_text(name)
    result = QIcon()
    drawings = [(text_colour, (QIcon.Mode.Normal, QIcon.Mode.Active))]  # the same drawing: rendered once
    if "currentColor" in source:
        drawings.append((selected_colour, (QIcon.Mode.Selected,)))
    for colour, modes in drawings:
        renderer = QSvgRenderer(QByteArray(source.replace("currentColor", colour).encode("utf-8")))
        for size in SIZES:
            pixmap = _render(renderer, size)
            for mode in modes:
                result.addPixmap(pixmap, mode)
    return result


def _render(renderer: QSvgRenderer, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(Qt.GlobalColor.transparent))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap
