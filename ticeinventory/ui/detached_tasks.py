"""Workers that outlive the window which started them (a preview closed while its document is prepared or printed).

:class:`~.tasks.Task` is a QObject: without an owner, Python would free it, and its connections, while the worker
still runs. The set below keeps each one until it has finished.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThreadPool

from .tasks import Progress, Task

_RUNNING: set[Task] = set()
"""Workers still running, kept alive after their preview window has closed."""


def start_task(work: Callable[[Progress], object], wire: Callable[[Task], None]) -> Task:
    """``work`` on the pool, its signals connected by ``wire`` before it starts (a quick worker could otherwise
    report before anyone listens). The task outlives the window which started it (that may close meanwhile)."""
    task = Task(work)
    _RUNNING.add(task)

    def forget() -> None:
        _RUNNING.discard(task)
        task.deleteLater()  # frees its connections (and what their closures hold: a PDF, a printer)

    task.sig_finished.connect(forget)
    wire(task)
    task.start()
    return task


def wait_for_workers(msecs: int = 30_000) -> bool:
    """Before the application quits: let a print or a preview in progress finish."""
    return QThreadPool.globalInstance().waitForDone(msecs)
