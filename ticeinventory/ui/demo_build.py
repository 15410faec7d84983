"""Building the demonstration city behind a cancellable progress dialog, the work on a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ticeinventory.domain.enums import AuditSource

from .tasks import Progress, Task

if TYPE_CHECKING:  # the demonstration builder is imported when a demonstration base is asked for
    from ticeinventory.services.demo import DemoReport


class DemoBuild(QObject):
    """One build of the demonstration city into the new file ``path``.

    :meth:`run` waits (the window stays responsive) and returns the report, or None when the user cancelled;
    nothing is left on disk then. Other failures are raised as they came (TiceError: French, user-ready).
    """

    sig_progress = Signal(int, int)
    """Schools built so far, out of the total (on the GUI thread)."""

    def __init__(self, path: Path, schools: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.schools = schools
        self._parent = parent
        self._dialog: QProgressDialog | None = None
        self._result: DemoReport | None = None
        self._error: BaseException | None = None
        self._finished = False
        self._task: Task | None = None

    def run(self) -> DemoReport | None:
        # imported here, on the main thread, before the worker that builds the city starts
        from ticeinventory.services.demo_file import DemoCancelled

        dialog = QProgressDialog(self.tr("Construction de la ville de démonstration (écoles, salles, "
                                         "matériel)…"), self.tr("Annuler"), 0, self.schools + 1, self._parent)
        dialog.setWindowTitle(self.tr("Base de démonstration"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self._dialog = dialog

        task = Task(self._build, self)
        task.sig_progress.connect(self._on_progress)
        task.sig_succeeded.connect(self._on_succeeded)
        task.sig_failed.connect(self._on_failed)
        dialog.canceled.connect(task.cancel)  # the « Annuler » button
        dialog.rejected.connect(task.cancel)  # Échap
        self._task = task
        loop = QEventLoop(self)
        task.sig_finished.connect(loop.quit)
        task.sig_finished.connect(self._on_finished)

        self._finished = False
        dialog.setValue(0)
        task.start()
        if not self._finished:
            loop.exec()
        dialog.canceled.disconnect(task.cancel)
        dialog.rejected.disconnect(task.cancel)
        self._task = None
        dialog.close()
        dialog.deleteLater()
        self._dialog = None
        if isinstance(self._error, DemoCancelled):
            return None
        if self._error is not None:
            raise self._error
        return self._result

    def cancel(self) -> None:
        """What the dialog's « Annuler » button does."""
        if self._task is not None:
            self._task.cancel()
        if self._dialog is not None:
            self._dialog.cancel()

    def _build(self, progress: Progress) -> DemoReport:  # on the worker thread
        from ticeinventory.services.demo_file import build_demo_file

        return build_demo_file(self.path, schools=self.schools, progress=progress, source=AuditSource.SCREEN)

    def _on_progress(self, done: int, total: int) -> None:
        if self._dialog is not None and not self._dialog.wasCanceled():
            self._dialog.setMaximum(total)
            self._dialog.setValue(done)
        self.sig_progress.emit(done, total)

    def _on_succeeded(self, report: DemoReport) -> None:
        self._result = report

    def _on_failed(self, error: BaseException) -> None:
        self._error = error

    def _on_finished(self) -> None:
        self._finished = True
