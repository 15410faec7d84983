"""A room of a school: its name (unique in the school) and its kind (bureau de direction, BCD, salle
informatique…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ticeinventory.domain.enums import RoomKind
from ticeinventory.domain.records import RoomInfo, SchoolInfo

from .form_widgets import ChoiceCombo, FormDialog, add_row, compact_form, plain

Saver = Callable[[dict[str, Any]], None]


class RoomDialog(FormDialog):
    """New room of ``school`` (``room`` None) or edit; ``others`` are the school's rooms (names taken)."""

    def __init__(self, parent: QWidget | None, saver: Saver, school: SchoolInfo, others: list[RoomInfo],
                 room: RoomInfo | None = None) -> None:
        title = self.tr("Nouvelle salle") if room is None else self.tr("Modifier la salle")
        super().__init__(parent, title, self.tr("&Enregistrer") if room else self.tr("&Créer la salle"))
        self.setObjectName("roomDialog")
        self.saver = saver
        self.room = room
        self.taken = {other.name.casefold(): other.name for other in others
                      if room is None or other.id != room.id}

        school_label = QLabel(school.name)
        school_label.setObjectName("schoolLabel")
        school_label.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText(self.tr("ex. Salle informatique, Classe CM1"))
        self.kind_combo = ChoiceCombo()
        self.kind_combo.setObjectName("kindCombo")
        self.kind_combo.set_items(((kind.label, kind) for kind in RoomKind), RoomKind.CLASSE)
        self.notes_edit = QLineEdit()
        self.notes_edit.setObjectName("notesEdit")

        form = compact_form()
        form.addRow(self.tr("École"), school_label)
        for key, text, widget, check, name in (
                ("name", self.tr("&Nom\u00a0*"), self.name_edit, self._name_problem, self.tr("le nom")),
                ("kind", self.tr("&Type"), self.kind_combo, None, ""),
                ("notes", self.tr("Re&marques"), self.notes_edit, None, "")):
            error = self.error_label(key)
            add_row(form, text, widget, error)
            self.form.add(key, widget, error, check, name=name)
        if room is not None:
            self.name_edit.setText(room.name)
            self.kind_combo.set_value(room.kind)
            self.notes_edit.setText(room.notes)
            self.form.fields["name"].touched = True
        self.finish(form)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 75)

    def _name_problem(self) -> str | None:
        name = plain(self.name_edit.text())
        if not name:
            return self.tr("Le nom de la salle est obligatoire.")
        if name.casefold() in self.taken:
            return self.tr("L'école a déjà une salle nommée « {room} ».").format(
                room=self.taken[name.casefold()])
        return None

    def values(self) -> dict[str, Any]:
        values = {"name": plain(self.name_edit.text()), "kind": self.kind_combo.value().value,
                  "notes": plain(self.notes_edit.text())}
        if self.room is None:
            return values
        current = {"name": self.room.name, "kind": self.room.kind.value, "notes": self.room.notes}
        return {key: value for key, value in values.items() if value != current[key]}

    def save(self) -> None:
        values = self.values()
        if values or self.room is None:
            self.saver(values)
