"""Active reading time: the clock runs only while nothing holds it.

Three things stop it independently: the reading window losing focus, the reader pressing Pause,
and the study protocol shown in place of the case. Each is a separate hold, so the window
regaining focus cannot restart a clock the reader paused, and only the time a case was really in
front of the reader counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable

WINDOW_INACTIVE = "window inactive"
PAUSED_BY_READER = "paused by the reader"
READING_PROTOCOL = "reading the protocol"


class ActiveTimer:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._accumulated = 0.0
        self._running_since: float | None = None
        self._holds: set[str] = set()

    @property
    def running(self) -> bool:
        return self._running_since is not None

    def restart(self) -> None:
        """Start a new case's time from zero; it counts once no hold remains."""
        self._accumulated = 0.0
        self._running_since = None if self._holds else self._clock()

    def pause(self, reason: str = WINDOW_INACTIVE) -> None:
        self._holds.add(reason)
        if self._running_since is not None:
            self._accumulated += self._clock() - self._running_since
            self._running_since = None

    def resume(self, reason: str = WINDOW_INACTIVE) -> None:
        """Lift one hold; the clock runs again only when it was the last."""
        self._holds.discard(reason)
        if not self._holds and self._running_since is None:
            self._running_since = self._clock()

    def elapsed(self) -> float:
        running = self._clock() - self._running_since if self._running_since is not None else 0.0
        return self._accumulated + running
