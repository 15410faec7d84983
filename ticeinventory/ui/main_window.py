"""The technician's window: a thin shell of menus, toolbar, docks, status bar and settings around the features.

The inventory (tree, search, filters, list) is the central widget; the current item's detail panel is a dock
(right by default, movable under the list). Each feature — editing with undo, maintenance, printed documents,
import and export — is a controller owning its actions and dialogs; the window only puts its actions in the
menus (:meth:`install_edit_actions`, :meth:`install_feature`) and tells it when the selection, the place or the
database change.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QPaintEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QWidget

from . import icons
from .about import show_about
from .actions import WindowActions
from .database_opener import DatabaseOpener, open_existing
from .detail_panel import HISTORY_TAB, INTERVENTIONS_TAB, SHEET_TAB, DetailPanel
from .edit_controller import EditController
from .inventory_panel import InventoryPanel
from .location_model import FLEET_NODE, STOCK_NODE, Node, NodeKind
from .maintenance_controller import MaintenanceController
from .report_controller import ReportController
from .tasks import Task
from .texts import counts_summary, number
from .transfer_controller import TransferController

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import EquipmentInfo
    from ticeinventory.services.app import Services
    from ticeinventory.services.listing import PlanCounts

GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"
STATE_VERSION = 2
"""Bumped when docks or toolbars change, so that an older saved layout is not applied to them."""
FIRST_PAINT_WAIT = 100
"""Ms the opening of the start's base waits for the window's first paint, at most (a window started minimised is
not painted)."""


class MainWindow(QMainWindow):
    equipmentActivated = Signal(int)
    """Double-click or Entrée on an item of the list (the editing layer opens it)."""

    def __init__(self, services: Services | None, opener: DatabaseOpener | None = None,
                 parent: QWidget | None = None) -> None:
        """The window on ``services``; with None, the window waits for :meth:`open_at_start` (or
        :meth:`set_services`): every action that needs a base stays disabled until then."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.icon(icons.APP))
        self.services: Services | None = None
        self.edit_controller: Any = None
        """The editing layer, once :meth:`install_edit_actions` was called."""
        self._notice = ""
        self._default_dock_pending = True
        self.opener = opener or DatabaseOpener(parent=self)
        self.opener.prompts.parent_widget = self

        self.inventory = InventoryPanel(self)
        self.setCentralWidget(self.inventory)
        self.detail = DetailPanel()
        self.detail_dock = QDockWidget(self.tr("Détails de l'équipement"), self)
        self.detail_dock.setObjectName("detailDock")
        self.detail_dock.setWidget(self.detail)
        self.detail_dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea |
                                         Qt.DockWidgetArea.BottomDockWidgetArea |
                                         Qt.DockWidgetArea.LeftDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)

        self.commands = WindowActions(self)
        self._create_menus_and_toolbar()
        self._create_status_bar()
        self._connect_signals()
        self._restore_settings()
        self.features: list[Any] = []
        self._opening: Task | None = None
        self._opening_pending: Task | None = None
        """The start's opening, until the window has painted itself once (see :meth:`open_at_start`)."""
        self._install_features(services)
        if services is not None:
            self.set_services(services)
        else:
            self._show_opening()

    # -- building ------------------------------------------------------------------------------------------

    def _create_menus_and_toolbar(self) -> None:
        c = self.commands
        self.new_action, self.open_action, self.quit_action = c.new, c.open, c.quit
        self.refresh_action, self.about_action, self.find_action = c.refresh, c.about, c.find
        self.details_action = self.detail_dock.toggleViewAction()
        self.details_action.setText(self.tr("Panneau de &détails"))
        self.details_action.setShortcut(Qt.Key.Key_F9)
        self.details_action.setIcon(icons.icon(icons.DETAILS))
        self.details_action.setData(icons.DETAILS)
        self.details_action.setStatusTip(self.tr("Afficher ou masquer la fiche, les interventions et l'historique "
                                                 "de l'équipement choisi"))
        self.toolbar = c.build_toolbar(self, [self.details_action])
        toolbar_action = self.toolbar.toggleViewAction()
        toolbar_action.setText(self.tr("&Barre d'outils"))
        self.columns_menu = QMenu(self.tr("&Colonnes"), self)
        self.columns_menu.setObjectName("columnsMenu")
        self.columns_menu.setToolTipsVisible(True)
        self.menus = c.build_menus(self, [self.details_action, toolbar_action])
        self.menus["view"].insertMenu(c.show_filters, self.columns_menu)
        self.inventory.table_view_actions = [c.copy, c.select_all, None, c.show_sheet, c.show_interventions,
                                             c.show_history, c.go_home]
        self.inventory.tree_view_actions = [c.refresh]

    def _create_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.selection_label = QLabel()
        self.selection_label.setObjectName("selectionLabel")
        self.busy_label = QLabel(self.tr("Lecture de la base…"))
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.setVisible(False)
        self.database_label = QLabel()
        self.database_label.setObjectName("databaseLabel")
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addWidget(self.selection_label)
        self.statusBar().addWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.database_label)

    def _connect_signals(self) -> None:
        c, panel = self.commands, self.inventory
        c.new.triggered.connect(self.create_database)
        c.open.triggered.connect(self.open_database)
        c.quit.triggered.connect(self.close)
        c.refresh.triggered.connect(self.refresh)
        c.about.triggered.connect(self.show_about)
        c.find.triggered.connect(panel.focus_search)
        c.clear_search.triggered.connect(self.clear_search_and_filters)
        c.copy.triggered.connect(self._copy_rows)
        c.select_all.triggered.connect(panel.table.selectAll)
        c.show_filters.toggled.connect(panel.filter_bar.setVisible)
        c.show_sheet.triggered.connect(lambda: self.show_detail_tab(SHEET_TAB))
        c.show_interventions.triggered.connect(lambda: self.show_detail_tab(INTERVENTIONS_TAB))
        c.show_history.triggered.connect(lambda: self.show_detail_tab(HISTORY_TAB))
        c.go_fleet.triggered.connect(lambda: panel.select_node(FLEET_NODE))
        c.go_stock.triggered.connect(lambda: panel.select_node(STOCK_NODE))
        c.go_home.triggered.connect(self._show_current_at_home)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        panel.sig_counts_changed.connect(self._show_counts)
        panel.sig_current_changed.connect(self._on_current_changed)
        panel.sig_selection_changed.connect(self._show_selection)
        panel.sig_activated.connect(self._on_activated)
        panel.sig_located.connect(self._on_located)
        panel.sig_message.connect(lambda text: self.statusBar().showMessage(text, 5_000))
        panel.runner.sig_busy.connect(self.busy_label.setVisible)
        panel.runner.sig_failed.connect(self._on_read_failed)

    # -- the features --------------------------------------------------------------------------------------

    def _install_features(self, services: Services | None) -> None:
        panel = self.inventory
        self.undo_stack = QUndoStack(self)
        self.install_edit_actions(EditController(self, services, self.undo_stack, panel.selected_ids,
                                                 panel.current_place, self.refresh))
        panel.tree.sig_move_requested.connect(self._move_dropped)
        self.maintenance = MaintenanceController(self, services, self._selected_equipment, self._current_school,
                                                 self.refresh)
        self.install_feature(self.maintenance, "maintenance")
        self.maintenance.attach_interventions_view(self.detail.interventions)
        self.reports = ReportController(self, services, self._current_school, self._current_room,
                                        self._selected_numbers)
        self.install_feature(self.reports, "reports")
        self.transfer = TransferController(self, services, panel.current_filter, panel.selected_ids, self.refresh)
        self.install_feature(self.transfer, "file", before=self.commands.transfer_slot)

    def install_feature(self, controller: Any, menu_key: str, *, before: QAction | None = None) -> None:
        """Put ``controller.menu_actions()`` (None: a separator) in a menu and keep the controller informed:
        ``update_enabled()`` on every change of selection or place, ``set_services()`` when another base is
        opened, ``sig_status_message`` to the status bar."""
        menu = self.menus[menu_key]
        for entry in controller.menu_actions():
            if before is None:
                menu.addSeparator() if entry is None else menu.addAction(entry)
            else:
                menu.insertSeparator(before) if entry is None else menu.insertAction(before, entry)
        self.features.append(controller)
        self.inventory.sig_selection_changed.connect(controller.update_enabled)
        self.inventory.sig_place_changed.connect(lambda _title: controller.update_enabled())
        if hasattr(controller, "sig_status_message"):
            controller.sig_status_message.connect(lambda text: self.statusBar().showMessage(text, 8_000))
        controller.update_enabled()

    def _move_dropped(self, ids: list[int], node: Node) -> None:
        """Rows dropped on a school, a room or the stock: moved at once, undoable."""
        if node.kind is NodeKind.STOCK:
            self.edit_controller.move_items(ids, None, None)
        elif node.kind is NodeKind.SCHOOL:
            self.edit_controller.move_items(ids, node.id, None)
        elif node.kind is NodeKind.ROOM:
            self.edit_controller.move_items(ids, node.school_id, node.id)

    def _current_school(self) -> int | None:
        return self.inventory.current_place()[0]

    def _current_room(self) -> int | None:
        return self.inventory.current_place()[1]

    def _selected_equipment(self) -> int | None:
        item = self.inventory.current_equipment()
        return item.id if item is not None else None

    def _selected_numbers(self) -> list[str]:
        ids = self.inventory.selected_ids()
        return [row.inventory_number for row in self.services.browser.rows(ids)] if ids and self.services else []

    # -- the editing layer ---------------------------------------------------------------------------------

    def install_edit_actions(self, controller: Any) -> None:
        """Put the editing layer's actions in their places and connect it to the window.

        ``controller`` may offer, as attributes or methods returning a list of QAction (None for a separator):
        ``edit_actions`` (top of Édition), ``inventory_actions`` (top of Inventaire), ``toolbar_actions`` (the
        toolbar, after Actualiser), ``table_actions`` / ``tree_actions`` (top of the list's / the tree's context
        menu). Without them, the :class:`EditController` layout is used: undo / redo in Édition, its
        ``equipment_actions()`` and ``school_actions()`` in Inventaire and in the list's and the tree's menus.

        Connected when the controller has them: ``update_enabled()`` on every change of selection or place,
        ``open_equipment(id)`` on :attr:`equipmentActivated`, ``sig_status_message`` to the status bar,
        ``sig_created(ids)`` selects the new items, ``set_services`` follows Fichier ▸ Ouvrir.
        The window installs its own :class:`EditController` this way (see ``_install_features``).
        """
        def entries(name: str) -> list[QAction | None]:
            value = getattr(controller, name, None)
            value = value() if callable(value) else value
            return list(value or [])

        undo = [a for a in (getattr(controller, "undo_action", None), getattr(controller, "redo_action", None)) if a]
        equipment, schools = entries("equipment_actions"), entries("school_actions")
        edit = entries("edit_actions") or undo  # the slot itself is the separator that follows
        inventory = entries("inventory_actions") or [*equipment, None, *schools]
        toolbar = entries("toolbar_actions") or [*equipment[:4], None, *undo]
        c = self.commands
        for slot, menu, actions in ((c.edit_slot, self.menus["edit"], edit),
                                    (c.inventory_slot, self.menus["inventory"], inventory)):
            for entry in actions:
                menu.insertSeparator(slot) if entry is None else menu.insertAction(slot, entry)
        for entry in toolbar:
            self.toolbar.insertSeparator(c.toolbar_slot) if entry is None else \
                self.toolbar.insertAction(c.toolbar_slot, entry)
        self.inventory.table_edit_actions = entries("table_actions") or equipment
        self.inventory.tree_edit_actions = entries("tree_actions") or schools
        self.edit_controller = controller

        if callable(getattr(controller, "update_enabled", None)):
            self.inventory.sig_selection_changed.connect(controller.update_enabled)
            self.inventory.sig_place_changed.connect(lambda _title: controller.update_enabled())
        if callable(getattr(controller, "open_equipment", None)):
            self.equipmentActivated.connect(controller.open_equipment)
        if hasattr(controller, "sig_status_message"):
            controller.sig_status_message.connect(lambda text: self.statusBar().showMessage(text, 8_000))
        if hasattr(controller, "sig_created"):
            controller.sig_created.connect(self.inventory.select_when_loaded)

    # -- actions -------------------------------------------------------------------------------------------

    def set_services(self, services: Services) -> None:
        """Show the base ``services`` is open on; the previous one is closed."""
        previous, self.services = self.services, services
        where = services.db.describe()
        name = Path(where).name if services.db.is_sqlite else where
        self.setWindowTitle(self.tr("TICE Inventaire — {file}").format(file=name))
        metrics = self.database_label.fontMetrics()
        self.database_label.setText(metrics.elidedText(where, Qt.TextElideMode.ElideMiddle,
                                                       metrics.averageCharWidth() * 60))
        self.database_label.setToolTip(where)
        self.detail.set_services(services)
        self.inventory.set_services(services)
        for feature in (self.edit_controller, *self.features):  # those built before the base was open, too
            if callable(getattr(feature, "set_services", None)) and getattr(feature, "services", None) is not services:
                feature.set_services(services)
        if previous is not None and previous is not services:
            previous.close()
        if services.db.report.backup is not None:
            self._notice = self.tr("Base mise à jour pour cette version ; copie de sauvegarde vérifiée\u00a0: "
                                   "{path}").format(path=services.db.report.backup)
            if self.isVisible():
                self._show_notice()

    def open_at_start(self, target: str | None) -> None:
        """Open the base of ``--db`` / ``$TICEINVENTORY_DB`` / the default file while the window is already on
        screen: the database layer (SQLAlchemy, the schema check, a migration if one is due) loads on a worker
        thread, from the window's first paint on, and the window stays responsive. A first start (no file yet) or
        a base that cannot be opened goes on here with the opener's questions (:meth:`DatabaseOpener.at_startup`);
        quitting them closes the window."""
        self._show_opening()
        self._opening = Task(lambda _progress: open_existing(target), self)
        self._opening.sig_succeeded.connect(lambda services: self._opened_at_start(services, target))
        self._opening.sig_failed.connect(lambda _error: self._opened_at_start(None, target))
        if not self.isVisible():
            self._opening.start()
            return
        # Started once the window has painted itself (:meth:`paintEvent`): the worker's imports (SQLAlchemy…)
        # hold Python's GIL most of the time, and would otherwise slow the first paint by a third.
        self._opening_pending = self._opening
        QTimer.singleShot(FIRST_PAINT_WAIT, self, self._start_opening)

    def _start_opening(self) -> None:
        task, self._opening_pending = self._opening_pending, None
        if task is not None:
            task.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._opening_pending is not None:  # the first paint: the children are painted next, then the opening
            QTimer.singleShot(0, self, self._start_opening)

    def _show_opening(self) -> None:
        """No base yet: the list says so, and what needs a base waits for it."""
        self.busy_label.setVisible(True)
        self.inventory.table.placeholder_text = self.tr("Ouverture de la base…")
        self.commands.refresh.setEnabled(False)

    @property
    def opening(self) -> bool:
        """Whether the base given at start is still being opened."""
        return self._opening is not None

    def _opened_at_start(self, services: Services | None, target: str | None) -> None:
        self._opening = None
        if not self.isVisible() or self.services is not None:  # closed, or another base opened (Fichier) meanwhile
            if services is not None:
                services.close()
            return
        if services is None:  # first start, or a refusal: the opener asks (and explains) on the GUI thread
            services = self.opener.at_startup(target)
            if services is None:
                self.close()
                return
        self.busy_label.setVisible(self.inventory.loading)
        self.commands.refresh.setEnabled(True)
        self.set_services(services)

    def show_equipment(self, equipment_id: int) -> bool:
        """Select and show the item wherever it is, with its detail panel."""
        return self.inventory.show_equipment(equipment_id)

    def show_detail_tab(self, tab: int) -> None:
        self.detail_dock.show()
        self.detail_dock.raise_()
        self.detail.setCurrentIndex(tab)

    def clear_search_and_filters(self) -> None:
        self.inventory.search_bar.clear(quietly=True)
        self.inventory.filter_bar.clear(quietly=True)
        self.inventory.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default_dock_pending:  # first start: the detail panel takes about a fifth of the width
            self._default_dock_pending = False
            width = min(max(self.width() // 5, self.fontMetrics().averageCharWidth() * 42), 520)
            self.resizeDocks([self.detail_dock], [width], Qt.Orientation.Horizontal)
        self._show_notice()

    def _show_notice(self) -> None:
        # Shown once the window is visible: a status bar message given earlier would not hide the counts.
        if self._notice:
            self.statusBar().showMessage(self._notice, 30_000)
            self._notice = ""

    def create_database(self) -> None:
        services = self.opener.create_new()
        if services is not None:
            self.set_services(services)

    def open_database(self) -> None:
        services = self.opener.open_other()
        if services is not None:
            self.set_services(services)

    def refresh(self) -> None:
        """Read the base again (after a change made here or elsewhere), keeping the place and the selection."""
        self.inventory.refresh()
        self.detail.reload()
        self.statusBar().showMessage(self.tr("Base relue."), 3_000)

    def show_about(self) -> None:
        show_about(self, self.services.db.describe() if self.services else "")

    def _copy_rows(self) -> None:
        if self.inventory.copy_selection():
            self.statusBar().showMessage(self.tr("Lignes copiées."), 3_000)

    def _show_current_at_home(self) -> None:
        info = self.inventory.current_equipment()
        if info is not None:
            self.inventory.show_equipment(info.id, home=True)

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        self.columns_menu.addActions(self.inventory.table.column_actions(self.columns_menu))

    def _show_counts(self, counts: PlanCounts) -> None:
        text = counts_summary(counts)
        if self.inventory.is_narrowed():
            text += self.tr(" (recherche ou filtres)")
        self.counts_label.setText(text)

    def _show_selection(self) -> None:
        selected = len(self.inventory.table.selectionModel().selectedRows())
        self.selection_label.setText(self.tr("{n} sélectionnés").format(n=number(selected)) if selected > 1 else "")

    def _on_current_changed(self, info: EquipmentInfo | None) -> None:
        self.detail.show_equipment(info)
        has_item = info is not None
        for action in (self.commands.go_home, self.commands.copy):
            action.setEnabled(has_item)

    def _on_activated(self, equipment_id: int) -> None:
        self.detail_dock.show()
        self.equipmentActivated.emit(equipment_id)

    def _on_located(self, _equipment_id: int) -> None:
        self.detail_dock.show()
        self.detail_dock.raise_()

    def _on_read_failed(self, error: BaseException) -> None:
        self.statusBar().showMessage(self.tr("La lecture de la base a échoué\u00a0: {error}. Réessayez avec "
                                             "Affichage ▸ Actualiser (F5).").format(error=error), 15_000)

    # -- settings ------------------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        if not (geometry and self.restoreGeometry(geometry)):
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
            self.resize(min(available.width() - 40, 1440), min(available.height() - 40, 900))
        state = settings.value(STATE_KEY)
        if state and self.restoreState(state, STATE_VERSION):
            self._default_dock_pending = False
        self.inventory.restore_state(settings)
        self.commands.show_filters.setChecked(not self.inventory.filter_bar.isHidden())

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState(STATE_VERSION))
        self.inventory.save_state(settings)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.commands.reload_icons()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.inventory.runner.forget()
        if self.services is not None:
            self.services.close()
            self.services = None
        event.accept()
