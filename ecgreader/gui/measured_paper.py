"""The reading room's paper with a cart's aids around it: the measurement line above, the median
beats beside it, both shown only where the study shows measurements.

Each case is measured in the background (up to half a second a record) as soon as it is on
screen; the result also feeds the second-opinion panel, which shows the measurement behind each
finding beside the network's probability, so cases are measured in second-opinion studies too.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.gui.background import Worker
from ecgreader.gui.ecg_view import EcgView
from ecgreader.gui.measurement_line import MeasurementLine
from ecgreader.gui.median_beat_view import MedianBeatView
from ecgreader.measurements import measure
from ecgreader.store.settings import StudySettingsView


class MeasuredPaper(QWidget):
    measured = Signal(object)  # Measurements of the case on screen; None until (or unless) measured

    def __init__(self, view: EcgView, settings: StudySettingsView, parent: QWidget | None = None):
        super().__init__(parent)
        self.shows_aids = settings.show_measurements
        self.measures = settings.show_measurements or settings.second_opinion_mode != "off"
        self.line = MeasurementLine()
        self.median_beats = MedianBeatView()
        for aid in (self.line, self.median_beats):
            aid.setVisible(self.shows_aids)
        self.worker = Worker(self, "measurements")
        self.worker.succeeded.connect(self._measured)
        self.worker.failed.connect(self._failed)
        beside = QHBoxLayout()
        beside.setContentsMargins(0, 0, 0, 0)
        beside.addWidget(view, 1)
        beside.addWidget(self.median_beats)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addLayout(beside, 1)

    def measure(self, record: Record | ImageRecord | None) -> None:
        """Measure ``record`` in the background; what was shown of the previous case goes at once."""
        self.worker.cancel()
        self.median_beats.show_measurements(None)
        self.measured.emit(None)
        if not isinstance(record, Record):
            self.line.show_unmeasurable(self.tr("a scanned ECG has no signal to measure"))
        elif self.measures:
            self.line.show_measuring()
            self.worker.start(lambda _progress, _cancelled: measure(record))

    def _measured(self, measured) -> None:
        self.line.show_measurements(measured)
        self.median_beats.show_measurements(measured)
        self.measured.emit(measured)

    def _failed(self, error: Exception) -> None:
        """A record the measurements cannot handle (the worker logs the traceback): say why on the
        line; reading goes on without them."""
        self.line.show_unmeasurable(str(error))
