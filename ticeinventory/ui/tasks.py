"""Running slow work off the GUI thread: one helper, with progress, cancel, and the outcome as signals.

The function runs on a pool thread and must open its own database engine: sessions and connections are
never shared across threads. Its signals are emitted from the worker and delivered (queued) to receivers
living in the GUI thread, so connect them to methods of GUI objects, never to widgets' code expecting the
worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int], bool]
"""``progress(done, total)`` reports progress; it returns False once the task is cancelled."""


class Task(QObject):
    """``function(progress)`` run on a pool thread."""

    sig_progress = Signal(int, int)
    """Work done so far, out of a total."""
    sig_succeeded = Signal(object)
    """The function returned this value."""
    sig_failed = Signal(object)
    """The function raised this exception (including when it stopped because of a cancel)."""
    sig_finished = Signal()
    """Emitted last, after sig_succeeded or sig_failed."""

    def __init__(self, function: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function
        self._cancel = threading.Event()
        self._runnable: _Runnable | None = None

    def start(self, pool: QThreadPool | None = None) -> None:
        self._runnable = _Runnable(self)
        (pool or QThreadPool.globalInstance()).start(self._runnable)

    def cancel(self) -> None:
        """Ask the function to stop: its next progress report returns False."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> bool:
        self.sig_progress.emit(done, total)
        return not self._cancel.is_set()

    def _run(self) -> None:  # on the worker thread
        try:
            result = self._function(self._progress)
        except BaseException as error:  # handed to the GUI thread, which tells the user
            self.sig_failed.emit(error)
        else:
            self.sig_succeeded.emit(result)
        finally:
            self.sig_finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Task keeps it; Python owns its lifetime
        self._task = task

    def run(self) -> None:
        self._task._run()
