"""The median beat of each lead on clinical paper, with the onsets and offsets that were measured.

A cart prints these beside its measurements so a reader can see where it put the P wave, the QRS
and the end of T, and judge the numbers. Drawn at paper scale (25 mm/s, 10 mm/mV, 1 mm and 5 mm
grid), in the 6x2 arrangement of the paper, fitted to the widget; the markers are the global
fiducials, the same instant on every lead. Like the measurement line it is an aid, shown only
where the study shows measurements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.paper import LAYOUTS
from ecgreader.ecg.render import TRACE_COLOUR, grid_image
from ecgreader.measurements.result import Measurements

SPEED_MM_PER_S = 25.0
GAIN_MM_PER_MV = 10.0
ROWS = LAYOUTS["6x2"]  # (I, V1), (II, V2) … (aVF, V6)
ROW_MM = 25.0  # 2.5 mV a row: room for a tall R and a deep S at 10 mm/mV
BASELINE_MM = 15.0  # from the top of a row: QRS complexes are mostly upright
MARGIN_MM = 2.0
MARKER_COLOUR = QColor(20, 90, 200)
FIDUCIALS = ("p_on", "p_off", "qrs_on", "qrs_off", "t_off")


@dataclass(frozen=True)
class Cell:
    """Where one lead's median beat sits on the small sheet, in mm from its top-left corner."""

    lead: str
    x_mm: float
    baseline_mm: float
    top_mm: float


def cells(beat_mm: float) -> tuple[Cell, ...]:
    """One cell per lead, ``beat_mm`` wide, in rows of ``ROWS``."""
    return tuple(
        Cell(lead, MARGIN_MM + column * (beat_mm + MARGIN_MM), row * ROW_MM + BASELINE_MM, row * ROW_MM)
        for row, leads in enumerate(ROWS)
        for column, lead in enumerate(leads)
    )


def sheet_size_mm(beat_mm: float) -> tuple[float, float]:
    columns = max(len(leads) for leads in ROWS)
    return MARGIN_MM + columns * (beat_mm + MARGIN_MM), len(ROWS) * ROW_MM


def beat_points_mm(beat: np.ndarray, fs: float, cell: Cell) -> np.ndarray:
    """(n, 2) paper points of one median beat: x at 25 mm/s, y at 10 mm/mV up from the baseline."""
    times = np.arange(beat.size) / fs
    return np.column_stack((cell.x_mm + times * SPEED_MM_PER_S, cell.baseline_mm - beat * GAIN_MM_PER_MV))


class MedianBeatView(QWidget):
    """A caption saying the scale, and the sheet of median beats below it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.sheet = _MedianBeatSheet()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.sheet, 1)
        self.setToolTip(
            self.tr(
                "Median beat of each lead at 25 mm/s and 10 mm/mV; blue lines mark where the measurements put "
                "P onset and offset, QRS onset and offset and the end of T."
            )
        )
        self.show_measurements(None)

    def show_measurements(self, measured: Measurements | None) -> None:
        """Draw ``measured``'s median beats; None clears the sheet (a new case is being measured)."""
        if measured is None:
            self.caption.setText(self.tr("Median beats"))
        elif measured.amplitude_calibrated:
            self.caption.setText(self.tr("Median beats · 25 mm/s · 10 mm/mV"))
        else:
            self.caption.setText(self.tr("Median beats · 25 mm/s · amplitude not calibrated"))
        self.sheet.measured = measured
        self.sheet.update()


class _MedianBeatSheet(QWidget):
    def __init__(self):
        super().__init__()
        self.measured: Measurements | None = None
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        self.setMinimumSize(160, 240)

    def beat_mm(self) -> float:
        measured = self.measured
        if measured is None or measured.median_beats.size == 0:
            return 30.0
        return measured.median_beats.shape[1] / measured.median_beat_fs * SPEED_MM_PER_S

    def px_per_mm(self) -> float:
        width_mm, height_mm = sheet_size_mm(self.beat_mm())
        return min(self.width() / width_mm, self.height() / height_mm)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        try:
            measured = self.measured
            if measured is None or measured.median_beats.size == 0:
                return
            scale = self.px_per_mm()
            width_mm, height_mm = sheet_size_mm(self.beat_mm())
            painter.drawImage(0, 0, grid_image(round(width_mm * scale), round(height_mm * scale), scale))
            painter.scale(scale, scale)
            painter.setRenderHint(QPainter.Antialiasing, True)
            for cell in cells(self.beat_mm()):
                _draw_beat(painter, measured, cell, scale)
        finally:
            painter.end()


def _draw_beat(painter: QPainter, measured: Measurements, cell: Cell, scale: float) -> None:
    beat = measured.median_beats[STANDARD_LEADS.index(cell.lead)]
    beat_mm = beat.size / measured.median_beat_fs * SPEED_MM_PER_S
    painter.save()
    painter.setClipRect(QRectF(cell.x_mm, cell.top_mm, beat_mm, ROW_MM))
    painter.setPen(QPen(MARKER_COLOUR, 1.0 / scale, Qt.DashLine))
    for name in FIDUCIALS:
        sample = getattr(measured, name)
        if sample is not None:
            x = cell.x_mm + sample / measured.median_beat_fs * SPEED_MM_PER_S
            painter.drawLine(QPointF(x, cell.top_mm), QPointF(x, cell.top_mm + ROW_MM))
    points = beat_points_mm(np.asarray(beat, dtype=np.float64), measured.median_beat_fs, cell)
    painter.setPen(QPen(TRACE_COLOUR, max(0.25, 1.2 / scale)))
    painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in points]))
    painter.restore()
    painter.setPen(QPen(TRACE_COLOUR, 1.0 / scale))
    font = painter.font()
    font.setPointSizeF(max(1.0, 9.0 / scale))
    painter.setFont(font)
    painter.drawText(QPointF(cell.x_mm + 0.5, cell.top_mm + 3.5), cell.lead)
