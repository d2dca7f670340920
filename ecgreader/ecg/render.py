"""Draw a Record on clinical ECG paper with QPainter.

One renderer serves the reading room (QImage), PNG export and PDF reports (vector, QPdfWriter),
so what a reader sees and what a report prints are the same drawing. Uses QtGui only — no
widgets — and works offscreen.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import shiboken6
from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QPolygonF,
)

from ecgreader.ecg.display_filters import NO_FILTERS, DisplayFilters, filter_for_display
from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.paper import CALIBRATION_MV, CALIBRATION_S, MAJOR_MM, Paper, PaperSpec, lay_out
from ecgreader.ecg.record import Record

PAPER_COLOUR = QColor(255, 255, 255)
MINOR_GRID_COLOUR = QColor(246, 196, 196)  # pink 1 mm lines
MAJOR_GRID_COLOUR = QColor(226, 110, 110)  # red 5 mm lines
TRACE_COLOUR = QColor(0, 0, 0)
TRACE_WIDTH_MM = 0.25
MINOR_LINE_MM, MAJOR_LINE_MM = 0.1, 0.2
PDF_DPI = 600


def ensure_gui_application() -> QGuiApplication:
    """Return the running Qt application, starting a headless one if none runs (CLI, tests)."""
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    return app


def paper_spec_for(record: Record, layout: str = "3x4+II", gain: float = 10.0, speed: float = 25.0):
    """A PaperSpec showing up to the first 10 s of ``record``."""
    return PaperSpec(layout=layout, gain=gain, speed=speed, duration_s=min(10.0, record.duration_s))


def render_image(
    record: Record,
    spec: PaperSpec | None = None,
    px_per_mm: float = 8.0,
    highlight: np.ndarray | None = None,
    region_mm: QRectF | None = None,
) -> QImage:
    """Draw ``record`` on a new QImage at ``px_per_mm`` pixels per millimetre of paper.

    ``highlight`` (12, m) in [0, 1], spread evenly over the first ``spec.duration_s`` seconds,
    shades each lead where it is high (the network's saliency in second-opinion mode).
    ``region_mm`` (paper mm) draws only that part of the page, so a zoomed view costs what the
    screen shows rather than a page-sized image (a 50 mm/s page at 20 px/mm would be 140 Mpx).
    """
    ensure_gui_application()
    paper = lay_out(spec or paper_spec_for(record))
    region = region_mm or QRectF(0, 0, paper.width_mm, paper.height_mm)
    left, top = round(region.x() * px_per_mm), round(region.y() * px_per_mm)  # device pixels
    image = grid_image(round(region.width() * px_per_mm), round(region.height() * px_per_mm), px_per_mm, left, top)
    dots_per_metre = round(px_per_mm * 1000)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        painter.translate(-left, -top)
        visible = QRectF(left, top, image.width(), image.height())
        draw_paper(painter, paper, record, px_per_mm, raster=True, highlight=highlight, visible=visible)
    finally:
        painter.end()
    return image


def render_pdf(record: Record, path: str | Path, spec: PaperSpec | None = None) -> None:
    """Write ``record`` as a one-page vector PDF whose page is exactly the paper's size."""
    ensure_gui_application()
    paper = lay_out(spec or paper_spec_for(record))
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"ECG {record.record_id}")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(paper.width_mm, paper.height_mm), QPageSize.Millimeter),
            QPageLayout.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    try:
        draw_paper(painter, paper, record, PDF_DPI / 25.4, raster=False)
    finally:
        painter.end()


def save_rendering(record: Record, out: str | Path, spec: PaperSpec, px_per_mm: float = 8.0) -> None:
    """Save to ``out``: vector PDF for ``.pdf``, else a raster image in the suffix's format."""
    out = Path(out)
    if out.suffix.lower() == ".pdf":
        render_pdf(record, out, spec)
    elif out.suffix.lower() in {".png", ".jpg", ".jpeg", ".tif", ".tiff"}:
        if not render_image(record, spec, px_per_mm).save(str(out)):
            raise OSError(f"{out}: could not write the image")
    else:
        raise ValueError(f"{out}: output must end in .png, .jpg, .tif or .pdf")


def draw_paper(
    painter: QPainter,
    paper: Paper,
    record: Record,
    px_per_mm: float,
    *,
    raster: bool,
    highlight: np.ndarray | None = None,
    visible: QRectF | None = None,
) -> None:
    """Draw calibration pulses, traces and labels in device units (``px_per_mm``), and on vector
    devices the paper and its grid.

    The record is drawn through the spec's display filters. ``raster`` is true on pixel devices
    (QImage): the paper and grid are then already in the image (``render_image`` paints them
    with numpy, snapped to whole pixels) and wide traces are built from 1 px strokes (see
    ``_stroke``); on vector devices (PDF) everything is drawn here at its true width.
    ``visible`` (device units) limits the traces to what will be seen.
    """
    record = filter_for_display(record, paper.spec.filters)
    paper_rect = QRectF(0, 0, paper.width_mm * px_per_mm, paper.height_mm * px_per_mm)
    visible = paper_rect.intersected(visible) if visible is not None else paper_rect
    if not raster:
        painter.fillRect(paper_rect, PAPER_COLOUR)
        _draw_grid(painter, paper_rect, px_per_mm)
    if highlight is not None:
        _draw_highlight(painter, paper, highlight, px_per_mm)
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setClipRect(paper_rect)
    width_px = max(1.0, TRACE_WIDTH_MM * px_per_mm)
    polylines = [_calibration_pulse(paper, baseline, px_per_mm) for baseline in paper.calibration_baselines_mm]
    polylines += [
        _trace_polygon(record, trace, paper.spec, px_per_mm, visible)
        for trace in paper.traces
        if _row_visible(trace, paper.spec, px_per_mm, visible)
    ]
    # A short tick marks where one lead's stretch ends and the next begins.
    polylines += [
        _polygon(
            np.full(2, trace.x_mm * px_per_mm),
            (trace.baseline_mm + np.array([-2.5, 2.5])) * px_per_mm,
        )
        for trace in paper.traces
        if trace.start_s > 0
    ]
    _stroke(painter, polylines, width_px, raster)
    _draw_text(painter, paper, record, px_per_mm)


HIGHLIGHT_COLOUR = (255, 140, 0)
HIGHLIGHT_BIN_MM = 1.0


def _draw_highlight(painter: QPainter, paper: Paper, highlight: np.ndarray, px_per_mm: float) -> None:
    """Translucent orange bands behind each trace where ``highlight`` (12, m) is high."""
    spec = paper.spec
    samples_per_s = highlight.shape[1] / spec.duration_s
    band = 1.5 * spec.gain  # mm above and below the baseline
    for trace in paper.traces:
        values = highlight[STANDARD_LEADS.index(trace.lead)]
        width_mm = (trace.end_s - trace.start_s) * spec.speed
        for start_mm in np.arange(0.0, width_mm, HIGHLIGHT_BIN_MM):
            first = int((trace.start_s + start_mm / spec.speed) * samples_per_s)
            last = max(first + 1, int((trace.start_s + (start_mm + HIGHLIGHT_BIN_MM) / spec.speed) * samples_per_s))
            value = float(values[first:last].mean()) if first < len(values) else 0.0
            if value < 0.15:
                continue
            painter.fillRect(
                QRectF((trace.x_mm + start_mm) * px_per_mm, (trace.baseline_mm - band) * px_per_mm,
                       HIGHLIGHT_BIN_MM * px_per_mm, 2 * band * px_per_mm),
                QColor(*HIGHLIGHT_COLOUR, int(150 * min(1.0, value))),
            )  # fmt: skip


def _stroke(painter: QPainter, polylines: list[QPolygonF], width_px: float, raster: bool) -> None:
    """Stroke antialiased polylines ``width_px`` wide.

    On pixel devices Qt's stroker for pens wider than 1 px is 30-80x slower than its 1 px
    antialiased path (about 55 ms against 2 ms for a 12-lead record at 8 px/mm), so a wide
    trace is drawn as 1 px strokes shifted by up to half the width across and along.
    """
    if not raster:
        pen = QPen(TRACE_COLOUR, width_px)
        pen.setCapStyle(Qt.RoundCap)
        pen.setJoinStyle(Qt.RoundJoin)
        painter.setPen(pen)
        for polyline in polylines:
            painter.drawPolyline(polyline)
        return
    painter.setPen(QPen(TRACE_COLOUR, 1.0))
    reach = (width_px - 1.0) / 2
    offsets = [(0.0, 0.0)]
    if reach > 0.25:
        offsets = [(dx, 0.0) for dx in (-reach, reach)] + [(0.0, dy) for dy in (-reach, reach)]
    for dx, dy in offsets:
        painter.translate(dx, dy)
        for polyline in polylines:
            painter.drawPolyline(polyline)
        painter.translate(-dx, -dy)


def _draw_grid(painter: QPainter, area: QRectF, px_per_mm: float) -> None:
    """The 1 mm and 5 mm lines crossing ``area`` (device units) as bars of their true width."""
    for colour, line_mm, is_major in (
        (MINOR_GRID_COLOUR, MINOR_LINE_MM, False),
        (MAJOR_GRID_COLOUR, MAJOR_LINE_MM, True),
    ):
        width = line_mm * px_per_mm
        for mm in _grid_lines_mm(area.left(), area.right(), px_per_mm, is_major):
            painter.fillRect(QRectF(mm * px_per_mm - width / 2, area.top(), width, area.height()), colour)
        for mm in _grid_lines_mm(area.top(), area.bottom(), px_per_mm, is_major):
            painter.fillRect(QRectF(area.left(), mm * px_per_mm - width / 2, area.width(), width), colour)


def _grid_lines_mm(low_px: float, high_px: float, px_per_mm: float, is_major: bool) -> range:
    """The whole millimetres whose (minor or major) line falls between two device positions."""
    first, last = math.ceil(low_px / px_per_mm), math.floor(high_px / px_per_mm)
    if not is_major:
        return range(first, last + 1)
    step = int(MAJOR_MM)
    return range(math.ceil(first / step) * step, last + 1, step)


def grid_image(width: int, height: int, px_per_mm: float, left: int = 0, top: int = 0) -> QImage:
    """A ``width`` × ``height`` px piece of paper with its 1 mm / 5 mm grid, whose top-left is
    device pixel ``left``, ``top`` of the whole sheet (see ``_paint_grid``)."""
    image = QImage(width, height, QImage.Format_RGB32)
    _paint_grid(image, left, top, px_per_mm)
    return image


def _paint_grid(image: QImage, left: int, top: int, px_per_mm: float) -> None:
    """Fill ``image`` (an RGB32 piece of the paper whose top-left is device pixel ``left``,
    ``top``) with paper and grid, writing its pixels with numpy: every row is one of three
    patterns (plain, on a minor line, on a major line), so this is a few row copies, where
    QPainter fills thin vertical bars column by column, about ten times slower. Each line is
    ``round(0.1 or 0.2 mm)`` whole pixels wide (at least one), so all are equally crisp."""
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.bits(), np.uint32).reshape(height, image.bytesPerLine() // 4)[:, :width]
    paper, minor, major = (np.uint32(colour.rgb()) for colour in (PAPER_COLOUR, MINOR_GRID_COLOUR, MAJOR_GRID_COLOUR))

    def on_lines(start_px: int, count: int, is_major: bool) -> np.ndarray:
        line_px = max(1, round((MAJOR_LINE_MM if is_major else MINOR_LINE_MM) * px_per_mm))
        centres = np.array(_grid_lines_mm(start_px, start_px + count, px_per_mm, is_major)) * px_per_mm
        indices = (np.round(centres - line_px / 2)[:, None] + np.arange(line_px)).astype(np.int64).ravel() - start_px
        return indices[(indices >= 0) & (indices < count)]

    minor_columns, major_columns = on_lines(left, width, False), on_lines(left, width, True)
    plain_row = np.full(width, paper, np.uint32)
    plain_row[minor_columns] = minor
    plain_row[major_columns] = major
    minor_row = np.full(width, minor, np.uint32)
    minor_row[major_columns] = major
    pixels[:] = plain_row
    pixels[on_lines(top, height, False)] = minor_row
    pixels[on_lines(top, height, True)] = major


def _polygon(x: np.ndarray, y: np.ndarray) -> QPolygonF:
    """Build a QPolygonF from coordinate arrays by writing into its buffer (no Python loop)."""
    polygon = QPolygonF()
    polygon.resize(len(x))
    if len(x):
        buffer = shiboken6.VoidPtr(polygon.data(), len(x) * 16, True)
        points = np.frombuffer(buffer, dtype=np.float64).reshape(len(x), 2)
        points[:, 0] = x
        points[:, 1] = y
    return polygon


def _row_visible(trace, spec: PaperSpec, px_per_mm: float, visible: QRectF) -> bool:
    """Whether any of the trace's row (with a large QRS's overshoot into the next) is seen."""
    top = (trace.row_top_mm - 5 * spec.gain) * px_per_mm
    bottom = (trace.baseline_mm + 5 * spec.gain) * px_per_mm
    return bottom >= visible.top() and top <= visible.bottom()


def _trace_polygon(record: Record, trace, spec: PaperSpec, px_per_mm: float, visible: QRectF) -> QPolygonF:
    """The trace's samples that fall within ``visible``'s columns (plus one either side)."""
    seen_from_s = trace.start_s + (visible.left() / px_per_mm - trace.x_mm) / spec.speed
    seen_to_s = trace.start_s + (visible.right() / px_per_mm - trace.x_mm) / spec.speed
    first = max(int(round(trace.start_s * record.fs)), int(math.floor(seen_from_s * record.fs)) - 1)
    # One sample past the stretch joins it to the next column, as a paper printout does.
    last = min(record.n_samples, int(round(trace.end_s * record.fs)) + 1, int(math.ceil(seen_to_s * record.fs)) + 2)
    values = record.lead(trace.lead)[first:last].astype(np.float64)
    times = np.arange(first, last) / record.fs - trace.start_s
    x = (trace.x_mm + times * spec.speed) * px_per_mm
    y = (trace.baseline_mm - values * spec.gain) * px_per_mm
    return _polygon(*_min_max_per_pixel(x, y))


def _min_max_per_pixel(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where several samples share a pixel column keep only their first, lowest, highest and
    last value: the drawing is unchanged (peaks survive) and far fewer points are stroked."""
    if len(x) < 8 or (x[-1] - x[0]) / len(x) > 0.5:
        return x, y
    column = np.floor(x).astype(np.int64)  # non-decreasing, so each column is one run
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
    ends = np.r_[starts[1:], len(x)] - 1
    by_column_then_value = np.lexsort((y, column))
    lowest, highest = by_column_then_value[starts], by_column_then_value[ends]
    keep = np.unique(np.concatenate([starts, ends, lowest, highest]))
    return x[keep], y[keep]


def _calibration_pulse(paper: Paper, baseline_mm: float, px_per_mm: float) -> QPolygonF:
    spec = paper.spec
    x0 = paper.calibration_x_mm
    x1 = x0 + 1.0  # 1 mm of baseline before the step
    x2 = x1 + CALIBRATION_S * spec.speed
    x3 = x2 + 1.0
    top = baseline_mm - CALIBRATION_MV * spec.gain
    xs = np.array([x0, x1, x1, x2, x2, x3]) * px_per_mm
    ys = np.array([baseline_mm, baseline_mm, top, top, baseline_mm, baseline_mm]) * px_per_mm
    return _polygon(xs, ys)


def _draw_text(painter: QPainter, paper: Paper, record: Record, px_per_mm: float) -> None:
    font = QFont("DejaVu Sans")
    font.setBold(True)
    font.setPixelSize(max(8, round(3.2 * px_per_mm)))
    painter.setFont(font)
    painter.setPen(TRACE_COLOUR)
    for trace in paper.traces:
        painter.drawText(
            QPointF((trace.x_mm + 1.0) * px_per_mm, (trace.row_top_mm + 4.0) * px_per_mm),
            trace.lead,
        )
    font.setBold(False)
    font.setPixelSize(max(7, round(2.5 * px_per_mm)))
    painter.setFont(font)
    painter.drawText(QPointF(2.0 * px_per_mm, (paper.height_mm - 1.5) * px_per_mm), footer(paper.spec, record))


def footer(spec: PaperSpec, record: Record) -> str:
    """What a cart prints under the traces: speed, gain, the bandwidth actually shown and the
    sampling rate, e.g. "25 mm/s   10 mm/mV   0.5–150 Hz  50 Hz notch   sampled at 500 Hz", in the
    interface's language (units stay as printed). A record whose amplitude is not in calibrated
    mV says so instead of claiming 10 mm/mV."""
    if record.zscored:
        amplitude = QCoreApplication.translate("Paper", "amplitude in z-scores, not mV")
    elif not record.amplitude_calibrated:
        amplitude = QCoreApplication.translate("Paper", "amplitude not calibrated")
    else:
        amplitude = QCoreApplication.translate("Paper", "{gain} mm/mV").format(gain=f"{spec.gain:g}")
    speed = QCoreApplication.translate("Paper", "{speed} mm/s").format(speed=f"{spec.speed:g}")
    sampling = QCoreApplication.translate("Paper", "sampled at {fs} Hz").format(fs=f"{record.fs:g}")
    return "   ".join((speed, amplitude, _bandwidth(spec.filters, record.fs), sampling))


def _bandwidth(filters: DisplayFilters, fs: float) -> str:
    """The bandwidth and notch actually applied at ``fs``: "0.5–150 Hz  50 Hz notch"; with no
    low-pass the upper edge is the Nyquist frequency, and a filter that cannot act at this
    sampling rate is named as missing, so the paper never claims a filter it did not apply."""
    applied = filters.applied(fs)
    low = f"{applied.baseline_hz:g}" if applied.baseline_hz is not None else "0"
    high = f"{applied.muscle_hz:g}" if applied.muscle_hz is not None else f"{fs / 2:g}"
    text = f"{low}–{high} Hz"
    if filters == NO_FILTERS:
        return text + " " + QCoreApplication.translate("Paper", "(unfiltered)")
    if applied.mains_hz is not None:
        text += "  " + QCoreApplication.translate("Paper", "{mains} Hz notch").format(mains=applied.mains_hz)
    skipped = []
    if filters.muscle_hz is not None and applied.muscle_hz is None:
        skipped.append(
            QCoreApplication.translate("Paper", "{muscle} Hz low-pass").format(muscle=f"{filters.muscle_hz:g}")
        )
    if filters.mains_hz is not None and applied.mains_hz is None:
        skipped.append(QCoreApplication.translate("Paper", "{mains} Hz notch").format(mains=filters.mains_hz))
    if skipped:
        missing = (" " + QCoreApplication.translate("Paper", "or") + " ").join(skipped)
        text += " " + QCoreApplication.translate("Paper", "(no {filters} at {fs} Hz sampling)").format(
            filters=missing, fs=f"{fs:g}"
        )
    return text
