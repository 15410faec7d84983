"""A school's record: the UAI checked as you type (lower case accepted, shown upper case), its contact and
holiday zone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ticeinventory.domain import uai as uai_rules
from ticeinventory.domain import validation as v
from ticeinventory.domain.enums import SchoolType
from ticeinventory.domain.records import SchoolInfo

from .form_widgets import ChoiceCombo, FormDialog, add_row, compact_form, plain

HOLIDAY_ZONES = ("Zone A", "Zone B", "Zone C", "Corse", "La Réunion", "Guadeloupe", "Martinique", "Guyane",
                 "Mayotte")

Saver = Callable[[dict[str, Any]], None]


class SchoolDialog(FormDialog):
    """New school (``school`` None) or edit; ``others`` are the schools already known (UAI taken)."""

    def __init__(self, parent: QWidget | None, saver: Saver, others: list[SchoolInfo],
                 school: SchoolInfo | None = None) -> None:
        title = self.tr("Nouvelle école") if school is None else self.tr("Modifier l'école")
        super().__init__(parent, title, self.tr("&Enregistrer") if school else self.tr("&Créer l'école"))
        self.setObjectName("schoolDialog")
        self.saver = saver
        self.school = school
        self.taken = {other.uai: other.name for other in others if school is None or other.id != school.id}

        self.uai_edit = QLineEdit()
        self.uai_edit.setObjectName("uaiEdit")
        self.uai_edit.setMaxLength(12)
        self.uai_edit.setPlaceholderText(self.tr("7 chiffres et une lettre, ex. 0211142C"))
        self.uai_edit.textEdited.connect(self._upper_case)
        self.uai_edit.editingFinished.connect(self._tidy_uai)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setPlaceholderText(self.tr("ex. École élémentaire Colette"))
        self.type_combo = ChoiceCombo()
        self.type_combo.setObjectName("typeCombo")
        self.type_combo.set_items(((kind.label, kind) for kind in SchoolType), SchoolType.ELEMENTAIRE)
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("addressEdit")
        self.postcode_edit = QLineEdit()
        self.postcode_edit.setObjectName("postcodeEdit")
        self.postcode_edit.setMaxLength(10)
        self.commune_edit = QLineEdit()
        self.commune_edit.setObjectName("communeEdit")
        self.circonscription_edit = QLineEdit()
        self.circonscription_edit.setObjectName("circonscriptionEdit")
        self.zone_combo = QComboBox()
        self.zone_combo.setObjectName("holidayZoneCombo")
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(["", *HOLIDAY_ZONES])
        self.director_edit = QLineEdit()
        self.director_edit.setObjectName("directorEdit")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("phoneEdit")
        self.phone_edit.setPlaceholderText(self.tr("ex. 03 80 12 34 56"))
        self.phone_edit.editingFinished.connect(self._tidy_phone)
        self.email_edit = QLineEdit()
        self.email_edit.setObjectName("emailEdit")
        self.email_edit.setPlaceholderText(self.tr("ex. ce.0211142c@ac-dijon.fr"))
        self.active_check = QCheckBox(self.tr("École ou&verte (décocher si elle a fermé)"))
        self.active_check.setObjectName("activeCheck")
        self.active_check.setChecked(True)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)

        form = compact_form()
        rows = [
            ("uai", self.tr("Code &UAI\u00a0*"), self.uai_edit, self._uai_problem, self.tr("le code UAI")),
            ("name", self.tr("&Nom\u00a0*"), self.name_edit, self._name_problem, self.tr("le nom")),
            ("type", self.tr("T&ype"), self.type_combo, None, ""),
            ("address", self.tr("&Adresse"), self.address_edit, None, ""),
            ("postcode", self.tr("Code &postal"), self.postcode_edit, self._postcode_problem, ""),
            ("commune", self.tr("Co&mmune"), self.commune_edit, None, ""),
            ("circonscription", self.tr("C&irconscription"), self.circonscription_edit, None, ""),
            ("holiday_zone", self.tr("&Zone de vacances"), self.zone_combo, None, ""),
            ("director_name", self.tr("&Directeur ou directrice"), self.director_edit, None, ""),
            ("phone", self.tr("&Téléphone"), self.phone_edit, self._phone_problem, ""),
            ("email", self.tr("Cou&rriel"), self.email_edit, self._email_problem, ""),
            ("active", "", self.active_check, None, ""),
            ("notes", self.tr("Remar&ques"), self.notes_edit, None, ""),
        ]
        for key, text, widget, check, name in rows:
            error = self.error_label(key)
            add_row(form, text, widget, error)
            self.form.add(key, widget, error, check, name=name)
        if school is not None:
            self._load(school)
        self.finish(form)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 95)

    # -- checks as you type --------------------------------------------------------------------------------

    def _upper_case(self, text: str) -> None:
        if text != text.upper():
            position = self.uai_edit.cursorPosition()
            self.uai_edit.setText(text.upper())
            self.uai_edit.setCursorPosition(position)

    def _tidy_uai(self) -> None:
        normalised = uai_rules.normalise(self.uai_edit.text())
        if normalised != self.uai_edit.text():
            self.uai_edit.setText(normalised)

    def _tidy_phone(self) -> None:
        text = self.phone_edit.text()
        if text.strip() and v.phone_problem(text) is None:
            self.phone_edit.setText(v.normalise_phone(text))

    def _uai_problem(self) -> str | None:
        uai = uai_rules.normalise(self.uai_edit.text())
        if problem := uai_rules.uai_problem(uai):
            return problem
        if uai in self.taken:
            return self.tr("Le code UAI {uai} est déjà celui de l'école « {name} ».").format(
                uai=uai, name=self.taken[uai])
        return None

    def _name_problem(self) -> str | None:
        return None if plain(self.name_edit.text()) else self.tr("Le nom de l'école est obligatoire.")

    def _postcode_problem(self) -> str | None:
        text = plain(self.postcode_edit.text())
        return v.postcode_problem(text) if text else None

    def _phone_problem(self) -> str | None:
        text = plain(self.phone_edit.text())
        return v.phone_problem(text) if text else None

    def _email_problem(self) -> str | None:
        text = plain(self.email_edit.text())
        return v.email_problem(text) if text else None

    # -- values --------------------------------------------------------------------------------------------

    def _load(self, school: SchoolInfo) -> None:
        self.uai_edit.setText(school.uai)
        self.name_edit.setText(school.name)
        self.type_combo.set_value(school.type)
        self.address_edit.setText(school.address)
        self.postcode_edit.setText(school.postcode)
        self.commune_edit.setText(school.commune)
        self.circonscription_edit.setText(school.circonscription)
        self.zone_combo.setEditText(school.holiday_zone)
        self.director_edit.setText(school.director_name)
        self.phone_edit.setText(school.phone)
        self.email_edit.setText(school.email)
        self.active_check.setChecked(school.active)
        self.notes_edit.setPlainText(school.notes)
        for item in self.form.fields.values():  # an existing record shows what is wrong with it at once
            item.touched = True

    def values(self) -> dict[str, Any]:
        """Every field as the service wants it; for an edit, only the fields that changed."""
        values = {
            "uai": uai_rules.normalise(self.uai_edit.text()), "name": plain(self.name_edit.text()),
            "type": self.type_combo.value().value, "address": plain(self.address_edit.text()),
            "postcode": plain(self.postcode_edit.text()), "commune": plain(self.commune_edit.text()),
            "circonscription": plain(self.circonscription_edit.text()),
            "holiday_zone": plain(self.zone_combo.currentText()),
            "director_name": plain(self.director_edit.text()),
            "phone": plain(self.phone_edit.text()), "email": plain(self.email_edit.text()),
            "active": self.active_check.isChecked(), "notes": self.notes_edit.toPlainText().strip(),
        }
        if self.school is None:
            return values
        current = {key: getattr(self.school, key) for key in values}
        current["type"] = self.school.type.value
        return {key: value for key, value in values.items() if value != current[key]}

    def save(self) -> None:
        values = self.values()
        if values or self.school is None:
            self.saver(values)
