"""The ECG on clinical paper: fit, zoom (wheel, pinch), scroll and pan (drag), true size, calipers.

Only the part of the page on screen is drawn, by the shared renderer at the screen's real pixel
density, so zooming in or a 50 mm/s page costs what the screen shows. The scale is one of:

- the reading scale (the start): the whole page as it would be at 25 mm/s fits the view, so at
  50 mm/s each second takes twice the screen (scroll sideways) instead of the page shrinking;
  a tall layout (12x1 on a wide screen) stays legible and scrolls down instead;
- the page fit ("Fit page"): the whole page, whatever the speed; zooming out stops here;
- a fixed number of pixels per millimetre: after zooming, or true size (1 mm of paper is 1 mm of
  glass, see ``screen_calibration_dialog``).

When the paper is scrolled sideways, each row's lead name is pinned at the view's left edge.
"""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QScrollBar, QSizePolicy, QStyle, QWidget

from ecgreader.ecg.display_filters import NO_FILTERS, DisplayFilters
from ecgreader.ecg.paper import CaliperMeasurement, PaperSpec, caliper_measurement, lay_out
from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.ecg.render import render_image
from ecgreader.gui.screen_calibration_dialog import screen_px_per_mm

MAX_ZOOM = 4.0  # times the reading scale
READING_SPEED_MM_PER_S = 25.0  # the reading scale fits the page as it is at this speed
LEGIBLE_PX_PER_MM = 3.0  # 1 mm boxes of 3 px and lead labels of 10 px: no smaller unless asked
CALIPER_COLOUR = QColor(20, 90, 200)
BACKGROUND_COLOUR = QColor(90, 90, 96)
PINNED_LABEL_BACKGROUND = QColor(255, 255, 255, 210)
PINNED_LABEL_MARGIN_PX = 4


class EcgView(QAbstractScrollArea):
    calipers_measured = Signal(object)  # CaliperMeasurement, or None when cleared
    painted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.NoFrame)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(400, 300)
        self.viewport().setAttribute(Qt.WA_AcceptTouchEvents, True)
        self.setFocusPolicy(Qt.StrongFocus)  # keyboard shortcuts reach the panel from here
        self.record: Record | ImageRecord | None = None
        self.layout_name, self.gain, self.speed = "3x4+II", 10.0, 25.0
        self.filters: DisplayFilters = NO_FILTERS
        self.fits_page = False  # "Fit page" pressed: the whole page, rather than the reading scale
        self.fixed_px_per_mm: float | None = None  # zoomed or true size; None: a fit
        self.pan = QPointF(0, 0)  # where the paper's top-left corner is in the viewport
        self.caliper_mode = False
        self.caliper_points: tuple[QPointF, QPointF] | None = None  # in paper mm
        self.highlight = None  # (12, m) saliency in [0, 1], drawn behind the traces
        self._image: QImage | None = None
        self._image_at = QPointF(0, 0)
        self._drag_from: QPointF | None = None
        self._setting_scroll_bars = False
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.viewport().setCursor(Qt.OpenHandCursor)

    # --- what is shown -------------------------------------------------------------------
    def set_record(self, record: Record | ImageRecord | None) -> None:
        """Show ``record`` from the page's top-left corner, at the scale the reader chose (a
        scanned ECG, whose pixels are no millimetres, at a fit)."""
        self.record = record
        if isinstance(record, ImageRecord):
            self.fixed_px_per_mm = None
        self.highlight = None
        self.caliper_points = None
        self.calipers_measured.emit(None)
        self.pan = QPointF(0, 0)
        self._relayout()

    def set_paper(self, layout: str, gain: float, speed: float) -> None:
        """A fit goes back to the reading scale, so 50 mm/s spreads the trace; a fixed scale stays."""
        self.layout_name, self.gain, self.speed = layout, gain, speed
        self.fits_page = False
        self.caliper_points = None
        self.calipers_measured.emit(None)
        self._relayout()

    def set_display_filters(self, filters: DisplayFilters) -> None:
        self.filters = filters
        self._invalidate()

    def set_highlight(self, highlight) -> None:
        self.highlight = highlight
        self._invalidate()

    def set_caliper_mode(self, on: bool) -> None:
        self.caliper_mode = on
        self.viewport().setCursor(Qt.CrossCursor if on else Qt.OpenHandCursor)
        if not on:
            self.caliper_points = None
            self.calipers_measured.emit(None)
            self.viewport().update()

    def reset_view(self) -> None:
        """Fit the whole page and show it from its top-left corner."""
        self.fits_page = True
        self.fixed_px_per_mm = None
        self.pan = QPointF(0, 0)
        self._relayout()

    def show_true_size(self) -> None:
        """1 mm of paper on 1 mm of this monitor, keeping the view's centre where it is. A scanned
        ECG has no known scale in mm, so it stays as it is."""
        if isinstance(self.record, Record):
            self._rescale(screen_px_per_mm(self.screen()), self._viewport_centre())

    @property
    def spec(self) -> PaperSpec | None:
        if not isinstance(self.record, Record):
            return None
        duration = min(10.0, self.record.duration_s)
        return PaperSpec(self.layout_name, self.gain, self.speed, duration, self.filters)

    def paper_size_mm(self) -> tuple[float, float] | None:
        if isinstance(self.record, Record):
            paper = lay_out(self.spec)
            return paper.width_mm, paper.height_mm
        if isinstance(self.record, ImageRecord):
            return float(self.record.width), float(self.record.height)  # "mm" = image pixels
        return None

    # --- scale and position --------------------------------------------------------------
    def page_fit_px_per_mm(self) -> float:
        """The scale at which the whole page fits the view (without scroll bars)."""
        size = self.paper_size_mm()
        if size is None:
            return 1.0
        room = self.maximumViewportSize()
        return min(room.width() / size[0], room.height() / size[1])

    def reading_px_per_mm(self) -> float:
        """The scale at which the page, as it would be at 25 mm/s, fits the view; for a tall
        layout (12x1 on a wide screen) no less than a legible scale, scrolling down instead."""
        if not isinstance(self.record, Record):
            return self.page_fit_px_per_mm()
        page = lay_out(replace(self.spec, speed=READING_SPEED_MM_PER_S))
        room = self.maximumViewportSize()
        width_fit = room.width() / page.width_mm
        scale = max(min(width_fit, room.height() / page.height_mm), min(width_fit, LEGIBLE_PX_PER_MM))
        page_width_mm, _ = self.paper_size_mm()
        if page_width_mm * scale > room.width() and page.height_mm * scale <= room.height():
            # 50 mm/s scrolls sideways: leave room for that scroll bar rather than need another.
            bar = self.style().pixelMetric(QStyle.PM_ScrollBarExtent)
            scale = min(scale, (room.height() - bar) / page.height_mm)
        return scale

    def px_per_mm(self) -> float:
        """Logical pixels per paper millimetre now."""
        if self.fixed_px_per_mm is not None:
            return self.fixed_px_per_mm
        return self.page_fit_px_per_mm() if self.fits_page else self.reading_px_per_mm()

    @property
    def zoom(self) -> float:
        """The scale as a multiple of the page fit (1: the whole page shows)."""
        return self.px_per_mm() / self.page_fit_px_per_mm()

    def to_paper_mm(self, point: QPointF) -> QPointF:
        scale = self.px_per_mm()
        return QPointF((point.x() - self.pan.x()) / scale, (point.y() - self.pan.y()) / scale)

    def to_widget(self, paper_mm: QPointF) -> QPointF:
        """Viewport coordinates of a paper point."""
        scale = self.px_per_mm()
        return QPointF(paper_mm.x() * scale + self.pan.x(), paper_mm.y() * scale + self.pan.y())

    def visible_paper_mm(self) -> QRectF:
        """The part of the page on screen, in paper mm."""
        size = self.paper_size_mm() or (0.0, 0.0)
        scale = self.px_per_mm()
        seen = QRectF(self.to_paper_mm(QPointF(0, 0)), self.viewport().size().toSizeF() / scale)
        return seen.intersected(QRectF(0, 0, *size))

    def measurement(self) -> CaliperMeasurement | None:
        if self.caliper_points is None or self.spec is None:
            return None
        start, end = self.caliper_points
        return caliper_measurement((start.x(), start.y()), (end.x(), end.y()), self.spec)

    def zoom_by(self, factor: float, around: QPointF) -> None:
        """Zoom keeping the paper point under ``around`` fixed on screen; out no further than
        the whole page, in no further than four times the reading scale."""
        current, page_fit = self.px_per_mm(), self.page_fit_px_per_mm()
        lowest = min(page_fit, current)  # true size may already be below the fit
        highest = max(MAX_ZOOM * self.reading_px_per_mm(), current)
        scale = min(highest, max(lowest, current * factor))
        self._rescale(scale, around)
        if scale == page_fit:  # zoomed right out: the page fit, which follows the view's size
            self.fixed_px_per_mm, self.fits_page = None, True

    def _rescale(self, px_per_mm: float, around: QPointF) -> None:
        anchor = self.to_paper_mm(around)
        self.fixed_px_per_mm = px_per_mm
        self.pan = QPointF(around.x() - anchor.x() * px_per_mm, around.y() - anchor.y() * px_per_mm)
        self._relayout()

    def _viewport_centre(self) -> QPointF:
        return QPointF(self.viewport().width() / 2, self.viewport().height() / 2)

    def _relayout(self) -> None:
        """Scroll bars for the page at the current scale; the pan kept within the page."""
        size = self.paper_size_mm() or (0.0, 0.0)
        scale = self.px_per_mm()
        self._setting_scroll_bars = True  # their echo would round the pan to whole pixels
        try:
            self.pan = QPointF(
                _fit_scroll_bar(
                    self.horizontalScrollBar(), size[0] * scale, self.viewport().width(), self.pan.x(), scale
                ),
                _fit_scroll_bar(
                    self.verticalScrollBar(), size[1] * scale, self.viewport().height(), self.pan.y(), scale
                ),
            )
        finally:
            self._setting_scroll_bars = False
        self._invalidate()

    def _scrolled(self) -> None:
        if self._setting_scroll_bars:
            return
        self.pan = QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        self._invalidate()

    # --- drawing -------------------------------------------------------------------------
    def _invalidate(self) -> None:
        self._image = None
        self.viewport().update()

    def _paper_image(self) -> QImage | None:
        """The visible part of the paper, drawn at the device's pixel density."""
        if self._image is None and self.record is not None:
            ratio = self.devicePixelRatioF()
            scale = self.px_per_mm()
            if isinstance(self.record, Record):
                seen = self.visible_paper_mm()
                if seen.isEmpty():
                    return None
                # Start on a whole device pixel so grid lines stay crisp while scrolling.
                left = math.floor(seen.left() * scale * ratio) / (scale * ratio)
                top = math.floor(seen.top() * scale * ratio) / (scale * ratio)
                region = QRectF(left, top, seen.right() - left, seen.bottom() - top)
                image = render_image(self.record, self.spec, scale * ratio, self.highlight, region)
                self._image_at = self.to_widget(region.topLeft())
            else:
                source = QImage.fromData(self.record.image_bytes)
                size = self.paper_size_mm()
                target = (size[0] * scale * ratio, size[1] * scale * ratio)
                image = source.scaled(round(target[0]), round(target[1]), Qt.KeepAspectRatio, Qt.SmoothTransformation)
                self._image_at = QPointF(self.pan)
            image.setDevicePixelRatio(ratio)
            self._image = image
        return self._image

    def paintEvent(self, _event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), BACKGROUND_COLOUR)
        image = self._paper_image()
        if image is not None:
            painter.drawImage(self._image_at, image)
            self._draw_pinned_labels(painter)
            self._draw_calipers(painter)
        painter.end()
        self.painted.emit()

    def pinned_labels(self) -> list[tuple[str, float]]:
        """(lead, top in viewport px) for each row in view whose own lead label has scrolled off
        the left edge: the lead now at that edge, so a zoomed reader always knows what they see."""
        if not isinstance(self.record, Record):
            return []
        scale = self.px_per_mm()
        left_mm = -self.pan.x() / scale
        pinned = []
        for trace in lay_out(self.spec).traces:
            end_mm = trace.x_mm + (trace.end_s - trace.start_s) * self.speed
            row_in_view = 0 <= trace.baseline_mm * scale + self.pan.y() <= self.viewport().height()
            if row_in_view and trace.x_mm + 1.0 < left_mm < end_mm:  # its label sits 1 mm after its start
                pinned.append((trace.lead, max(0.0, trace.row_top_mm * scale + self.pan.y())))
        return pinned

    def _draw_pinned_labels(self, painter: QPainter) -> None:
        scale = self.px_per_mm()
        font = QFont("DejaVu Sans")
        font.setBold(True)
        font.setPixelSize(min(28, max(11, round(3.2 * scale))))  # the paper's label size, kept legible
        painter.setFont(font)
        painter.setPen(QColor(0, 0, 0))
        for lead, top in self.pinned_labels():
            box = painter.fontMetrics().boundingRect(lead).adjusted(-4, -2, 4, 2)
            box.moveTopLeft(QPointF(PINNED_LABEL_MARGIN_PX, top + 0.5 * scale).toPoint())
            painter.fillRect(box, PINNED_LABEL_BACKGROUND)
            painter.drawText(box, Qt.AlignCenter, lead)

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
        super().resizeEvent(event)
        self._relayout()

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.25**steps, event.position())

    def viewportEvent(self, event) -> bool:
        if event.type() == event.Type.NativeGesture and event.gestureType() == Qt.ZoomNativeGesture:
            self.zoom_by(1.0 + event.value(), event.position())
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.LeftButton or self.record is None:
            return
        if self.caliper_mode and isinstance(self.record, Record):
            point = self.to_paper_mm(event.position())
            self.caliper_points = (point, point)
        else:
            self._drag_from = event.position()
            self.viewport().setCursor(Qt.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:
        if self.caliper_mode and self.caliper_points is not None and event.buttons() & Qt.LeftButton:
            self.caliper_points = (self.caliper_points[0], self.to_paper_mm(event.position()))
            self.calipers_measured.emit(self.measurement())
            self.viewport().update()
        elif self._drag_from is not None:
            self.pan += event.position() - self._drag_from
            self._drag_from = event.position()
            self._relayout()

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.viewport().setCursor(Qt.CrossCursor if self.caliper_mode else Qt.OpenHandCursor)
        elif self.caliper_mode and self.caliper_points is not None:
            self.calipers_measured.emit(self.measurement())


def _fit_scroll_bar(bar: QScrollBar, page_px: float, view_px: int, offset: float, px_per_mm: float) -> float:
    """Give ``bar`` the range of a page ``page_px`` long in a view ``view_px`` long and return
    the page's offset (0 or negative) kept within that range."""
    overflow = max(0, math.ceil(page_px - view_px))
    offset = min(0.0, max(-float(overflow), offset))
    bar.setRange(0, overflow)  # the scroll area shows the bar (later, queued) when it has a range
    bar.setPageStep(max(1, view_px))
    bar.setSingleStep(max(1, round(5 * px_per_mm)))  # one large box
    bar.setValue(round(-offset))
    return offset


def format_measurement(measured: CaliperMeasurement) -> str:
    """Δt, Δ voltage and, for a span that can be one R-R interval (200 ms or more), the rate."""
    text = QCoreApplication.translate("EcgView", "Δt {interval} ms   Δ {amplitude} mV").format(
        interval=f"{measured.interval_ms:.0f}", amplitude=f"{measured.amplitude_mv:+.2f}"
    )
    rate = measured.rate_bpm
    if rate is None:
        return text
    return text + QCoreApplication.translate("EcgView", "   {rate} bpm").format(rate=f"{rate:.0f}")
