"""The cart's measurement line and the median beats beside the paper: shown only where the study
shows measurements, measured off the GUI thread, at paper scale."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtGui import QImage

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import make_record
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.gui import measured_paper
from ecgreader.gui.measurement_line import MeasurementLine, measurement_line_text
from ecgreader.gui.median_beat_view import GAIN_MM_PER_MV, SPEED_MM_PER_S, MedianBeatView, beat_points_mm, cells
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.measurements import measure
from ecgreader.reading import ReadingSession
from ecgreader.store import CaseInput, StudyOptions, create_study, open_study
from ecgreader.store.sign_in import register_reader
from tests.helpers.study_fixtures import SECRET_SOURCE_PREFIX, make_reading_study

pytestmark = pytest.mark.qt


@pytest.fixture(autouse=True)
def isolated(isolated_qt):
    return isolated_qt


@pytest.fixture(scope="module")
def measured():
    return measure(synthetic_ecg(72, noise_mv=0.01, seed=5))


def noise_record():
    """0.5 mV of white noise on every lead: QRS-like peaks but no beat; its source is a secret."""
    signal = np.random.default_rng(0).normal(0.0, 0.5, (12, 5000))
    return make_record(
        f"{SECRET_SOURCE_PREFIX}noise.hea", f"{SECRET_SOURCE_PREFIX}noise", 500.0, signal, STANDARD_LEADS
    )


def reading_page(qtbot, path) -> ReadingPage:
    database = open_study(path)
    page = ReadingPage(ReadingSession(database, register_reader(database, "Dr Cart", "Specialist")))
    qtbot.addWidget(page)
    page.destroyed.connect(database.close)
    page.start()
    return page


def test_the_line_reads_like_a_carts(measured):
    text = measurement_line_text(measured)
    assert text == (
        f"HR {measured.heart_rate_bpm:.0f} bpm  PR {measured.pr_ms:.0f} ms  QRS {measured.qrs_ms:.0f} ms  "
        f"QT/QTc {measured.qt_ms:.0f}/{measured.qtc_ms:.0f} ms  "
        f"P/QRS/T axes {measured.p_axis_deg:.0f}/{measured.qrs_axis_deg:.0f}/{measured.t_axis_deg:.0f}°"
    )
    no_p_waves = dataclasses.replace(measured, pr_ms=None, p_axis_deg=None)  # e.g. atrial fibrillation
    text = measurement_line_text(no_p_waves)
    assert "PR — ms" in text and "P/QRS/T axes —/" in text


def test_a_noise_line_is_flagged_and_its_tooltip_explains_without_the_source(qtbot):
    line = MeasurementLine()
    qtbot.addWidget(line)
    noise = measure(noise_record())
    assert noise.warnings and SECRET_SOURCE_PREFIX in noise.warnings[0]  # the warning itself names its source
    line.show_measurements(noise)
    assert line.text().endswith("⚠ measurements unreliable")
    assert "do not agree" in line.toolTip() and "unreliable" in line.toolTip()
    assert SECRET_SOURCE_PREFIX not in line.text() + line.toolTip()
    clean = measure(synthetic_ecg(72, noise_mv=0.01, seed=5))
    line.show_measurements(clean)
    assert "⚠" not in line.text() + line.toolTip() and line.text().startswith("HR ")


def test_a_flat_axis_lead_is_flagged_as_giving_no_axes():
    ecg = synthetic_ecg()
    signal = ecg.signal.copy()
    signal[STANDARD_LEADS.index("aVF")] = 0.0
    flat = measure(make_record(f"{SECRET_SOURCE_PREFIX}flat.hea", "flat", ecg.fs, signal, STANDARD_LEADS))
    text = measurement_line_text(flat)
    assert text.endswith("P/QRS/T axes —/—/—°  ⚠ no axes") and SECRET_SOURCE_PREFIX not in text


def test_the_reading_room_flags_a_noise_case(qtbot, tmp_path, isolated):
    path = tmp_path / "noise.ecgstudy"
    cases = [CaseInput(noise_record(), frozenset(), "synthetic")]
    create_study(path, StudyOptions(name="Noise", show_measurements=True, protocol=""), cases)
    page = reading_page(qtbot, path)
    line = page.measured_paper.line
    qtbot.waitUntil(lambda: line.text().startswith("HR "), timeout=10_000)
    assert "⚠ measurements unreliable" in line.text() and "unreliable" in line.toolTip()
    assert SECRET_SOURCE_PREFIX not in line.text() + line.toolTip()
    assert not isolated


def test_median_beats_are_placed_at_25_mm_per_s_and_10_mm_per_mv():
    fs = 500.0
    beat = np.zeros(501)
    beat[250] = 1.0  # 1 mV, half a second in
    cell = cells(beat.size / fs * SPEED_MM_PER_S)[0]
    points = beat_points_mm(beat, fs, cell)
    assert points[250, 0] - points[0, 0] == pytest.approx(0.5 * 25.0)
    assert points[0, 1] - points[250, 1] == pytest.approx(10.0)  # up by 10 mm
    assert (SPEED_MM_PER_S, GAIN_MM_PER_MV) == (25.0, 10.0)


def test_the_median_beat_view_draws_beats_and_markers_and_says_when_uncalibrated(qtbot, measured):
    view = MedianBeatView()
    qtbot.addWidget(view)
    view.resize(260, 520)
    view.show_measurements(measured)
    assert view.caption.text() == "Median beats · 25 mm/s · 10 mm/mV"
    image = view.sheet.grab().toImage().convertToFormat(QImage.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rgb = pixels.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(-1, 3).astype(int)
    dark = ((rgb < 90).all(axis=1)).sum()
    blue = ((rgb[:, 2] > 150) & (rgb[:, 0] < 120)).sum()
    assert dark > 500 and blue > 100  # traces of twelve beats, and the fiducial markers
    uncalibrated = measure(dataclasses.replace(synthetic_ecg(72), amplitude_calibrated=False))
    view.show_measurements(uncalibrated)
    assert view.caption.text() == "Median beats · 25 mm/s · amplitude not calibrated"
    view.show_measurements(None)
    assert view.sheet.measured is None


def test_the_reading_room_shows_the_line_and_median_beats_when_the_study_does(qtbot, tmp_path, isolated):
    page = reading_page(
        qtbot, make_reading_study(tmp_path / "m.ecgstudy", n_cases=2, show_measurements=True, protocol="")
    )
    aids = page.measured_paper
    assert not aids.line.isHidden() and not aids.median_beats.isHidden()
    qtbot.waitUntil(lambda: aids.line.text().startswith("HR "), timeout=10_000)
    assert aids.line.text() == measurement_line_text(measure(page.view.record))
    assert aids.median_beats.sheet.measured is not None
    page.panel.none_box.setChecked(True)
    page.panel.submit()
    # The next case: the previous case's numbers go at once, never shown beside another ECG.
    assert aids.median_beats.sheet.measured is None and aids.line.text() == "Measuring…"
    qtbot.waitUntil(lambda: aids.line.text() == measurement_line_text(measure(page.view.record)), timeout=10_000)
    assert not isolated


def test_no_line_and_no_measuring_where_the_study_shows_no_aid(qtbot, tmp_path):
    page = reading_page(qtbot, make_reading_study(tmp_path / "plain.ecgstudy", n_cases=2, protocol=""))
    aids = page.measured_paper
    assert aids.line.isHidden() and aids.median_beats.isHidden()
    assert not aids.worker.running  # nothing measured: neither the aids nor a second opinion need it


def test_a_record_that_cannot_be_measured_says_why(qtbot, tmp_path, monkeypatch, isolated):
    def refuse(record):
        raise ValueError(f"{record.record_id}: no QRS complexes found")

    monkeypatch.setattr(measured_paper, "measure", refuse)
    page = reading_page(
        qtbot, make_reading_study(tmp_path / "bad.ecgstudy", n_cases=2, show_measurements=True, protocol="")
    )
    qtbot.waitUntil(lambda: "no QRS complexes found" in page.measured_paper.line.text(), timeout=10_000)
    assert page.measured_paper.line.text().startswith("No measurements: case ")
    assert not isolated  # the reading goes on: no error dialog
