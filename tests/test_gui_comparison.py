"""The coordinator's dashboard and case view, driven with real widgets on a real study."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ecgreader.analysis.engine import ComparisonInput, Rater, analyse
from ecgreader.analysis.mrmc_study import MrmcRow
from ecgreader.gui.case_review_page import CaseReviewPage
from ecgreader.gui.dashboard_page import FIRST_METRIC_COLUMN, DashboardPage, _mrmc_cells
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import SECRET_SOURCE_PREFIX, make_read_study, make_reading_study, read_cases

pytestmark = [pytest.mark.qt, pytest.mark.usefixtures("isolated_qt")]  # settings and dialogs kept to the test


@pytest.fixture
def study(tmp_path):
    with open_study(make_read_study(tmp_path / "s.ecgstudy", n_cases=6)) as database:
        yield database


def test_dashboard_runs_the_network_then_shows_metrics_and_figures(qtbot, study, tmp_path, isolated_qt):
    page = DashboardPage(study, bootstrap=200)
    qtbot.addWidget(page)
    # The fixture's model run lacks most labels: the dashboard says so instead of crashing.
    qtbot.waitUntil(lambda: "No comparison yet" in page.status.text(), timeout=20_000)
    model = tiny_model(tmp_path / "tiny.pt")
    page.run_model(model)
    qtbot.waitUntil(lambda: "network: tiny-test-model" in page.status.text(), timeout=60_000)
    assert not isolated_qt
    page.label_choice.setCurrentText("LVH")
    kinds = {page.table.item(r, 1).text() for r in range(page.table.rowCount())}
    assert kinds == {"network", "group (pooled)", "group mean", "reader"}  # plain names, not the stored codes
    reader_a = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "Dr A")
    # Dr A called LVH on odd positions of their own order; the table shows counts and a CI.
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers[2:8] == ["n cases", "cannot be assessed", "TP", "FP", "FN", "TN"]
    counts = [int(page.table.item(reader_a, c).text()) for c in range(4, 8)]
    assert sum(counts) == 6 and page.table.item(reader_a, 2).text() == "6"
    assert page.table.item(reader_a, 3).text() == "0"
    assert page.figures.count() >= 4
    with qtbot.waitSignal(page.report_worker.succeeded, timeout=60_000):  # written off the GUI thread
        page.write_report(tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")


def test_case_review_shows_gold_reads_and_network_side_by_side(qtbot, study, tmp_path):
    from ecgreader.model.inference import EcgModel, predict_study

    predict_study(study, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
    page = CaseReviewPage(study)
    qtbot.addWidget(page)
    page.cases.setCurrentRow(0)
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers[0] == "gold" and any("Dr A" in h for h in headers) and headers[-1].startswith("network")
    assert page.table.rowCount() == 10
    assert SECRET_SOURCE_PREFIX in page.source.text()  # the coordinator may see the source
    assert page.view.record is not None


def test_dashboard_mrmc_tab_of_a_rating_study(qtbot, tmp_path):
    """Four readers rate 1-5: the MRMC tab lists the label's OR analyses (AUC included)."""
    import random

    from ecgreader.model.inference import EcgModel, predict_study

    database = open_study(make_reading_study(tmp_path / "rated.ecgstudy", n_cases=8, rating_scale="1-5"))
    chance = random.Random(3)
    for name, group in (("Dr A", "General doctor"), ("Dr B", "General doctor"), ("Dr C", "Specialist"),
                        ("Dr D", "Specialist")):  # fmt: skip
        session = ReadingSession(database, register_reader(database, name, group))
        keys = session.vocabulary.keys
        for index in range(8):
            session.open(index)
            session.submit(ratings={key: chance.randint(1, 5) for key in keys})
    predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
    page = DashboardPage(database, bootstrap=100)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: "network: tiny-test-model" in page.status.text(), timeout=60_000)
    page.label_choice.setCurrentText("LVH")
    table = page.mrmc_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[:6] == ["metric", "contrast", "group", "phase", "design", "covariance"]
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert {row[0] for row in cells} == {"auc", "sensitivity", "specificity"}
    assert {row[1] for row in cells} == {"one group alone", "network vs readers", "group vs group"}
    network = next(row for row in cells if row[:6] == ["auc", "network vs readers", "Specialist", "without the network",
                                                       "readers and cases random (RRRC)", "jackknife"])  # fmt: skip
    assert network[6] != "undefined" and network[9] and network[10]  # estimate with CI, p and Holm p
    assert page.tables.tabText(1) == "MRMC"
    assert page.figures.count() >= 4
    database.close()


def test_the_dashboard_says_when_the_study_is_incomplete(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "half.ecgstudy", n_cases=6)
    with open_study(path) as database:
        predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
        read_cases(database, [("Dr Full", "Specialist")])
        read_cases(database, [("Dr Half", "Specialist")], n_read=3)
        page = DashboardPage(database, bootstrap=100)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.analysis is not None, timeout=60_000)
        assert not page.incomplete.isHidden()
        assert (
            "Incomplete study: 1 of 2 readers" in page.incomplete.text() and "Dr Half: 3 of 6" in page.incomplete.text()
        )


def test_the_dashboard_counts_reads_that_cannot_be_assessed_per_reader(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "u.ecgstudy", n_cases=6)
    with open_study(path) as database:
        predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
        read_cases(database, [("Dr Sure", "Specialist")])
        session = ReadingSession(database, register_reader(database, "Dr Unsure", "Specialist"))
        reason = session.settings.unassessable_reasons[0]
        for index in range(len(session.order)):
            session.open(index)
            session.submit(unassessable_reason=reason) if index < 2 else session.submit(frozenset())
        page = DashboardPage(database, bootstrap=100)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.analysis is not None, timeout=60_000)
        page.label_choice.setCurrentText("LVH")
        rows = {page.table.item(r, 0).text(): r for r in range(page.table.rowCount())}
        cells = {name: (page.table.item(r, 2).text(), page.table.item(r, 3).text()) for name, r in rows.items()}
        # Two cases left out of Dr Unsure's metrics, and said so; nobody else's count changes.
        assert cells["Dr Unsure"] == ("4", "2") and cells["Dr Sure"] == ("6", "0")
        assert page.incomplete.isHidden()  # read as "cannot be assessed" is still read


def test_the_dashboard_warns_when_the_network_measures_differently_from_its_training(qtbot, study, tmp_path):
    from tests.helpers.models import fingerprinted_hybrid_model

    model_path, name = fingerprinted_hybrid_model(tmp_path / "hybrid.pt", drifted=True)
    page = DashboardPage(study, bootstrap=100)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.error, timeout=60_000) as warning:
        page.run_model(model_path)
    title, text = warning.args
    assert title == "The network measures differently from its training"
    assert name in text and str(model_path) in text


@pytest.fixture
def read_study(tmp_path):
    """Two readers have read every case, and the network has run on them."""
    with open_study(make_reading_study(tmp_path / "read.ecgstudy", n_cases=6)) as database:
        predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
        read_cases(database)
        yield database


def _export(qtbot, monkeypatch, page: DashboardPage, path, chosen_filter: str) -> None:
    """Press "Export report…" with ``path`` typed into the save dialog and ``chosen_filter`` chosen."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(path), chosen_filter))
    qtbot.mouseClick(page.export_button, Qt.LeftButton)
    qtbot.waitUntil(page.export_button.isEnabled, timeout=60_000)


def test_a_report_name_typed_without_a_suffix_gets_the_chosen_filters(qtbot, read_study, tmp_path, monkeypatch):
    page = DashboardPage(read_study, bootstrap=20)
    qtbot.addWidget(page)
    _export(qtbot, monkeypatch, page, tmp_path / "final_report", "PDF (*.pdf)")
    assert not (tmp_path / "final_report").exists()  # once a folder of CSV files
    assert (tmp_path / "final_report.pdf").read_bytes().startswith(b"%PDF")
    assert page.status.text() == f"Wrote {tmp_path / 'final_report.pdf'}"


def test_an_added_suffix_replaces_a_file_only_when_asked(qtbot, read_study, tmp_path, monkeypatch):
    """The dialog confirmed replacing the name as typed; the name with its suffix is asked about."""
    page = DashboardPage(read_study, bootstrap=20)
    qtbot.addWidget(page)
    existing = tmp_path / "kept.html"
    existing.write_text("the previous report")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.No)
    _export(qtbot, monkeypatch, page, tmp_path / "kept", "HTML (*.html)")
    assert existing.read_text() == "the previous report"
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.Yes)
    with qtbot.waitSignal(page.report_worker.succeeded, timeout=60_000):
        _export(qtbot, monkeypatch, page, tmp_path / "kept", "HTML (*.html)")
    assert existing.read_text().startswith("<!DOCTYPE html>")


def test_a_report_name_with_another_suffix_is_refused_in_the_dialogs_words(qtbot, read_study, tmp_path, monkeypatch):
    page = DashboardPage(read_study, bootstrap=20)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.error) as refused:
        _export(qtbot, monkeypatch, page, tmp_path / "rep.docx", "PDF (*.pdf)")
    title, error = refused.args
    assert title == "The report could not be written"
    assert str(error).startswith(str(tmp_path / "rep.docx")) and "HTML (.html) or PDF (.pdf) file" in str(error)
    assert "folder" not in str(error)
    assert not list(tmp_path.glob("rep*"))


def test_a_study_nobody_has_read_says_so_and_shows_only_the_networks_figures(qtbot, tmp_path):
    with open_study(make_reading_study(tmp_path / "unread.ecgstudy", n_cases=6)) as database:
        predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
        page = DashboardPage(database, bootstrap=20)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.analysis is not None, timeout=60_000)
        assert not page.incomplete.isHidden() and "No reads yet" in page.incomplete.text()
        names = {page.figures.tabText(i) for i in range(page.figures.count())}
        assert "kappa" not in names  # nothing to agree on without readers
        kinds = {page.table.item(r, 1).text() for r in range(page.table.rowCount())}
        assert kinds == {"network"}


def test_the_mrmc_table_gives_df_only_beside_an_se():
    row = MrmcRow("LVH", "auc", "single", "Specialist", "unaided", "RRRC", "jackknife", 0.8, None, math.inf,
                  None, None, None, None, None)  # fmt: skip
    assert _mrmc_cells(row)[7:9] == ["undefined", ""]
    assert _mrmc_cells(replace(row, se=0.05))[8] == "∞"


def test_a_value_without_its_interval_says_why(qtbot, read_study):
    """One positive case of eight, found by the network: F1 1 in every resample, so no CI, and the
    cell says so; its sensitivity keeps Wilson's interval and needs no note."""
    page = DashboardPage(read_study, bootstrap=20)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.analysis is not None, timeout=60_000)
    gold = np.zeros((8, 1), bool)
    gold[0] = True
    network = Rater("net", "model", gold.copy(), np.ones(8, bool))
    page.analysis = analyse(ComparisonInput(("X",), gold, [], network), bootstrap=50)
    page._fill_table("X")
    sensitivity, f1 = page.table.item(0, FIRST_METRIC_COLUMN), page.table.item(0, FIRST_METRIC_COLUMN + 3)
    assert f1.text() == "1.000" and "95 % CI undefined" in f1.toolTip()
    assert sensitivity.text().startswith("1.000 (") and sensitivity.toolTip() == ""


def test_the_dashboard_speaks_the_installed_language(qtbot, study, tmp_path):
    """ "undefined" and the macro average appear in Chinese; choosing the macro entry still shows
    the macro rows (the entry keeps its key apart from its text)."""
    from ecgreader.gui.translation import ENGLISH, SIMPLIFIED_CHINESE, install_language

    install_language(SIMPLIFIED_CHINESE)
    try:
        predict_study(study, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))  # a run covering every label
        page = DashboardPage(study, bootstrap=50)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: page.label_choice.count() > 0, timeout=60_000)
        texts = [page.label_choice.itemText(i) for i in range(page.label_choice.count())]
        assert "macro" not in texts and page.label_choice.itemData(len(texts) - 1) == "macro"
        page.label_choice.setCurrentIndex(len(texts) - 1)
        cells = [page.table.item(r, c).text() for r in range(page.table.rowCount())
                 for c in range(FIRST_METRIC_COLUMN, page.table.columnCount())]  # fmt: skip
        assert cells and not any("undefined" in text for text in cells)
    finally:
        install_language(ENGLISH)
