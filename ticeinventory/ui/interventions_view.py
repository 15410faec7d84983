"""The « Interventions » tab: the work the cell did on the item, latest first.

For a hors plan item the tab says why there is none: the conventions forbid the city to maintain it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.validation import format_date

if TYPE_CHECKING:
    from ticeinventory.domain.maintenance import InterventionInfo
    from ticeinventory.domain.records import EquipmentInfo


def duration_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h\u00a0{rest:02d}" if rest else f"{hours}\u00a0h"


class InterventionsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setObjectName("interventionsNote")
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("interventionsView")
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([self.tr("Date"), self.tr("Type"), self.tr("Technicien"), self.tr("Durée"),
                                   self.tr("Résultat"), self.tr("Actions")])
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName(self.tr("Interventions sur l'équipement"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.note)
        layout.addWidget(self.tree, 1)
        self.show_interventions(None, None)

    def show_interventions(self, info: EquipmentInfo | None, interventions: Sequence[InterventionInfo] | None) -> None:
        self.tree.clear()
        if info is None or interventions is None:
            self.note.setText(self.tr("Choisissez un équipement pour voir ses interventions."))
            self.tree.setVisible(False)
            return
        notes = []
        if not info.in_plan:
            notes.append(self.tr("Matériel hors plan — non maintenu\u00a0: la ville n'y fait aucune intervention "
                                 "(convention de Dijon, article 8\u00a0; convention de Saint-Denis, article 4)."))
        if not interventions:
            notes.append(self.tr("Aucune intervention enregistrée."))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        self.tree.setVisible(bool(interventions))
        for work in interventions:
            item = QTreeWidgetItem([format_date(work.date) + " " + work.start_time.strftime("%H:%M"),
                                    work.type.label, work.technician, duration_text(work.duration_minutes),
                                    work.outcome.label, " ".join(work.actions.split())])
            item.setToolTip(5, work.actions)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
