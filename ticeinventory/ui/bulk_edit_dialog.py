"""The same change on a whole selection: room, status, funding, supplier, warranty. Only the ticked fields
change; the others keep each item's own value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.records import EquipmentInfo, PlanInfo, RoomInfo

from .equipment_dialog import FundingBox
from .form_widgets import (
    ChoiceCombo,
    FormDialog,
    OptionalDateEdit,
    compact_form,
    field_cell,
    items_summary,
    plain,
)

Saver = Callable[[dict[str, Any]], None]


class BulkEditDialog(FormDialog):
    """``rooms`` are those of the school every item is in (empty when they are in several places)."""

    def __init__(self, parent: QWidget | None, saver: Saver, items: list[EquipmentInfo],
                 plans: list[PlanInfo], rooms: list[RoomInfo]) -> None:
        super().__init__(parent, self.tr("Modification groupée"), self.tr("&Appliquer"))
        self.setObjectName("bulkEditDialog")
        self.saver = saver
        self.items = items
        schools = {item.school_id for item in items}
        self.one_school = len(schools) == 1 and None not in schools

        what = QLabel(items_summary([item.inventory_number for item in items]))
        what.setObjectName("itemsLabel")
        what.setWordWrap(True)
        hint = QLabel(self.tr("Cochez les champs à modifier\u00a0: les autres gardent la valeur de chaque "
                              "équipement."))
        hint.setWordWrap(True)

        self.room_combo = ChoiceCombo()
        self.room_combo.setObjectName("roomCombo")
        rooms_choice = [(room.name, room.id) for room in rooms]
        self.room_combo.set_items([(self.tr("(sans salle)"), None), *rooms_choice])
        self.status_combo = ChoiceCombo()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.set_items((status.label, status) for status in EquipmentStatus
                                    if status is not EquipmentStatus.REFORME)
        self.supplier_edit = QLineEdit()
        self.supplier_edit.setObjectName("supplierEdit")
        self.supplier_edit.setPlaceholderText(self.tr("vide\u00a0: efface le fournisseur"))
        self.warranty_edit = OptionalDateEdit()
        self.warranty_edit.setObjectName("warrantyEndEdit")
        self.funding = FundingBox(plans)
        self.funding.setCheckable(True)
        self.funding.setChecked(False)
        self.funding.setTitle(self.tr("&Financement"))

        form = compact_form()
        # the ticks in a column
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.tr("Équipements"), what)
        form.addRow(hint)
        self.checks: dict[str, QCheckBox] = {}
        rows = (("room", self.tr("&Salle"), self.room_combo, None),
                ("status", self.tr("S&tatut"), self.status_combo, self._status_problem),
                ("supplier", self.tr("F&ournisseur"), self.supplier_edit, None),
                ("warranty_end", self.tr("Fin de &garantie"), self.warranty_edit, self._warranty_problem))
        for key, text, widget, check in rows:
            box = QCheckBox(text)
            box.setObjectName(f"{key.split('_')[0]}Check")
            self.checks[key] = box
            error = self.error_label(key)
            extra = []
            if key == "room" and not self.one_school:
                box.setEnabled(False)
                note = QLabel(self.tr("Les équipements choisis ne sont pas tous dans la même école\u00a0: "
                                      "utilisez «\u00a0Déplacer vers…\u00a0»."))
                note.setWordWrap(True)
                extra.append(note)
            form.addRow(box, field_cell(widget, error, *extra))
            widget.setEnabled(False)
            box.toggled.connect(widget.setEnabled)
            box.toggled.connect(lambda _on, key=key: self.form.changed(key))
            self.form.add(key, widget, error, check, aliases=(f"{key}_id",) if key == "room" else ())
        self.form.add("nothing", self, None, self._nothing_problem, signals=[])
        self.funding.register(self.form)
        self.funding.toggled.connect(lambda _on: self.form.validate())

        body = QVBoxLayout()
        body.addLayout(form)
        body.addWidget(self.funding)
        self.finish(body)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 95)

    def _nothing_problem(self) -> str | None:
        if not any(box.isChecked() for box in self.checks.values()) and not self.funding.isChecked():
            return self.tr("Cochez au moins un champ à modifier.")
        return None

    def _status_problem(self) -> str | None:
        status = self.status_combo.value()
        stock = [item.inventory_number for item in self.items if item.school_id is None]
        if status in (EquipmentStatus.EN_SERVICE, EquipmentStatus.PRETE) and stock:
            return self.tr("Dans le stock de la ville, un équipement ne peut pas être «\u00a0{status}\u00a0»"
                           "\u00a0: affectez d'abord à une école {numbers}.").format(
                status=status.label, numbers=", ".join(stock[:5]))
        return None

    def _warranty_problem(self) -> str | None:
        end = self.warranty_edit.value()
        for item in self.items:
            if problem := v.date_order_problem(item.acquisition_date, end):
                return f"{item.inventory_number}\u00a0: {problem}"
        return None

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if self.checks["room"].isChecked():
            values["room_id"] = self.room_combo.value()
        if self.checks["status"].isChecked():
            values["status"] = self.status_combo.value().value
        if self.checks["supplier"].isChecked():
            values["supplier"] = plain(self.supplier_edit.text())
        if self.checks["warranty_end"].isChecked():
            values["warranty_end"] = self.warranty_edit.value()
        if self.funding.isChecked():
            values.update(self.funding.value())
        return values

    def save(self) -> None:
        self.saver(self.values())

