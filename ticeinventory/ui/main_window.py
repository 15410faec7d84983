"""The technician's window: a thin shell of menus, status bar and settings around the feature widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from ticeinventory.services.app import Services
from ticeinventory.services.equipment_browser import PlanCounts

from . import icons
from .about import show_about
from .database_opener import DatabaseOpener
from .inventory_panel import InventoryPanel
from .texts import counts_summary

GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"


class MainWindow(QMainWindow):
    def __init__(self, services: Services, opener: DatabaseOpener | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.icon(icons.APP))
        self.services: Services | None = None
        self._notice = ""
        self.opener = opener or DatabaseOpener(parent=self)
        self.opener.prompts.parent_widget = self

        self.inventory = InventoryPanel(self)
        self.setCentralWidget(self.inventory)
        self._create_actions()
        self._create_menus()
        self._create_status_bar()
        self._connect_signals()
        self._restore_settings()
        self.set_services(services)

    # -- building ------------------------------------------------------------------------------------------

    def _create_actions(self) -> None:
        self.new_action = QAction(self.tr("&Nouvelle base…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setStatusTip(self.tr("Créer un nouveau fichier de base, vide ou de démonstration"))
        self.open_action = QAction(self.tr("&Ouvrir…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.setStatusTip(self.tr("Ouvrir un autre fichier de base TICE Inventaire"))
        self.quit_action = QAction(self.tr("&Quitter"), self)
        self.quit_action.setShortcut(QKeySequence(self.tr("Ctrl+Q")))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.refresh_action = QAction(self.tr("&Actualiser"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setStatusTip(self.tr("Relire la base (modifications faites depuis un autre poste)"))
        self.about_action = QAction(self.tr("À &propos de TICE Inventaire"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Fichier"))
        file_menu.addActions([self.new_action, self.open_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = bar.addMenu(self.tr("&Affichage"))
        view_menu.addAction(self.refresh_action)
        help_menu = bar.addMenu(self.tr("Ai&de"))
        help_menu.addAction(self.about_action)

    def _create_status_bar(self) -> None:
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        self.database_label = QLabel()
        self.database_label.setObjectName("databaseLabel")
        self.statusBar().addWidget(self.counts_label, 1)
        self.statusBar().addPermanentWidget(self.database_label)

    def _connect_signals(self) -> None:
        self.new_action.triggered.connect(self.create_database)
        self.open_action.triggered.connect(self.open_database)
        self.quit_action.triggered.connect(self.close)
        self.refresh_action.triggered.connect(self.refresh)
        self.about_action.triggered.connect(self.show_about)
        self.inventory.sig_counts_changed.connect(self._show_counts)

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
        self.inventory.set_services(services)
        if previous is not None and previous is not services:
            previous.close()
        if services.db.report.backup is not None:
            self._notice = self.tr("Base mise à jour pour cette version ; copie de sauvegarde vérifiée\u00a0: "
                                   "{path}").format(path=services.db.report.backup)
            if self.isVisible():
                self._show_notice()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
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
        self.inventory.refresh()
        self.statusBar().showMessage(self.tr("Base relue."), 3_000)

    def show_about(self) -> None:
        show_about(self, self.services.db.describe() if self.services else "")

    def _show_counts(self, counts: PlanCounts) -> None:
        self.counts_label.setText(counts_summary(counts))

    # -- settings ------------------------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        if not (geometry and self.restoreGeometry(geometry)):
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
            self.resize(min(available.width() - 40, 1440), min(available.height() - 40, 900))
        state = settings.value(STATE_KEY)
        if state:
            self.restoreState(state)
        self.inventory.restore_state(settings)

    def save_settings(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        self.inventory.save_state(settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self.services is not None:
            self.services.close()
            self.services = None
        event.accept()
