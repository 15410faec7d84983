"""The detail panel: the current item's Fiche, Interventions and Historique, in tabs.

The Fiche comes with the row (no query). Interventions and history are read only for the tab on screen, once
per item, so that moving through the list with the arrow keys stays instant. Loans will add their own tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from ticeinventory.domain.errors import NotFoundError

from .equipment_sheet import EquipmentSheet
from .history_view import HistoryView
from .interventions_view import InterventionsView

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import EquipmentInfo
    from ticeinventory.services.app import Services
    from ticeinventory.services.history import HistoryService

SHEET_TAB, INTERVENTIONS_TAB, HISTORY_TAB = 0, 1, 2


class DetailPanel(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPanel")
        self.setDocumentMode(True)
        self._services: Services | None = None
        self._history: HistoryService | None = None
        self._info: EquipmentInfo | None = None
        self._loaded: dict[int, int | None] = {}
        self.sheet = EquipmentSheet()
        self.interventions = InterventionsView()
        self.history = HistoryView()
        # Mnemonics apart from the menus' (F, D, A, I, M, P, R, O, E) and the filters' (T, S, N, G, Y, U).
        self.addTab(self.sheet, self.tr("Fi&che"))
        self.addTab(self.interventions, self.tr("Inter&ventions"))
        self.addTab(self.history, self.tr("Histori&que"))
        self.setTabToolTip(SHEET_TAB, self.tr("Tous les champs de l'équipement (Alt+C)"))
        self.setTabToolTip(INTERVENTIONS_TAB, self.tr("Les interventions de la cellule sur cet équipement (Alt+V)"))
        self.setTabToolTip(HISTORY_TAB, self.tr("Qui a modifié quoi et quand (Alt+Q)"))
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(0)  # once the key repeat or the selection settles
        self._load_timer.timeout.connect(self._load_current_tab)
        self.currentChanged.connect(lambda _index: self._load_current_tab())

    @property
    def equipment(self) -> EquipmentInfo | None:
        return self._info

    def set_services(self, services: Services | None) -> None:
        self._services = services
        from ticeinventory.services.history import HistoryService

        self._history = HistoryService(services.db) if services is not None else None
        self.show_equipment(None)

    def show_equipment(self, info: EquipmentInfo | None) -> None:
        """Show this item (None: nothing chosen); the tabs on screen read what they need."""
        self._info = info
        self._loaded.clear()
        self.sheet.show_item(info)
        self._loaded[SHEET_TAB] = info.id if info else None
        self._load_timer.start()

    def reload(self) -> None:
        """The item may have changed in the database: read its tabs again."""
        if self._info is not None and self._services is not None:
            try:
                self.show_equipment(self._services.equipment.get(self._info.id))
            except NotFoundError:
                self.show_equipment(None)

    def _load_current_tab(self) -> None:
        self._load_timer.stop()
        tab = self.currentIndex()
        wanted = self._info.id if self._info else None
        if tab in self._loaded and self._loaded[tab] == wanted:
            return
        self._loaded[tab] = wanted
        if tab == INTERVENTIONS_TAB:
            works = (self._services.maintenance.interventions.of_equipment(self._info.id)
                     if self._info and self._services else None)
            self.interventions.show_interventions(self._info, works)
        elif tab == HISTORY_TAB:
            lines = self._history.of_equipment(self._info.id) if self._info and self._history else None
            self.history.show_lines(lines)
