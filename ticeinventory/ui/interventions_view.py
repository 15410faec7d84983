"""The « Interventions » tab: the work the cell did on the item, latest first.

For a hors plan item the tab says why there is none: the conventions forbid the city to maintain it. Once the
maintenance controller is attached (:meth:`MaintenanceController.attach_interventions_view`), the context menu
offers to delete an intervention entered by mistake: disabled, with the services' reason, when it may not be.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
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
    sig_delete_requested = Signal(int)
    """The user wants to delete intervention ``id`` (the controller confirms)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deletion_refusal: Callable[[int], str | None] | None = None
        """Set by the controller: why an intervention cannot be deleted, or None. Unset: no context menu."""
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
        self.delete_action = QAction(self.tr("&Supprimer l'intervention…"), self)
        self.delete_action.setObjectName("deleteInterventionAction")
        self.delete_action.setEnabled(False)
        self.delete_action.triggered.connect(self._request_delete)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._popup)
        self.tree.currentItemChanged.connect(lambda *_args: self.update_delete_action())
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
            item.setData(0, Qt.ItemDataRole.UserRole, work.id)
            item.setData(0, Qt.ItemDataRole.UserRole + 1, format_date(work.date))
            item.setToolTip(5, work.actions)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)

    def current_intervention(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def update_delete_action(self) -> None:
        """Enabled when the services allow the deletion of the chosen intervention; else their reason as tip."""
        work_id = self.current_intervention()
        if work_id is None or self.deletion_refusal is None:
            refusal = self.tr("Choisissez une intervention.")
        else:
            refusal = self.deletion_refusal(work_id)
        tip = refusal or self.tr("Supprimer l'intervention du {date}, saisie par erreur (après confirmation).").format(
            date=self.tree.currentItem().data(0, Qt.ItemDataRole.UserRole + 1))
        self.delete_action.setEnabled(refusal is None)
        self.delete_action.setToolTip(tip)
        self.delete_action.setStatusTip(tip)

    def context_menu(self) -> QMenu:
        menu = QMenu(self.tree)
        menu.setToolTipsVisible(True)  # the reason of a disabled entry
        menu.addAction(self.delete_action)
        return menu

    def _popup(self, position) -> None:
        if self.deletion_refusal is None or self.current_intervention() is None:
            return
        self.update_delete_action()
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(position))

    def _request_delete(self) -> None:
        work_id = self.current_intervention()
        if work_id is not None and self.delete_action.isEnabled():
            self.sig_delete_requested.emit(work_id)
