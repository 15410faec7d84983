"""The inventory: the tree of places on the left; the search, the filters and the equipment list on the right.

What the list shows is one :class:`EquipmentFilter`: the place chosen in the tree, the search text and the
filters, read in SQL (no SQL here: the services do it). Reads that may be slow on a big base go to a worker
(:class:`.query_runner.QueryRunner`); the panel tells the window through its signals what the list holds.

The editing layer plugs in through :attr:`InventoryPanel.table_edit_actions` / :attr:`tree_edit_actions`
(the context menus), :attr:`LocationTreeView.sig_move_requested` (drag and drop), :meth:`selected_ids`,
:meth:`current_node` and :meth:`refresh`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMenu, QSplitter, QVBoxLayout, QWidget

from ticeinventory.services.listing import EquipmentFilter, FirstPage, LocationTree, PlanCounts

from .equipment_model import COLUMNS, PAGE_SIZE, EquipmentTableModel
from .equipment_view import EquipmentTableView
from .filter_bar import FilterBar
from .location_model import COUNT_COLUMN, FLEET_NODE, NAME_COLUMN, LocationTreeModel, Node, NodeKind
from .location_view import LocationTreeView
from .query_runner import QueryRunner
from .search_bar import SearchBar

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import EquipmentInfo
    from ticeinventory.services.app import Services
    from ticeinventory.services.equipment_browser import EquipmentBrowser
    from ticeinventory.services.location_tree import LocationTreeService

SPLITTER_KEY = "inventory/splitter"
HEADER_KEY = "inventory/tableHeader"
AUTO_FIT_KEY = "inventory/tableAutoFit"
HIDDEN_COLUMNS_KEY = "inventory/hiddenColumns"
FILTERS_SHOWN_KEY = "inventory/filtersShown"

TABLE = "table"
"""The runner's channel for the list: all of it (a small base, a school) or its counts and first page."""
TABLE_IDS = "table ids"
"""The runner's channel for every id of a big list whose first page is shown."""
WHOLE_LIST = 1_000
"""On a big base, a list of at most this many items comes whole with its counts (its ids cost about a
millisecond); a longer one shows its counts and first page at once, and its other ids follow on the worker."""

MenuActions = list[QAction | None]
"""Actions of a context menu, None for a separator."""


class InventoryPanel(QSplitter):
    sig_counts_changed = Signal(object)
    """PlanCounts of the items the list shows."""
    sig_place_changed = Signal(str)
    """The title of the place chosen in the tree."""
    sig_current_changed = Signal(object)
    """The item of the list's current row (EquipmentInfo), or None."""
    sig_selection_changed = Signal()
    """Rows were selected or unselected (the edit actions follow)."""
    sig_activated = Signal(int)
    """Double-click or Entrée on an item."""
    sig_located = Signal(int)
    """An item was found by its inventory number (scanned) and shown."""
    sig_loaded = Signal()
    """The list now shows what the place, the search and the filters ask for."""
    sig_message = Signal(str)
    """A short message for the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("inventorySplitter")
        self.setChildrenCollapsible(False)
        self._services: Services | None = None
        self._locations: LocationTreeService | None = None
        self._browser: EquipmentBrowser | None = None
        self._counts = PlanCounts()
        self._listed: EquipmentFilter | None = None
        """What the list whose counts are :attr:`_counts` shows."""
        self._reading: EquipmentFilter | None = None
        """What the list being read will show."""
        self._base_size = 0
        self._entered_early: str | None = None
        """Entrée in the search field before the first base was open: done once it is (see :meth:`set_services`)."""
        self._wanted: list[int] | None = None
        self._head_selection: list[int] = []
        """The rows selected when the first page of a big list was shown (see :meth:`_show_all_ids`)."""
        self._after_load: list[Callable[[], None]] = []
        self._default_sizes_pending = True
        self.table_edit_actions: MenuActions = []
        self.table_view_actions: MenuActions = []
        self.tree_edit_actions: MenuActions = []
        self.tree_view_actions: MenuActions = []
        self.runner = QueryRunner(self)

        self.tree_model = LocationTreeModel(self)
        self.tree = LocationTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # « École élé…Anatole France »
        self.tree.setAccessibleName(self.tr("Communes, écoles et salles"))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.table_model = EquipmentTableModel(self)
        self.table = EquipmentTableView()
        self.table.setModel(self.table_model)
        self.table.setAccessibleName(self.tr("Équipements du lieu choisi"))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

        self.place_label = QLabel()
        self.place_label.setObjectName("placeLabel")
        font = QFont(self.place_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.place_label.setFont(font)
        self.place_label.setTextFormat(Qt.TextFormat.PlainText)
        self.search_bar = SearchBar()
        self.filter_bar = FilterBar()

        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(4, 2, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.place_label)
        layout.addWidget(self.search_bar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)

        self.addWidget(self.tree)
        self.addWidget(right)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        QWidget.setTabOrder(self.tree, self.search_bar.edit)
        QWidget.setTabOrder(self.search_bar.edit, self.filter_bar.category)
        QWidget.setTabOrder(self.filter_bar.clear_button, self.table)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.tree.selectionModel().currentChanged.connect(self._on_place_changed)
        self.tree.customContextMenuRequested.connect(self._show_tree_menu)
        self.table.customContextMenuRequested.connect(self._show_table_menu)
        self.table.selectionModel().currentChanged.connect(self._emit_current)
        self.table.selectionModel().selectionChanged.connect(self.sig_selection_changed)
        self.table.sig_activated.connect(self.sig_activated)
        self.table.sig_type_ahead.connect(self.search_bar.type_in)
        self.table_model.sig_sort_requested.connect(lambda: self._reload_table(self.selected_ids()))
        self.search_bar.sig_search_changed.connect(lambda _text: self._reload_table(self.selected_ids()))
        self.search_bar.sig_submitted.connect(self._on_search_submitted)
        self.search_bar.waits_for_enter = self._waits_for_enter
        self.search_bar.sig_waiting.connect(self._on_search_waiting)
        self.search_bar.sig_leave.connect(self._focus_table)
        self.filter_bar.sig_changed.connect(lambda: self._reload_table(self.selected_ids()))

    # -- data ----------------------------------------------------------------------------------------------

    def set_services(self, services: Services) -> None:
        """Show another database; the whole fleet is chosen, the search and filters are cleared — but for the
        first one (opened behind the window at start): what the user typed or chose meanwhile is searched in it,
        and an inventory number scanned meanwhile (Entrée) is shown once the list is read."""
        self.runner.forget()
        first = self._services is None
        self._services = services
        self._locations = services.locations
        self._browser = services.browser
        self._base_size = services.browser.total()
        self._counts, self._listed, self._reading = PlanCounts(), None, None
        self.tree_model.clear()
        entered, self._entered_early = self._entered_early, None
        if first:
            entered = entered if entered == self.search_bar.text else None  # else typed over since
            self.search_bar.keep(entered=entered is not None)
            if entered:
                self._after_load.append(lambda: self._show_scanned(entered))
        else:
            self.search_bar.clear(quietly=True)
            self.filter_bar.clear(quietly=True)
        self.table_model.set_browser(self._browser)
        self.refresh(FLEET_NODE)

    def refresh(self, node: Node | None = None) -> None:
        """Read the tree and the list again, keeping the place, the open branches and the selected rows."""
        if self._locations is None or self._services is None:
            return
        node = node or self.current_node() or FLEET_NODE
        first_load = self.tree_model.rowCount() == 0
        expanded = self._expanded_nodes()
        selected = self.selected_ids()
        self.filter_bar.set_choices(self._services.catalog.categories(), self._services.catalog.plans())
        self.tree_model.set_room_reader(self._locations.rooms)  # a school's rooms, read when it is opened
        self.runner.run("tree", self._locations.tree,
                        lambda tree: self._show_tree(tree, node, expanded, selected, first_load),
                        rows=self._base_size)

    def _show_tree(self, tree: LocationTree, node: Node, expanded: list[Node], selected: list[int],
                   first_load: bool) -> None:
        self._base_size = tree.total.total
        if self.tree_model.load(tree):  # same places, new counts: the branches and the current place stay
            self._wanted = selected
            if self.current_node() == node:
                self._reload_table(self._take_wanted())
            elif not self.select_node(node):
                self.select_node(FLEET_NODE)
            return
        self._fit_tree_columns()
        if first_load:  # communes open, schools closed
            for row in range(self.tree_model.rowCount()):
                self.tree.expand(self.tree_model.index(row, NAME_COLUMN))
        for index in filter(QModelIndex.isValid, map(self.tree_model.index_of, expanded)):
            self.tree.expand(index)
        self._wanted = selected
        if not self.select_node(node):
            self.select_node(FLEET_NODE)

    def current_node(self) -> Node | None:
        return self.tree_model.node(self.tree.currentIndex())

    def select_node(self, node: Node) -> bool:
        index = self.tree_model.index_of(node)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def current_place(self) -> tuple[int | None, int | None]:
        """(school id, room id) of the place chosen in the tree: where a new item goes by default."""
        node = self.current_node()
        if node is None or node.kind not in (NodeKind.SCHOOL, NodeKind.ROOM):
            return None, None
        return (node.id, None) if node.kind is NodeKind.SCHOOL else (node.school_id, node.id)

    def select_when_loaded(self, ids: Sequence[int]) -> None:
        """Select these items once the list shows the database as it is now (after a refresh)."""
        ids = list(ids)
        if self.loading:
            self._after_load.append(lambda: self.select_ids(ids))
        else:
            self.select_ids(ids)

    def current_filter(self) -> EquipmentFilter:
        """What the list shows: the place, the search and the filters."""
        node = self.current_node() or FLEET_NODE
        return replace(node.equipment_filter(), text=self.search_bar.applied_text or None,
                       **self.filter_bar.fields())

    def is_narrowed(self) -> bool:
        """Whether a search or a filter hides part of the place's items."""
        return bool(self.search_bar.applied_text or self.filter_bar.active_count())

    @property
    def counts(self) -> PlanCounts:
        return self._counts

    @property
    def loading(self) -> bool:
        return self.runner.busy

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table_model.equipment_id(row) for row in rows if self.table_model.is_known(row)]

    def current_equipment(self) -> EquipmentInfo | None:
        index = self.table.currentIndex()
        return self.table_model.equipment(index.row()) if index.isValid() else None

    def select_ids(self, ids: Iterable[int]) -> None:
        """Select these items' rows (those shown), the first one current and in view."""
        selection = QItemSelection()
        last = self.table_model.columnCount() - 1
        first: QModelIndex | None = None
        for item_id in ids:
            row = self.table_model.row_of(item_id)
            if row is not None:
                selection.select(self.table_model.index(row, 0), self.table_model.index(row, last))
                first = first or self.table_model.index(row, 0)
        if first is None:
            return
        model = self.table.selectionModel()
        model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                     QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)

    # -- finding an item -----------------------------------------------------------------------------------

    def show_equipment(self, equipment_id: int, *, home: bool = False) -> bool:
        """Show the item wherever it is: its school (or the stock) in the tree — the school or room chosen is kept
        when it holds the item, unless ``home`` — its row selected and in view; a search or filter that would hide
        it is cleared. False when it does not exist."""
        if self._browser is None:
            return False
        found = self._browser.rows([equipment_id])
        if not found:
            return False
        info = found[0]
        self.search_bar.clear(quietly=True)
        fields = self.filter_bar.fields()
        if fields and not self._browser.matches(EquipmentFilter(**fields), equipment_id):
            self.filter_bar.clear(quietly=True)
            self.sig_message.emit(self.tr("Filtres effacés pour montrer {number}.").format(
                number=info.inventory_number))
        current = self.current_node()
        # A school or room that holds it is kept; from the whole fleet or a commune, the item's school shows it
        # among its neighbours (and reads a few hundred rows, not the whole city's).
        keep = not home and current is not None and current.kind in (NodeKind.SCHOOL, NodeKind.ROOM) \
            and self.tree_model.contains(current, info)
        node = current if keep else self.tree_model.home_of(info)
        self._wanted = [equipment_id]
        if node == current or not self.select_node(node):
            self._reload_table(self._take_wanted())
        self.sig_located.emit(equipment_id)
        return True

    def copy_selection(self) -> str:
        """The selected rows as tab-separated text (the visible columns, with their titles), for a spreadsheet
        or an e-mail; also put on the clipboard."""
        columns = [c for c in range(len(COLUMNS)) if not self.table.isColumnHidden(c)]
        columns.sort(key=self.table.horizontalHeader().visualIndex)
        header = [self.table_model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
        lines = ["\t".join(header)]
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        for row in rows:
            lines.append("\t".join(str(self.table_model.index(row, c).data() or "") for c in columns))
        text = "\n".join(lines) + "\n" if rows else ""
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def focus_search(self) -> None:
        self.search_bar.focus()

    def clear_search(self) -> None:
        self.search_bar.clear()

    def _on_search_submitted(self, text: str) -> None:
        """Entrée: an exact inventory number (a scanner) shows its item; other text is searched at once, and a
        single match is selected."""
        if not text:
            return
        if self._browser is None:  # the base is still opening
            self._entered_early = text
            return
        equipment_id = self._browser.id_of_number(text)
        if equipment_id is not None:
            self.show_equipment(equipment_id)
            return
        self._after_load.append(self._select_single_match)
        if text != self.search_bar.applied_text:
            self.search_bar.apply()
        elif not self.loading:
            self._run_after_load()

    def _show_scanned(self, text: str) -> None:
        """A number scanned while the base opened, once its list is read — unless typed over meanwhile."""
        if self.search_bar.text == text:
            self._on_search_submitted(text)

    def _waits_for_enter(self, text: str) -> bool:
        """One or two letters (once folded) on a big base are searched on Entrée only: with no trigram to look
        up, they scan every item's line, and are found in most of them (about 100 ms for 200 000 items, whatever
        the place chosen) — too slow for each keystroke, and too vague to be what the user is looking for."""
        if self._browser is None:  # the base is still opening: searched once it is open (see set_services)
            return False
        from ticeinventory.services import search  # loaded with the base (SQLAlchemy), after the window shows

        return len(search.fold(text)) < search.MIN_TRIGRAM and self.runner.is_slow(self._base_size)

    def _on_search_waiting(self, text: str) -> None:
        from ticeinventory.services import search

        self.sig_message.emit(self.tr("Saisissez au moins {n}\u00a0caractères, ou Entrée pour chercher "
                                      "«\u00a0{text}\u00a0».").format(n=search.MIN_TRIGRAM, text=text))

    def _select_single_match(self) -> None:
        if self.table_model.rowCount() == 1:
            self.select_ids([self.table_model.equipment_id(0)])
            self.sig_located.emit(self.table_model.equipment_id(0))
        elif self.table_model.rowCount() == 0:
            self.sig_message.emit(self.tr("Aucun équipement ne correspond à «\u00a0{text}\u00a0».").format(
                text=self.search_bar.text))

    # -- reading the list ----------------------------------------------------------------------------------

    def _reload_table(self, select: Sequence[int] = ()) -> None:
        """Read the list again. A quick read (a small base, a school, a search typed on from a short list) reads
        its counts, every id and the first screenful of rows at once, on the GUI thread. A big one reads, on a
        worker, the counts and the first page (a few ms: shown at once), then every id in order (a few hundred
        ms: swapped in, see :meth:`_show_all_ids`)."""
        if self._browser is None:
            return
        browser, flt = self._browser, self.current_filter()
        key, descending = self.table_model.sort_key, self.table_model.descending
        rows = self._most_read(flt)
        select = list(select)
        self._reading = flt
        self.runner.drop(TABLE_IDS)  # the rest of an older list must not complete this one
        # a quick place comes whole; a search or a longer list shows its head at once, its other ids after it
        whole = rows if not (flt.text or self.runner.is_slow(rows)) else min(WHOLE_LIST, self.runner.slow_rows)
        self.runner.run(TABLE, lambda: browser.first_page(flt, key, descending=descending, size=PAGE_SIZE,
                                                          whole=whole),
                        lambda page: self._show_first_page(page, lambda: browser.ids(flt, key, descending=descending),
                                                           select), rows=rows)

    def _most_read(self, flt: EquipmentFilter) -> int:
        """About how many items listing ``flt`` reads at most, to judge whether it is quick: the place's count;
        for a search, the whole base (its index is read for the whole base, whatever the place) — unless its text
        was typed on from the list shown, of the whole fleet with no filter: then no more than that list, whose
        items are the only ones it can find (see ``services.search.narrows``). The bench's search as typed gains
        about 2.5 ms a keystroke once the list is short, run here rather than on a worker."""
        if not flt.text:
            counts = self.tree_model.counts(self.current_node() or FLEET_NODE)
            return self._base_size if counts is None else counts.total
        from ticeinventory.services import search  # loaded with the base

        listed = self._listed
        if listed is not None and replace(listed, text=None) == replace(flt, text=None) == replace(
                EquipmentFilter(), include_retired=flt.include_retired) and search.narrows(listed.text, flt.text):
            return min(self._counts.total, self._base_size)
        return self._base_size

    def _show_first_page(self, page: FirstPage, read_ids: Callable[[], list[int]], select: list[int]) -> None:
        if page.complete:  # a short list (read whole, see _reload_table): all of it at once
            self.table_model.show_ids(page.ids, rows=page.rows)
            self._show_counts(page.counts, select)
            self._loaded()
            return
        self.table_model.show_ids(page.ids, total=page.counts.total, rows=page.rows)
        # on the worker from now on (loading), before anyone hears of the counts
        self.runner.run(TABLE_IDS, read_ids, lambda ids: self._show_all_ids(ids, select), rows=page.counts.total,
                        background=True)
        self._show_counts(page.counts, select)
        self._head_selection = self.selected_ids()

    def _show_all_ids(self, ids: list[int], select: list[int]) -> None:
        """Every id of the list whose first page is shown. In place when it agrees with that page: the scroll
        position and the rows the user selected meanwhile stay. The items to select that were beyond the first
        page are selected now, unless the user chose other rows meanwhile."""
        selected, shown = self.selected_ids(), self._head_selection
        wanted = select if selected == shown and len(set(select)) > len(shown) else selected
        top = self.table.indexAt(QPoint(0, 0))
        top_id = self.table_model.equipment_id(top.row()) if self.table_model.is_known(top.row()) else None
        if not self.table_model.complete(ids):  # the base changed meanwhile: shown anew
            row = self.table_model.row_of(top_id) if top_id is not None else None
            if row is not None:
                self.table.scrollTo(self.table_model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
            self.select_ids(wanted)
            self._emit_current()
        elif wanted is not selected:
            self.select_ids(wanted)
        self._loaded()

    def _show_counts(self, counts: PlanCounts, select: list[int]) -> None:
        self._counts, self._listed = counts, self._reading
        self._update_placeholder()
        self.select_ids(select)
        self._emit_current()
        self.sig_counts_changed.emit(self._counts)

    def _loaded(self) -> None:
        self._run_after_load()
        self.sig_loaded.emit()

    def _run_after_load(self) -> None:
        pending, self._after_load = self._after_load, []
        for action in pending:
            action()

    def _take_wanted(self) -> list[int]:
        wanted, self._wanted = self._wanted or [], None
        return wanted

    def _update_placeholder(self) -> None:
        node = self.current_node() or FLEET_NODE
        place = self.tree_model.title(self.tree.currentIndex())
        if self.is_narrowed():
            text = self.tr("Aucun équipement de «\u00a0{place}\u00a0» ne correspond à la recherche et aux filtres. "
                           "Échap efface la recherche.").format(place=place)
        elif node.kind is NodeKind.FLEET:
            text = self.tr("La base ne contient encore aucun équipement.")
        else:
            text = self.tr("Aucun équipement dans «\u00a0{place}\u00a0».").format(place=place)
        if text != self.table.placeholder_text:  # else nothing to repaint (each search would repaint the list)
            self.table.placeholder_text = text
            self.table.viewport().update()

    # -- context menus -------------------------------------------------------------------------------------

    def _show_table_menu(self, position: QPoint) -> None:
        self._exec_menu(self.table_edit_actions + [None] + self.table_view_actions,
                        self.table.viewport().mapToGlobal(position))

    def _show_tree_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self._exec_menu(self.tree_edit_actions + [None] + self.tree_view_actions,
                        self.tree.viewport().mapToGlobal(position))

    def _exec_menu(self, actions: MenuActions, where: QPoint) -> None:
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        if menu.actions():
            menu.exec(where)
        menu.deleteLater()

    # -- settings ------------------------------------------------------------------------------------------

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(SPLITTER_KEY, self.saveState())
        settings.setValue(HEADER_KEY, self.table.save_header())
        settings.setValue(AUTO_FIT_KEY, self.table.auto_fit)
        settings.setValue(HIDDEN_COLUMNS_KEY, sorted(self.table.user_hidden) or "")
        settings.setValue(FILTERS_SHOWN_KEY, not self.filter_bar.isHidden())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value(SPLITTER_KEY)
        self._default_sizes_pending = not (state and self.restoreState(state))
        auto_fit = settings.value(AUTO_FIT_KEY, True, type=bool)
        hidden = settings.value(HIDDEN_COLUMNS_KEY)
        if isinstance(hidden, str):  # one key, or "" for none (QSettings' ini files flatten short lists)
            hidden = [hidden] if hidden else []
        self.table.restore_header(settings.value(HEADER_KEY), auto_fit, hidden)
        self.table.setSortingEnabled(True)
        self.filter_bar.setVisible(settings.value(FILTERS_SHOWN_KEY, True, type=bool))

    # -- reactions -----------------------------------------------------------------------------------------

    def _on_place_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.tree_model.node(current)
        if node is None or self._browser is None:
            return
        title = self.tree_model.title(current)
        self.place_label.setText(title)
        self._show_columns_for(node)
        self.sig_place_changed.emit(title)
        self._reload_table(self._take_wanted())

    def _emit_current(self, *_args: object) -> None:
        self.sig_current_changed.emit(self.current_equipment())

    def _focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.table_model.rowCount():
            self.table.selectRow(0)

    def _show_columns_for(self, node: Node) -> None:
        """The école (and salle) columns would repeat the heading on every row: hidden then."""
        hidden = []
        if node.kind in (NodeKind.SCHOOL, NodeKind.ROOM, NodeKind.STOCK):
            hidden.append("school")
        if node.kind in (NodeKind.ROOM, NodeKind.STOCK):
            hidden.append("room")
        self.table.set_place_hidden(hidden)

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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.search_bar.edit.text():
            self.search_bar.clear()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default_sizes_pending:  # first start: about a fifth of the width for the tree
            self._default_sizes_pending = False
            chars = self.fontMetrics().averageCharWidth()
            tree_width = min(max(self.width() // 4, chars * 36), 420)
            self.setSizes([tree_width, self.width() - tree_width])

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.tree_model.reload_icons()
            self.search_bar.refresh_icons()

