"""Quick entry of an intervention, pre-filled from an incident of the queue or from an item (the services' draft).

The conventions decide what may be entered (Dijon Art. 8, Saint-Denis Art. 4 and 6): the dialog asks the services'
draft again whenever the item or the date changes, enables only the types the warranty leaves, says until when the
warranty runs, and replaces the form by the refusal when no intervention is possible. The controller does not even
open it on a hors plan item: the refusal is shown instead.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.errors import RuleError, TiceError, ValidationError
from ticeinventory.domain.maintenance import (
    SAINT_DENIS_ART4_WARRANTY,
    TO_DO,
    IncidentInfo,
    InterventionDraft,
    InterventionOutcome,
    InterventionResult,
    InterventionType,
)
from ticeinventory.domain.records import EquipmentInfo
from ticeinventory.domain.validation import format_date
from ticeinventory.services.app import Services
from ticeinventory.services.maintenance import IncidentFilter

from .incident_dialog import Banner, add_row, bold, fill_enum, fill_equipment, school_items, show_errors

PART_COLUMNS = ("designation", "reference", "quantity", "cost")


class InterventionDialog(QDialog):
    """One intervention; :attr:`result` holds what the services recorded once accepted."""

    sig_recorded = Signal(object)
    """The InterventionResult just recorded (notices, retirement proposed)."""

    def __init__(self, services: Services, draft: InterventionDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interventionDialog")
        self.services = services
        self.draft = draft
        self.result: InterventionResult | None = None
        self._items: dict[int, EquipmentInfo] = {}
        self._incidents: list[IncidentInfo] = []

        self.banner = Banner()
        self.place_label = bold(QLabel())
        self.place_label.setObjectName("placeLabel")
        self.place_label.setWordWrap(True)
        self.warranty_label = Banner()
        self.warranty_label.setObjectName("warrantyLabel")

        self.equipment_combo = QComboBox()
        self.equipment_combo.setObjectName("equipmentCombo")
        self.equipment_combo.setMinimumContentsLength(30)
        self.equipment_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.room_combo = QComboBox()
        self.room_combo.setObjectName("roomCombo")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("typeCombo")
        fill_enum(self.type_combo, InterventionType)
        self.ticket_edit = QLineEdit()
        self.ticket_edit.setObjectName("ticketEdit")
        self.ticket_edit.setPlaceholderText(self.tr("Numéro donné par le fournisseur"))
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.start_edit = QTimeEdit()
        self.start_edit.setObjectName("startEdit")
        self.start_edit.setDisplayFormat("HH:mm")
        self.duration_edit = QLineEdit()
        self.duration_edit.setObjectName("durationEdit")
        self.duration_edit.setPlaceholderText(self.tr("1h30"))
        self.duration_edit.setToolTip(self.tr("En minutes (90) ou en heures (1h30, 2h)"))
        char = self.fontMetrics().averageCharWidth()
        self.duration_edit.setMaximumWidth(char * 10)
        self.technician_edit = QLineEdit()
        self.technician_edit.setObjectName("technicianEdit")
        self.outcome_combo = QComboBox()
        self.outcome_combo.setObjectName("outcomeCombo")
        fill_enum(self.outcome_combo, InterventionOutcome, InterventionOutcome.RESOLU)
        self.actions_edit = QPlainTextEdit()
        self.actions_edit.setObjectName("actionsEdit")
        self.actions_edit.setPlaceholderText(self.tr("Ce qui a été fait : diagnostic, réglages, pièces changées…"))
        self.actions_edit.setTabChangesFocus(True)

        self.parts_table = QTableWidget(0, len(PART_COLUMNS))
        self.parts_table.setObjectName("partsTable")
        self.parts_table.setHorizontalHeaderLabels([self.tr("Désignation"), self.tr("Référence"), self.tr("Qté"),
                                                    self.tr("Coût (€)")])
        self.parts_table.verticalHeader().hide()
        self.parts_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        parts_header = self.parts_table.horizontalHeader()
        parts_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        parts_header.resizeSection(1, char * 14)
        parts_header.resizeSection(2, char * 5)
        parts_header.resizeSection(3, char * 10)
        self.add_part_button = QPushButton(self.tr("A&jouter une pièce"))
        self.add_part_button.setObjectName("addPartButton")
        self.remove_part_button = QPushButton(self.tr("Reti&rer la pièce"))
        self.remove_part_button.setObjectName("removePartButton")

        self.incidents_list = QListWidget()
        self.incidents_list.setObjectName("incidentsList")
        self.incidents_list.setAccessibleName(self.tr("Signalements traités par l'intervention"))
        self.incidents_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 8)

        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(left, self.tr("É&quipement\u00a0:"), self.equipment_combo)
        self.room_label = add_row(left, self.tr("&Salle\u00a0:"), self.room_combo)
        add_row(left, self.tr("T&ype\u00a0:"), self.type_combo)
        self.ticket_label = add_row(left, self.tr("T&icket fournisseur\u00a0:"), self.ticket_edit)
        when_row = QHBoxLayout()
        when_row.addWidget(self.date_edit)
        start_label = QLabel(self.tr("à"))
        when_row.addWidget(start_label)
        when_row.addWidget(self.start_edit)
        duration_label = QLabel(self.tr("D&urée\u00a0:"))
        duration_label.setBuddy(self.duration_edit)
        when_row.addSpacing(8)
        when_row.addWidget(duration_label)
        when_row.addWidget(self.duration_edit)
        when_row.addStretch(1)
        add_row(left, self.tr("&Date\u00a0:"), self.date_edit, when_row)
        add_row(left, self.tr("&Technicien\u00a0:"), self.technician_edit)
        add_row(left, self.tr("Résu&ltat\u00a0:"), self.outcome_combo)

        parts_buttons = QVBoxLayout()
        for button in (self.add_part_button, self.remove_part_button):
            button.setAutoDefault(False)  # Entrée enregistre l'intervention, n'ajoute pas de pièce
            parts_buttons.addWidget(button)
        parts_buttons.addStretch(1)
        parts_row = QHBoxLayout()
        parts_row.addWidget(self.parts_table, 1)
        parts_row.addLayout(parts_buttons)
        self.parts_table.setMaximumHeight(self.parts_table.horizontalHeader().sizeHint().height()
                                          + self.parts_table.verticalHeader().defaultSectionSize() * 3 + 6)
        right = QVBoxLayout()
        actions_label = QLabel(self.tr("&Actions réalisées\u00a0:"))
        actions_label.setBuddy(self.actions_edit)
        right.addWidget(actions_label)
        right.addWidget(self.actions_edit, 1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        parts_label = QLabel(self.tr("&Pièces remplacées\u00a0:"))
        parts_label.setBuddy(self.parts_table)

        incidents_label = QLabel(self.tr("Si&gnalements traités (cochez ceux que l'intervention règle)\u00a0:"))
        incidents_label.setBuddy(self.incidents_list)
        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addWidget(self.warranty_label)
        form_layout.addLayout(grid)
        form_layout.addWidget(parts_label)
        form_layout.addLayout(parts_row, 1)
        form_layout.addWidget(incidents_label)
        form_layout.addWidget(self.incidents_list)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(self.tr("&Enregistrer l'intervention"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.place_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)
        self.save_button.setDefault(True)  # once in the dialog: Entrée enregistre
        self.resize(char * 150, min(self.sizeHint().height(), 640))

        self.fields = {"type": self.type_combo, "outcome": self.outcome_combo, "date": self.date_edit,
                       "start_time": self.start_edit, "duration_minutes": self.duration_edit,
                       "technician": self.technician_edit, "parts": self.parts_table,
                       "supplier_ticket": self.ticket_edit, "equipment": self.equipment_combo,
                       "school": self.equipment_combo, "room": self.room_combo, "incidents": self.incidents_list}
        self._load(draft)
        self._connect_signals()
        self.duration_edit.setFocus()  # the one field the draft cannot guess

    def _connect_signals(self) -> None:
        self.equipment_combo.currentIndexChanged.connect(self._redraft)
        self.date_edit.dateChanged.connect(self._redraft)
        self.type_combo.currentIndexChanged.connect(self._show_ticket)
        self.add_part_button.clicked.connect(self.add_part)
        self.remove_part_button.clicked.connect(self._remove_part)

    # -- loading -------------------------------------------------------------------------------------------

    def _load(self, draft: InterventionDraft) -> None:
        """Fill the form once from the draft; later drafts only change what depends on the item and the date."""
        items = school_items(self.services, draft.school_id)
        self._items = {item.id: item for item in items}
        fill_equipment(self.equipment_combo, items, self.tr("Aucun (intervention sur l'école, une salle, le réseau)"),
                       draft.equipment_id)
        if draft.equipment_id is not None and draft.equipment_id not in self._items:  # stock item: no school
            item = self.services.equipment.get(draft.equipment_id)
            self._items[item.id] = item
            fill_equipment(self.equipment_combo, [item], self.tr("Aucun"), item.id)
        self.room_combo.clear()
        self.room_combo.addItem(self.tr("Toute l'école"), None)
        if draft.school_id is not None:
            for room in self.services.schools.rooms(draft.school_id):
                self.room_combo.addItem(room.name, room.id)
        self.room_combo.setCurrentIndex(max(self.room_combo.findData(draft.room_id), 0))
        today = self.services.maintenance.interventions.now().date()
        self.date_edit.setMaximumDate(QDate(today))
        self.date_edit.setDate(QDate(draft.date))
        self.start_edit.setTime(QTime(draft.start_time.hour, draft.start_time.minute))
        self.technician_edit.setText(draft.technician)
        self._load_incidents(draft.incident_ids)
        self._apply(draft)
        self.type_combo.setCurrentIndex(max(self.type_combo.findData(draft.type.value), 0))
        self._show_ticket()

    def _load_incidents(self, checked: tuple[int, ...]) -> None:
        """Open incidents of the school about this item or none: those the intervention may answer. One the
        services refuse (software, to forward to the Éducation nationale) is listed greyed, its refusal as tooltip."""
        kept = set(checked) | set(self.incident_ids())
        self.incidents_list.clear()
        refusals: dict[int, str | None] = {}
        if self.draft.school_id is None:
            self._incidents = []
        else:
            item_id = self.equipment_combo.currentData()
            rows = self.services.maintenance.incidents.list(
                IncidentFilter(school_id=self.draft.school_id, statuses=TO_DO))
            rows = [i for i in rows if i.equipment_id in (None, item_id) or i.id in checked]
            self._incidents = sorted(rows, key=lambda i: i.equipment_id != item_id)  # about this item first
            refusals = self.services.maintenance.interventions.link_refusals(i.id for i in self._incidents)
        for info in self._incidents:
            what = info.equipment_number or self.tr("toute l'école")
            text = self.tr("N° {id} du {date} — {what} — {nature} — {status} — {description}").format(
                id=info.id, date=format_date(info.reported_at.date()), what=what, nature=info.nature.label,
                status=info.status.label, description=" ".join(info.description.split()))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            if refusal := refusals.get(info.id):
                item.setToolTip(refusal)
                item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable))
                item.setCheckState(Qt.CheckState.Unchecked)
            else:
                item.setToolTip(info.description)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if info.id in kept else Qt.CheckState.Unchecked)
            self.incidents_list.addItem(item)
        if not self._incidents:
            placeholder = QListWidgetItem(self.tr("Aucun signalement ouvert pour ce matériel ou cette école."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.incidents_list.addItem(placeholder)

    def _apply(self, draft: InterventionDraft) -> None:
        """What the item and the date decide: the place, the warranty, the types, a refusal."""
        self.draft = draft
        item = self._items.get(draft.equipment_id) if draft.equipment_id is not None else None
        if item is not None:
            place = f"{item.school_name or self.tr('Stock de la ville')}" + (f", {item.room_name}" if item.room_name
                                                                              else "")
            what = " ".join(p for p in (item.category_label, item.manufacturer, item.model) if p)
            self.place_label.setText(self.tr("Intervention sur {number} — {what} — {place}").format(
                number=item.inventory_number, what=what, place=place))
            self.setWindowTitle(self.tr("Saisir une intervention — {number}").format(number=item.inventory_number))
        else:
            self.place_label.setText(self.tr("Intervention sur l'école {school} (réseau, salle, installation)").format(
                school=draft.school_name or ""))
            self.setWindowTitle(self.tr("Saisir une intervention — {school}").format(school=draft.school_name or ""))
        self.room_combo.setEnabled(item is None)
        self.room_label.setEnabled(item is None)
        if item is not None:
            self.room_combo.setCurrentIndex(max(self.room_combo.findData(item.room_id), 0))

        model = self.type_combo.model()
        assert isinstance(model, QStandardItemModel)
        for row in range(self.type_combo.count()):
            kind = InterventionType(self.type_combo.itemData(row))
            allowed = kind in draft.allowed_types
            model.item(row).setEnabled(allowed)
            self.type_combo.setItemData(row, None if allowed else self._type_refusal(kind, draft),
                                        Qt.ItemDataRole.ToolTipRole)
        if InterventionType(self.type_combo.currentData()) not in draft.allowed_types:
            self.type_combo.setCurrentIndex(self.type_combo.findData(draft.type.value))

        if draft.under_warranty:
            self.warranty_label.show_message(self.warranty_text(draft), "warning")
        elif draft.warranty_end is not None:
            self.warranty_label.show_message(self.tr("Garantie du fournisseur terminée le {date} : la Ville assure "
                                                     "la maintenance.").format(date=format_date(draft.warranty_end)),
                                             "info")
        else:
            self.warranty_label.clear()

        if draft.refusal:
            self.banner.show_message(draft.refusal)
        else:
            self.banner.clear()
        possible = draft.refusal is None
        for widget in self._editable():  # the item stays choosable: another one may lift the refusal
            widget.setEnabled(possible)
        if possible:
            self.room_combo.setEnabled(item is None)
        self.save_button.setEnabled(possible)

    def _editable(self) -> list[QWidget]:
        return [w for w in self.fields.values() if w is not self.equipment_combo] + [
            self.actions_edit, self.add_part_button, self.remove_part_button]

    def warranty_text(self, draft: InterventionDraft) -> str:
        return self.tr("Sous garantie jusqu'au {date} : seuls « {diag} » et « {back} » sont possibles. La Ville assure "
                       "« {quote} » (convention de Saint-Denis, art. 4) : envoyez le matériel au fournisseur et notez "
                       "son numéro de ticket.").format(
            date=format_date(draft.warranty_end), diag=InterventionType.DIAGNOSTIC.label,
            back=InterventionType.RETOUR_GARANTIE.label, quote=SAINT_DENIS_ART4_WARRANTY)

    def _type_refusal(self, kind: InterventionType, draft: InterventionDraft) -> str:
        if draft.under_warranty:
            return self.tr("Sous garantie jusqu'au {date} : « {type} » n'est pas possible (convention de Saint-Denis, "
                           "art. 4).").format(date=format_date(draft.warranty_end), type=kind.label)
        if kind is InterventionType.RETOUR_GARANTIE:
            return self.tr("Pas de garantie en cours : le retour au fournisseur n'est pas possible.")
        return self.tr("« {type} » porte sur un équipement : choisissez-le d'abord.").format(type=kind.label)

    # -- reactions -----------------------------------------------------------------------------------------

    def _redraft(self) -> None:
        """Another item or date: ask the services what is possible now."""
        item_id = self.equipment_combo.currentData()
        interventions = self.services.maintenance.interventions
        try:
            if item_id is not None:
                draft = interventions.draft(equipment=item_id, on=self.date_edit.date().toPython())
            else:
                draft = interventions.draft(school=self.draft.school_id, on=self.date_edit.date().toPython())
        except TiceError as error:
            self.banner.show_message(error.message)
            return
        self._apply(draft)
        self._load_incidents(())
        self._show_ticket()

    def _show_ticket(self) -> None:
        needed = self.type_combo.currentData() == InterventionType.RETOUR_GARANTIE.value
        self.ticket_edit.setVisible(needed)
        self.ticket_label.setVisible(needed)

    def add_part(self, designation: str = "", reference: str = "", quantity: int = 1, cost: str = "") -> int:
        row = self.parts_table.rowCount()
        self.parts_table.insertRow(row)
        for column, value in enumerate((designation, reference, str(quantity), cost)):
            self.parts_table.setItem(row, column, QTableWidgetItem(value))
        if not designation:
            self.parts_table.setCurrentCell(row, 0)
            self.parts_table.editItem(self.parts_table.item(row, 0))
        return row

    def _remove_part(self) -> None:
        row = self.parts_table.currentRow()
        if row >= 0:
            self.parts_table.removeRow(row)

    # -- saving --------------------------------------------------------------------------------------------

    def parts(self) -> list[dict[str, str]]:
        """The parts typed, blank lines left out; the services read quantities and amounts."""
        rows = []
        for row in range(self.parts_table.rowCount()):
            cells = {key: (self.parts_table.item(row, column).text().strip()
                           if self.parts_table.item(row, column) else "")
                     for column, key in enumerate(PART_COLUMNS)}
            if cells["designation"] or cells["reference"] or cells["cost"]:
                rows.append(cells)
        return rows

    def incident_ids(self) -> list[int]:
        ids = []
        for row in range(self.incidents_list.count()):
            item = self.incidents_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) is not None and item.checkState() == Qt.CheckState.Checked \
                    and item.flags() & Qt.ItemFlag.ItemIsEnabled:  # a greyed one is refused by the services
                ids.append(item.data(Qt.ItemDataRole.UserRole))
        return ids

    def values(self) -> dict:
        item_id = self.equipment_combo.currentData()
        start: QTime = self.start_edit.time()
        kind = self.type_combo.currentData()
        return {
            "type": kind, "outcome": self.outcome_combo.currentData(), "date": self.date_edit.date().toPython(),
            "start_time": time(start.hour(), start.minute()), "duration_minutes": self.duration_edit.text(),
            "equipment": item_id, "school": self.draft.school_id if item_id is None else None,
            "room": self.room_combo.currentData() if item_id is None else None,
            "technician": self.technician_edit.text(), "actions": self.actions_edit.toPlainText(),
            "parts": self.parts(), "incidents": self.incident_ids(),
            "supplier_ticket": self.ticket_edit.text() if kind == InterventionType.RETOUR_GARANTIE.value else "",
        }

    def save(self) -> bool:
        """Record through the services; False (the message in the banner) when they refuse."""
        try:
            self.result = self.services.maintenance.interventions.record(**self.values())
        except (ValidationError, RuleError) as error:
            show_errors(self.banner, error, self.fields)
            return False
        except TiceError as error:
            self.banner.show_message(error.message)
            return False
        self.sig_recorded.emit(self.result)
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()
