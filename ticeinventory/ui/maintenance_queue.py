"""The maintenance queue: the incidents the cell still has to work on, most urgent and oldest first.

The widget only shows and asks: it reads the queue from the services and says, through its signals, which step
or intervention the technician wants for the chosen incident; the controller does it. Which actions are possible
comes from ``next_steps()`` and the intervention draft, so a refused action shows the convention's article as its
tooltip instead of failing after a click. A late incident is marked by an icon, the words « En retard » and a bold
row — never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.errors import TiceError
from ticeinventory.domain.maintenance import TO_DO, IncidentStatus, QueueEntry
from ticeinventory.domain.validation import format_date
from ticeinventory.services.app import Services
from ticeinventory.services.maintenance import IncidentFilter

from . import icons

QUEUE_LIMIT = 500
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    chars: int


COLUMNS = (
    Column("id", QT_TRANSLATE_NOOP("QueueModel", "N°"), 4),
    Column("age", QT_TRANSLATE_NOOP("QueueModel", "Âge"), 8),
    Column("due", QT_TRANSLATE_NOOP("QueueModel", "Échéance"), 17),
    Column("urgency", QT_TRANSLATE_NOOP("QueueModel", "Urgence"), 9),
    Column("school", QT_TRANSLATE_NOOP("QueueModel", "École"), 27),
    Column("equipment", QT_TRANSLATE_NOOP("QueueModel", "Équipement"), 30),
    Column("nature", QT_TRANSLATE_NOOP("QueueModel", "Nature"), 17),
    Column("status", QT_TRANSLATE_NOOP("QueueModel", "État"), 14),
    Column("technician", QT_TRANSLATE_NOOP("QueueModel", "Technicien"), 13),
    Column("description", QT_TRANSLATE_NOOP("QueueModel", "Description"), 30),
)
COLUMN = {column.key: index for index, column in enumerate(COLUMNS)}

# The steps the queue offers, in the order of its toolbar (« saisir une intervention » comes second, apart).
STEPS = (IncidentStatus.PRIS_EN_CHARGE, IncidentStatus.RESOLU, IncidentStatus.CLOS, IncidentStatus.REFUSE_HORS_PLAN,
         IncidentStatus.TRANSMIS_EN, IncidentStatus.ENVOYE_FOURNISSEUR)


def stamp(when: datetime) -> str:
    return f"{format_date(when.date())} {when:%H:%M}"


# A clock, not a triangle: the amber triangle already means « hors plan » everywhere in the application.
OVERDUE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">
  <circle cx="8" cy="8" r="6.9" fill="#c62828" stroke="#5c0000" stroke-width="0.8"/>
  <path d="M8 3.6V8l3 2" fill="none" stroke="#ffffff" stroke-width="1.7" stroke-linecap="round"
        stroke-linejoin="round"/>
</svg>"""


@cache
def overdue_icon() -> QIcon:
    """The late marker (a red clock), drawn to read on light and dark backgrounds, beside the words « En retard »."""
    renderer = QSvgRenderer(QByteArray(OVERDUE_SVG.encode("utf-8")))
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(Qt.GlobalColor.transparent))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        result.addPixmap(pixmap)
    return result


def overdue_background() -> QColor:
    """A light amber behind late rows (a dark one in dark mode): a help for the eye, beside the icon and text."""
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    return QColor(255, 236, 179) if base.lightness() >= 128 else QColor(92, 64, 0)


class QueueModel(QAbstractTableModel):
    """The queue's lines, as the service ordered them (urgency, then age). The queue is bounded (QUEUE_LIMIT)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[QueueEntry] = []

    def set_entries(self, entries: list[QueueEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> QueueEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, incident_id: int) -> int | None:
        return next((row for row, e in enumerate(self._entries) if e.incident.id == incident_id), None)

    def overdue_count(self) -> int:
        return sum(1 for e in self._entries if e.overdue)

    # -- Qt model ------------------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section].title)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, key)
        if role == ID_ROLE:
            return entry.incident.id
        if role == OVERDUE_ROLE:
            return entry.overdue
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "due" and entry.overdue:
                return overdue_icon()
            if key == "equipment" and entry.incident.out_of_plan:
                return icons.icon(icons.HORS_PLAN)
            return None
        if role == Qt.ItemDataRole.FontRole and (entry.overdue or (key == "urgency" and entry.incident.urgency.rank
                                                                   >= 2)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and entry.overdue:
            return overdue_background()
        if role == Qt.ItemDataRole.ForegroundRole and entry.overdue:
            base = QApplication.palette().color(QPalette.ColorRole.Base)
            return QColor(Qt.GlobalColor.black) if base.lightness() >= 128 else QColor(Qt.GlobalColor.white)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("id", "age"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- wording -------------------------------------------------------------------------------------------

    def _text(self, entry: QueueEntry, key: str) -> str:
        info = entry.incident
        if key == "id":
            return str(info.id)
        if key == "age":
            return entry.age_label
        if key == "due":
            if entry.overdue:
                return self.tr("En retard")
            if info.status is IncidentStatus.RESOLU:
                return self.tr("À clore")
            return stamp(entry.due_at) if entry.due_at else ""
        if key == "urgency":
            return info.urgency.label
        if key == "school":
            return info.school_name
        if key == "equipment":
            if info.equipment_number is None:
                return self.tr("— (école, réseau)")
            if info.out_of_plan:
                return self.tr("{number} (hors plan)").format(number=info.equipment_number)
            return info.equipment_number
        if key == "nature":
            return info.nature.label
        if key == "status":
            return info.status.label
        if key == "technician":
            return info.assigned_to
        if key == "description":
            return " ".join(info.description.split())
        return ""

    def _tooltip(self, entry: QueueEntry, key: str) -> str | None:
        info = entry.incident
        if key == "due":
            if entry.due_at is None:
                return self.tr("Résolu le {when} : reste à le clore.").format(
                    when=stamp(info.resolved_at)) if info.resolved_at else None
            what = self.tr("Prise en charge attendue avant le {when}") if info.status is IncidentStatus.NOUVEAU \
                else self.tr("Résolution attendue avant le {when}")
            text = what.format(when=stamp(entry.due_at))
            return self.tr("En retard — {what}.").format(what=text) if entry.overdue else text + "."
        if key == "equipment" and info.equipment_number:
            label = f"{info.equipment_number} — {info.equipment_label or ''}".rstrip(" —")
            if info.out_of_plan:
                label += "\n" + self.tr("Hors plan — non maintenu : le signalement ne peut être clos que comme "
                                        "« {refused} ».").format(refused=IncidentStatus.REFUSE_HORS_PLAN.label)
            return label
        if key == "age":
            return self.tr("Signalé le {when} par {name} ({role})").format(
                when=stamp(info.reported_at), name=info.reporter_name, role=info.reporter_role.label)
        if key == "school":
            return f"{info.school_name} ({info.school_uai})"
        if key == "description":
            return info.description
        return self._text(entry, key) or None


class StateChoice:
    """The state filter's entries: which statuses the queue shows."""

    TO_DO = "to_do"
    OPEN = "open"


class MaintenanceQueue(QWidget):
    """Open incidents with their age, filters by technician and state, « en retard » only, and the actions."""

    sig_step_requested = Signal(int, str)
    """The user asks to move incident ``id`` to the IncidentStatus value ``status``."""
    sig_intervention_requested = Signal(int)
    """The user wants to record an intervention answering incident ``id``."""
    sig_loaded = Signal(int)
    """The queue was read again; the number of lines shown."""

    def __init__(self, services: Services | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceQueue")
        self.setWindowTitle(self.tr("File de maintenance"))
        self.services: Services | None = None
        self.now: datetime | None = None  # None: the services' clock (tests may fix it)

        self.technician_combo = QComboBox()
        self.technician_combo.setObjectName("technicianFilter")
        self.technician_combo.setAccessibleName(self.tr("Technicien"))
        self.technician_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("stateFilter")
        self.state_combo.setAccessibleName(self.tr("État"))
        self.state_combo.addItem(self.tr("À traiter (nouveaux, pris en charge, en cours)"), StateChoice.TO_DO)
        for status in TO_DO + (IncidentStatus.RESOLU,):
            text = self.tr("Résolus, à clore") if status is IncidentStatus.RESOLU else status.label
            self.state_combo.addItem(text, status.value)
        self.state_combo.addItem(self.tr("Tous les signalements ouverts"), StateChoice.OPEN)
        self.overdue_check = QCheckBox(self.tr("En &retard seulement"))
        self.overdue_check.setObjectName("overdueOnly")
        self.count_label = QLabel()
        self.count_label.setObjectName("queueCount")

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        technician_label = QLabel(self.tr("&Technicien\u00a0:"))
        technician_label.setBuddy(self.technician_combo)
        state_label = QLabel(self.tr("É&tat\u00a0:"))
        state_label.setBuddy(self.state_combo)
        for widget in (technician_label, self.technician_combo, state_label, self.state_combo, self.overdue_check):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.model = QueueModel(self)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Signalements de la file de maintenance"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        char = self.fontMetrics().averageCharWidth()
        for index, column in enumerate(COLUMNS):
            header.resizeSection(index, column.chars * char + 24)
        header.setSectionResizeMode(COLUMN["description"], QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(char * 4)

        self.placeholder = QLabel()
        self.placeholder.setObjectName("queuePlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.hide()

        self._create_actions()
        self.toolbar = QToolBar(self.tr("Actions sur le signalement"))
        self.toolbar.setObjectName("queueToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.step_actions[IncidentStatus.PRIS_EN_CHARGE])
        self.toolbar.addAction(self.intervention_action)
        self.toolbar.addAction(self.step_actions[IncidentStatus.RESOLU])
        self.toolbar.addAction(self.step_actions[IncidentStatus.CLOS])
        self.toolbar.addSeparator()
        for status in (IncidentStatus.REFUSE_HORS_PLAN, IncidentStatus.TRANSMIS_EN, IncidentStatus.ENVOYE_FOURNISSEUR):
            self.toolbar.addAction(self.step_actions[status])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.refresh_action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.placeholder, 1)
        self._connect_signals()
        if services is not None:
            self.set_services(services)

    def _create_actions(self) -> None:
        texts = {
            IncidentStatus.PRIS_EN_CHARGE: (self.tr("&Prendre en charge"),
                                            self.tr("Le signalement vous est attribué, daté de maintenant.")),
            IncidentStatus.RESOLU: (self.tr("Ré&soudre"),
                                    self.tr("Le problème est réglé ; le signalement attend d'être clos.")),
            IncidentStatus.CLOS: (self.tr("C&lore…"), self.tr("Clore le signalement résolu.")),
            IncidentStatus.REFUSE_HORS_PLAN: (
                self.tr("Re&fuser (hors plan)…"),
                self.tr("Matériel hors plan : aucune intervention de la Ville (convention TICE de Dijon, art. 8 ; "
                        "convention de Saint-Denis, art. 4).")),
            IncidentStatus.TRANSMIS_EN: (
                self.tr("Transmettre à l'É&ducation nationale…"),
                self.tr("Logiciel éducatif ou bureautique : traité par les animateurs TICE (convention TICE de "
                        "Dijon, art. 8 ; convention de Saint-Denis, art. 6).")),
            IncidentStatus.ENVOYE_FOURNISSEUR: (
                self.tr("Envoyer au fo&urnisseur…"),
                self.tr("Sous garantie : le fournisseur répare ; notez son numéro de ticket (convention de "
                        "Saint-Denis, art. 4).")),
        }
        self.step_actions: dict[IncidentStatus, QAction] = {}
        self._default_tips: dict[QAction, str] = {}
        for status in STEPS:
            text, tip = texts[status]
            action = QAction(text, self)
            action.setObjectName(f"step_{status.value}")
            action.setData(status.value)
            action.setEnabled(False)
            self.step_actions[status] = action
            self._default_tips[action] = tip
        self.intervention_action = QAction(self.tr("Saisir une &intervention…"), self)
        self.intervention_action.setObjectName("queueIntervention")
        self.intervention_action.setEnabled(False)
        self._default_tips[self.intervention_action] = self.tr(
            "Enregistrer le travail fait, pré-rempli d'après le signalement.")
        self.refresh_action = QAction(self.tr("&Actualiser"), self)
        self.refresh_action.setToolTip(self.tr("Relire la file (âges, échéances, signalements d'autres postes)"))

    def _connect_signals(self) -> None:
        self.technician_combo.currentIndexChanged.connect(self.refresh)
        self.state_combo.currentIndexChanged.connect(self.refresh)
        self.overdue_check.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._update_actions)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.refresh_action.triggered.connect(self.refresh)
        self.intervention_action.triggered.connect(self._request_intervention)
        for action in self.step_actions.values():
            action.triggered.connect(lambda _checked=False, a=action: self._request_step(a))

    # -- data ----------------------------------------------------------------------------------------------

    def set_services(self, services: Services) -> None:
        self.services = services
        self._fill_technicians()
        self.refresh()

    def current_filter(self) -> tuple[IncidentFilter, bool]:
        """The filter the controls say, and whether only late incidents are shown."""
        technician = self.technician_combo.currentData()
        state = self.state_combo.currentData()
        if state == StateChoice.TO_DO:
            statuses = None  # the queue's default: still to work on
        elif state == StateChoice.OPEN:
            statuses = tuple(s for s in IncidentStatus if s.is_open)
        else:
            statuses = (IncidentStatus(state),)
        flt = IncidentFilter(statuses=statuses, unassigned=technician == "",
                             technician=technician or None)
        return flt, self.overdue_check.isChecked()

    def refresh(self) -> None:
        """Read the queue again, keeping the chosen incident."""
        if self.services is None:
            return
        chosen = self.current_incident_id()
        flt, overdue_only = self.current_filter()
        incidents = self.services.maintenance.incidents
        entries = incidents.queue(flt, overdue_only=overdue_only, now=self.now, limit=QUEUE_LIMIT)
        total = len(entries) if len(entries) < QUEUE_LIMIT else \
            incidents.queue_count(flt, overdue_only=overdue_only, now=self.now)
        self.model.set_entries(entries)
        self._show_count(len(entries), total)
        if chosen is not None:
            self.select_incident(chosen)
        self._update_actions()
        self.sig_loaded.emit(len(entries))

    def reload(self) -> None:
        """After a change elsewhere: the technicians known may have changed too."""
        self._fill_technicians()
        self.refresh()

    def current_incident_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.data(index, ID_ROLE) if index.isValid() else None

    def current_entry(self) -> QueueEntry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def select_incident(self, incident_id: int) -> bool:
        row = self.model.row_of(incident_id)
        if row is None:
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _fill_technicians(self) -> None:
        """Everyone holding an open incident, and the current user, so that « mes signalements » is one click."""
        if self.services is None:
            return
        previous = self.technician_combo.currentData()
        me = self.services.actor.user
        open_statuses = tuple(s for s in IncidentStatus if s.is_open)
        names = {info.assigned_to for info in self.services.maintenance.incidents.list(
            IncidentFilter(statuses=open_statuses)) if info.assigned_to}
        names.discard(me)
        self.technician_combo.blockSignals(True)
        self.technician_combo.clear()
        self.technician_combo.addItem(self.tr("Tous"), None)
        self.technician_combo.addItem(self.tr("Non attribués"), "")
        self.technician_combo.addItem(self.tr("Moi ({user})").format(user=me), me)
        for name in sorted(names, key=str.casefold):
            self.technician_combo.addItem(name, name)
        found = self.technician_combo.findData(previous)
        self.technician_combo.setCurrentIndex(max(found, 0))
        self.technician_combo.blockSignals(False)

    def _show_count(self, shown: int, total: int) -> None:
        late = self.model.overdue_count()
        if total == 0:
            text = self.tr("Aucun signalement")
        elif total == 1:
            text = self.tr("1 signalement")
        else:
            text = self.tr("{n} signalements").format(n=total)
        if shown < total:
            text += self.tr(" ({shown} premiers affichés)").format(shown=shown)
        if late:
            text += self.tr(", dont {n} en retard").format(n=late)
        self.count_label.setText(text)
        empty = total == 0
        if empty:
            self.placeholder.setText(self.tr("Aucun signalement ne correspond à ces filtres.")
                                     if self._filtered() else self.tr("Aucun signalement à traiter : la file est "
                                                                      "vide."))
        self.table.setVisible(not empty)
        self.placeholder.setVisible(empty)

    def _filtered(self) -> bool:
        return self.technician_combo.currentIndex() > 0 or self.state_combo.currentIndex() > 0 \
            or self.overdue_check.isChecked()

    # -- actions -------------------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        """Enable what the services allow for the chosen incident; a refusal becomes the tooltip."""
        entry = self.current_entry()
        actions = [*self.step_actions.values(), self.intervention_action]
        if entry is None or self.services is None:
            for action in actions:
                action.setEnabled(False)
                action.setToolTip(self.tr("Choisissez un signalement dans la file."))
            return
        info = entry.incident
        try:
            allowed = self.services.maintenance.incidents.next_steps(info.id, at=self.now)
            draft = self.services.maintenance.interventions.draft(incident=info.id)
        except TiceError as error:  # deleted or changed from another workstation meanwhile
            for action in actions:
                action.setEnabled(False)
                action.setToolTip(error.message)
            return
        for status, action in self.step_actions.items():
            if status in allowed:
                refusal = allowed[status]
                action.setEnabled(refusal is None)
                action.setToolTip(refusal or self._default_tips[action])
            else:
                action.setEnabled(False)
                action.setToolTip(self.tr("Le signalement n° {id} est « {status} » : « {step} » n'est pas une étape "
                                          "possible maintenant.").format(id=info.id, status=info.status.label,
                                                                        step=status.label))
        self.intervention_action.setEnabled(draft.refusal is None)
        self.intervention_action.setToolTip(draft.refusal or self._default_tips[self.intervention_action])

    def _request_step(self, action: QAction) -> None:
        incident_id = self.current_incident_id()
        if incident_id is not None and action.isEnabled():
            self.sig_step_requested.emit(incident_id, action.data())

    def _request_intervention(self) -> None:
        incident_id = self.current_incident_id()
        if incident_id is not None and self.intervention_action.isEnabled():
            self.sig_intervention_requested.emit(incident_id)

    def _on_double_click(self, _index: QModelIndex) -> None:
        self._request_intervention()

    def _show_context_menu(self, position) -> None:
        if self.current_entry() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.step_actions[IncidentStatus.PRIS_EN_CHARGE])
        menu.addAction(self.intervention_action)
        menu.addAction(self.step_actions[IncidentStatus.RESOLU])
        menu.addAction(self.step_actions[IncidentStatus.CLOS])
        menu.addSeparator()
        for status in (IncidentStatus.REFUSE_HORS_PLAN, IncidentStatus.TRANSMIS_EN, IncidentStatus.ENVOYE_FOURNISSEUR):
            menu.addAction(self.step_actions[status])
        menu.setToolTipsVisible(True)
        menu.popup(self.table.viewport().mapToGlobal(position))
