"""Reporting an incident (signalement): the school, optionally the item, who reports it, what and how urgent.

The services check everything; the dialog shows their French messages in a banner at its top and stays open, so
that nothing typed is lost. The banner and the enum lists are shared with the intervention dialog.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.enums import LabelledEnum
from ticeinventory.domain.errors import RuleError, TiceError, ValidationError
from ticeinventory.domain.maintenance import (
    IncidentInfo,
    IncidentNature,
    IncidentStatus,
    ReporterRole,
    Urgency,
    out_of_plan_citation,
)
from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.services.app import Services
from ticeinventory.services.equipment import EquipmentFilter

from . import icons

# -- shared by the maintenance forms ---------------------------------------------------------------------------


class Banner(QFrame):
    """A message at the top of a form: an error (the services' words, the article quoted) or a notice.
    An icon and a frame tell it apart, not only a colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setObjectName("bannerText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # no empty band below
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        self.hide()

    ICONS = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
             "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
             "info": QStyle.StandardPixmap.SP_MessageBoxInformation}

    def show_message(self, text: str, kind: str = "error") -> None:
        """``kind``: « error » (the services refused), « warning » (a rule to know), « info »."""
        pixmap = self.ICONS[kind]
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        self.label.setText(text)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.AlternateBase))
        self.setPalette(palette)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def clear(self) -> None:
        self.label.clear()
        self.hide()


def fill_enum(combo: QComboBox, members: Iterable[LabelledEnum], current: LabelledEnum | None = None) -> None:
    """French labels shown, the member's value as item data."""
    combo.clear()
    for member in members:
        combo.addItem(member.label, member.value)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current.value), 0))


def show_errors(banner: Banner, error: TiceError, fields: Mapping[str, QWidget]) -> None:
    """The services' message in the banner; the first field at fault gets the focus."""
    banner.show_message(error.message)
    if isinstance(error, ValidationError):
        for key in error.errors:
            widget = fields.get(key)
            if widget is not None:
                widget.setFocus()
                break


def add_row(form: QFormLayout, text: str, buddy: QWidget, field: QWidget | QHBoxLayout | None = None) -> QLabel:
    """A form row whose label's mnemonic (« &Nature ») gives the focus to ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    form.addRow(label, field if field is not None else buddy)
    return label


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def equipment_text(item: EquipmentInfo) -> str:
    """« 0210001M-PCF-0003 — PC fixe Dell OptiPlex 380 — Bureau de direction (hors plan) »."""
    what = " ".join(part for part in (item.category_label, item.manufacturer, item.model) if part)
    text = f"{item.inventory_number} — {what}"
    if item.room_name:
        text += f" — {item.room_name}"
    if not item.in_plan:
        text += " " + QCoreApplication.translate("Maintenance", "(hors plan)")
    return text


def fill_equipment(combo: QComboBox, items: Iterable[EquipmentInfo], none_text: str,
                   current: int | None = None) -> None:
    """The school's items (hors plan ones marked by icon and words), first the choice of none."""
    combo.clear()
    combo.addItem(none_text, None)
    for item in items:
        combo.addItem(icons.icon(icons.PLAN if item.in_plan else icons.HORS_PLAN), equipment_text(item), item.id)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)


def school_items(services: Services, school_id: int | None) -> list[EquipmentInfo]:
    """Items of the school still in the fleet (retired, lost and stolen ones take no report nor intervention)."""
    if school_id is None:
        return []
    return services.equipment.list(EquipmentFilter(school_id=school_id, include_retired=False))


# -- the dialog ---------------------------------------------------------------------------------------------------


class IncidentDialog(QDialog):
    """A new incident; :attr:`incident` holds what the services recorded once accepted."""

    sig_reported = Signal(object)
    """The IncidentInfo just recorded."""

    def __init__(self, services: Services, *, school_id: int | None = None, equipment_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDialog")
        self.setWindowTitle(self.tr("Signaler un incident"))
        self.services = services
        self.incident: IncidentInfo | None = None
        self._items: dict[int, EquipmentInfo] = {}
        if equipment_id is not None:
            item = services.equipment.get(equipment_id)
            school_id = item.school_id if item.school_id is not None else school_id

        self.banner = Banner()
        self.school_combo = QComboBox()
        self.school_combo.setObjectName("schoolCombo")
        for school in services.schools.list():
            self.school_combo.addItem(icons.icon(icons.SCHOOL), f"{school.name} ({school.uai})", school.id)
        self.equipment_combo = QComboBox()
        self.equipment_combo.setObjectName("equipmentCombo")
        self.equipment_combo.setMinimumContentsLength(40)
        self.equipment_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.plan_note = Banner()
        self.plan_note.setObjectName("planNote")
        self.reporter_edit = QLineEdit()
        self.reporter_edit.setObjectName("reporterEdit")
        self.reporter_edit.setPlaceholderText(self.tr("Nom et prénom"))
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("roleCombo")
        fill_enum(self.role_combo, ReporterRole, ReporterRole.DIRECTION)
        self.reported_edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.reported_edit.setObjectName("reportedEdit")
        self.reported_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.reported_edit.setCalendarPopup(True)
        self.reported_edit.setMaximumDateTime(QDateTime.currentDateTime().addSecs(300))
        self.nature_combo = QComboBox()
        self.nature_combo.setObjectName("natureCombo")
        fill_enum(self.nature_combo, IncidentNature, IncidentNature.MATERIEL)
        self.nature_note = QLabel(self.tr("Un logiciel éducatif ou bureautique est traité par l'Éducation nationale "
                                          "(animateurs TICE) : le signalement leur sera transmis (convention TICE "
                                          "de Dijon, art. 8 ; convention de Saint-Denis, art. 6)."))
        self.nature_note.setObjectName("natureNote")
        self.nature_note.setWordWrap(True)
        self.nature_note.hide()
        self.urgency_combo = QComboBox()
        self.urgency_combo.setObjectName("urgencyCombo")
        fill_enum(self.urgency_combo, Urgency, Urgency.NORMALE)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setPlaceholderText(self.tr("Ce qui ne marche pas, depuis quand, ce qui a déjà été "
                                                         "essayé."))
        self.description_edit.setTabChangesFocus(True)
        lines = self.description_edit.fontMetrics().lineSpacing()
        self.description_edit.setMinimumHeight(lines * 5)

        reporter_row = QHBoxLayout()
        reporter_row.addWidget(self.reporter_edit, 3)
        reporter_row.addWidget(self.role_combo, 2)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(form, self.tr("É&cole\u00a0:"), self.school_combo)
        add_row(form, self.tr("É&quipement\u00a0:"), self.equipment_combo)
        form.addRow(self.plan_note)
        add_row(form, self.tr("Signalé &par\u00a0:"), self.reporter_edit, reporter_row)
        add_row(form, self.tr("&Le\u00a0:"), self.reported_edit)
        add_row(form, self.tr("&Nature\u00a0:"), self.nature_combo)
        form.addRow("", self.nature_note)
        add_row(form, self.tr("&Urgence\u00a0:"), self.urgency_combo)
        add_row(form, self.tr("&Description\u00a0:"), self.description_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(self.tr("&Enregistrer le signalement"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # once in the dialog: Entrée enregistre
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)

        self.fields = {"school": self.school_combo, "equipment": self.equipment_combo,
                       "reporter_name": self.reporter_edit, "reporter_role": self.role_combo,
                       "reported_at": self.reported_edit, "nature": self.nature_combo,
                       "urgency": self.urgency_combo, "description": self.description_edit}
        self.school_combo.currentIndexChanged.connect(self._on_school_changed)
        self.equipment_combo.currentIndexChanged.connect(self._show_plan_note)
        self.nature_combo.currentIndexChanged.connect(self._show_nature_note)
        self.role_combo.currentIndexChanged.connect(self._suggest_reporter)

        if school_id is not None:
            self.school_combo.setCurrentIndex(max(self.school_combo.findData(school_id), 0))
        self._on_school_changed()
        if equipment_id is not None:
            self.equipment_combo.setCurrentIndex(max(self.equipment_combo.findData(equipment_id), 0))
        self.description_edit.setFocus()

    # -- reactions -----------------------------------------------------------------------------------------

    def _on_school_changed(self) -> None:
        school_id = self.school_combo.currentData()
        items = school_items(self.services, school_id)
        self._items = {item.id: item for item in items}
        fill_equipment(self.equipment_combo, items, self.tr("Aucun en particulier (l'école, une salle, le réseau)"))
        self._suggest_reporter()

    def _suggest_reporter(self) -> None:
        """The director reports most often: their name is known from the school's record."""
        if self.role_combo.currentData() != ReporterRole.DIRECTION.value or self.reporter_edit.isModified():
            return
        school_id = self.school_combo.currentData()
        director = self.services.schools.get(school_id).director_name if school_id is not None else ""
        self.reporter_edit.setText(director)

    def _show_plan_note(self) -> None:
        item = self._items.get(self.equipment_combo.currentData())
        if item is not None and not item.in_plan:
            origin = item.funding_origin.label if item.funding_origin else self.tr("origine inconnue")
            self.plan_note.show_message(self.tr("Matériel hors plan ({origin}) : la Ville n'y intervient pas ; le "
                                                "signalement sera enregistré puis clos comme « {refused} ». "
                                                "{citation}").format(origin=origin,
                                                                     refused=IncidentStatus.REFUSE_HORS_PLAN.label,
                                                                     citation=out_of_plan_citation()), "warning")
        else:
            self.plan_note.hide()

    def _show_nature_note(self) -> None:
        self.nature_note.setVisible(self.nature_combo.currentData() == IncidentNature.LOGICIEL.value)

    # -- saving --------------------------------------------------------------------------------------------

    def values(self) -> dict:
        reported: datetime = self.reported_edit.dateTime().toPython().replace(second=0, microsecond=0)
        return {"school": self.school_combo.currentData(), "equipment": self.equipment_combo.currentData(),
                "reporter_name": self.reporter_edit.text(), "reporter_role": self.role_combo.currentData(),
                "reported_at": reported, "nature": self.nature_combo.currentData(),
                "urgency": self.urgency_combo.currentData(), "description": self.description_edit.toPlainText()}

    def save(self) -> bool:
        """Report through the services; False (the message in the banner) when they refuse."""
        values = self.values()
        if values["school"] is None:
            self.banner.show_message(self.tr("Aucune école dans la base : créez d'abord l'école."))
            return False
        try:
            self.incident = self.services.maintenance.incidents.report(**values)
        except (ValidationError, RuleError) as error:
            show_errors(self.banner, error, self.fields)
            return False
        except TiceError as error:
            self.banner.show_message(error.message)
            return False
        self.sig_reported.emit(self.incident)
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()
