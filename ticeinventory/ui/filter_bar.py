"""The filters above the list: category, status, plan / hors plan (or one plan), warranty, school type, age.

Each choice becomes a field of :class:`EquipmentFilter`, applied in SQL with the place and the search. The
cells flow onto as many lines as the width needs (two on a 1366-pixel laptop, one on a large screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ticeinventory.domain.enums import EquipmentStatus, SchoolType
from ticeinventory.services.listing import WarrantyState

from . import icons

if TYPE_CHECKING:  # the records come with the services, once a base is open
    from ticeinventory.domain.records import CategoryInfo, PlanInfo

MAX_AGE_YEARS = 40


@dataclass(frozen=True)
class _Funding:
    in_plan: bool | None = None
    plan_code: str | None = None


class FilterBar(QWidget):
    sig_changed = Signal()
    """A filter changed: the list must be read again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._quiet = False
        self._columns = 0

        self.category = self._combo("categoryFilter", self.tr("Toutes"))
        self.status = self._combo("statusFilter", self.tr("Tous"))
        self.status.addItem(self.tr("En parc (ni réformé, ni perdu, ni volé)"), "in_fleet")
        for status in EquipmentStatus:
            self.status.addItem(status.label, status)
        self.funding = self._combo("fundingFilter", self.tr("Plan et hors plan"))
        self.funding.addItem(icons.icon(icons.PLAN), self.tr("Dans le plan (maintenu)"), _Funding(in_plan=True))
        self.funding.addItem(icons.icon(icons.HORS_PLAN), self.tr("Hors plan — non maintenu"),
                             _Funding(in_plan=False))
        self._plans_start = self.funding.count()
        self.warranty = self._combo("warrantyFilter", self.tr("Toutes"))
        for state in WarrantyState:
            self.warranty.addItem(state.label, state)
        self.school_type = self._combo("schoolTypeFilter", self.tr("Tous"))
        for school_type in SchoolType:
            self.school_type.addItem(school_type.label, school_type)
        self.age = QSpinBox()
        self.age.setObjectName("ageFilter")
        self.age.setRange(0, MAX_AGE_YEARS)
        self.age.setSpecialValueText(self.tr("indifférent"))
        self.age.setSuffix(self.tr("\u00a0ans"))
        self.age.setAccelerated(True)
        self.age.setToolTip(self.tr("Seulement le matériel acquis il y a plus de ce nombre d'années"))
        self.age.valueChanged.connect(self._changed)

        self.clear_button = QPushButton(self.tr("Effacer les filtres"))
        self.clear_button.setObjectName("clearFiltersButton")
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.clear)

        self._cells = [
            self._cell(self.tr("Ca&tégorie"), self.category),
            self._cell(self.tr("&Statut"), self.status),
            self._cell(self.tr("Fi&nancement"), self.funding),
            self._cell(self.tr("&Garantie"), self.warranty),
            self._cell(self.tr("T&ype d'école"), self.school_type),
            self._cell(self.tr("Âge s&upérieur à"), self.age),
        ]
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(12)
        self._grid.setVerticalSpacing(4)
        self._flow(len(self._cells))
        # The cells flow onto more lines when narrow: the bar needs only one cell's width (an explicit minimum
        # keeps the grid's widest flow from becoming the window's minimum).
        self.setMinimumWidth(max(c.sizeHint().width() for c in self._cells) + self.clear_button.sizeHint().width()
                             + self._grid.horizontalSpacing())

    # -- choices -------------------------------------------------------------------------------------------

    def set_choices(self, categories: Sequence[CategoryInfo], plans: Sequence[PlanInfo]) -> None:
        """The categories and plans of the open base (the current choices kept when they still exist)."""
        self._quiet = True
        try:
            category = self.category.currentData()
            self.category.clear()
            self.category.addItem(self.tr("Toutes"), None)
            for info in categories:
                self.category.addItem(info.label, info.code)
            self.category.setCurrentIndex(max(self.category.findData(category), 0))
            funding = self.funding.currentData()
            while self.funding.count() > self._plans_start:
                self.funding.removeItem(self._plans_start)
            for plan in plans:
                self.funding.addItem(icons.icon(icons.PLAN), self.tr("Plan {code}").format(code=plan.code),
                                     _Funding(plan_code=plan.code))
                self.funding.setItemData(self.funding.count() - 1, plan.title, Qt.ItemDataRole.ToolTipRole)
            self.funding.setCurrentIndex(max(self.funding.findData(funding), 0))
        finally:
            self._quiet = False
        self._update_clear_button()

    # -- the filter ----------------------------------------------------------------------------------------

    def fields(self) -> dict[str, Any]:
        """The :class:`EquipmentFilter` fields these choices set (for ``dataclasses.replace``)."""
        fields: dict[str, Any] = {}
        if self.category.currentData():
            fields["category_code"] = self.category.currentData()
        status = self.status.currentData()
        if status == "in_fleet":
            fields["include_retired"] = False
        elif status is not None:
            fields["status"] = status
        funding = self.funding.currentData()
        if isinstance(funding, _Funding):
            if funding.plan_code:
                fields["plan_code"] = funding.plan_code
            else:
                fields["in_plan"] = funding.in_plan
        if self.warranty.currentData() is not None:
            fields["warranty"] = self.warranty.currentData()
        if self.school_type.currentData() is not None:
            fields["school_type"] = self.school_type.currentData()
        if self.age.value():
            fields["older_than_years"] = self.age.value()
        return fields

    def active_count(self) -> int:
        combos = (self.category, self.status, self.funding, self.warranty, self.school_type)
        return sum(combo.currentIndex() > 0 for combo in combos) + bool(self.age.value())

    def clear(self, *, quietly: bool = False) -> None:
        """Every filter back to « all »; ``quietly``: the caller reloads the list itself."""
        was_active = self.active_count() > 0
        self._quiet = True
        try:
            for combo in (self.category, self.status, self.funding, self.warranty, self.school_type):
                combo.setCurrentIndex(0)
            self.age.setValue(0)
        finally:
            self._quiet = False
        self._update_clear_button()
        if was_active and not quietly:
            self.sig_changed.emit()

    # -- layout --------------------------------------------------------------------------------------------

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        combo.currentIndexChanged.connect(self._changed)
        return combo

    def _cell(self, title: str, field: QWidget) -> QWidget:
        label = QLabel(title)
        label.setBuddy(field)
        field.setAccessibleName(label.text().replace("&", ""))
        cell = QWidget()
        layout = QHBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(field, 1)
        return cell

    def _flow(self, columns: int) -> None:
        """Lay the cells out on ``columns`` columns, the « effacer » button last."""
        columns = max(1, min(columns, len(self._cells)))
        if columns == self._columns:
            return
        self._columns = columns
        for widget in (*self._cells, self.clear_button):
            self._grid.removeWidget(widget)
        for index, cell in enumerate(self._cells):
            self._grid.addWidget(cell, index // columns, index % columns)
        rows = (len(self._cells) + columns - 1) // columns
        self._grid.addWidget(self.clear_button, rows - 1, columns, Qt.AlignmentFlag.AlignLeft)
        for column in range(len(self._cells) + 1):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        cell = max(c.sizeHint().width() for c in self._cells) + self._grid.horizontalSpacing()
        room = event.size().width() - self.clear_button.sizeHint().width()
        self._flow(max(room // cell, 1))

    def _changed(self) -> None:
        self._update_clear_button()
        if not self._quiet:
            self.sig_changed.emit()

    def _update_clear_button(self) -> None:
        self.clear_button.setEnabled(self.active_count() > 0)
