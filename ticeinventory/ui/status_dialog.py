"""Changing the status of a selection (en panne, en réparation, perdu…), and the réforme, which asks first and
wants its reason: the item then leaves the fleet for good (Ctrl+Z right after still brings it back)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.records import EquipmentInfo

from .form_widgets import ChoiceCombo, FormDialog, add_row, compact_form, items_summary


def _retired(items: list[EquipmentInfo]) -> list[str]:
    return [item.inventory_number for item in items if item.status is EquipmentStatus.REFORME]


def _statuses(items: list[EquipmentInfo]) -> str:
    counts = Counter(item.status for item in items)
    if len(items) == 1:
        return items[0].status.label
    return ", ".join(f"{status.label} ({n})" for status, n in counts.items())


class StatusDialog(FormDialog):
    """A new status for every selected item; the réforme has its own dialog."""

    def __init__(self, parent: QWidget | None, saver: Callable[[EquipmentStatus], None],
                 items: list[EquipmentInfo]) -> None:
        super().__init__(parent, self.tr("Changer le statut"), self.tr("&Changer le statut"))
        self.setObjectName("statusDialog")
        self.saver = saver
        self.items = items
        what = QLabel(items_summary([item.inventory_number for item in items]))
        what.setObjectName("itemsLabel")
        what.setWordWrap(True)
        current = QLabel(_statuses(items))
        current.setObjectName("currentStatusLabel")
        current.setWordWrap(True)
        self.status_combo = ChoiceCombo()
        self.status_combo.setObjectName("statusCombo")
        choices = [status for status in EquipmentStatus if status is not EquipmentStatus.REFORME]
        statuses = {item.status for item in items}
        likely = (EquipmentStatus.EN_PANNE, EquipmentStatus.EN_REPARATION, EquipmentStatus.EN_SERVICE,
                  EquipmentStatus.EN_STOCK)  # a breakdown, then the repair, then back in service
        first = next((status for status in likely if status not in statuses), None)
        self.status_combo.set_items(((status.label, status) for status in choices), first)

        form = compact_form()
        form.addRow(self.tr("Équipements"), what)
        form.addRow(self.tr("Statut actuel"), current)
        error = self.error_label("status")
        add_row(form, self.tr("&Nouveau statut"), self.status_combo, error)
        self.form.add("status", self.status_combo, error, self._problem, name=self.tr("le statut"))
        self.form.fields["status"].touched = True
        self.finish(form)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 85)

    def _problem(self) -> str | None:
        status = self.status_combo.value()
        if retired := _retired(self.items):
            return self.tr("Un équipement réformé ne change plus de statut\u00a0: {numbers}.").format(
                numbers=", ".join(retired[:5]))
        if all(item.status is status for item in self.items):
            return self.tr("Déjà «\u00a0{status}\u00a0»\u00a0: choisissez un autre statut.").format(
                status=status.label)
        stock = [item.inventory_number for item in self.items if item.school_id is None]
        if status in (EquipmentStatus.EN_SERVICE, EquipmentStatus.PRETE) and stock:
            return self.tr("Dans le stock de la ville, un équipement ne peut pas être «\u00a0{status}\u00a0»"
                           "\u00a0: affectez d'abord à une école {numbers}.").format(
                status=status.label, numbers=", ".join(stock[:5]))
        return None

    def save(self) -> None:
        self.saver(self.status_combo.value())


class RetireDialog(FormDialog):
    """« Réformer » asks before doing it: what leaves the fleet, why (required) and since when."""

    def __init__(self, parent: QWidget | None, saver: Callable[[str, date], None],
                 items: list[EquipmentInfo]) -> None:
        super().__init__(parent, self.tr("Réformer"), self.tr("&Réformer"))
        self.setObjectName("retireDialog")
        self.saver = saver
        self.items = items
        question = QLabel(self.tr("Réformer {what}\u00a0?").format(
            what=items_summary([item.inventory_number for item in items])))
        question.setObjectName("questionLabel")
        question.setWordWrap(True)
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        warning = QLabel(self.tr("La réforme sort définitivement le matériel du parc\u00a0: sa fiche ne "
                                 "pourra plus être modifiée. Les éléments qui lui sont rattachés ne sont pas "
                                 "réformés avec lui. Une erreur se corrige par Édition > Annuler (Ctrl+Z)."))
        warning.setWordWrap(True)
        self.reason_combo = QComboBox()
        self.reason_combo.setObjectName("reasonCombo")
        self.reason_combo.setEditable(True)
        self.reason_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason_combo.addItems(["", self.tr("Irréparable"), self.tr("Obsolète"), self.tr("Remplacé"),
                                    self.tr("Hors d'usage (casse)"), self.tr("Détruit (sinistre)")])
        self.reason_combo.setCurrentIndex(0)
        self.reason_combo.lineEdit().setPlaceholderText(self.tr("Choisissez ou écrivez le motif"))
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(QDate.currentDate())
        acquired = [item.acquisition_date for item in items if item.acquisition_date]
        if acquired:
            self.date_edit.setMinimumDate(QDate(max(acquired)))

        form = compact_form()
        form.addRow(question)
        form.addRow(warning)
        reason_error = self.error_label("reason")
        add_row(form, self.tr("&Motif\u00a0*"), self.reason_combo, reason_error)
        date_error = self.error_label("on")
        add_row(form, self.tr("Réformé &le"), self.date_edit, date_error)
        self.form.add("reason", self.reason_combo, reason_error, self._reason_problem,
                      name=self.tr("le motif"))
        self.form.add("on", self.date_edit, date_error, self._items_problem)
        self.form.fields["on"].touched = True
        self.finish(form)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 95)
        self.reason_combo.setFocus()

    def reason(self) -> str:
        return self.reason_combo.currentText().strip()

    def _reason_problem(self) -> str | None:
        if not self.reason():
            return self.tr("Indiquez le motif de la réforme (par exemple\u00a0: irréparable, obsolète, "
                           "remplacé).")
        return None

    def _items_problem(self) -> str | None:
        if retired := _retired(self.items):
            return self.tr("Déjà réformé\u00a0: {numbers} (le {date}).").format(
                numbers=", ".join(retired[:5]),
                date=v.format_date(next(item.retired_on for item in self.items
                                        if item.status is EquipmentStatus.REFORME)))
        return None

    def save(self) -> None:
        self.saver(self.reason(), self.date_edit.date().toPython())
