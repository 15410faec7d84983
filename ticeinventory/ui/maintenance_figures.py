"""Maintenance figures for the steering committee: interventions and time per school, category, type and month,
mean delays, and the incidents refused as hors plan per school (the conventions' Art. 8 / Art. 4 in numbers).

The figures cover the whole city over years: they are computed on a worker thread (``tasks.Task``) on a database
connection of its own, and shown when ready; the window stays usable meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.maintenance import (
    SERVICE_TARGETS,
    DelayFigures,
    MaintenanceFigures,
    RefusalTally,
    Tally,
    format_minutes,
)
from ticeinventory.domain.validation import format_date
from ticeinventory.services.app import Services, open_services

from .maintenance_history import Column, RecordModel, heading, hours_text, make_table, plural, tr_
from .tasks import Progress, Task

ALL, SCHOOL_YEAR, LAST_SCHOOL_YEAR, CALENDAR_YEAR, LAST_CALENDAR_YEAR, CUSTOM = range(6)


def school_year_start(day: date) -> date:
    """French school years start on 1 September."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def period_of(choice: int, today: date, custom: tuple[date, date]) -> tuple[date | None, date | None]:
    if choice == SCHOOL_YEAR:
        start = school_year_start(today)
        return start, date(start.year + 1, 8, 31)
    if choice == LAST_SCHOOL_YEAR:
        start = school_year_start(today)
        return date(start.year - 1, 9, 1), date(start.year, 8, 31)
    if choice == CALENDAR_YEAR:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if choice == LAST_CALENDAR_YEAR:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if choice == CUSTOM:
        return custom
    return None, None


def compute_figures(url: str, user: str, start: date | None, end: date | None) -> MaintenanceFigures:
    """On the worker thread: a connection of its own, closed at the end."""
    services = open_services(url, AuditSource.SCREEN, user=user)
    try:
        return services.maintenance.stats.figures(start=start, end=end)
    finally:
        services.close()


def tally_columns(first: str) -> list[Column[Tally]]:
    return [Column(first, lambda t: t.label, 34), Column("Interventions", lambda t: str(t.interventions), 12),
            Column("Temps passé", lambda t: hours_text(t.minutes), 12),
            Column("Heures (décimal)", lambda t: f"{t.hours:.2f}".replace(".", ","), 14)]


def delay_columns() -> list[Column[DelayFigures]]:
    def target(d: DelayFigures) -> str:
        if d.urgency is None:
            return ""
        goal = SERVICE_TARGETS[d.urgency]
        minutes = (int(goal.take_charge.total_seconds() // 60), int(goal.resolve.total_seconds() // 60))
        return tr_("{take} / {resolve}").format(take=format_minutes(minutes[0]), resolve=format_minutes(minutes[1]))

    return [Column("Urgence", lambda d: d.urgency.label if d.urgency else tr_("Toutes urgences"), 16),
            Column("Signalés", lambda d: str(d.reported), 9),
            Column("Pris en charge", lambda d: str(d.taken), 12),
            Column("Délai moyen de prise en charge", lambda d: format_minutes(d.mean_minutes_to_take_charge), 24),
            Column("Résolus", lambda d: str(d.resolved), 9),
            Column("Délai moyen de résolution", lambda d: format_minutes(d.mean_minutes_to_resolve), 20),
            Column("Objectif de la cellule", target, 18,
                   lambda d: tr_("Prise en charge / résolution, comptées depuis le signalement") if d.urgency else "")]


def refusal_columns() -> list[Column[RefusalTally]]:
    return [Column("École", lambda r: r.school_name, 34), Column("UAI", lambda r: r.school_uai, 10),
            Column("Signalements refusés (hors plan)", lambda r: str(r.refused), 26)]


class MaintenanceFiguresView(QWidget):
    """The committee's tables, for a period; « Copier » puts the shown table on the clipboard for a spreadsheet."""

    sig_loaded = Signal()
    """The figures of the chosen period are shown (or the failure is)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceFigures")
        self.setWindowTitle(self.tr("Chiffres de maintenance"))
        self.services = services
        self.figures: MaintenanceFigures | None = None
        self._task: Task | None = None

        today = services.maintenance.interventions.now().date()
        start = school_year_start(today)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodCombo")
        self.period_combo.addItem(self.tr("Toute la période"))
        self.period_combo.addItem(self.tr("Année scolaire {a}-{b}").format(a=start.year, b=start.year + 1))
        self.period_combo.addItem(self.tr("Année scolaire {a}-{b}").format(a=start.year - 1, b=start.year))
        self.period_combo.addItem(self.tr("Année civile {a}").format(a=today.year))
        self.period_combo.addItem(self.tr("Année civile {a}").format(a=today.year - 1))
        self.period_combo.addItem(self.tr("Période choisie"))
        self.start_edit = QDateEdit(QDate(start))
        self.end_edit = QDateEdit(QDate(today))
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
        self.copy_button = QPushButton(self.tr("&Copier le tableau"))
        self.copy_button.setObjectName("copyButton")
        self.copy_button.setToolTip(self.tr("Copier le tableau affiché, à coller dans un tableur"))
        self.title = heading()
        self.title.setObjectName("figuresTitle")

        self.models: dict[str, RecordModel] = {
            "school": RecordModel(tally_columns(tr_("École")), lambda t: 0, self),
            "category": RecordModel(tally_columns(tr_("Catégorie")), lambda t: 0, self),
            "type": RecordModel(tally_columns(tr_("Type d'intervention")), lambda t: 0, self),
            "month": RecordModel(tally_columns(tr_("Mois")), lambda t: 0, self),
            "delays": RecordModel(delay_columns(), lambda d: 0, self),
            "refused": RecordModel(refusal_columns(), lambda r: r.school_id, self),
        }
        self.models["delays"].bold_row = lambda d: d.urgency is None
        titles = {"school": self.tr("Par &école"), "category": self.tr("Par caté&gorie"),
                  "type": self.tr("Par &type"), "month": self.tr("Par &mois"), "delays": self.tr("&Délais"),
                  "refused": self.tr("&Refus hors plan")}
        self.tables: dict[str, QTableView] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("figuresTabs")
        for key, model in self.models.items():
            table = make_table(model, f"figures_{key}", titles[key].replace("&", ""))
            self.tables[key] = table
            page = table
            if key == "refused":
                page = QWidget()
                note = QLabel(self.tr("Matériel acquis ou cédé en dehors du plan : la Ville n'y intervient pas "
                                      "(convention TICE de Dijon, art. 8 ; convention de Saint-Denis, art. 4). Ces "
                                      "refus montrent ce que les écoles achètent ou reçoivent hors plan et "
                                      "attendent pourtant de voir entretenu."))
                note.setWordWrap(True)
                box = QVBoxLayout(page)
                box.setContentsMargins(0, 4, 0, 0)
                box.addWidget(note)
                box.addWidget(table, 1)
            self.tabs.addTab(page, titles[key])

        top = QHBoxLayout()
        label = QLabel(self.tr("&Période\u00a0:"))
        label.setBuddy(self.period_combo)
        top.addWidget(label)
        top.addWidget(self.period_combo)
        top.addWidget(QLabel(self.tr("du")))
        top.addWidget(self.start_edit)
        top.addWidget(QLabel(self.tr("au")))
        top.addWidget(self.end_edit)
        top.addStretch(1)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)

        self.period_combo.currentIndexChanged.connect(self._on_period_changed)
        self.start_edit.dateChanged.connect(self.refresh)
        self.end_edit.dateChanged.connect(self.refresh)
        self.copy_button.clicked.connect(self.copy_table)
        self.refresh()

    def set_services(self, services: Services) -> None:
        self.services = services
        self.refresh()

    def period(self) -> tuple[date | None, date | None]:
        today = self.services.maintenance.interventions.now().date()
        custom = (self.start_edit.date().toPython(), self.end_edit.date().toPython())
        return period_of(self.period_combo.currentIndex(), today, custom)

    def _on_period_changed(self) -> None:
        custom = self.period_combo.currentIndex() == CUSTOM
        for edit in (self.start_edit, self.end_edit):
            edit.setEnabled(custom)
        self.refresh()

    def refresh(self) -> None:
        """Compute the figures of the chosen period on a worker; a newer request makes older results stale."""
        start, end = self.period()
        url, user = self.services.db.url, self.services.actor.user
        self.title.setText(self.tr("Calcul en cours…"))
        self.copy_button.setEnabled(False)

        def work(_progress: Progress) -> MaintenanceFigures:
            return compute_figures(url, user, start, end)

        task = Task(work, self)
        task.sig_succeeded.connect(self._on_succeeded)
        task.sig_failed.connect(self._on_failed)
        task.sig_finished.connect(self._on_finished)
        self._task = task
        task.start()

    @property
    def busy(self) -> bool:
        return self._task is not None

    def _on_finished(self) -> None:
        self.sender().deleteLater()

    def _on_succeeded(self, figures: MaintenanceFigures) -> None:
        if self.sender() is not self._task:  # a newer period was asked meanwhile
            return
        self._task = None
        self.figures = figures
        self.models["school"].set_rows(figures.by_school)
        self.models["category"].set_rows(figures.by_category)
        self.models["type"].set_rows(figures.by_type)
        self.models["month"].set_rows(figures.by_month)
        self.models["delays"].set_rows(figures.delays)
        self.models["refused"].set_rows(figures.refused_out_of_plan)
        if figures.start and figures.end:
            when = self.tr("du {start} au {end}").format(start=format_date(figures.start),
                                                         end=format_date(figures.end))
        else:
            when = self.tr("depuis le début")
        refused = sum(r.refused for r in figures.refused_out_of_plan)
        self.title.setText(self.tr("{count}, {time} de travail, {when} ; {refused}.").format(
            count=plural(figures.interventions, self.tr("{n} intervention"), self.tr("{n} interventions")),
            time=hours_text(figures.minutes), when=when,
            refused=plural(refused, self.tr("{n} signalement refusé hors plan"),
                           self.tr("{n} signalements refusés hors plan"))))
        self.copy_button.setEnabled(True)
        self.sig_loaded.emit()

    def _on_failed(self, error: BaseException) -> None:
        if self.sender() is not self._task:
            return
        self._task = None
        message = getattr(error, "message", None) or str(error)
        self.title.setText(self.tr("Les chiffres n'ont pas pu être calculés : {error}").format(error=message))
        self.sig_loaded.emit()

    def current_table(self) -> QTableView:
        key = list(self.models)[self.tabs.currentIndex()]
        return self.tables[key]

    def table_text(self, table: QTableView | None = None) -> str:
        """The table as tab-separated lines, header first (what « Copier » puts on the clipboard)."""
        model = (table or self.current_table()).model()
        columns = range(model.columnCount())
        lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        for row in range(model.rowCount()):
            lines.append("\t".join(str(model.index(row, c).data() or "") for c in columns))
        return "\n".join(lines)

    def copy_table(self) -> None:
        QGuiApplication.clipboard().setText(self.table_text())


def rows_of(model: RecordModel, columns: Sequence[int] | None = None) -> list[list[Any]]:
    """The texts of a figures table (for tests and exports)."""
    cols = columns if columns is not None else range(model.columnCount())
    return [[model.index(r, c).data() for c in cols] for r in range(model.rowCount())]
