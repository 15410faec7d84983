"""Exporting the equipment list on screen (or the selected rows) to CSV or XLSX, in the import format.

A small export is written at once; a big one (more than :data:`SLOW_ROWS` items) on a worker of :mod:`.tasks`
with services of its own, behind a progress bar with « Annuler » (a cancelled export leaves no file behind:
the service writes beside the target and renames at the end).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.errors import TiceError
from ticeinventory.services.app import Services, open_services
from ticeinventory.services.equipment import EquipmentFilter
from ticeinventory.services.export import ExportCancelled, ExportFormat, ExportResult

from .form_widgets import ErrorLabel
from .import_pages import ProgressStrip, error_message, plural
from .tasks import Progress, Task
from .texts import equipment_count

if TYPE_CHECKING:
    from .transfer_controller import TransferPrompts

SLOW_ROWS = 5_000
"""Above this many items, the export runs on a worker with a progress bar."""
FORMAT_KEY = "transfer/exportFormat"
SUFFIXES = {ExportFormat.CSV: ".csv", ExportFormat.XLSX: ".xlsx"}


class ExportDialog(QDialog):
    """Choose what (the list, the selection), the format and the file; :attr:`sig_exported` when written."""

    sig_exported = Signal(object)
    """The file was written; its ExportResult."""
    sig_task_started = Signal(object)
    """A worker Task is about to start (for tests and status bars)."""

    def __init__(self, services: Services, prompts: TransferPrompts, flt: EquipmentFilter,
                 selected_ids: Sequence[int] = (), parent: QWidget | None = None, *, slow_rows: int = SLOW_ROWS) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Exporter la liste des équipements"))
        self.services = services
        self.prompts = prompts
        self.filter = flt
        self.selected_ids = list(dict.fromkeys(selected_ids))
        self.slow_rows = slow_rows
        self.list_count = services.equipment.count(flt)
        self.result: ExportResult | None = None
        self._task: Task | None = None
        self._close_when_idle = False
        self._overwrite_confirmed = ""

        self.list_radio = QRadioButton(self.tr("La &liste affichée ({count}, avec ses filtres)").format(
            count=equipment_count(self.list_count)))
        self.list_radio.setObjectName("exportListRadio")
        self.selection_radio = QRadioButton(self.tr("La &sélection ({count})").format(
            count=equipment_count(len(self.selected_ids))))
        self.selection_radio.setObjectName("exportSelectionRadio")
        self.selection_radio.setEnabled(bool(self.selected_ids))
        self.what_group = QButtonGroup(self)
        for button in (self.list_radio, self.selection_radio):
            self.what_group.addButton(button)
        (self.selection_radio if len(self.selected_ids) > 1 else self.list_radio).setChecked(True)
        self.csv_radio = QRadioButton(self.tr("&CSV pour tableur (point-virgule, UTF-8\u00a0: Excel, LibreOffice)"))
        self.csv_radio.setObjectName("csvRadio")
        self.xlsx_radio = QRadioButton(self.tr("Classeur E&xcel (.xlsx\u00a0: vraies dates et montants)"))
        self.xlsx_radio.setObjectName("xlsxRadio")
        self.format_group = QButtonGroup(self)
        for button in (self.csv_radio, self.xlsx_radio):
            self.format_group.addButton(button)
        remembered = QSettings().value(FORMAT_KEY, ExportFormat.CSV.value)
        (self.xlsx_radio if remembered == ExportFormat.XLSX.value else self.csv_radio).setChecked(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPathEdit")
        self.path_edit.setMinimumWidth(420)
        self.browse_button = QPushButton(self.tr("C&hoisir…"))
        self.browse_button.setAutoDefault(False)
        self.error = ErrorLabel()
        self.error.setObjectName("exportError")
        self.strip = ProgressStrip()
        self.export_button = QPushButton(self.tr("&Exporter"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Fermer"))
        self.close_button.setAutoDefault(False)
        self._build_layout()
        self._connect_signals()
        self.path_edit.setText(str(self.prompts.folder() / self._suggested_name()))
        self._update()

    def _build_layout(self) -> None:
        what = QGroupBox(self.tr("Équipements à exporter"))
        what_layout = QVBoxLayout(what)
        what_layout.addWidget(self.list_radio)
        what_layout.addWidget(self.selection_radio)
        kind = QGroupBox(self.tr("Format"))
        kind_layout = QVBoxLayout(kind)
        kind_layout.addWidget(self.csv_radio)
        kind_layout.addWidget(self.xlsx_radio)
        path_row = QGridLayout()
        label = QLabel(self.tr("&Fichier\u00a0:"))
        label.setBuddy(self.path_edit)
        path_row.addWidget(label, 0, 0)
        path_row.addWidget(self.path_edit, 0, 1)
        path_row.addWidget(self.browse_button, 0, 2)
        note = QLabel(self.tr("Les colonnes sont celles du format d'import\u00a0: le fichier se réimporte tel quel "
                              "(Fichier › Importer des équipements)."))
        note.setWordWrap(True)
        note.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.strip, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(kind)
        layout.addLayout(path_row)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self.format_group.buttonToggled.connect(self._on_format_toggled)
        self.what_group.buttonToggled.connect(lambda _b, _c: self._update())
        self.path_edit.textChanged.connect(self._update)
        self.browse_button.clicked.connect(self.browse)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.reject)

    # -- state -----------------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def format(self) -> ExportFormat:
        return ExportFormat.XLSX if self.xlsx_radio.isChecked() else ExportFormat.CSV

    @property
    def ids(self) -> list[int] | None:
        return self.selected_ids if self.selection_radio.isChecked() else None

    @property
    def rows(self) -> int:
        ids = self.ids
        return len(ids) if ids is not None else self.list_count

    def _suggested_name(self) -> str:
        return f"equipements-{date.today().isoformat()}{SUFFIXES[self.format]}"

    def _on_format_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if not checked:
            return
        text = self.path_edit.text().strip()
        if text and Path(text).suffix.lower() in (".csv", ".txt", ".xlsx"):
            self.path_edit.setText(str(Path(text).with_suffix(SUFFIXES[self.format])))
        self._update()

    def _update(self) -> None:
        self.export_button.setEnabled(not self.busy and self.rows > 0 and bool(self.path_edit.text().strip()))
        for widget in (self.list_radio, self.csv_radio, self.xlsx_radio, self.path_edit, self.browse_button):
            widget.setEnabled(not self.busy)
        self.selection_radio.setEnabled(not self.busy and bool(self.selected_ids))
        self.error.setText(self.tr("La liste affichée est vide\u00a0: rien à exporter.") if self.rows == 0 else "")

    def browse(self) -> None:
        filters = (self.tr("CSV pour tableur (*.csv)") if self.format is ExportFormat.CSV else
                   self.tr("Classeur Excel (*.xlsx)"))
        chosen = self.prompts.save_path(self.tr("Exporter les équipements"), self.path_edit.text().strip()
                                        or self._suggested_name(), filters)
        if chosen:
            path = Path(chosen)
            if path.suffix.lower() not in (".csv", ".txt", ".xlsx"):
                path = path.with_name(path.name + SUFFIXES[self.format])
            self.path_edit.setText(str(path))
            self._overwrite_confirmed = str(path)

    # -- exporting -------------------------------------------------------------------------------------------

    def export(self) -> None:
        if self.busy or not self.export_button.isEnabled():
            return
        path = Path(self.path_edit.text().strip()).expanduser()
        if path.suffix.lower() not in (".csv", ".txt", ".xlsx"):
            path = path.with_name(path.name + SUFFIXES[self.format])
            self.path_edit.setText(str(path))
        fmt = ExportFormat.XLSX if path.suffix.lower() == ".xlsx" else ExportFormat.CSV
        if path.exists() and self._overwrite_confirmed != str(path) and not self.prompts.confirm_overwrite(path):
            return
        QSettings().setValue(FORMAT_KEY, fmt.value)
        self.prompts.remember_folder(path.parent)
        flt, ids = (None, self.ids) if self.ids is not None else (self.filter, None)
        if self.rows <= self.slow_rows:
            try:
                result = self.services.export.equipment(path, flt, ids=ids, fmt=fmt)
            except TiceError as error:
                self.error.setText(error.message)
                return
            self.result = result
            self._done()
            return
        url, user = self.services.db.url, self.services.actor.user

        def work(progress: Progress) -> ExportResult:  # on the worker thread: services of its own
            opened = open_services(url, AuditSource.SCREEN, user=user)
            try:
                return opened.export.equipment(path, flt, ids=ids, fmt=fmt, progress=progress)
            finally:
                opened.close()

        task = Task(work, self)
        task.sig_progress.connect(self._on_progress)
        task.sig_succeeded.connect(self._on_task_succeeded)
        task.sig_failed.connect(self._on_failed)
        task.sig_finished.connect(self._on_finished)
        self.strip.sig_cancel_requested.connect(task.cancel)
        self._task = task
        self.strip.start(self.tr("Export…"), cancellable=True)
        self._update()
        self.sig_task_started.emit(task)
        task.start()

    def _on_progress(self, done: int, total: int) -> None:
        if self._task is not None and self.sender() is self._task:
            self.strip.set_progress(done, total, unit=self.tr("équipement {done} sur {total}"))

    def _on_task_succeeded(self, result: ExportResult) -> None:
        if self._task is not None and self.sender() is self._task:
            self.result = result

    def _done(self) -> None:
        """Written: say so and close (a worker's result is announced once the worker has finished)."""
        assert self.result is not None
        self.sig_exported.emit(self.result)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        if self._task is None or self.sender() is not self._task:
            return
        if isinstance(error, ExportCancelled):
            self.error.setText(error.message)
        else:
            self.error.setText(error_message(error))

    def _on_finished(self) -> None:
        task = self._task
        if task is None or self.sender() is not task:
            return
        self.strip.sig_cancel_requested.disconnect(task.cancel)
        self._task = None
        self.strip.stop()
        task.deleteLater()
        if self._close_when_idle:
            super().reject()
        elif self.result is not None:
            self._done()
        else:
            self._update()

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._close_when_idle = True
            return
        super().reject()


def export_message(result: ExportResult) -> str:
    """« 42 équipements exportés dans « …/liste.csv ». »"""
    return plural(result.rows, _tr("{n} équipement exporté dans « {path} »."),
                  _tr("{n} équipements exportés dans « {path} »."), path=result.path)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)
