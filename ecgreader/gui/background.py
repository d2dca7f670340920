"""Running long work (creating a study, building the demo) off the GUI thread.

The work is a plain function taking ``progress(done, total)`` and ``cancelled()``; results,
errors and progress come back to the GUI thread as Qt signals (queued across threads).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by work that noticed it was cancelled."""


class BackgroundTask(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, work: Callable[..., object]) -> None:
        """Run ``work(progress, cancelled)`` in a worker thread."""
        if self.running:
            raise RuntimeError("a task is already running")
        self._cancel.clear()
        self._thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self, work: Callable[..., object]) -> None:
        try:
            result = work(self.progressed.emit, self._cancel.is_set)
        except Exception as error:  # reported to the GUI thread, which shows and logs it
            log.exception("background task failed")
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
