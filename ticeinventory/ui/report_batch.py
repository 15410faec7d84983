"""Fiches de toutes les écoles: one PDF per school into a folder, on a worker, with progress and « Annuler ».

The window stays usable meanwhile (the progress dialog is not modal). A cancel stops after the sheet being
written; the sheets already written stay in the folder and the closing message says how many.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget

from ticeinventory.domain.enums import AuditSource
from ticeinventory.domain.errors import TiceError
from ticeinventory.reports import BatchResult, ReportOptions
from ticeinventory.services.app import Services, open_services

from .detached_tasks import start_task
from .pdf_document import pages_text
from .tasks import Progress, Task

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SheetsBatch", text)


@dataclass(frozen=True)
class BatchOutcome:
    folder: Path
    total: int  # schools asked for
    result: BatchResult


def write_sheets(url: str, user: str, folder: Path, schools: Sequence[int] | None, options: ReportOptions,
                 include_retired: bool, progress: Progress) -> BatchOutcome:
    """On the worker thread: a database connection of its own, closed at the end."""
    services = open_services(url, AuditSource.SCREEN, user=user)
    try:
        ids = services.reporting.school_ids(schools)
        result = services.reporting.write_all_sheets(folder, schools=ids, options=options,
                                                     include_retired=include_retired, progress=progress)
        return BatchOutcome(folder, len(ids), result)
    finally:
        services.close()


def outcome_text(outcome: BatchOutcome) -> str:
    """What the closing message says: how many sheets, where, and whether the batch was stopped."""
    written, folder = len(outcome.result.written), outcome.folder
    if outcome.result.cancelled:
        if written <= 1:
            done = _tr("Génération arrêtée : {n} fiche sur {total} enregistrée dans « {folder} ».")
        else:
            done = _tr("Génération arrêtée : {n} fiches sur {total} enregistrées dans « {folder} ».")
        return done.format(n=written, total=outcome.total, folder=folder) + " " + _tr(
            "Les fiches déjà écrites sont conservées ; relancez la génération pour compléter le dossier.")
    if written == 0:
        return _tr("Aucune école : aucune fiche n'a été écrite.")
    if written == 1:
        text = _tr("1 fiche d'inventaire enregistrée dans « {folder} » ({pages}).")
    else:
        text = _tr("{n} fiches d'inventaire enregistrées dans « {folder} » ({pages}).")
    return text.format(n=written, folder=folder, pages=pages_text(outcome.result.pages))


class SheetsBatch(QObject):
    """One run of « Fiches de toutes les écoles »."""

    sig_started = Signal(object)
    """The worker (a Task) is about to start: its signals can be connected now."""
    sig_finished = Signal(object)
    """The run ended: its BatchOutcome, or None when it failed (the message box says why)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.parent_widget = parent
        self.progress_dialog: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.task: Task | None = None
        self.outcome: BatchOutcome | None = None
        self.folder: Path | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(self, folder: str | Path, *, schools: Sequence[int] | None = None,
              options: ReportOptions | None = None, include_retired: bool = False) -> Task:
        self.folder = Path(folder)
        url, user = self.services.db.url, self.services.actor.user
        options = options or ReportOptions()
        ids = list(schools) if schools is not None else None

        dialog = QProgressDialog(_tr("Écriture des fiches d'inventaire dans « {folder} »…").format(folder=folder),
                                 _tr("Annuler"), 0, 0, self.parent_widget)
        bar = QProgressBar(dialog)
        bar.setFormat(_tr("%v / %m fiches"))
        dialog.setBar(bar)
        dialog.setObjectName("sheetsProgress")
        dialog.setWindowTitle(_tr("Fiches de toutes les écoles"))
        dialog.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable meanwhile
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(420)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog

        folder = self.folder

        def wire(task: Task) -> None:
            task.sig_progress.connect(self._on_progress)
            task.sig_succeeded.connect(self._on_succeeded)
            task.sig_failed.connect(self._on_failed)
            self.task = task
            self.sig_started.emit(task)

        dialog.show()
        return start_task(lambda progress: write_sheets(url, user, folder, ids, options, include_retired, progress),
                          wire)

    def cancel(self) -> None:
        """« Annuler »: the sheet being written is finished, no other is started."""
        if self.task is not None:
            self.task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is None:
            return
        if dialog.wasCanceled():  # also when cancelled by Échap or by program
            self.cancel()
            return
        dialog.setMaximum(max(1, total))
        dialog.setValue(done)

    def _close_progress(self) -> None:
        self.task = None
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_succeeded(self, outcome: BatchOutcome) -> None:
        self._close_progress()
        self.outcome = outcome
        icon = QMessageBox.Icon.Warning if outcome.result.cancelled else QMessageBox.Icon.Information
        self._show(icon, outcome_text(outcome), open_folder=bool(outcome.result.written))
        self.sig_finished.emit(outcome)

    def _on_failed(self, error: BaseException) -> None:
        self._close_progress()
        if isinstance(error, TiceError):
            message = str(error)
        else:
            log.error("writing the inventory sheets failed", exc_info=error)
            message = _tr("Les fiches n'ont pas pu être écrites : {error}").format(error=error)
        self._show(QMessageBox.Icon.Warning, message + " " + _tr(
            "Les fiches déjà écrites dans « {folder} » sont conservées.").format(folder=self.folder),
            open_folder=self.folder.is_dir())
        self.sig_finished.emit(None)

    def _show(self, icon: QMessageBox.Icon, text: str, *, open_folder: bool) -> None:
        box = QMessageBox(icon, _tr("Fiches de toutes les écoles"), text, QMessageBox.StandardButton.Ok,
                          self.parent_widget)
        box.setObjectName("sheetsMessage")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 30em; }")  # a path reads badly in a column
        if open_folder:
            button = box.addButton(_tr("&Ouvrir le dossier"), QMessageBox.ButtonRole.ActionRole)
            folder = self.folder
            button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
