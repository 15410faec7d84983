"""The choices asked before a printed document: each dialog returns a plain choice, the controller does the rest.

Inventory sheet of a school (barcodes, retired items), city inventory (all or chosen schools), labels (what,
which sheet, from which free position — chosen on a drawing of the sheet —, which codes) and the folder of a
batch of sheets. The last choices are remembered (QSettings) except the start position, which depends on the
sheet in the printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QRectF, QSettings, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.records import SchoolInfo
from ticeinventory.reports import TEMPLATES, LabelOptions, LabelTemplate

from .pdf_document import FOLDER_KEY

A4_MM = (210.0, 297.0)


@dataclass(frozen=True)
class SheetChoice:
    barcodes: bool
    include_retired: bool = False


@dataclass(frozen=True)
class CityChoice:
    schools: list[int] | None  # None: every school (and the city's stock)
    detail: bool = True
    include_retired: bool = False


class LabelScope(StrEnum):
    ITEMS = "items"
    ROOM = "room"
    SCHOOL = "school"


@dataclass(frozen=True)
class LabelTarget:
    """One thing labels can be printed for, as offered by the window: the selected items, a room, a school."""

    scope: LabelScope
    key: tuple[str, ...] | int  # inventory numbers, or a room's or a school's id
    text: str
    count: int | None = None  # labels it makes, when known


@dataclass(frozen=True)
class LabelChoice:
    target: LabelTarget
    options: LabelOptions


@dataclass(frozen=True)
class BatchChoice:
    folder: Path
    barcodes: bool
    include_retired: bool = False


def _settings_bool(key: str, default: bool) -> bool:
    return str(QSettings().value(key, default)).lower() in ("true", "1")


class ChoiceDialog(QDialog):
    """A small options dialog: a form, then « Aperçu… » (or another verb) and « Annuler »."""

    def __init__(self, parent: QWidget | None, title: str, accept_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(accept_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)

    def finish(self) -> None:
        self.body.addWidget(self.buttons)


def _check(text: str, name: str, checked: bool) -> QCheckBox:
    box = QCheckBox(text)
    box.setObjectName(name)
    box.setChecked(checked)
    return box


class InventorySheetDialog(ChoiceDialog):
    """Fiche d'inventaire of the school chosen in the window."""

    def __init__(self, parent: QWidget | None, school: SchoolInfo) -> None:
        super().__init__(parent, self.tr("Fiche d'inventaire de l'école"), self.tr("&Aperçu…"))
        self.setObjectName("inventorySheetDialog")
        self.school = school
        name = QLabel(self.tr("<b>{name}</b><br>UAI {uai} — {commune}").format(
            name=school.name, uai=school.uai, commune=school.commune))
        name.setObjectName("schoolLabel")
        self.barcodes_check = _check(self.tr("&Code-barres (Code 128) sous chaque numéro d'inventaire"),
                                     "barcodesCheck", _settings_bool("reports/sheet_barcodes", False))
        self.retired_check = _check(self.tr("Inclure le matériel &réformé, perdu ou volé"), "retiredCheck", False)
        self.body.addWidget(name)
        self.body.addSpacing(6)
        self.body.addWidget(self.barcodes_check)
        self.body.addWidget(self.retired_check)
        self.finish()

    def choice(self) -> SheetChoice:
        QSettings().setValue("reports/sheet_barcodes", self.barcodes_check.isChecked())
        return SheetChoice(self.barcodes_check.isChecked(), self.retired_check.isChecked())


class CityInventoryDialog(ChoiceDialog):
    """Inventaire général: every school, or those ticked."""

    def __init__(self, parent: QWidget | None, schools: list[SchoolInfo], current: int | None = None) -> None:
        super().__init__(parent, self.tr("Inventaire général"), self.tr("&Aperçu…"))
        self.setObjectName("cityInventoryDialog")
        self.all_radio = QRadioButton(self.tr("&Toutes les écoles ({n}) et le stock de la ville").format(
            n=len(schools)))
        self.all_radio.setObjectName("allSchoolsRadio")
        self.chosen_radio = QRadioButton(self.tr("Les écoles &cochées :"))
        self.chosen_radio.setObjectName("chosenSchoolsRadio")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("schoolFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filtrer par nom, commune ou UAI…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.school_list = QListWidget()
        self.school_list.setObjectName("schoolList")
        for school in schools:
            item = QListWidgetItem(f"{school.name} — {school.commune} ({school.uai})")
            item.setData(Qt.ItemDataRole.UserRole, school.id)
            item.setCheckState(Qt.CheckState.Checked if school.id == current else Qt.CheckState.Unchecked)
            self.school_list.addItem(item)
        check_all = QPushButton(self.tr("Tout cocher"))
        check_none = QPushButton(self.tr("Tout décocher"))
        check_all.clicked.connect(lambda: self._check_visible(Qt.CheckState.Checked))
        check_none.clicked.connect(lambda: self._check_visible(Qt.CheckState.Unchecked))
        self.detail_check = _check(self.tr("&Détail des équipements de chaque école"), "detailCheck",
                                   _settings_bool("reports/city_detail", True))
        self.retired_check = _check(self.tr("Inclure le matériel &réformé, perdu ou volé"), "retiredCheck", False)

        self.all_radio.setChecked(True)
        for signal in (self.all_radio.toggled, self.school_list.itemChanged):
            signal.connect(self._update)
        self.filter_edit.textChanged.connect(self._filter)
        buttons = QHBoxLayout()
        buttons.addWidget(check_all)
        buttons.addWidget(check_none)
        buttons.addStretch(1)
        self.body.addWidget(self.all_radio)
        self.body.addWidget(self.chosen_radio)
        self.body.addWidget(self.filter_edit)
        self.body.addWidget(self.school_list, 1)
        self.body.addLayout(buttons)
        self.body.addWidget(self.detail_check)
        self.body.addWidget(self.retired_check)
        self.finish()
        self.resize(560, 520)
        self._update()

    def checked_ids(self) -> list[int]:
        return [self.school_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.school_list.count())
                if self.school_list.item(row).checkState() == Qt.CheckState.Checked]

    def _check_visible(self, state: Qt.CheckState) -> None:
        self.chosen_radio.setChecked(True)
        for row in range(self.school_list.count()):
            if not self.school_list.item(row).isHidden():
                self.school_list.item(row).setCheckState(state)

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for row in range(self.school_list.count()):
            item = self.school_list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def _update(self, *_args) -> None:
        if self.sender() is self.school_list and not self.chosen_radio.isChecked():
            self.chosen_radio.setChecked(True)
        self.ok_button.setEnabled(self.all_radio.isChecked() or bool(self.checked_ids()))

    def choice(self) -> CityChoice:
        QSettings().setValue("reports/city_detail", self.detail_check.isChecked())
        schools = None if self.all_radio.isChecked() else self.checked_ids()
        return CityChoice(schools, self.detail_check.isChecked(), self.retired_check.isChecked())


class SheetDiagram(QWidget):
    """A drawing of the label sheet: a click on a label makes it the first one printed; those before it are
    shown as already used (greyed, hatched). Arrow keys move the start too."""

    sig_start_changed = Signal(int)
    """The first free position, 1-based."""

    HEIGHT = 270

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sheetDiagram")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Planche d'étiquettes : première étiquette libre"))
        self.sheet: LabelTemplate = TEMPLATES["L7163"]
        self.start = 1
        self.count: int | None = None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(round(self.HEIGHT * A4_MM[0] / A4_MM[1]) + 8, self.HEIGHT + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def set_sheet(self, sheet: LabelTemplate) -> None:
        self.sheet = sheet
        self.set_start(min(self.start, sheet.per_sheet))
        self.update()

    def set_count(self, count: int | None) -> None:
        self.count = count
        self.update()

    def set_start(self, start: int) -> None:
        start = max(1, min(self.sheet.per_sheet, start))
        if start != self.start:
            self.start = start
            self.update()
            self.sig_start_changed.emit(start)

    # -- geometry ------------------------------------------------------------------------------------------

    def _page(self) -> tuple[QRectF, float]:
        """The sheet's rectangle in the widget and its scale (pixels per millimetre)."""
        scale = min((self.width() - 8) / A4_MM[0], (self.height() - 8) / A4_MM[1])
        width, height = A4_MM[0] * scale, A4_MM[1] * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height), scale

    def label_rect(self, position: int) -> QRectF:
        """Where label ``position`` (1-based) is drawn."""
        page, scale = self._page()
        row, column = divmod(position - 1, self.sheet.columns)
        return QRectF(page.left() + (self.sheet.left_margin + column * self.sheet.horizontal_pitch) * scale,
                      page.top() + (self.sheet.top_margin + row * self.sheet.vertical_pitch) * scale,
                      self.sheet.label_width * scale, self.sheet.label_height * scale)

    def position_at(self, point) -> int | None:
        for position in range(1, self.sheet.per_sheet + 1):
            if self.label_rect(position).contains(point):
                return position
        return None

    # -- Qt overrides --------------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        page, _scale = self._page()
        painter.fillRect(page.translated(2, 2), QColor(0, 0, 0, 50))
        painter.fillRect(page, QColor("white"))
        painter.setPen(QPen(QColor("#9aa3ad"), 1))
        painter.drawRect(page)
        accent = palette.color(QPalette.ColorRole.Highlight)
        light = QColor(accent)
        light.setAlpha(70)
        font = QFont(self.font())
        last = self.start + (self.count if self.count is not None else 1) - 1
        for position in range(1, self.sheet.per_sheet + 1):
            rect = self.label_rect(position).adjusted(0.5, 0.5, -0.5, -0.5)
            radius = min(rect.height(), rect.width()) * 0.12
            painter.setPen(QPen(QColor("#7d8790"), 0.8))
            if position < self.start:
                painter.setBrush(QColor("#c9ced3"))
                painter.drawRoundedRect(rect, radius, radius)
                painter.setBrush(QBrush(QColor("#8d959c"), Qt.BrushStyle.BDiagPattern))
                painter.drawRoundedRect(rect, radius, radius)
                continue
            if position == self.start:
                painter.setBrush(accent)
            elif position <= last:
                painter.setBrush(light)
            else:
                painter.setBrush(QColor("white"))
            painter.drawRoundedRect(rect, radius, radius)
            font.setPixelSize(max(7, min(12, round(rect.height() * 0.45))))
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText) if position == self.start
                           else QColor("#303840"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(position))
        if self.hasFocus():
            painter.setPen(QPen(accent, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        position = self.position_at(event.position())
        if position is not None:
            self.set_start(position)
        self.setFocus()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        position = self.position_at(event.position())
        if position is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(),
                              self.tr("Commencer à l'étiquette {n}").format(n=position), self)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -self.sheet.columns,
                 Qt.Key.Key_Down: self.sheet.columns, Qt.Key.Key_Home: -self.sheet.per_sheet,
                 Qt.Key.Key_End: self.sheet.per_sheet}
        if event.key() in moves:
            self.set_start(self.start + moves[event.key()])
            return
        super().keyPressEvent(event)


class LabelsDialog(ChoiceDialog):
    """Étiquettes: for what (``targets``, the first one chosen), on which sheet, from which free label."""

    def __init__(self, parent: QWidget | None, targets: list[LabelTarget]) -> None:
        super().__init__(parent, self.tr("Étiquettes d'inventaire"), self.tr("&Aperçu…"))
        self.setObjectName("labelsDialog")
        self.targets = targets

        what = QGroupBox(self.tr("Imprimer les étiquettes de"))
        what_layout = QVBoxLayout(what)
        self.target_group = QButtonGroup(self)
        for index, target in enumerate(targets):
            radio = QRadioButton(target.text)
            radio.setObjectName(f"{target.scope.value}Radio")
            self.target_group.addButton(radio, index)
            what_layout.addWidget(radio)
        if targets:
            self.target_group.button(0).setChecked(True)

        self.template_combo = QComboBox()
        self.template_combo.setObjectName("templateCombo")
        for code, sheet in TEMPLATES.items():
            self.template_combo.addItem(sheet.description, code)
        remembered = self.template_combo.findData(QSettings().value("reports/label_template", "L7163"))
        self.template_combo.setCurrentIndex(max(0, remembered))
        self.diagram = SheetDiagram()
        self.start_spin = QSpinBox()
        self.start_spin.setObjectName("startSpin")
        self.start_spin.setRange(1, 1)
        self.summary = QLabel()
        self.summary.setObjectName("labelsSummary")
        self.summary.setWordWrap(True)
        hint = QLabel(self.tr("Cliquez sur la première étiquette libre de la planche. Les étiquettes grisées sont "
                              "déjà utilisées : elles resteront vides."))
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.code128_check = _check(self.tr("Code-barres &Code 128 (douchette)"), "code128Check",
                                    _settings_bool("reports/label_code128", True))
        self.qr_check = _check(self.tr("&QR code (téléphone, tablette)"), "qrCheck",
                               _settings_bool("reports/label_qr", False))
        self.outline_check = _check(self.tr("Tracer le &contour des étiquettes (essai sur papier blanc)"),
                                    "outlineCheck", False)

        sheet_box = QGroupBox(self.tr("Planche"))
        form = QFormLayout()
        form.addRow(self.tr("&Modèle"), self.template_combo)
        form.addRow(self.tr("Première étiquette &libre"), self.start_spin)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(hint)
        side.addWidget(self.summary)
        side.addStretch(1)
        codes = QLabel(self.tr("<b>Codes imprimés</b>"))
        side.addWidget(codes)
        side.addWidget(self.code128_check)
        side.addWidget(self.qr_check)
        side.addSpacing(8)
        side.addWidget(self.outline_check)
        sheet_layout = QHBoxLayout(sheet_box)
        sheet_layout.addWidget(self.diagram, 0, Qt.AlignmentFlag.AlignTop)
        sheet_layout.addLayout(side, 1)

        self.body.addWidget(what)
        self.body.addWidget(sheet_box, 1)
        self.finish()
        self.setMinimumWidth(640)

        self.template_combo.currentIndexChanged.connect(self._on_template)
        self.diagram.sig_start_changed.connect(self.start_spin.setValue)
        self.start_spin.valueChanged.connect(self.diagram.set_start)
        self.start_spin.valueChanged.connect(self._update)
        self.target_group.idToggled.connect(self._update)
        for box in (self.code128_check, self.qr_check):
            box.toggled.connect(self._update)
        self._on_template()

    def sheet(self) -> LabelTemplate:
        return TEMPLATES[self.template_combo.currentData()]

    def target(self) -> LabelTarget | None:
        index = self.target_group.checkedId()
        return self.targets[index] if index >= 0 else None

    def set_start(self, start: int) -> None:
        self.start_spin.setValue(start)

    def _on_template(self, *_args) -> None:
        sheet = self.sheet()
        self.diagram.set_sheet(sheet)
        self.start_spin.setRange(1, sheet.per_sheet)
        self.start_spin.setSuffix(self.tr(" sur {n}").format(n=sheet.per_sheet))
        self._update()

    def _update(self, *_args) -> None:
        target = self.target()
        count = target.count if target else None
        self.diagram.set_count(count)
        sheet, start = self.sheet(), self.start_spin.value()
        if count:
            sheets = (start - 1 + count + sheet.per_sheet - 1) // sheet.per_sheet
            text = self.tr("{labels}, sur {sheets}.").format(
                labels=self.tr("1 étiquette") if count == 1 else self.tr("{n} étiquettes").format(n=count),
                sheets=self.tr("1 planche") if sheets == 1 else self.tr("{n} planches").format(n=sheets))
        else:
            text = ""
        if not (self.code128_check.isChecked() or self.qr_check.isChecked()):
            text = self.tr("Choisissez au moins un code : Code 128, QR code ou les deux.")
        self.summary.setText(text)
        self.ok_button.setEnabled(target is not None and (self.code128_check.isChecked() or self.qr_check.isChecked()))

    def choice(self) -> LabelChoice:
        settings = QSettings()
        settings.setValue("reports/label_template", self.sheet().code)
        settings.setValue("reports/label_code128", self.code128_check.isChecked())
        settings.setValue("reports/label_qr", self.qr_check.isChecked())
        return LabelChoice(self.target(), LabelOptions(
            template=self.sheet().code, start=self.start_spin.value(), code128=self.code128_check.isChecked(),
            qr=self.qr_check.isChecked(), outline=self.outline_check.isChecked()))


class BatchSheetsDialog(ChoiceDialog):
    """Fiches de toutes les écoles: one PDF per school into a folder."""

    def __init__(self, parent: QWidget | None, school_count: int, *, today: date | None = None) -> None:
        super().__init__(parent, self.tr("Fiches d'inventaire de toutes les écoles"), self.tr("&Enregistrer"))
        self.setObjectName("batchSheetsDialog")
        base = QSettings().value(FOLDER_KEY, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        when = (today or date.today()).isoformat()
        self.folder_edit = QLineEdit(str(Path(base) / self.tr("Fiches d'inventaire {date}").format(date=when)))
        self.folder_edit.setObjectName("folderEdit")
        self.folder_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        browse = QPushButton(self.tr("&Parcourir…"))
        browse.setObjectName("browseButton")
        browse.clicked.connect(self.open_folder_dialog)
        self.folder_dialog: QFileDialog | None = None
        self.barcodes_check = _check(self.tr("&Code-barres (Code 128) sous chaque numéro d'inventaire"),
                                     "barcodesCheck", _settings_bool("reports/sheet_barcodes", False))
        self.retired_check = _check(self.tr("Inclure le matériel &réformé, perdu ou volé"), "retiredCheck", False)
        info = QLabel(self.tr("{n} écoles : une fiche PDF par école, nommée d'après son UAI et son nom "
                              "(ex. 0210001A_ecole-elementaire-jean-mace.pdf). Le dossier est créé s'il n'existe "
                              "pas ; une fiche du même nom y est remplacée.").format(n=school_count)
                      if school_count != 1 else self.tr("1 école : une fiche PDF nommée d'après son UAI et son nom."))
        info.setObjectName("batchInfo")
        info.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        self.body.addWidget(info)
        self.body.addWidget(QLabel(self.tr("&Dossier :"), buddy=self.folder_edit))
        self.body.addLayout(row)
        self.body.addWidget(self.barcodes_check)
        self.body.addWidget(self.retired_check)
        self.finish()
        self.setMinimumWidth(560)
        self.ok_button.setEnabled(school_count > 0)

    def open_folder_dialog(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Dossier des fiches"), self.folder_edit.text())
        dialog.setObjectName("folderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.folder_edit.setText)
        self.folder_dialog = dialog
        dialog.open()
        return dialog

    def choice(self) -> BatchChoice:
        QSettings().setValue("reports/sheet_barcodes", self.barcodes_check.isChecked())
        return BatchChoice(Path(self.folder_edit.text().strip()), self.barcodes_check.isChecked(),
                           self.retired_check.isChecked())
