"""Long work off the GUI thread: owned by a widget, cancellable, ending on the GUI thread.

The work is a plain function ``work(progress, cancelled)`` that touches no widget: it reports
``progress(done, total)`` and polls ``cancelled()``. A :class:`Worker` runs it in a thread and
re-emits its progress and its end (``succeeded``, ``failed`` or ``cancelled``) as signals on the
GUI thread. The worker thread never touches a Qt object: it puts messages on a queue that a timer
of the worker drains. So deleting the owner mid-run (pressing Back) cannot crash the thread, and
a cancelled run's late result can never reach a widget.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
Work = Callable[[Progress, CancelCheck], object]

DELIVERY_INTERVAL_MS = 20
SHUTDOWN_WAIT_S = 10.0


class Cancelled(Exception):
    """Raised in the work once its run is cancelled (by ``progress``, or by the work itself)."""


class _Run:
    """One call of a work function in its own thread; plain Python, shared with that thread."""

    def __init__(self, work: Work, name: str):
        self.work = work
        self.cancel = threading.Event()
        self.messages: queue.SimpleQueue[tuple[str, object]] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._execute, name=f"ecgreader worker: {name}", daemon=True)

    def _progress(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise Cancelled("cancelled")
        self.messages.put(("progress", (done, total)))

    def _execute(self) -> None:
        try:
            result = self.work(self._progress, self.cancel.is_set)
        except Exception as error:
            if self.cancel.is_set() or isinstance(error, Cancelled):
                self.messages.put(("cancelled", None))
            else:  # the traceback is only here; the GUI thread shows the error
                log.exception("%s failed", self.thread.name)
                self.messages.put(("failed", error))
        else:  # work that cannot be interrupted ends normally: a cancelled run's result is discarded
            self.messages.put(("cancelled", None) if self.cancel.is_set() else ("succeeded", result))
        finally:
            _running.discard(self)


_running: set[_Run] = set()  # every unfinished run in the process, owned or orphaned


class Worker(QObject):
    """Runs one work function at a time for its owner (its QObject parent).

    ``start`` cancels the run in progress, whose end is then never reported: the last run wins.
    Deleting the owner cancels the run without waiting for it; ``shut_down_workers`` waits.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)  # the work's return value
    failed = Signal(object)  # the exception it raised
    cancelled = Signal()

    def __init__(self, owner: QObject, name: str = "task"):
        super().__init__(owner)
        self.name = name
        self._current: _Run | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(DELIVERY_INTERVAL_MS)
        self._timer.timeout.connect(self._deliver)
        self._mine: list[_Run] = []
        # No reference to self in the handler: it runs while the owner deletes this object.
        self.destroyed.connect(partial(_cancel, self._mine))

    @property
    def running(self) -> bool:
        """True from ``start`` until its end is reported (a cancelled run too, until it stops)."""
        return self._current is not None

    def start(self, work: Work) -> None:
        """Run ``work(progress, cancelled)`` in a new thread, cancelling the run in progress.

        ``progress`` raises :class:`Cancelled` once the run is cancelled, so work that reports
        progress stops at its next report even where it never asks ``cancelled()``.
        """
        self.cancel()
        run = _Run(work, self.name)
        self._mine[:] = [r for r in self._mine if r in _running]
        self._mine.append(run)
        self._current = run
        _running.add(run)
        run.thread.start()
        self._timer.start()

    def cancel(self) -> None:
        """Ask the current run to stop; ``cancelled`` follows once it has."""
        if self._current is not None:
            self._current.cancel.set()

    def _deliver(self) -> None:
        run = self._current
        while run is not None and self._current is run:
            try:
                kind, payload = run.messages.get_nowait()
            except queue.Empty:
                return
            if kind == "progress":
                self.progressed.emit(*payload)
                continue
            self._current = None
            self._timer.stop()
            if kind == "succeeded":
                self.succeeded.emit(payload)
            elif kind == "failed":
                self.failed.emit(payload)
            else:
                self.cancelled.emit()


def _cancel(runs: list[_Run]) -> None:
    for run in runs:
        run.cancel.set()


def shut_down_workers(timeout: float = SHUTDOWN_WAIT_S) -> bool:
    """Cancel every run in the process and wait for its thread; False if one outlived ``timeout``.

    Called before a study closes: no thread, not even one of a deleted page, may go on using it.
    """
    runs = list(_running)
    _cancel(runs)
    deadline = time.monotonic() + timeout
    for run in runs:
        run.thread.join(max(0.0, deadline - time.monotonic()))
    return not any(run.thread.is_alive() for run in runs)
