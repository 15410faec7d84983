"""The inventory: the tree of places on the left, the equipment of the chosen place on the right.

The panel asks the services for what it shows (no SQL here) and tells the window, through its signals, what
the table holds. Later features (search, filters, editing) plug into :meth:`current_filter` and :meth:`refresh`.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.services.app import Services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.equipment_browser import EquipmentBrowser, PlanCounts
from ticeinventory.services.location_tree import LocationTreeService

from .equipment_model import COLUMN, EquipmentTableModel
from .equipment_view import EquipmentTableView
from .location_model import COUNT_COLUMN, FLEET_NODE, NAME_COLUMN, LocationTreeModel, Node, NodeKind

SPLITTER_KEY = "inventory/splitter"
HEADER_KEY = "inventory/tableHeader"
AUTO_FIT_KEY = "inventory/tableAutoFit"


class InventoryPanel(QSplitter):
    sig_counts_changed = Signal(object)
    """PlanCounts of the items the table shows."""
    sig_place_changed = Signal(str)
    """The title of the place chosen in the tree."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("inventorySplitter")
        self.setChildrenCollapsible(False)
        self._locations: LocationTreeService | None = None
        self._browser: EquipmentBrowser | None = None
        self._counts = PlanCounts()
        self._default_sizes_pending = True

        self.tree_model = LocationTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("schoolTree")
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(max(self.fontMetrics().averageCharWidth() * 2, 14))
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # « École élé…Anatole France »
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName(self.tr("Communes, écoles et salles"))

        self.table_model = EquipmentTableModel(self)
        self.table = EquipmentTableView()
        self.table.setModel(self.table_model)
        self.table.setAccessibleName(self.tr("Équipements du lieu choisi"))

        self.place_label = QLabel()
        self.place_label.setObjectName("placeLabel")
        font = QFont(self.place_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.place_label.setFont(font)
        self.place_label.setTextFormat(Qt.TextFormat.PlainText)

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.heading = QVBoxLayout()  # the place; the search field joins it later
        self.heading.setContentsMargins(4, 2, 0, 0)
        self.heading.addWidget(self.place_label)
        layout.addLayout(self.heading)
        layout.addWidget(self.table, 1)

        self.addWidget(self.tree)
        self.addWidget(right)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)

    # -- data ----------------------------------------------------------------------------------------------

    def set_services(self, services: Services) -> None:
        """Show another database; the whole fleet is chosen."""
        self._locations = services.locations
        self._browser = services.browser
        self.tree_model.clear()
        self.table_model.set_filter(FLEET_NODE.equipment_filter())
        self.table_model.set_browser(self._browser)
        self.refresh(FLEET_NODE)

    def refresh(self, node: Node | None = None) -> None:
        """Read the tree and the table again, keeping the place, the open branches and the selected rows."""
        if self._locations is None:
            return
        node = node or self.current_node() or FLEET_NODE
        first_load = self.tree_model.rowCount() == 0
        expanded = self._expanded_nodes()
        selected = self.selected_ids()
        self.tree_model.load(self._locations.tree())
        self._fit_tree_columns()
        if first_load:  # communes open, schools closed
            for row in range(self.tree_model.rowCount()):
                self.tree.expand(self.tree_model.index(row, NAME_COLUMN))
        for index in filter(QModelIndex.isValid, map(self.tree_model.index_of, expanded)):
            self.tree.expand(index)
        if not self.select_node(node):
            self.select_node(FLEET_NODE)
        self.select_ids(selected)

    def current_node(self) -> Node | None:
        return self.tree_model.node(self.tree.currentIndex())

    def select_node(self, node: Node) -> bool:
        index = self.tree_model.index_of(node)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def current_filter(self) -> EquipmentFilter:
        return self.table_model.filter

    @property
    def counts(self) -> PlanCounts:
        return self._counts

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table_model.equipment_id(row) for row in rows]

    def select_ids(self, ids: Iterable[int]) -> None:
        selection = QItemSelection()
        last = self.table_model.columnCount() - 1
        for item_id in ids:
            row = self.table_model.row_of(item_id)
            if row is not None:
                selection.select(self.table_model.index(row, 0), self.table_model.index(row, last))
        if not selection.isEmpty():
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(selection, flags)
            self.table.scrollTo(selection.indexes()[0])

    # -- settings ------------------------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SPLITTER_KEY, self.saveState())
        settings.setValue(HEADER_KEY, self.table.save_header())
        settings.setValue(AUTO_FIT_KEY, self.table.auto_fit)

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(SPLITTER_KEY)
        self._default_sizes_pending = not (state and self.restoreState(state))
        auto_fit = settings.value(AUTO_FIT_KEY, True, type=bool)
        self.table.restore_header(settings.value(HEADER_KEY), auto_fit)
        self.table.setSortingEnabled(True)

    # -- reactions -----------------------------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.tree_model.node(current)
        if node is None or self._browser is None:
            return
        title = self.tree_model.title(current)
        flt = node.equipment_filter()
        self.table_model.set_filter(flt)
        self._counts = self._browser.counts(flt)
        self.place_label.setText(title)
        self._show_columns_for(node)
        if node.kind is NodeKind.FLEET:
            self.table.placeholder_text = self.tr("La base ne contient encore aucun équipement.")
        else:
            self.table.placeholder_text = self.tr("Aucun équipement dans «\u00a0{place}\u00a0».").format(place=title)
        self.table.viewport().update()
        self.sig_place_changed.emit(title)
        self.sig_counts_changed.emit(self._counts)

    def _show_columns_for(self, node: Node) -> None:
        """The école (and salle) columns would repeat the heading on every row: hidden then."""
        one_school = node.kind in (NodeKind.SCHOOL, NodeKind.ROOM, NodeKind.STOCK)
        one_room = node.kind in (NodeKind.ROOM, NodeKind.STOCK)
        self.table.set_hidden_columns({COLUMN["school"]: one_school, COLUMN["room"]: one_room})

    def _expanded_nodes(self) -> list[Node]:
        found: list[Node] = []
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.tree_model.rowCount(parent)):
                index = self.tree_model.index(row, NAME_COLUMN, parent)
                if self.tree.isExpanded(index):
                    found.append(self.tree_model.node(index))
                    pending.append(index)
        return found

    def _fit_tree_columns(self) -> None:
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COUNT_COLUMN, QHeaderView.ResizeMode.ResizeToContents)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default_sizes_pending:  # first start: a quarter of the width for the tree
            self._default_sizes_pending = False
            tree_width = min(max(self.width() // 4, self.fontMetrics().averageCharWidth() * 44), 460)
            self.setSizes([tree_width, self.width() - tree_width])

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.tree_model.reload_icons()
