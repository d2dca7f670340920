"""Active reading time: the clock runs only while the reading window is active."""

from __future__ import annotations

import time
from collections.abc import Callable


class ActiveTimer:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._accumulated = 0.0
        self._running_since: float | None = None

    def restart(self) -> None:
        self._accumulated = 0.0
        self._running_since = self._clock()

    def pause(self) -> None:
        if self._running_since is not None:
            self._accumulated += self._clock() - self._running_since
            self._running_since = None

    def resume(self) -> None:
        if self._running_since is None:
            self._running_since = self._clock()

    def elapsed(self) -> float:
        running = self._clock() - self._running_since if self._running_since is not None else 0.0
        return self._accumulated + running
