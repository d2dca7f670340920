"""Second-opinion mode: the network's output after the unaided read, and an aided read stored
as its own phase; saliency drawn on the ECG."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage
from sqlalchemy import select

from ecgreader.ecg.paper import PaperSpec
from ecgreader.ecg.render import render_image
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.model.saliency import saliency
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.schema import Read
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import make_reading_study

pytestmark = pytest.mark.qt


@pytest.fixture(autouse=True)
def isolated(isolated_qt):
    return isolated_qt


@pytest.fixture
def aided_study(tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", n_cases=4, second_opinion_mode="after_each_case")
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
    assert page.case_label.text() == "Case 1 of 4"
    table = page.opinion_panel.table
    assert table.item(5, 0).text() == "present"  # LVH row: your read
    network_lvh = table.item(5, 1).text()
    highlighted = table.item(5, 0).background().color().name() != "#000000"
    assert network_lvh in {"present", "absent"} and highlighted == (network_lvh == "absent")
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
    path = make_reading_study(tmp_path / "off.ecgstudy", n_cases=3)
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

    session = ReadingSession(aided_study, register_reader(aided_study, "Dr Changes", "General doctor"))
    for index in range(4):
        session.open(index)
        session.submit(frozenset())
        session.begin_aided_read()
        session.submit(frozenset({"LVH"}))
    report = build_report(aided_study, bootstrap=100)
    lvh = next(c for c in report.changes if c.rater == "Dr Changes" and c.label == "LVH" and c.metric == "sensitivity")
    assert (lvh.unaided, lvh.aided, lvh.change) == (0.0, 1.0, 1.0)
    write_csv_folder(report, tmp_path / "csv")
    assert (tmp_path / "csv" / "phase_change.csv").exists() and (tmp_path / "csv" / "metrics_aided.csv").exists()
    assert "Unaided vs aided reads" in render_html(report)


def test_after_the_study_mode_offers_an_aided_pass_once_every_case_is_read(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "after.ecgstudy", n_cases=3, second_opinion_mode="after_study")
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
