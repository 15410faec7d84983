"""Painting the equipment table's cells quickly: the repaint after each keystroke of a search.

Qt's item delegate asks the model for seven roles of every cell (seven calls into Python), lays every text out
anew at each paint, and the plan / hors plan column made a bold font and looked its icon up again for each
cell: a repaint of the table cost 7 ms, as much as the search query itself. This delegate asks the model once
per cell (:meth:`EquipmentTableModel.cell`) and draws each text as a ``QStaticText`` laid out once (elided to
the column's width) and kept, over the background the style draws for the cell (alternate rows, selection,
hover), with the style's own layout of icon and text. What it does not know — the rows not read yet, the cell
with the keyboard focus (its focus frame) — Qt's delegate paints from :meth:`EquipmentTableModel.data`.

The school column shortens a name too long for its width as :class:`PlaceDelegate` does (« É. élém. Anatole
France »), then elides it in the middle.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter, QPalette, QPixmap, QStaticText
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from . import icons
from .location_view import short_place

_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewItem
_SELECTED = QStyle.StateFlag.State_Selected.value
_FOCUS = QStyle.StateFlag.State_HasFocus.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_ALIGN_HCENTER = int(Qt.AlignmentFlag.AlignHCenter)
_DECORATED = QStyleOptionViewItem.ViewItemFeature.HasDisplay | QStyleOptionViewItem.ViewItemFeature.HasDecoration
# Qt's enums looked up once: an attribute of a PySide enum class costs a Python descriptor call, several per cell
_TEXT, _HIGHLIGHTED = QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText
_NORMAL, _INACTIVE, _DISABLED = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled
_FOCUS_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
CACHE_LIMIT = 5000
"""Laid out texts kept (a screenful holds a few hundred cells; scrolling lays new ones out)."""


class EquipmentDelegate(QStyledItemDelegate):
    """``place_column``: the column whose names are shortened (the school's)."""

    def __init__(self, place_column: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place_column = place_column
        self._font: QFont | None = None
        self._fonts: tuple[QFont, QFont] | None = None  # (normal, bold), with their metrics below
        self._metrics: tuple[QFontMetrics, QFontMetrics] | None = None
        self._texts: dict[tuple[str, int, bool, int | None], QStaticText] = {}
        self._layouts: dict[tuple, tuple[QRect, QRect]] = {}
        self._pixmaps: dict[tuple, QPixmap] = {}
        self._margins: tuple[QStyle, int] | None = None  # (style, its focus frame's margin + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        state = option.state.value
        column = index.column()
        cell = None if state & _FOCUS else index.model().cell(index.row(), column)
        if cell is None:
            super().paint(painter, option, index)
            return
        text, greyed, alignment, in_plan = cell
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(_PANEL, option, painter, widget)
        rect = option.rect
        font = option.font
        if self._font is None or font != self._font:
            self._set_font(font)
        if in_plan is None:
            margin = self._margin(style, widget)
            text_rect = rect.adjusted(margin, 0, -margin, 0)
            bold = False
        else:  # plan / hors plan: the marker, then the text, where the style puts them; hors plan in bold
            icon_rect, text_rect = self._layout(option, style)
            icon_rect, text_rect = icon_rect.translated(rect.topLeft()), text_rect.translated(rect.topLeft())
            painter.drawPixmap(icon_rect.topLeft(), self._pixmap(in_plan, option, icon_rect.size()))
            bold = not in_plan
        room = text_rect.width()
        if not text or room <= 0:
            return
        if state & _SELECTED:
            colour = option.palette.color(_group(state), _HIGHLIGHTED)
        elif greyed:  # the model's ForegroundRole for these cells: the application's disabled text colour
            colour = QApplication.palette().color(_DISABLED, _TEXT)
        else:
            colour = option.palette.color(_group(state), _TEXT)
        limit = None
        if column == self.place_column:  # PlaceDelegate's test: is the name longer than this?
            limit = rect.width() - option.decorationSize.width() - 12
        static = self._static(text, room, bold, limit)
        size = static.size()
        x = text_rect.x()
        if alignment & _ALIGN_RIGHT:
            x += room - size.width()
        elif alignment & _ALIGN_HCENTER:
            x += (room - size.width()) / 2
        y = text_rect.y() + (text_rect.height() - size.height()) / 2
        painter.setPen(colour)  # Qt's delegate and the view set their own pen and font before they draw
        if bold:
            painter.setFont(self._fonts[1])
            painter.drawStaticText(QPointF(x, y), static)
            painter.setFont(self._fonts[0])
        else:
            painter.setFont(self._fonts[0])
            painter.drawStaticText(QPointF(x, y), static)

    # -- what is kept between paints -----------------------------------------------------------------------

    def _set_font(self, font: QFont) -> None:
        bold = QFont(font)
        bold.setBold(True)
        self._font = QFont(font)
        self._fonts = (QFont(font), bold)
        self._metrics = (QFontMetrics(font), QFontMetrics(bold))
        self._texts.clear()
        self._layouts.clear()

    def _static(self, text: str, room: int, bold: bool, place_limit: int | None) -> QStaticText:
        """``text`` laid out, elided to ``room`` pixels; made once. A place name (``place_limit`` given) is
        shortened when wider than ``place_limit``, and elided in the middle."""
        key = (text, room, bold, place_limit)
        static = self._texts.get(key)
        if static is None:
            if len(self._texts) >= CACHE_LIMIT:
                self._texts.clear()
            metrics = self._metrics[bold]
            shown, mode = text, Qt.TextElideMode.ElideRight
            if place_limit is not None:
                mode = Qt.TextElideMode.ElideMiddle
                if metrics.horizontalAdvance(text) > place_limit:
                    shown = short_place(text)
            if metrics.horizontalAdvance(shown) > room:
                shown = metrics.elidedText(shown, mode, room)
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=self._fonts[bold])
            self._texts[key] = static
        return static

    def _margin(self, style: QStyle, widget: QWidget | None) -> int:
        """The text's margin in a cell, as Qt's delegate leaves it (the style's, asked once)."""
        if self._margins is None or self._margins[0] is not style:
            self._margins = (style, style.pixelMetric(_FOCUS_MARGIN, None, widget) + 1)
        return self._margins[1]

    def _layout(self, option: QStyleOptionViewItem, style: QStyle) -> tuple[QRect, QRect]:
        """Where the style puts an icon and a text in a cell of this size (relative to the cell), once."""
        key = (option.rect.width(), option.rect.height(), option.decorationSize.width(),
               option.decorationSize.height())
        found = self._layouts.get(key)
        if found is None:
            sample = QStyleOptionViewItem(option)
            sample.rect = QRect(0, 0, option.rect.width(), option.rect.height())
            sample.features = sample.features | _DECORATED
            sample.text = "x"
            sample.icon = icons.icon(icons.PLAN)
            widget = option.widget
            margin = self._margin(style, widget)
            icon_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemDecoration, sample, widget)
            text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, sample, widget)
            found = self._layouts[key] = (icon_rect, text_rect.adjusted(margin, 0, -margin, 0))
        return found

    def _pixmap(self, in_plan: bool, option: QStyleOptionViewItem, size: QSize) -> QPixmap:
        """The plan or hors plan marker as Qt's delegate draws it in that cell (mode, size, palette)."""
        state = option.state.value
        mode = (QIcon.Mode.Disabled if not state & _ENABLED else
                QIcon.Mode.Selected if state & _SELECTED else QIcon.Mode.Normal)
        ratio = option.widget.devicePixelRatio() if option.widget is not None else 1.0
        key = (in_plan, mode, size.width(), size.height(), ratio, option.palette.cacheKey())
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            if len(self._pixmaps) > 64:
                self._pixmaps.clear()
            icon = icons.icon(icons.PLAN if in_plan else icons.HORS_PLAN)
            pixmap = self._pixmaps[key] = icon.pixmap(size, ratio, mode, QIcon.State.Off)
        return pixmap


def _group(state: int) -> QPalette.ColorGroup:
    if not state & _ENABLED:
        return _DISABLED
    return _NORMAL if state & _ACTIVE else _INACTIVE

