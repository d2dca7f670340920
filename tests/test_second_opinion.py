"""Second-opinion mode: the network's output after the unaided read, and an aided read stored
as its own phase; saliency drawn on the ECG."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox
from sqlalchemy import select

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.paper import PaperSpec
from ecgreader.ecg.render import render_image
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.gui.second_opinion_panel import (
    DECISION,
    DISAGREEMENT,
    FINDING,
    MEASUREMENT,
    PROBABILITY,
    THRESHOLD,
    SecondOpinionPanel,
    saliency_stands_out,
)
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY
from ecgreader.measurements import measure
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.model.saliency import saliency
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.cases import case_ids
from ecgreader.store.model_runs import NetworkOpinion, add_model_run, network_opinion
from ecgreader.store.schema import Read
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import make_reading_study, read_unaided_then_aided

pytestmark = pytest.mark.qt


@pytest.fixture(autouse=True)
def isolated(isolated_qt):
    return isolated_qt


@pytest.fixture
def aided_study(tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", n_cases=4, second_opinion_mode="after_each_case", protocol="")
    database = open_study(path)
    predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
    yield database
    database.close()


def test_aided_read_is_stored_as_a_separate_phase(qtbot, aided_study, isolated):
    session = ReadingSession(aided_study, register_reader(aided_study, "Dr Aided", "Specialist"))
    page = ReadingPage(session)
    qtbot.addWidget(page)
    page.start()
    assert not page.opinion_panel.isVisible() and page.opinion_panel.isHidden()
    page.panel.label_boxes["LVH"].setChecked(True)
    page.panel.submit()
    assert not page.opinion_panel.isHidden()  # the network's output now shows
    assert page.case_label.text() == "Case 1 of 4 · with the network's second opinion"
    table = page.opinion_panel.table
    assert table.item(5, FINDING).text() == "LVH"
    network_lvh = table.item(5, DECISION).text()
    assert table.item(5, DECISION).toolTip() == "Your unaided read: present"
    highlighted = table.item(5, PROBABILITY).background().color() == DISAGREEMENT
    assert network_lvh in {"present", "absent"} and highlighted == (network_lvh == "absent")
    probability = float(table.item(5, PROBABILITY).text())
    threshold = float(table.item(5, THRESHOLD).text())
    assert (network_lvh == "present") == (probability >= threshold)
    qtbot.waitUntil(lambda: table.item(4, MEASUREMENT).text().startswith("PR "))  # IAVB: measured off-thread
    assert page.opinion_panel.performance.text() == "Performance not recorded in the model card."  # tiny model
    assert page.panel.selected_labels() == {"LVH"}  # prefilled for revision
    page.panel.label_boxes["LVH"].setChecked(False)
    page.panel.label_boxes["LAE"].setChecked(True)
    page.panel.submit()
    assert page.case_label.text() == "Case 2 of 4" and page.opinion_panel.isHidden()
    with aided_study.reading() as db:
        reads = db.scalars(select(Read).order_by(Read.phase)).all()
        assert [(r.phase, {link.label.key for link in r.labels}) for r in reads] == [
            ("aided", {"LAE"}),
            ("unaided", {"LVH"}),
        ]
        assert reads[0].shown_at >= reads[1].submitted_at
    assert not isolated


def test_no_second_opinion_when_the_study_says_off(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "off.ecgstudy", n_cases=3, protocol="")
    with open_study(path) as database:
        predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
        page = ReadingPage(ReadingSession(database, register_reader(database, "Dr Off", "Specialist")))
        qtbot.addWidget(page)
        page.start()
        page.panel.none_box.setChecked(True)
        page.panel.submit()
        assert page.case_label.text() == "Case 2 of 3" and page.opinion_panel.isHidden()


def test_saliency_is_per_lead_in_range_and_drawn_on_the_paper(tmp_path):
    model = EcgModel.load(tiny_model(tmp_path / "tiny.pt"))
    record = synthetic_ecg()
    values = saliency(model, record, "LVH")
    assert values.shape == (12, 1000) and values.min() >= 0 and values.max() == pytest.approx(1.0)
    plain = render_image(record, PaperSpec(), 4.0).convertToFormat(QImage.Format_RGB888)
    shaded = render_image(record, PaperSpec(), 4.0, highlight=values).convertToFormat(QImage.Format_RGB888)

    def orange(image: QImage) -> int:
        buffer = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        rgb = buffer[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)
        return int(((rgb[..., 0] > 200) & (rgb[..., 2] < 170) & (rgb[..., 1] < 230)).sum())

    assert orange(shaded) > orange(plain) + 500


def test_report_compares_unaided_and_aided_reads(aided_study, tmp_path):
    from ecgreader.analysis.report import build_report, render_html, write_csv_folder

    read_unaided_then_aided(aided_study, "Dr Changes", "General doctor", n_cases=4)
    report = build_report(aided_study, bootstrap=100)
    lvh = next(c for c in report.changes if c.rater == "Dr Changes" and c.label == "LVH" and c.metric == "sensitivity")
    assert (lvh.unaided, lvh.aided, lvh.change) == (0.0, 1.0, 1.0)
    write_csv_folder(report, tmp_path / "csv")
    assert (tmp_path / "csv" / "phase_change.csv").exists() and (tmp_path / "csv" / "metrics_aided.csv").exists()
    assert "Unaided vs aided reads" in render_html(report)


def test_a_report_says_when_the_aided_phase_is_unfinished(aided_study):
    from ecgreader.analysis.report import build_report, incomplete_note

    read_unaided_then_aided(aided_study, "Dr Halfway", "General doctor", n_cases=4, n_aided=3)
    note = incomplete_note(build_report(aided_study, bootstrap=50))
    assert note is not None and "Aided phase incomplete" in note and "Dr Halfway: 3 of 4" in note
    assert "Incomplete study" not in note  # every case was read unaided


def test_after_the_study_mode_offers_an_aided_pass_once_every_case_is_read(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "after.ecgstudy", n_cases=3, second_opinion_mode="after_study", protocol="")
    with open_study(path) as database:
        predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
        page = ReadingPage(ReadingSession(database, register_reader(database, "Dr Later", "Specialist")))
        qtbot.addWidget(page)
        page.start()
        for _ in range(3):
            assert page.opinion_panel.isHidden()  # nothing of the network during the unaided pass
            page.panel.none_box.setChecked(True)
            page.panel.submit()
        assert page.case_label.text() == "Case 1 of 3 · with the network's second opinion"
        assert not page.opinion_panel.isHidden()
        with qtbot.waitSignal(page.finished):
            for _ in range(3):
                page.panel.label_boxes["STE"].setChecked(True)
                page.panel.submit()
        with database.reading() as db:
            phases = sorted(r.phase for r in db.scalars(select(Read)))
        assert phases == ["aided"] * 3 + ["unaided"] * 3


def test_every_finding_is_visible_without_scrolling_at_1366_by_768(qtbot, aided_study):
    page = ReadingPage(ReadingSession(aided_study, register_reader(aided_study, "Dr Laptop", "Specialist")))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.start()
    page.panel.none_box.setChecked(True)
    page.panel.submit()
    assert not page.opinion_panel.isHidden()
    qtbot.waitUntil(lambda: page.opinion_panel.table.viewport().height() > 0)
    assert page.height() <= 768 and page.minimumSizeHint().height() <= 768
    table = page.opinion_panel.table
    assert table.rowCount() == 10
    for row in range(table.rowCount()):
        cell = table.visualRect(table.model().index(row, FINDING))
        assert cell.top() >= 0 and cell.bottom() < table.viewport().height(), f"row {row} is scrolled out of view"
    assert table.verticalScrollBar().maximum() == 0


def opinion(metadata: dict) -> NetworkOpinion:
    keys = DEFAULT_VOCABULARY.keys
    probabilities = {key: 0.1 * (i + 1) for i, key in enumerate(keys)}
    return NetworkOpinion(1, "card-net", "e" * 64, probabilities, dict.fromkeys(keys, 0.45), metadata)


def test_the_model_card_line_quotes_cross_validated_figures_never_the_held_out_test_set(qtbot):
    # The held-out test set may be the study's own cases (LUDB study half): never shown to readers.
    held_out = {"test_set": "LUDB study half", "n_cases": 100, "macro_auc": 0.99, "macro_f1": 0.98, "per_label": {}}
    cross_validated = {
        "per_class": {"LVH": {"sensitivity": 0.7, "specificity": 0.95, "n": 431}, "CRBBB": {"n": 431}},
        "macro": {"auc": 0.873, "f1": 0.612},
    }
    panel = SecondOpinionPanel(DEFAULT_VOCABULARY)
    qtbot.addWidget(panel)
    panel.show_opinion(opinion({"held_out": held_out, "cross_validated_metrics": cross_validated}), frozenset())
    line = panel.performance.text()
    assert "LUDB study half" not in line and "100" not in line and "0.99" not in line
    assert "cross-validated on the network's 431 training records" in line.lower()
    assert "macro AUC 0.87" in line and "macro F1 0.61" in line
    panel.table.setCurrentCell(DEFAULT_VOCABULARY.index("LVH"), FINDING)
    assert panel.performance.text().endswith("for LVH sensitivity 0.70, specificity 0.95")
    panel.table.setCurrentCell(DEFAULT_VOCABULARY.index("LAE"), FINDING)
    assert panel.performance.text().endswith("for LAE not recorded")
    panel.show_opinion(opinion({"held_out": held_out}), frozenset())  # a card without cross-validation
    assert panel.performance.text() == "Performance not recorded in the model card."


def test_the_opinion_a_reader_is_shown_carries_its_runs_model_card(tmp_path):
    card = {"held_out": {"test_set": "LUDB study half", "n_cases": 100, "macro_auc": 0.8, "macro_f1": 0.5}}
    with open_study(make_reading_study(tmp_path / "card.ecgstudy", n_cases=2)) as database:
        first = case_ids(database)[0]
        add_model_run(database, "carded-net", "c" * 64, card, {"LVH": 0.5}, {first: {"LVH": 0.7}})
        assert network_opinion(database, first).metadata == card


def test_decisions_follow_the_runs_thresholds_and_disagreements_are_highlighted(qtbot):
    panel = SecondOpinionPanel(DEFAULT_VOCABULARY)
    qtbot.addWidget(panel)
    shown = opinion({})
    disagreements = panel.show_opinion(shown, frozenset({"CRBBB", "QWAVE"}))
    said = {key for key in DEFAULT_VOCABULARY.keys if shown.probabilities[key] >= 0.45}
    assert set(disagreements) == said ^ {"CRBBB", "QWAVE"}
    for row, key in enumerate(DEFAULT_VOCABULARY.keys):
        assert panel.table.item(row, DECISION).text() == ("present" if key in said else "absent")
        assert panel.table.item(row, THRESHOLD).text() == "0.45"
        assert (panel.table.item(row, FINDING).background().color() == DISAGREEMENT) == (key in disagreements)


def test_the_measured_column_shows_each_findings_criterion(qtbot):
    panel = SecondOpinionPanel(DEFAULT_VOCABULARY)
    qtbot.addWidget(panel)
    panel.show_opinion(opinion({}), frozenset())
    row = DEFAULT_VOCABULARY.index
    assert {panel.table.item(r, MEASUREMENT).text() for r in range(10)} == {"—"}  # not measured yet
    measured = measure(synthetic_ecg(72))
    panel.show_measurements(measured)
    assert panel.table.item(row("IAVB"), MEASUREMENT).text() == f"PR {measured.pr_ms:.0f} ms"
    assert panel.table.item(row("CLBBB"), MEASUREMENT).text() == f"QRS {measured.qrs_ms:.0f} ms"
    assert panel.table.item(row("LAFB"), MEASUREMENT).text() == f"QRS axis {measured.qrs_axis_deg:.0f}°"
    assert panel.table.item(row("LVH"), MEASUREMENT).text() == (
        f"Sokolow–Lyon {measured.sokolow_lyon_mv:.1f} mV; Cornell {measured.cornell_mv:.1f} mV"
    )
    assert "mV (" in panel.table.item(row("STE"), MEASUREMENT).text()  # names the lead
    panel.show_measurements(measure(dataclasses.replace(synthetic_ecg(72), amplitude_calibrated=False)))
    assert panel.table.item(row("LVH"), MEASUREMENT).text() == "amplitude not calibrated"
    assert panel.table.item(row("IAVB"), MEASUREMENT).text().startswith("PR ")


def test_a_saliency_that_shades_nothing_says_no_region_stood_out(qtbot):
    record = synthetic_ecg()
    spec = PaperSpec()
    assert saliency_stands_out(record, spec, np.ones((12, 1000)))
    assert not saliency_stands_out(record, spec, np.zeros((12, 1000)))
    # High only in V1's first 2.5 s, which the 3x4 page never draws (V1 shows 5-7.5 s): nothing shades.
    hidden = np.zeros((12, 1000))
    hidden[STANDARD_LEADS.index("V1"), :250] = 1.0
    assert not saliency_stands_out(record, spec, hidden)
    panel = SecondOpinionPanel(DEFAULT_VOCABULARY)
    qtbot.addWidget(panel)
    panel.show_opinion(opinion({}), frozenset())
    panel.saliency_choice.setCurrentText("LVH")
    panel.show_saliency_drawn(record, spec, np.zeros((12, 1000)))
    assert panel.saliency_note.text() == "No region stood out for LVH: nothing is shaded."
    panel.show_saliency_drawn(record, spec, np.ones((12, 1000)))
    assert panel.saliency_note.text() == ""


def test_the_reading_room_says_when_the_saliency_it_drew_shades_nothing(qtbot, aided_study, isolated):
    page = ReadingPage(ReadingSession(aided_study, register_reader(aided_study, "Dr Looks", "Specialist")))
    qtbot.addWidget(page)
    page.start()
    page.panel.none_box.setChecked(True)
    page.panel.submit()
    panel = page.opinion_panel
    with QSignalBlocker(panel.saliency_choice):  # the choice without starting the (slow) gradient
        panel.saliency_choice.setCurrentText("LVH")
    page.saliency_worker.succeeded.emit((None, np.zeros((12, 1000))))  # as the worker reports an empty map
    assert panel.saliency_note.text() == "No region stood out for LVH: nothing is shaded."
    page.saliency_worker.succeeded.emit((None, np.ones((12, 1000))))
    assert panel.saliency_note.text() == "" and page.view.highlight is not None
    assert not isolated


def test_a_cannot_be_assessed_read_is_shown_as_such_beside_the_opinion_with_no_disagreement(qtbot, aided_study):
    page = ReadingPage(ReadingSession(aided_study, register_reader(aided_study, "Dr Unsure", "Specialist")))
    qtbot.addWidget(page)
    page.start()
    page.panel.unassessable_choice.findChild(QCheckBox).setChecked(True)
    page.panel.submit()
    assert not page.opinion_panel.isHidden()
    table = page.opinion_panel.table
    for row in range(table.rowCount()):
        assert table.item(row, DECISION).toolTip() == "Your unaided read: cannot be assessed"
        assert table.item(row, DECISION).background().color() != DISAGREEMENT


def test_previous_and_next_wait_for_the_aided_read_once_the_opinion_is_shown(qtbot, tmp_path):
    path = make_reading_study(
        tmp_path / "revisit.ecgstudy", n_cases=3, second_opinion_mode="after_each_case", allow_revisit=True
    )
    with open_study(path) as database:
        page = ReadingPage(ReadingSession(database, register_reader(database, "Dr Revisit", "Specialist")))
        qtbot.addWidget(page)
        page.start()
        page.panel.none_box.setChecked(True)
        page.panel.submit()
        assert not page.opinion_panel.isHidden()  # case 1's unaided read is now sealed
        assert not page.next_button.isEnabled() and not page.previous_button.isEnabled()
        page.panel.submit()  # the aided read, starting from the unaided answer
        assert page.case_label.text() == "Case 2 of 3" and page.previous_button.isEnabled()


def test_every_owed_aided_read_is_offered_before_the_study_is_done(qtbot, aided_study):
    # Three cases read unaided with no opinion shown (as before the network was run), then signing in.
    session = ReadingSession(aided_study, register_reader(aided_study, "Dr Owed", "Specialist"))
    for index in range(3):
        session.open(index)
        session.submit(frozenset())
    page = ReadingPage(ReadingSession(aided_study, session.reader))
    qtbot.addWidget(page)
    page.start()
    offered = []
    with qtbot.waitSignal(page.finished):
        for _ in range(5):  # three owed aided reads, then case 4 unaided and aided
            offered.append(page.case_label.text())
            page.panel.none_box.setChecked(True)
            page.panel.submit()
    with_opinion = "Case {} of 4 · with the network's second opinion"
    assert offered == [*(with_opinion.format(n) for n in (1, 2, 3)), "Case 4 of 4", with_opinion.format(4)]
    with aided_study.reading() as db:
        phases = sorted(r.phase for r in db.scalars(select(Read)))
    assert phases == ["aided"] * 4 + ["unaided"] * 4
