"""Clinical geometry measured in the rendered pixels: 25 mm/s, 10 mm/mV, 1 and 5 mm grid."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest
from PySide6.QtGui import QImage

from ecgreader.ecg.paper import LAYOUTS, PaperSpec, lay_out
from ecgreader.ecg.render import render_image, render_pdf
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
