"""The « Historique » tab: the item's audit trail, one readable line per change, latest first."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ticeinventory.services.listing import HistoryLine


class HistoryView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("historyView")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(self.tr("Historique des modifications de l'équipement"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.list, 1)
        self.show_lines(None)

    def show_lines(self, lines: Sequence[HistoryLine] | None) -> None:
        """None: no item chosen."""
        self.list.clear()
        if lines is None:
            self.note.setText(self.tr("Choisissez un équipement pour voir son historique."))
            return
        if not lines:
            self.note.setText(self.tr("Aucune modification enregistrée."))
            return
        self.note.setText(self.tr("Qui a changé quoi, et quand (heure locale), du plus récent au plus ancien\u00a0:"))
        for line in lines:
            item = QListWidgetItem(line.text)
            item.setToolTip(line.text)
            self.list.addItem(item)

    def texts(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]
