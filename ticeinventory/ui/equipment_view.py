"""The equipment table's look: compact rows, sortable headers, column widths that fit and are remembered.

Until the user resizes a column by hand, the columns share the table's width: the number, status, funding
and date columns keep the width of their content, the text columns (école, modèle…) share the rest, down
to a few characters on a small screen so that plan / hors plan always stays in view. Once the user has
resized a column, their widths are kept, across sessions too.

A column is hidden when the user chose so (the header's context menu: remembered) or when the place shown
makes it repeat the heading on every row (the école column of a school). The inventory number and plan /
hors plan cannot be hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QByteArray, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QTableView,
    QWidget,
)

from ticeinventory.domain.enums import EquipmentStatus

from .equipment_delegate import EquipmentDelegate
from .equipment_model import COLUMN, COLUMNS, ID_ROLE, EquipmentTableModel

CELL_MARGINS = 14
SQUEEZE_ORDER = ("serial", "manufacturer", "room", "model", "category")
"""Columns that give way, in this order, when the table is too narrow for all (the detail panel shows them)."""


class EquipmentTableView(QTableView):
    sig_activated = Signal(int)
    """Double-click or Entrée on a row: the id of its item."""
    sig_type_ahead = Signal(str)
    """Text typed while the table has the focus (a barcode scanner, a number typed from memory): for the search."""
    sig_columns_changed = Signal()
    """The user showed or hid a column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equipmentTable")
        # The viewport made here, as Qt makes its own (tests/gui/test_startup_paint.py compares them): its Python
        # wrapper exists from the start. Qt's own, asked for with viewport() at the first paint, would make PySide
        # look up which widget class it is, which creates every QtWidgets class not yet used (9 ms at start-up).
        self._viewport = QWidget()
        self._viewport.setObjectName("qt_scrollarea_viewport")
        self._viewport.setBackgroundRole(QPalette.ColorRole.Base)
        self._viewport.setAutoFillBackground(True)
        self.setViewport(self._viewport)
        self.placeholder_text = ""
        self.auto_fit = True
        self._fitting = False
        self._measures: dict[object, int] | None = None
        """While :meth:`fit_columns` runs, what it measured (see :meth:`_measure`)."""
        self.user_hidden: set[str] = {column.key for column in COLUMNS if not column.shown}
        self._place_hidden: set[str] = set()
        self.squeezed: set[str] = set()
        """Columns hidden for want of width (they come back when the table widens)."""
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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._show_column_menu)
        self.doubleClicked.connect(self._on_double_clicked)
        # every cell painted in one call to the model, texts laid out once; « É. élém. Anatole France » when
        # « École élémentaire… » is too long for the school column
        self.setItemDelegate(EquipmentDelegate(COLUMN["school"], self))

    # -- widths --------------------------------------------------------------------------------------------

    def usual_width(self, section: int) -> int:
        """The width of a column's usual content, never narrower than its title."""
        return self._measure(("usual", section), lambda: self._usual_width(section))

    def _usual_width(self, section: int) -> int:
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
            content = self._average_char_width() * column.chars
        return max(content + CELL_MARGINS, self._title_width(section))

    def fit_columns(self) -> None:
        """Decide the hidden columns, and share the table's width among the others (while widths are automatic).

        When even the narrowest text columns do not fit (a 1366-pixel laptop with the detail panel open), the
        least needed ones step aside in the order of :data:`SQUEEZE_ORDER` — the detail panel shows them — so
        that plan / hors plan never leaves the screen.
        """
        with self._measuring():
            self._fit_columns()

    def _fit_columns(self) -> None:
        header = self.horizontalHeader()
        hidden = self.user_hidden | self._place_hidden
        self.squeezed = set()
        if self.auto_fit:
            available = self.maximumViewportSize().width() - self.verticalScrollBar().sizeHint().width()
            for key in SQUEEZE_ORDER:
                shown = [s for s, c in enumerate(COLUMNS) if c.key not in hidden | self.squeezed]
                if sum(self._minimum_width(s) for s in shown) <= available:
                    break
                if key not in hidden:
                    self.squeezed.add(key)
        with self._programmatic():
            for index, column in enumerate(COLUMNS):
                should_hide = column.key in hidden or column.key in self.squeezed
                if header.isSectionHidden(index) != should_hide:
                    self.setColumnHidden(index, should_hide)
        if not self.auto_fit:
            return
        visible = [s for s in range(len(COLUMNS)) if not header.isSectionHidden(s)]
        widths = {s: self.usual_width(s) for s in visible}
        flexible = [s for s in visible if COLUMNS[s].flex]
        room = available - sum(w for s, w in widths.items() if s not in flexible)
        wanted = sum(widths[s] for s in flexible)
        if flexible and room >= wanted:
            share = sum(COLUMNS[s].flex for s in flexible)
            for s in flexible:
                widths[s] += int((room - wanted) * COLUMNS[s].flex / share)
        elif flexible:  # a small screen: text columns give way, down to a few characters
            floor = {s: self._minimum_width(s) for s in flexible}
            scale = max(room - sum(floor.values()), 0) / max(wanted - sum(floor.values()), 1)
            for s in flexible:
                widths[s] = floor[s] + int((widths[s] - floor[s]) * min(scale, 1.0))
        with self._programmatic():
            for s in visible:
                header.resizeSection(s, widths[s])

    def _minimum_width(self, section: int) -> int:
        if not COLUMNS[section].flex:
            return self.usual_width(section)
        return max(self._average_char_width() * COLUMNS[section].min_chars, self._title_width(section))

    def _average_char_width(self) -> int:
        return self._measure("average", lambda: self.fontMetrics().averageCharWidth())

    @contextmanager
    def _measuring(self) -> Iterator[None]:
        """Each width measured once while the block runs: a fit asks for the same ones many times, and font
        metrics are slow to ask (``averageCharWidth`` alone costs a few hundredths of a millisecond)."""
        self._measures = {}
        try:
            yield
        finally:
            self._measures = None

    def _measure(self, key: object, compute: Callable[[], int]) -> int:
        if self._measures is None:
            return compute()
        if key not in self._measures:
            self._measures[key] = compute()
        return self._measures[key]

    # -- shown columns -------------------------------------------------------------------------------------

    def set_place_hidden(self, keys: Iterable[str]) -> None:
        """Columns that the place shown makes useless (école for a school)."""
        self._place_hidden = set(keys)
        self._apply_hidden()

    def set_user_hidden(self, keys: Iterable[str]) -> None:
        self.user_hidden = {key for key in keys if key in COLUMN and COLUMNS[COLUMN[key]].hideable}
        self._apply_hidden()

    def set_column_shown(self, key: str, shown: bool) -> None:
        """What the header's menu does."""
        hidden = set(self.user_hidden)
        (hidden.discard if shown else hidden.add)(key)
        self.set_user_hidden(hidden)
        self.sig_columns_changed.emit()

    def column_actions(self, parent: QWidget) -> list[QAction]:
        """One checkable action per column: shown or not (the header's menu, Affichage ▸ Colonnes)."""
        model = self._model()
        actions = []
        for index, column in enumerate(COLUMNS):
            title = model.headerData(index, Qt.Orientation.Horizontal) if model else column.title
            action = QAction(title, parent)
            action.setCheckable(True)
            action.setChecked(column.key not in self.user_hidden)
            if not column.hideable:
                action.setEnabled(False)
                action.setToolTip(self.tr("Toujours affichée"))
            elif column.key in self._place_hidden:
                action.setToolTip(self.tr("Masquée ici\u00a0: le titre de la liste la donne déjà"))
            elif column.key in self.squeezed:
                action.setToolTip(self.tr("Masquée faute de place\u00a0: élargissez la fenêtre ou fermez le panneau "
                                          "de détails (la fiche la montre)"))
            action.toggled.connect(lambda shown, key=column.key: self.set_column_shown(key, shown))
            actions.append(action)
        return actions

    def _show_column_menu(self, position: QPoint) -> None:
        menu = QMenu(self.tr("Colonnes"), self)
        menu.setToolTipsVisible(True)
        menu.addActions(self.column_actions(menu))
        menu.exec(self.horizontalHeader().mapToGlobal(position))
        menu.deleteLater()

    def _apply_hidden(self) -> None:
        self.fit_columns()

    def save_header(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_header(self, state: QByteArray | bytes | None, auto_fit: bool = True,
                       hidden: Iterable[str] | None = None) -> bool:
        """Order, sort (and widths, unless automatic) and hidden columns of a previous session; False when there
        is none."""
        restored = False
        if state:
            with self._programmatic():
                header = self.horizontalHeader()
                restored = header.restoreState(QByteArray(state)) and header.count() == len(COLUMNS)
        self.auto_fit = auto_fit or not restored
        if hidden is not None:
            self.user_hidden = {key for key in hidden if key in COLUMN and COLUMNS[COLUMN[key]].hideable}
        self._apply_hidden()
        return restored

    # -- keyboard and mouse ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and modifiers == Qt.KeyboardModifier.NoModifier and self.currentIndex().isValid():
            self.sig_activated.emit(self.currentIndex().data(ID_ROLE))
            return
        text = event.text()
        if text and text.isprintable() and not text.isspace() and \
                modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            self.sig_type_ahead.emit(text)
            return
        super().keyPressEvent(event)

    def _on_double_clicked(self, index) -> None:
        if index.isValid():
            self.sig_activated.emit(index.data(ID_ROLE))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def _title_width(self, section: int) -> int:
        """What the style needs to show the title whole, with room for the sort arrow — the same whether the
        column is shown or not (Qt's size hint of a hidden section is 0)."""
        return self._measure(("title", section), lambda: self._measure_title(section))

    def _measure_title(self, section: int) -> int:
        header = self.horizontalHeader()
        model = self._model()
        title = model.headerData(section, Qt.Orientation.Horizontal) if model else COLUMNS[section].title
        style = header.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
        estimate = header.fontMetrics().horizontalAdvance(title) + 3 * margin + arrow
        return max(estimate, header.sectionSizeHint(section))

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
            painter = QPainter(self._viewport)
            painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            margin = self.fontMetrics().height()
            area = QRect(self._viewport.rect()).adjusted(margin, margin * 2, -margin, -margin)
            painter.drawText(area, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop |
                                       Qt.TextFlag.TextWordWrap), self.placeholder_text)
            painter.end()
