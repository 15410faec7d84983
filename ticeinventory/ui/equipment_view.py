"""The equipment table's look: compact rows, sortable headers, column widths that fit and are remembered.

Until the user resizes a column by hand, the columns share the table's width: the number, status, funding
and date columns keep the width of their content, the text columns (école, modèle…) share the rest, down
to a few characters on a small screen so that plan / hors plan always stays in view. Once the user has
resized a column, their widths are kept, across sessions too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ticeinventory.domain.enums import EquipmentStatus

from .equipment_model import COLUMNS, EquipmentTableModel

CELL_MARGINS = 14
MIN_FLEX_CHARS = 6


class EquipmentTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equipmentTable")
        self.placeholder_text = ""
        self.auto_fit = True
        self._fitting = False
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        header.sectionResized.connect(self._on_section_resized)
        header.sectionHandleDoubleClicked.connect(self._on_user_resized)

    # -- widths --------------------------------------------------------------------------------------------

    def usual_width(self, section: int) -> int:
        """The width of a column's usual content, never narrower than its title."""
        column = COLUMNS[section]
        metrics = self.fontMetrics()
        if column.key == "number":
            content = metrics.horizontalAdvance("ECR-2009-00000")
        elif column.key == "status":
            content = max(metrics.horizontalAdvance(status.label) for status in EquipmentStatus)
        elif column.key == "funding":
            bold = QFont(self.font())
            bold.setBold(True)
            hors_plan = self._model().hors_plan_text() if self._model() else ""
            content = max(QFontMetrics(bold).horizontalAdvance(hors_plan), metrics.horizontalAdvance("DIJON-2015-AV2"))
            content += max(self.iconSize().width(), 16) + 6
        elif column.key == "acquisition":
            content = metrics.horizontalAdvance("00/00/0000")
        else:
            content = metrics.averageCharWidth() * column.chars
        return max(content + CELL_MARGINS, self._title_width(section))

    def fit_columns(self) -> None:
        """Share the table's width among the visible columns (while the widths are automatic)."""
        if not self.auto_fit:
            return
        header = self.horizontalHeader()
        visible = [s for s in range(len(COLUMNS)) if not header.isSectionHidden(s)]
        widths = {s: self.usual_width(s) for s in visible}
        flexible = [s for s in visible if COLUMNS[s].flex]
        available = self.maximumViewportSize().width() - self.verticalScrollBar().sizeHint().width()
        room = available - sum(w for s, w in widths.items() if s not in flexible)
        wanted = sum(widths[s] for s in flexible)
        if flexible and room >= wanted:
            share = sum(COLUMNS[s].flex for s in flexible)
            for s in flexible:
                widths[s] += int((room - wanted) * COLUMNS[s].flex / share)
        elif flexible:  # a small screen: text columns give way, down to a few characters
            floor = {s: max(self.fontMetrics().averageCharWidth() * MIN_FLEX_CHARS, self._title_width(s))
                     for s in flexible}
            scale = max(room - sum(floor.values()), 0) / max(wanted - sum(floor.values()), 1)
            for s in flexible:
                widths[s] = floor[s] + int((widths[s] - floor[s]) * min(scale, 1.0))
        with self._programmatic():
            for s in visible:
                header.resizeSection(s, widths[s])

    def set_hidden_columns(self, hidden: Mapping[int, bool]) -> None:
        with self._programmatic():
            for section, hide in hidden.items():
                self.setColumnHidden(section, hide)
        self.fit_columns()

    def save_header(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_header(self, state: QByteArray | bytes | None, auto_fit: bool = True) -> bool:
        """Order, sort (and widths, unless automatic) of a previous session; False when there is none."""
        restored = False
        if state:
            with self._programmatic():
                header = self.horizontalHeader()
                restored = header.restoreState(QByteArray(state)) and header.count() == len(COLUMNS)
        self.auto_fit = auto_fit or not restored
        self.fit_columns()
        return restored

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def _title_width(self, section: int) -> int:
        """What the style needs to show the title whole, with room for the sort arrow."""
        return self.horizontalHeader().sectionSizeHint(section)

    def _model(self) -> EquipmentTableModel | None:
        model = self.model()
        return model if isinstance(model, EquipmentTableModel) else None

    def _on_section_resized(self, _section: int, _old: int, _new: int) -> None:
        if not self._fitting and QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._on_user_resized()

    def _on_user_resized(self) -> None:
        self.auto_fit = False  # the user chose a width: theirs from now on

    @contextmanager
    def _programmatic(self) -> Iterator[None]:
        self._fitting = True
        try:
            yield
        finally:
            self._fitting = False

    # -- painting ------------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if self.placeholder_text and (model is None or model.rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            margin = self.fontMetrics().height()
            area = QRect(self.viewport().rect()).adjusted(margin, margin * 2, -margin, -margin)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop |
                                       Qt.TextFlag.TextWordWrap), self.placeholder_text)
            painter.end()
