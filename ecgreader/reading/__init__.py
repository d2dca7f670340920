"""The reading session's logic — case order, timing, resume — with no Qt in it."""

from ecgreader.reading.order import reader_order
from ecgreader.reading.session import CaseOnScreen, ReadingSession
from ecgreader.reading.timer import ActiveTimer

__all__ = ["ActiveTimer", "CaseOnScreen", "ReadingSession", "reader_order"]
