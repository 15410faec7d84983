"""Reading the database for a view without freezing the window.

A read that is known to be quick (a school of a few hundred items) runs at once on the GUI thread: no flicker,
no waiting state. One that may be slow (the whole fleet of a big city, the tree's counts) runs on a worker of
:mod:`.tasks`. Either way the newest request of a channel wins: the answer to an older one (the user typed
another letter meanwhile) is dropped.

The worker calls the same service objects, which open a new session for each call on a pooled connection of
the engine: no session or connection is ever used by two threads at once (SQLAlchemy's engine is thread-safe,
its sessions are not).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from .tasks import Progress, Task

log = logging.getLogger(__name__)

SLOW_ROWS = 20_000
"""Above this many items to read, a query goes to a worker."""


@dataclass(frozen=True)
class _Outcome:
    channel: str
    generation: int
    value: Any = None
    error: BaseException | None = None


class QueryRunner(QObject):
    sig_busy = Signal(bool)
    """True while a worker reads for this runner, False when all answers are in."""
    sig_failed = Signal(object)
    """A read raised this exception (on the GUI thread)."""

    def __init__(self, parent: QObject | None = None, *, slow_rows: int = SLOW_ROWS) -> None:
        super().__init__(parent)
        self.slow_rows = slow_rows
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._generation: dict[str, int] = {}
        self._callbacks: dict[str, Callable[[Any], None]] = {}
        self._tasks: dict[tuple[str, int], Task] = {}

    def is_slow(self, rows: int) -> bool:
        return rows > self.slow_rows

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def run(self, channel: str, read: Callable[[], Any], done: Callable[[Any], None], *, rows: int,
            background: bool = False) -> None:
        """``done(read())`` now when reading ``rows`` items is quick, else once a worker has read; always on a
        worker with ``background`` (what the window already shows must not wait for it)."""
        generation = self._generation.get(channel, 0) + 1
        self._generation[channel] = generation
        if not background and not self.is_slow(rows):
            try:
                value = read()
            except Exception as error:  # told as a worker's failure is: the window says so, and goes on
                log.error("reading for the %s failed", channel, exc_info=error)
                self.sig_failed.emit(error)
                return
            done(value)
            return
        self._callbacks[channel] = done

        def work(_progress: Progress) -> _Outcome:  # on the worker thread
            try:
                return _Outcome(channel, generation, read())
            except Exception as error:  # handed back to the GUI thread
                return _Outcome(channel, generation, error=error)

        task = Task(work)
        task.sig_succeeded.connect(self._on_outcome)
        self._tasks[(channel, generation)] = task
        if len(self._tasks) == 1:
            self.sig_busy.emit(True)
        task.start(self._pool)

    def drop(self, channel: str) -> None:
        """Drop the pending answer of ``channel`` (what it was reading for is no longer wanted)."""
        if channel in self._generation:
            self._generation[channel] += 1

    def forget(self) -> None:
        """Drop every pending answer (another base is being opened) and wait for the workers to end."""
        for channel in self._generation:
            self._generation[channel] += 1
        self.wait()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the workers (before the base they read is closed)."""
        return self._pool.waitForDone(msecs)

    def _on_outcome(self, outcome: _Outcome) -> None:
        self._tasks.pop((outcome.channel, outcome.generation), None)
        current = self._generation.get(outcome.channel) == outcome.generation
        if current and outcome.error is not None:
            log.error("reading for the %s failed", outcome.channel, exc_info=outcome.error)
            self.sig_failed.emit(outcome.error)
        elif current:
            self._callbacks[outcome.channel](outcome.value)
        if not self._tasks:
            self.sig_busy.emit(False)
