"""Clinical geometry measured in the rendered pixels (25 mm/s, 10 mm/mV, 1 and 5 mm grid), the
display filters and the footer that states them."""

from __future__ import annotations

import re
import sys
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from ecgreader.ecg.display_filters import DisplayFilters, filter_signal
from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.paper import LAYOUTS, PaperSpec, lay_out
from ecgreader.ecg.render import footer, render_image, render_pdf
from ecgreader.ecg.synthetic import square_wave_ecg, synthetic_ecg

pytestmark = pytest.mark.qt


def pixels(image: QImage) -> np.ndarray:
    """(height, width, 3) RGB array of a QImage."""
    image = image.convertToFormat(QImage.Format_RGB888)
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8)
    rows = buffer.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
    return rows.reshape(image.height(), image.width(), 3).copy()  # the QImage dies on return


def dark(rgb: np.ndarray) -> np.ndarray:
    """Trace pixels: black ink, not the pink/red grid."""
    return rgb.max(axis=-1) < 128


def centre_of_ink(column: np.ndarray, start: int, stop: int) -> float:
    """Centre (in pixels) of the ink found in ``column[start:stop]``, weighted by darkness."""
    darkness = 255.0 - column[start:stop].mean(axis=-1)
    darkness[darkness < 128] = 0
    assert darkness.sum() > 0, "no ink where a trace was expected"
    return start + float((darkness * np.arange(len(darkness))).sum() / darkness.sum())


@pytest.mark.parametrize("gain", [5.0, 10.0, 20.0])
@pytest.mark.parametrize("px_per_mm", [4.0, 8.0, 11.3])
def test_calibration_pulse_is_one_millivolt_high(gain, px_per_mm):
    spec = PaperSpec(layout="3x4+II", gain=gain)
    rgb = pixels(render_image(synthetic_ecg(), spec, px_per_mm))
    paper = lay_out(spec)
    pulse_start_mm = paper.calibration_x_mm + 1.0
    for baseline_mm in paper.calibration_baselines_mm:
        band = (int((baseline_mm - gain - 3) * px_per_mm), int((baseline_mm + 3) * px_per_mm))
        before = rgb[:, int((pulse_start_mm - 0.5) * px_per_mm)]
        middle = rgb[:, int((pulse_start_mm + 2.5) * px_per_mm)]
        height_px = centre_of_ink(before, *band) - centre_of_ink(middle, *band)
        assert height_px == pytest.approx(gain * px_per_mm, abs=1.0)


@pytest.mark.parametrize("px_per_mm", [4.0, 8.0, 10.0])
def test_major_grid_pitch_is_five_millimetres(px_per_mm):
    rgb = pixels(render_image(synthetic_ecg(), PaperSpec(), px_per_mm))
    row = rgb[int(2.5 * px_per_mm)].astype(int)  # the top margin holds only grid
    red = (row[:, 0] > 200) & (row[:, 1] < 160)
    starts = np.flatnonzero(red & ~np.r_[False, red[:-1]])
    ends = np.flatnonzero(red & ~np.r_[red[1:], False])
    centres = (starts + ends) / 2
    pitches = np.diff(centres)
    assert len(pitches) > 40
    assert np.all(np.abs(pitches - 5 * px_per_mm) <= 1.0)
    minor = (row[:, 0] > 235) & (row[:, 1] > 180) & (row[:, 1] < 215)
    assert minor.sum() >= 4 * len(pitches)  # four 1 mm lines between major lines


@pytest.mark.parametrize("speed, gain", [(25.0, 10.0), (50.0, 10.0), (25.0, 20.0)])
def test_square_wave_lands_at_paper_speed_and_gain(speed, gain):
    px_per_mm = 8.0
    spec = PaperSpec(layout="3x4+II", gain=gain, speed=speed, duration_s=10.0)
    rgb = pixels(render_image(square_wave_ecg(amplitude_mv=1.0, period_s=1.0), spec, px_per_mm))
    rhythm = lay_out(spec).traces[-1]  # the 10 s lead II strip
    assert rhythm.lead == "II" and rhythm.start_s == 0.0
    band = (
        int((rhythm.baseline_mm - gain - 4) * px_per_mm),
        int((rhythm.baseline_mm + 4) * px_per_mm),
    )
    # Inside a high half-period the trace sits gain mm above where it sits in a low one.
    high_x = int((rhythm.x_mm + 0.25 * speed) * px_per_mm)
    low_x = int((rhythm.x_mm + 0.75 * speed) * px_per_mm)
    step_px = centre_of_ink(rgb[:, low_x], *band) - centre_of_ink(rgb[:, high_x], *band)
    assert step_px == pytest.approx(gain * px_per_mm, abs=1.0)
    assert centre_of_ink(rgb[:, low_x], *band) == pytest.approx(rhythm.baseline_mm * px_per_mm, abs=1.0)
    # Edges (vertical ink half-way up) at t = 0.5 s, 1.0 s, 1.5 s, … after the strip's start.
    mid_y = int((rhythm.baseline_mm - gain / 2) * px_per_mm)
    skip = 3  # past the strip's very first rising edge at t = 0
    line = dark(rgb[mid_y, int(rhythm.x_mm * px_per_mm) + skip :])
    starts = np.flatnonzero(line & ~np.r_[False, line[:-1]])
    ends = np.flatnonzero(line & ~np.r_[line[1:], False])
    edges_px = (starts + ends) / 2 + skip + int(rhythm.x_mm * px_per_mm) - rhythm.x_mm * px_per_mm
    expected = np.arange(1, len(edges_px) + 1) * 0.5 * speed * px_per_mm
    assert len(edges_px) == 19
    assert np.all(np.abs(edges_px - expected) <= 1.0)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_labels_all_twelve_leads(layout):
    paper = lay_out(PaperSpec(layout=layout))
    assert sorted({t.lead for t in paper.traces}) == sorted(
        ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    )
    image = render_image(synthetic_ecg(), PaperSpec(layout=layout), 4.0)
    assert image.width() == round(paper.width_mm * 4) and image.height() == round(paper.height_mm * 4)


def test_paper_rejects_non_clinical_settings():
    with pytest.raises(ValueError, match="gain 7 mm/mV"):
        PaperSpec(gain=7.0)
    with pytest.raises(ValueError, match="speed 30 mm/s"):
        PaperSpec(speed=30.0)
    with pytest.raises(ValueError, match="layout '4x3'"):
        PaperSpec(layout="4x3")


def test_pdf_is_a_vector_page_of_the_paper_size(tmp_path):
    out = tmp_path / "ecg.pdf"
    render_pdf(synthetic_ecg(), out, PaperSpec(layout="6x2"))
    content = out.read_bytes().decode("latin-1")
    assert content.startswith("%PDF")
    paper = lay_out(PaperSpec(layout="6x2"))
    box = re.search(r"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", content)
    assert box, "no page size in the PDF"
    points_per_mm = 72 / 25.4
    assert float(box.group(1)) == pytest.approx(paper.width_mm * points_per_mm, abs=1.0)
    assert float(box.group(2)) == pytest.approx(paper.height_mm * points_per_mm, abs=1.0)
    assert "/Subtype /Image" not in content  # drawn as vectors, not as an embedded bitmap


def test_repeated_rendering_keeps_python_reference_counts_intact():
    """PySide6 6.12.0 under Python 3.11 drops a reference to None on each void Qt call, which
    aborts the app after a few hundred renders; the pinned version must not."""
    record = synthetic_ecg()
    render_image(record, PaperSpec(), 4.0)
    before = sys.getrefcount(None)
    for _ in range(20):
        render_image(record, PaperSpec(), 4.0)
    assert before - sys.getrefcount(None) < 20


def test_a_region_is_drawn_exactly_as_that_part_of_the_whole_page():
    """The reading view draws only what is on screen; it must be the same drawing."""
    record, spec, px_per_mm = synthetic_ecg(), PaperSpec(speed=50.0), 4.0
    whole = pixels(render_image(record, spec, px_per_mm))
    region = QRectF(100.0, 40.0, 150.0, 90.0)  # whole pixels at 4 px/mm
    part = pixels(render_image(record, spec, px_per_mm, region_mm=region))
    crop = whole[160:520, 400:1000]
    assert part.shape == crop.shape
    differing = np.abs(part.astype(int) - crop.astype(int)).max(axis=-1) > 8
    assert differing.mean() < 0.001  # antialiasing at a cut trace's end, at most


def drifting_ecg(drift_mv: float = 1.0, drift_hz: float = 0.1):
    record = synthetic_ecg(heart_rate_bpm=60.0, first_r_s=0.5)
    t = np.arange(record.n_samples) / record.fs
    return replace(record, signal=(record.signal + drift_mv * np.sin(2 * np.pi * drift_hz * t)).astype(np.float32))


def test_the_baseline_filter_removes_drift_without_moving_the_r_waves():
    record = drifting_ecg()
    filtered = filter_signal(record.signal, record.fs, DisplayFilters(baseline_hz=0.5))
    lead_ii = STANDARD_LEADS.index("II")
    # Between beats (t = 1.0, 2.0, ... s: mid-diastole), the raw trace wanders with the drift;
    # the filtered one stays within 0.1 mV of its baseline.
    quiet = (np.arange(1, 9) * record.fs).astype(int)
    assert np.ptp(record.signal[lead_ii, quiet]) > 1.0
    assert np.abs(filtered[lead_ii, quiet]).max() < 0.1
    # Zero phase: every R peak is on the same sample as before.
    beats = [(int((r - 0.1) * record.fs), int((r + 0.1) * record.fs)) for r in np.arange(1.5, 9.0)]
    for start, stop in beats:
        assert np.argmax(filtered[lead_ii, start:stop]) == np.argmax(record.signal[lead_ii, start:stop])
    assert record.signal is not filtered and np.ptp(record.signal[lead_ii, quiet]) > 1.0  # stored data untouched


def test_the_mains_notch_removes_50_hz_and_the_muscle_filter_high_frequencies():
    record = synthetic_ecg()
    t = np.arange(record.n_samples) / record.fs
    hum = 0.2 * np.sin(2 * np.pi * 50.0 * t)
    tremor = 0.2 * np.sin(2 * np.pi * 90.0 * t)
    middle = slice(record.n_samples // 4, 3 * record.n_samples // 4)  # away from the filters' edges

    def residual(noisy: np.ndarray, filters: DisplayFilters, clean: np.ndarray) -> float:
        shown = filter_signal(noisy.astype(np.float32), record.fs, filters)
        return float(np.abs(shown - clean)[:, middle].max())

    assert residual(record.signal + hum, DisplayFilters(mains_hz=50), record.signal) < 0.02  # from 0.2 mV
    smoothed = filter_signal(record.signal, record.fs, DisplayFilters(muscle_hz=40.0))
    assert residual(record.signal + tremor, DisplayFilters(muscle_hz=40.0), smoothed) < 0.02


def test_filters_above_the_nyquist_frequency_are_skipped_and_the_footer_says_so():
    record = synthetic_ecg(fs=100.0)  # the PTB-XL subset's sampling rate
    filters = DisplayFilters(baseline_hz=0.5, muscle_hz=150.0, mains_hz=50)
    assert filters.applied(record.fs) == DisplayFilters(baseline_hz=0.5)
    assert footer(PaperSpec(filters=filters), record) == (
        "25 mm/s   10 mm/mV   0.5–50 Hz (no 150 Hz low-pass or 50 Hz notch at 100 Hz sampling)   sampled at 100 Hz"
    )
    assert footer(PaperSpec(), record) == "25 mm/s   10 mm/mV   0–50 Hz (unfiltered)   sampled at 100 Hz"


def test_an_uncalibrated_record_says_so_instead_of_a_gain():
    record = replace(synthetic_ecg(), amplitude_calibrated=False)
    text = footer(PaperSpec(speed=50.0, filters=DisplayFilters(baseline_hz=0.05, muscle_hz=150.0)), record)
    assert text == "50 mm/s   amplitude not calibrated   0.05–150 Hz   sampled at 500 Hz"


def test_filters_outside_a_carts_range_are_refused():
    with pytest.raises(ValueError, match="baseline filter 2 Hz is outside 0.01–1 Hz"):
        DisplayFilters(baseline_hz=2.0)
    with pytest.raises(ValueError, match="mains notch 55 Hz"):
        DisplayFilters(mains_hz=55)


def test_the_drawn_trace_is_filtered():
    """With the baseline filter the rhythm strip's ink between beats lies on its baseline."""
    record, px_per_mm = drifting_ecg(drift_mv=1.0, drift_hz=0.1), 8.0
    for filters, on_baseline in ((DisplayFilters(), False), (DisplayFilters(baseline_hz=0.5), True)):
        spec = PaperSpec(filters=filters)
        rgb = pixels(render_image(record, spec, px_per_mm))
        rhythm = lay_out(spec).traces[-1]
        x = int((rhythm.x_mm + 3.0 * spec.speed) * px_per_mm)  # t = 3 s, between beats, drift at +0.95 mV
        band = (int((rhythm.baseline_mm - 15) * px_per_mm), int((rhythm.baseline_mm + 5) * px_per_mm))
        offset_mm = (rhythm.baseline_mm * px_per_mm - centre_of_ink(rgb[:, x], *band)) / px_per_mm
        assert (abs(offset_mm) < 1.0) == on_baseline
