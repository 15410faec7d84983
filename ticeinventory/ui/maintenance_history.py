"""Looking back: a school's maintenance history, « mes interventions de la semaine » and an item's interventions.

Each view reads one bounded list from the services (one school, one week, one item) and shows it in a plain
table; nothing is written here. An intervention entered by mistake can be deleted from the context menu of
every intervention table: the view only asks (``sig_delete_requested``), the controller confirms and deletes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.maintenance import (
    TO_DO,
    IncidentInfo,
    IncidentStatus,
    InterventionInfo,
    InterventionOutcome,
    format_minutes,
)
from ticeinventory.domain.validation import format_date
from ticeinventory.services.app import Services

from . import icons

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
DAYS = (QT_TRANSLATE_NOOP("MaintenanceHistory", "lun."), QT_TRANSLATE_NOOP("MaintenanceHistory", "mar."),
        QT_TRANSLATE_NOOP("MaintenanceHistory", "mer."), QT_TRANSLATE_NOOP("MaintenanceHistory", "jeu."),
        QT_TRANSLATE_NOOP("MaintenanceHistory", "ven."), QT_TRANSLATE_NOOP("MaintenanceHistory", "sam."),
        QT_TRANSLATE_NOOP("MaintenanceHistory", "dim."))


def tr_(text: str) -> str:
    return QCoreApplication.translate("MaintenanceHistory", text)


def hours_text(minutes: int) -> str:
    """Working time, never in days: ``45 min``, ``7 h 30``, ``31 h 05``."""
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def plural(n: int, one: str, many: str) -> str:
    """French: 0 and 1 take the singular."""
    return (one if n <= 1 else many).format(n=n)


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    text: Callable[[T], str]
    chars: int = 12
    tooltip: Callable[[T], str] | None = None


class RecordModel(QAbstractTableModel, Generic[T]):
    """A short list of plain records (one school's, one week's), with its columns."""

    def __init__(self, columns: Sequence[Column[T]], key: Callable[[T], int],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[T] = []
        self.bold_row: Callable[[T], bool] = lambda _record: False

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr_(self.columns[section].title)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(column.text(record).split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tooltip or column.text)(record) or None
        if role == ID_ROLE:
            return self._key(record)
        if role == Qt.ItemDataRole.FontRole and self.bold_row(record):
            font = QFont()
            font.setBold(True)
            return font
        return None


def make_table(model: RecordModel, name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    char = table.fontMetrics().averageCharWidth()
    for index, column in enumerate(model.columns):
        header.resizeSection(index, column.chars * char + 20)
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


class DeleteInterventionAction(QAction):
    """« Supprimer l'intervention… » for the chosen line of a table of interventions, in the table's context menu.
    Enabled only when the services allow it; otherwise disabled with their reason as tooltip and status tip, as the
    queue shows the steps it cannot take. Triggering it calls ``request(id)``: the controller confirms and deletes."""

    def __init__(self, table: QTableView, model: RecordModel[InterventionInfo],
                 services: Callable[[], Services | None], request: Callable[[int], None]) -> None:
        super().__init__(tr_("&Supprimer l'intervention…"), table)
        self.setObjectName("deleteInterventionAction")
        self.table, self.model, self.services, self.request = table, model, services, request
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._popup)
        table.selectionModel().currentRowChanged.connect(lambda *_args: self.update_state())
        model.modelReset.connect(self.update_state)
        self.triggered.connect(self._request)
        self.update_state()

    def current(self) -> InterventionInfo | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def update_state(self) -> None:
        work, services = self.current(), self.services()
        if work is None or services is None:
            self._show(False, tr_("Choisissez une intervention."))
            return
        try:
            refusal = services.maintenance.interventions.deletion_refusal(work.id)
        except TiceError as error:  # deleted from another workstation meanwhile
            refusal = error.message
        self._show(refusal is None, refusal or tr_("Supprimer l'intervention du {date}, saisie par erreur (après "
                                                   "confirmation).").format(date=format_date(work.date)))

    def _show(self, enabled: bool, tip: str) -> None:
        self.setEnabled(enabled)
        self.setToolTip(tip)
        self.setStatusTip(tip)

    def context_menu(self) -> QMenu:
        """The table's context menu, holding the action."""
        menu = QMenu(self.table)
        menu.setToolTipsVisible(True)  # the reason of a disabled entry
        menu.addAction(self)
        return menu

    def _popup(self, position) -> None:
        if self.current() is None:
            return
        self.update_state()
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _request(self) -> None:
        work = self.current()
        if work is not None and self.isEnabled():
            self.request(work.id)


# -- columns -------------------------------------------------------------------------------------------------------

def _parts(i: InterventionInfo) -> str:
    return ", ".join(p.designation if p.quantity == 1 else f"{p.quantity} × {p.designation}" for p in i.parts)


def _incidents(ids: tuple[int, ...]) -> str:
    return ", ".join(f"n° {n}" for n in ids)


def intervention_columns(*, with_school: bool, day_names: bool = False) -> list[Column[InterventionInfo]]:
    def when(i: InterventionInfo) -> str:
        return f"{tr_(DAYS[i.date.weekday()])} {format_date(i.date)}" if day_names else format_date(i.date)

    columns = [Column("Date", when, 17 if day_names else 12),
               Column("Début", lambda i: i.start_time.strftime("%H:%M"), 5),
               Column("Durée", lambda i: hours_text(i.duration_minutes), 7),
               Column("Type", lambda i: i.type.label, 22)]
    if with_school:
        columns.append(Column("École", lambda i: i.school_name or tr_("Stock de la ville"), 26))
    columns += [
        Column("Équipement ou salle", lambda i: i.equipment_number or i.room_name or tr_("Toute l'école"), 18,
               lambda i: " — ".join(p for p in (i.equipment_number, i.equipment_label, i.room_name) if p)),
        Column("Technicien", lambda i: i.technician, 12),
        Column("Résultat", lambda i: i.outcome.label, 16),
        Column("Pièces", _parts, 14),
        Column("Signalements", lambda i: _incidents(i.incident_ids), 10),
        Column("Actions", lambda i: i.actions, 30, lambda i: i.actions + (tr_("\nTicket fournisseur : {ticket}").format(ticket=i.supplier_ticket)
                                                                         if i.supplier_ticket else "")),
    ]
    return columns


def incident_columns(*, with_school: bool = False) -> list[Column[IncidentInfo]]:
    def equipment(i: IncidentInfo) -> str:
        if i.equipment_number is None:
            return "—"
        return tr_("{number} (hors plan)").format(number=i.equipment_number) if i.out_of_plan else i.equipment_number

    columns = [Column("Signalé le", lambda i: f"{format_date(i.reported_at.date())} {i.reported_at:%H:%M}", 18),
               Column("N°", lambda i: str(i.id), 5)]
    if with_school:
        columns.append(Column("École", lambda i: i.school_name, 22))
    columns += [
        Column("Équipement", equipment, 18, lambda i: " — ".join(p for p in (i.equipment_number, i.equipment_label)
                                                                 if p)),
        Column("Nature", lambda i: i.nature.label, 14),
        Column("Urgence", lambda i: i.urgency.label, 9),
        Column("État", lambda i: i.status.label, 18),
        Column("Technicien", lambda i: i.assigned_to, 12),
        Column("Prise en charge", lambda i: format_minutes(i.minutes_to_take_charge), 12),
        Column("Résolution", lambda i: format_minutes(i.minutes_to_resolve), 10),
        Column("Description", lambda i: i.description, 30,
               lambda i: i.description + tr_("\nSignalé par {name} ({role})").format(name=i.reporter_name,
                                                                                 role=i.reporter_role.label)),
    ]
    return columns


def heading(text: str = "") -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


# -- a school's history --------------------------------------------------------------------------------------------


class SchoolHistoryView(QWidget):
    """Every incident and intervention of one school, latest first, with the time spent."""

    sig_loaded = Signal()
    sig_delete_requested = Signal(int)
    """The user wants to delete intervention ``id`` (the controller confirms)."""

    def __init__(self, services: Services, school_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schoolHistory")
        self.services = services
        self.school_combo = QComboBox()
        self.school_combo.setObjectName("historySchoolCombo")
        self.school_combo.setAccessibleName(self.tr("École"))
        self.title = heading()
        self.summary = QLabel()
        self.summary.setObjectName("historySummary")
        self.summary.setWordWrap(True)
        self.incident_model: RecordModel[IncidentInfo] = RecordModel(incident_columns(), lambda i: i.id, self)
        self.incident_model.bold_row = lambda i: i.is_open
        self.intervention_model: RecordModel[InterventionInfo] = RecordModel(
            intervention_columns(with_school=False), lambda i: i.id, self)
        self.incident_table = make_table(self.incident_model, "historyIncidents",
                                         self.tr("Signalements de l'école"))
        self.intervention_table = make_table(self.intervention_model, "historyInterventions",
                                             self.tr("Interventions dans l'école"))
        self.delete_action = DeleteInterventionAction(self.intervention_table, self.intervention_model,
                                                      lambda: self.services, self.sig_delete_requested.emit)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.incident_table, "")
        self.tabs.addTab(self.intervention_table, "")

        top = QHBoxLayout()
        label = QLabel(self.tr("É&cole\u00a0:"))
        label.setBuddy(self.school_combo)
        top.addWidget(label)
        top.addWidget(self.school_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.setWindowTitle(self.tr("Historique de maintenance"))
        self._fill_schools()
        self.school_combo.currentIndexChanged.connect(self.refresh)
        if school_id is not None:
            self.set_school(school_id)
        else:
            self.refresh()

    def _fill_schools(self) -> None:
        self.school_combo.blockSignals(True)
        self.school_combo.clear()
        for school in self.services.schools.list():
            self.school_combo.addItem(icons.icon(icons.SCHOOL), f"{school.name} ({school.uai})", school.id)
        self.school_combo.blockSignals(False)

    def set_services(self, services: Services) -> None:
        self.services = services
        self._fill_schools()
        self.refresh()

    def set_school(self, school_id: int) -> None:
        index = self.school_combo.findData(school_id)
        if index == self.school_combo.currentIndex():
            self.refresh()
        elif index >= 0:
            self.school_combo.setCurrentIndex(index)

    def school_id(self) -> int | None:
        return self.school_combo.currentData()

    def refresh(self) -> None:
        school_id = self.school_id()
        if school_id is None:
            self.incident_model.set_rows([])
            self.intervention_model.set_rows([])
            self.title.setText(self.tr("Aucune école dans la base"))
            self.summary.clear()
            return
        try:
            history = self.services.maintenance.school_history(school_id)
        except TiceError as error:
            self.summary.setText(error.message)
            return
        self.incident_model.set_rows(history.incidents)
        self.intervention_model.set_rows(history.interventions)
        self.title.setText(self.tr("Historique de maintenance — {school}").format(school=history.school_name))
        self.setWindowTitle(self.tr("Historique de maintenance — {school}").format(school=history.school_name))
        incidents = history.incidents
        to_do = sum(1 for i in incidents if i.status in TO_DO)
        to_close = sum(1 for i in incidents if i.status is IncidentStatus.RESOLU)
        refused = sum(1 for i in incidents if i.status is IncidentStatus.REFUSE_HORS_PLAN)
        parts = [plural(len(incidents), self.tr("{n} signalement"), self.tr("{n} signalements"))]
        details = []
        if to_do:
            details.append(plural(to_do, self.tr("{n} à traiter"), self.tr("{n} à traiter")))
        if to_close:
            details.append(plural(to_close, self.tr("{n} à clore"), self.tr("{n} à clore")))
        if refused:
            details.append(plural(refused, self.tr("{n} refusé hors plan"), self.tr("{n} refusés hors plan")))
        if details:
            parts[0] += f" ({', '.join(details)})"
        parts.append(plural(len(history.interventions), self.tr("{n} intervention"), self.tr("{n} interventions")))
        parts.append(self.tr("{time} de travail").format(time=hours_text(history.minutes)))
        self.summary.setText(", ".join(parts) + ".")
        self.tabs.setTabText(0, self.tr("&Signalements ({n})").format(n=len(incidents)))
        self.tabs.setTabText(1, self.tr("&Interventions ({n})").format(n=len(history.interventions)))
        self.sig_loaded.emit()


# -- my week ---------------------------------------------------------------------------------------------------------


class MyWeekView(QWidget):
    """« Mes interventions de la semaine »: Monday to Sunday, the total time, a week back or forward."""

    sig_loaded = Signal()
    sig_delete_requested = Signal(int)
    """The user wants to delete intervention ``id`` (the controller confirms)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myWeek")
        self.setWindowTitle(self.tr("Mes interventions de la semaine"))
        self.services = services
        self.day = services.maintenance.interventions.now().date()
        self.technician_edit = QLineEdit(services.actor.user)
        self.technician_edit.setObjectName("weekTechnician")
        self.previous_button = QPushButton(self.tr("◀ Semaine &précédente"))
        self.this_button = QPushButton(self.tr("&Cette semaine"))
        self.next_button = QPushButton(self.tr("Semaine &suivante ▶"))
        self.title = heading()
        self.title.setObjectName("weekTitle")
        self.summary = QLabel()
        self.summary.setObjectName("weekSummary")
        self.model: RecordModel[InterventionInfo] = RecordModel(
            intervention_columns(with_school=True, day_names=True), lambda i: i.id, self)
        self.model.bold_row = lambda i: i.outcome in (InterventionOutcome.A_REVOIR, InterventionOutcome.ATTENTE_PIECE)
        self.table = make_table(self.model, "weekTable", self.tr("Interventions de la semaine"))
        self.delete_action = DeleteInterventionAction(self.table, self.model, lambda: self.services,
                                                      self.sig_delete_requested.emit)

        top = QHBoxLayout()
        label = QLabel(self.tr("&Technicien\u00a0:"))
        label.setBuddy(self.technician_edit)
        top.addWidget(label)
        top.addWidget(self.technician_edit)
        top.addStretch(1)
        for button in (self.previous_button, self.this_button, self.next_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.technician_edit.editingFinished.connect(self.refresh)
        self.previous_button.clicked.connect(lambda: self.move(-7))
        self.next_button.clicked.connect(lambda: self.move(7))
        self.this_button.clicked.connect(self.this_week)
        self.refresh()

    def set_services(self, services: Services) -> None:
        self.services = services
        self.refresh()

    def move(self, days: int) -> None:  # type: ignore[override] - a week, not the widget
        self.day += timedelta(days=days)
        self.refresh()

    def this_week(self) -> None:
        self.day = self.services.maintenance.interventions.now().date()
        self.refresh()

    def monday(self) -> date:
        return self.day - timedelta(days=self.day.weekday())

    def refresh(self) -> None:
        technician = self.technician_edit.text().strip() or self.services.actor.user
        rows = self.services.maintenance.interventions.my_week(technician, day=self.day)
        self.model.set_rows(rows)
        monday = self.monday()
        self.title.setText(self.tr("Semaine du lundi {start} au dimanche {end} — {who}").format(
            start=format_date(monday), end=format_date(monday + timedelta(days=6)), who=technician))
        minutes = sum(i.duration_minutes for i in rows)
        self.summary.setText(self.tr("{count}, {time} de travail.").format(
            count=plural(len(rows), self.tr("{n} intervention"), self.tr("{n} interventions")),
            time=hours_text(minutes)) if rows else self.tr("Aucune intervention enregistrée cette semaine."))
        today = self.services.maintenance.interventions.now().date()
        self.next_button.setEnabled(monday + timedelta(days=7) <= today)
        self.sig_loaded.emit()


# -- an item's interventions -------------------------------------------------------------------------------------------


class EquipmentInterventionsView(QWidget):
    """The item's « Interventions » tab: its interventions, latest first, and quick entry of a new one."""

    sig_intervention_requested = Signal(int)
    """The user wants to record an intervention on item ``id``."""
    sig_delete_requested = Signal(int)
    """The user wants to delete intervention ``id`` (the controller confirms)."""

    def __init__(self, services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("equipmentInterventions")
        self.services = services
        self.equipment_id: int | None = None
        self.model: RecordModel[InterventionInfo] = RecordModel(intervention_columns(with_school=False),
                                                                lambda i: i.id, self)
        self.table = make_table(self.model, "equipmentInterventionsTable", self.tr("Interventions sur l'équipement"))
        self.table.setColumnHidden(4, True)  # the item is the tab's own
        self.delete_action = DeleteInterventionAction(self.table, self.model, lambda: self.services,
                                                      self.sig_delete_requested.emit)
        self.summary = QLabel()
        self.summary.setObjectName("equipmentInterventionsSummary")
        self.add_button = QPushButton(self.tr("Saisir une &intervention…"))
        self.add_button.setObjectName("addInterventionButton")
        self.add_button.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(self._request)

    def set_services(self, services: Services) -> None:
        self.services = services
        self.set_equipment(None)

    def set_equipment(self, equipment_id: int | None) -> None:
        self.equipment_id = equipment_id
        self.refresh()

    def refresh(self) -> None:
        rows = self.services.maintenance.interventions.of_equipment(self.equipment_id) \
            if self.services is not None and self.equipment_id is not None else []
        self.model.set_rows(rows)
        self.add_button.setEnabled(self.equipment_id is not None)
        minutes = sum(i.duration_minutes for i in rows)
        self.summary.setText(self.tr("{count}, {time} de travail.").format(
            count=plural(len(rows), self.tr("{n} intervention"), self.tr("{n} interventions")),
            time=hours_text(minutes)) if rows else self.tr("Aucune intervention sur cet équipement."))

    def _request(self) -> None:
        if self.equipment_id is not None:
            self.sig_intervention_requested.emit(self.equipment_id)
