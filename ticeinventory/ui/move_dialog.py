"""« Déplacer vers… »: a school and room, or the city stock, from a date; what is attached to an item (a PC's
screen, a trolley's tablets) goes with it unless unticked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel, QWidget

from ticeinventory.domain.enums import EquipmentStatus
from ticeinventory.domain.records import EquipmentInfo, RoomInfo, SchoolInfo

from .form_widgets import NOT_IN_LIST, FormDialog, PlaceCombos, add_row, compact_form, items_summary

Saver = Callable[[int | None, int | None, date | None, bool], None]
"""saver(school_id, room_id, on, with_contents)"""


class MoveDialog(FormDialog):
    def __init__(self, parent: QWidget | None, saver: Saver, items: list[EquipmentInfo],
                 schools: list[SchoolInfo], rooms_of: Callable[[int], list[RoomInfo]],
                 place: tuple[int | None, int | None]) -> None:
        super().__init__(parent, self.tr("Déplacer vers…"), self.tr("&Déplacer"))
        self.setObjectName("moveDialog")
        self.saver = saver
        self.items = items

        what = QLabel(items_summary([item.inventory_number for item in items]))
        what.setObjectName("itemsLabel")
        what.setWordWrap(True)
        self.place = PlaceCombos([school for school in schools if school.active], rooms_of, self)
        self.place.set_place(*place)
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(QDate.currentDate())
        self.contents_check = QCheckBox(self.tr("Avec les éléments &rattachés (l'écran d'un PC, les "
                                                "tablettes d'une classe mobile…)"))
        self.contents_check.setObjectName("withContentsCheck")
        self.contents_check.setChecked(True)

        form = compact_form()
        form.addRow(self.tr("Équipements"), what)
        for key, text, widget, check, extra in (
                ("school", self.tr("&École"), self.place.school_combo, self._target_problem, ()),
                ("room", self.tr("&Salle"), self.place.room_combo, None, ()),
                ("on", self.tr("&Affecté à l'école le"), self.date_edit, None, ())):
            error = self.error_label(key)
            add_row(form, text, widget, error, *extra)
            self.form.add(key, widget, error, check, name=self.tr("la destination"),
                          aliases=(f"{key}_id",) if key != "on" else ())
        form.addRow("", self.contents_check)
        self.place.sig_changed.connect(self._on_place)
        self._on_place()
        self.finish(form)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)

    def _date_applies(self) -> bool:
        """The date is the assignment to a school: kept when an item stays in its school, none in the
        stock."""
        school = self.place.school_id()
        return school not in (None, NOT_IN_LIST) and all(item.school_id != school for item in self.items)

    def _on_place(self) -> None:
        self.date_edit.setEnabled(self._date_applies())
        self.form.validate()

    def _target_problem(self) -> str | None:
        if problem := self.place.school_problem():
            return problem
        retired = [item.inventory_number for item in self.items if item.status is EquipmentStatus.REFORME]
        if retired:
            return self.tr("Un équipement réformé ne se déplace plus\u00a0: {numbers}.").format(
                numbers=", ".join(retired[:5]))
        school, room = self.place.school_id(), self.place.room_id()
        if all(item.school_id == school and item.room_id == room for item in self.items):
            return self.tr("Les équipements sont déjà à cet endroit\u00a0: choisissez une autre école, salle "
                           "ou le stock de la ville.")
        return None

    def save(self) -> None:
        school = self.place.school_id()
        on = self.date_edit.date().toPython() if self._date_applies() else None
        self.saver(school, self.place.room_id(), on, self.contents_check.isChecked())
