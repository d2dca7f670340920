"""The ECG on clinical paper: zoom (wheel, pinch), pan (drag), and calipers.

The paper is drawn by the shared renderer into an image at the screen's real pixel density,
so a millimetre of paper is the same number of device pixels everywhere; zooming re-renders.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ecgreader.ecg.paper import CaliperMeasurement, PaperSpec, caliper_measurement, lay_out
from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.ecg.render import render_image

MIN_ZOOM, MAX_ZOOM = 1.0, 4.0
CALIPER_COLOUR = QColor(20, 90, 200)


class EcgView(QWidget):
    calipers_measured = Signal(object)  # CaliperMeasurement, or None when cleared
    painted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(400, 300)
        self.setMouseTracking(False)
        self.setAttribute(Qt.WA_AcceptTouchEvents, True)
        self.setFocusPolicy(Qt.StrongFocus)  # keyboard shortcuts reach the panel from here
        self.record: Record | ImageRecord | None = None
        self.layout_name, self.gain, self.speed = "3x4+II", 10.0, 25.0
        self.zoom = 1.0
        self.pan = QPointF(0, 0)
        self.caliper_mode = False
        self.caliper_points: tuple[QPointF, QPointF] | None = None  # in paper mm
        self.highlight = None  # (12, m) saliency in [0, 1], drawn behind the traces
        self._image: QImage | None = None
        self._drag_from: QPointF | None = None

    # --- what is shown -------------------------------------------------------------------
    def set_record(self, record: Record | ImageRecord | None) -> None:
        self.record = record
        self.highlight = None
        self.caliper_points = None
        self.calipers_measured.emit(None)
        self.reset_view()

    def set_paper(self, layout: str, gain: float, speed: float) -> None:
        self.layout_name, self.gain, self.speed = layout, gain, speed
        self.caliper_points = None
        self.calipers_measured.emit(None)
        self._invalidate()

    def set_highlight(self, highlight) -> None:
        self.highlight = highlight
        self._invalidate()

    def set_caliper_mode(self, on: bool) -> None:
        self.caliper_mode = on
        self.setCursor(Qt.CrossCursor if on else Qt.OpenHandCursor)
        if not on:
            self.caliper_points = None
            self.calipers_measured.emit(None)
            self.update()

    def reset_view(self) -> None:
        self.zoom = 1.0
        self.pan = QPointF(0, 0)
        self._invalidate()

    @property
    def spec(self) -> PaperSpec | None:
        if not isinstance(self.record, Record):
            return None
        duration = min(10.0, self.record.duration_s)
        return PaperSpec(self.layout_name, self.gain, self.speed, duration)

    def paper_size_mm(self) -> tuple[float, float] | None:
        if isinstance(self.record, Record):
            paper = lay_out(self.spec)
            return paper.width_mm, paper.height_mm
        if isinstance(self.record, ImageRecord):
            return float(self.record.width), float(self.record.height)  # "mm" = image pixels
        return None

    def px_per_mm(self) -> float:
        """Logical pixels per paper millimetre at the current zoom (fit to width at zoom 1)."""
        size = self.paper_size_mm()
        if size is None:
            return 1.0
        fit = min(self.width() / size[0], self.height() / size[1] * 1.6)
        return max(0.5, fit) * self.zoom

    def to_paper_mm(self, point: QPointF) -> QPointF:
        scale = self.px_per_mm()
        return QPointF((point.x() - self.pan.x()) / scale, (point.y() - self.pan.y()) / scale)

    def to_widget(self, paper_mm: QPointF) -> QPointF:
        scale = self.px_per_mm()
        return QPointF(paper_mm.x() * scale + self.pan.x(), paper_mm.y() * scale + self.pan.y())

    def measurement(self) -> CaliperMeasurement | None:
        if self.caliper_points is None or self.spec is None:
            return None
        start, end = self.caliper_points
        return caliper_measurement((start.x(), start.y()), (end.x(), end.y()), self.spec)

    # --- drawing -------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._image = None
        self.update()

    def _paper_image(self) -> QImage | None:
        if self._image is None and self.record is not None:
            ratio = self.devicePixelRatioF()
            if isinstance(self.record, Record):
                image = render_image(self.record, self.spec, self.px_per_mm() * ratio, self.highlight)
            else:
                source = QImage.fromData(self.record.image_bytes)
                size = self.paper_size_mm()
                target = (size[0] * self.px_per_mm() * ratio, size[1] * self.px_per_mm() * ratio)
                image = source.scaled(round(target[0]), round(target[1]), Qt.KeepAspectRatio, Qt.SmoothTransformation)
            image.setDevicePixelRatio(ratio)
            self._image = image
        return self._image

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(90, 90, 96))
        image = self._paper_image()
        if image is not None:
            painter.drawImage(self.pan, image)
            self._draw_calipers(painter)
        painter.end()
        self.painted.emit()

    def _draw_calipers(self, painter: QPainter) -> None:
        if self.caliper_points is None:
            return
        start, end = (self.to_widget(p) for p in self.caliper_points)
        painter.setRenderHint(QPainter.Antialiasing, True)
        pen = QPen(CALIPER_COLOUR, 1.5)
        painter.setPen(pen)
        for x in (start.x(), end.x()):
            painter.drawLine(QPointF(x, start.y() - 40), QPointF(x, end.y() + 40))
        painter.drawLine(start, QPointF(end.x(), start.y()))
        painter.drawLine(QPointF(end.x(), start.y()), end)
        measured = self.measurement()
        if measured is not None:
            font = QFont()
            font.setPointSize(10)
            font.setBold(True)
            painter.setFont(font)
            text = format_measurement(measured)
            box = QRectF(min(start.x(), end.x()), min(start.y(), end.y()) - 26, 320, 20)
            painter.fillRect(box.adjusted(-2, 0, 0, 0), QColor(255, 255, 255, 220))
            painter.drawText(box, Qt.AlignLeft | Qt.AlignVCenter, text)

    # --- interaction ---------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        self._invalidate()
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.25**steps, event.position())

    def event(self, event) -> bool:
        if event.type() == event.Type.NativeGesture and event.gestureType() == Qt.ZoomNativeGesture:
            self.zoom_by(1.0 + event.value(), event.position())
            return True
        return super().event(event)

    def zoom_by(self, factor: float, around: QPointF) -> None:
        """Zoom keeping the paper point under ``around`` fixed on screen."""
        anchor = self.to_paper_mm(around)
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        scale = self.px_per_mm()
        self.pan = QPointF(around.x() - anchor.x() * scale, around.y() - anchor.y() * scale)
        self._invalidate()

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.LeftButton or self.record is None:
            return
        if self.caliper_mode and isinstance(self.record, Record):
            point = self.to_paper_mm(event.position())
            self.caliper_points = (point, point)
        else:
            self._drag_from = event.position()
            self.setCursor(Qt.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:
        if self.caliper_mode and self.caliper_points is not None and event.buttons() & Qt.LeftButton:
            self.caliper_points = (self.caliper_points[0], self.to_paper_mm(event.position()))
            self.calipers_measured.emit(self.measurement())
            self.update()
        elif self._drag_from is not None:
            self.pan += event.position() - self._drag_from
            self._drag_from = event.position()
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.setCursor(Qt.CrossCursor if self.caliper_mode else Qt.OpenHandCursor)
        elif self.caliper_mode and self.caliper_points is not None:
            self.calipers_measured.emit(self.measurement())


def format_measurement(measured: CaliperMeasurement) -> str:
    rate = measured.rate_bpm
    rate_text = f"{rate:.0f} bpm" if rate is not None else "rate undefined"
    return f"Δt {measured.interval_ms:.0f} ms   Δ {measured.amplitude_mv:+.2f} mV   {rate_text}"
