"""Duplicate ×N: twelve identical PCs in one go, with consecutive inventory numbers; their serials may be
typed here, one per line (scanned from the boxes), or entered later in each record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSpinBox, QWidget

from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.services.equipment import MAX_DUPLICATES

from .form_widgets import FormDialog, add_row, compact_form

Saver = Callable[[int, list[str]], None]
MAX_SERIAL_LENGTH = 120


class DuplicateDialog(FormDialog):
    """Copies of ``item``: same category, model, place, funding, purchase; new numbers; serials, MAC, IP and
    network name left to fill unless serials are given."""

    def __init__(self, parent: QWidget | None, saver: Saver, item: EquipmentInfo) -> None:
        super().__init__(parent, self.tr("Dupliquer {number}").format(number=item.inventory_number),
                         self.tr("&Dupliquer"))
        self.setObjectName("duplicateDialog")
        self.saver = saver
        self.item = item

        source = QLabel(self.tr("{number} — {category} {model}\n{place} — {funding}").format(
            number=item.inventory_number, category=item.category_label,
            model=" ".join(filter(None, (item.manufacturer, item.model))), place=item.location_label,
            funding=item.funding_label))
        source.setObjectName("sourceLabel")
        source.setWordWrap(True)
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("countSpin")
        self.count_spin.setRange(1, MAX_DUPLICATES)
        self.count_spin.setValue(1)
        self.count_spin.setSuffix(self.tr(" copie(s)"))
        self.serials_edit = QPlainTextEdit()
        self.serials_edit.setObjectName("serialsEdit")
        self.serials_edit.setTabChangesFocus(True)
        self.serials_edit.setPlaceholderText(self.tr(
            "Un numéro de série par ligne, dans l'ordre des copies (facultatif\u00a0: vous pourrez les "
            "saisir plus tard)."))
        self.serials_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.count_label = QLabel()
        self.count_label.setObjectName("serialCountLabel")
        note = QLabel(self.tr("Les copies reçoivent des numéros d'inventaire consécutifs. Les numéros de "
                              "série non donnés, les adresses MAC et IP et le nom réseau restent à "
                              "renseigner."))
        note.setWordWrap(True)

        form = compact_form()
        form.addRow(self.tr("Modèle"), source)
        count_error = self.error_label("count")
        add_row(form, self.tr("&Nombre de copies"), self.count_spin, count_error)
        serials_error = self.error_label("serials")
        add_row(form, self.tr("Numéros de &série"), self.serials_edit, serials_error, self.count_label)
        form.addRow(note)
        self.form.add("count", self.count_spin, count_error, signals=[self.count_spin.valueChanged])
        self.form.add("serials", self.serials_edit, serials_error, self._serials_problem,
                      name=self.tr("les numéros de série"), aliases=("serial_number",),
                      signals=[self.serials_edit.textChanged])
        self.count_spin.valueChanged.connect(self._count_serials)
        self.serials_edit.textChanged.connect(self._count_serials)
        self._count_serials()
        self.finish(form)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 85)

    def serials(self) -> list[str]:
        return [line.strip() for line in self.serials_edit.toPlainText().splitlines() if line.strip()]

    def _count_serials(self) -> None:
        n, count = len(self.serials()), self.count_spin.value()
        if n:
            self.count_label.setText(self.tr("{n} numéro(s) de série pour {count} copie(s).").format(
                n=n, count=count))
        else:
            self.count_label.setText("")
        self.count_label.setVisible(bool(n))
        self.form.validate()

    def _serials_problem(self) -> str | None:
        serials, count = self.serials(), self.count_spin.value()
        if len(serials) > count:
            return self.tr("{n} numéros de série pour {count} copie(s)\u00a0: il y en a trop.").format(
                n=len(serials), count=count)
        seen: set[str] = set()
        for serial in serials:
            if serial.casefold() in seen:
                return self.tr("Le numéro de série {serial} est donné deux fois.").format(serial=serial)
            if len(serial) > MAX_SERIAL_LENGTH:
                return self.tr("Le numéro de série {serial}… dépasse {n} caractères.").format(
                    serial=serial[:20], n=MAX_SERIAL_LENGTH)
            seen.add(serial.casefold())
        return None

    def save(self) -> None:
        self.saver(self.count_spin.value(), self.serials())
