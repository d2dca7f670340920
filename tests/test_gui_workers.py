"""Long work in the GUI runs in owned, cancellable workers: Back, Cancel, refresh and closing the
window mid-task, driven with real widgets on a real study."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from ecgreader.gui.coordinator_page import CoordinatorPage
from ecgreader.gui.dashboard_page import DashboardPage
from ecgreader.gui.main_window import MainWindow
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.gui.start_page import StartPage
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.schema import ModelRun
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import make_read_study, make_reading_study

pytestmark = [
    pytest.mark.qt,
    pytest.mark.usefixtures("isolated_qt"),
    pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning"),
]
WAIT_MS = 60_000


@pytest.fixture
def study_path(tmp_path):
    """Six cases read by two readers; the fixture's model run lacks most labels."""
    return make_read_study(tmp_path / "s.ecgstudy", n_cases=6)


@pytest.fixture
def study(study_path):
    database = open_study(study_path)
    yield database
    database.close()


@pytest.fixture
def model_gate(monkeypatch):
    """The network's batches wait at a gate, so a test can act while a run is surely in progress."""
    entered, release = threading.Event(), threading.Event()
    probabilities = EcgModel.probabilities

    def gated(self, records):
        entered.set()
        release.wait(WAIT_MS / 1000)
        return probabilities(self, records)

    monkeypatch.setattr(EcgModel, "probabilities", gated)
    yield entered, release
    release.set()


def worker_threads(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == f"ecgreader worker: {name}"]


def model_runs(database) -> list[str]:
    with database.reading() as session:
        return [run.model_name for run in session.scalars(select(ModelRun))]


def button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_back_during_the_network_run_cancels_it_without_a_crash_or_a_stored_run(
    qtbot, study_path, tmp_path, model_gate, isolated_qt
):
    entered, release = model_gate
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_study(study_path)
    window.show_coordinator()
    window.show_dashboard()
    page = window.pages.currentWidget()
    page.run_model(tiny_model(tmp_path / "tiny.pt"))
    qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(page.destroyed, timeout=WAIT_MS):  # Back deletes the page mid-run
        qtbot.mouseClick(button(page, "Back"), Qt.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not worker_threads("network run"), timeout=WAIT_MS)
    assert isinstance(window.pages.currentWidget(), CoordinatorPage)
    assert model_runs(window.database) == ["test-model"]  # the fixture's run only: nothing partial stored
    assert not isolated_qt
    window.close()


def test_cancel_mid_run_stores_nothing_and_says_so(qtbot, study, tmp_path, model_gate, isolated_qt):
    entered, release = model_gate
    page = DashboardPage(study, bootstrap=50)
    qtbot.addWidget(page)
    page.run_model(tiny_model(tmp_path / "tiny.pt"))
    qtbot.waitUntil(entered.is_set, timeout=WAIT_MS)
    assert page.cancel_button.isEnabled() and not page.run_button.isEnabled()
    with qtbot.waitSignal(page.model_worker.cancelled, timeout=WAIT_MS):
        qtbot.mouseClick(page.cancel_button, Qt.LeftButton)
        release.set()  # the last batch completes; the run is dropped before it is stored
    assert page.status.text() == "model run cancelled; nothing stored"
    assert page.run_button.isEnabled() and not page.cancel_button.isEnabled()
    assert model_runs(study) == ["test-model"]
    assert not isolated_qt


def test_refresh_after_a_model_run_while_the_first_analysis_runs_the_last_result_wins(
    qtbot, study, tmp_path, monkeypatch, isolated_qt
):
    from ecgreader.gui import dashboard_page

    first_entered, release_first = threading.Event(), threading.Event()
    comparison_input = dashboard_page.comparison_input

    def first_analysis_is_slow(database):
        if not first_entered.is_set():
            first_entered.set()
            release_first.wait(WAIT_MS / 1000)
        return comparison_input(database)

    monkeypatch.setattr(dashboard_page, "comparison_input", first_analysis_is_slow)
    page = DashboardPage(study, bootstrap=50)
    qtbot.addWidget(page)
    shown = []
    page.analysis_worker.succeeded.connect(shown.append)
    page.analysis_worker.failed.connect(shown.append)
    qtbot.waitUntil(first_entered.is_set, timeout=WAIT_MS)
    page.run_model(tiny_model(tmp_path / "tiny.pt"))  # its end refreshes while the first analysis runs
    qtbot.waitUntil(lambda: "network: tiny-test-model" in page.status.text(), timeout=WAIT_MS)
    release_first.set()
    qtbot.waitUntil(lambda: not worker_threads("analysis"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.analysis_worker.running)
    assert len(shown) == 1  # the first analysis, which now also saw the new run, was dropped
    assert "network: tiny-test-model" in page.status.text() and page.table.rowCount() > 0
    assert not isolated_qt


def test_report_export_runs_off_the_gui_thread(qtbot, study, tmp_path, monkeypatch, isolated_qt):
    from ecgreader.analysis import report

    threads = []
    write_report = report.write_report

    def recorded(*args, **kwargs):
        threads.append(threading.get_ident())
        return write_report(*args, **kwargs)

    monkeypatch.setattr(report, "write_report", recorded)
    predict_study(study, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
    page = DashboardPage(study, bootstrap=50)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.report_worker.succeeded, timeout=WAIT_MS):
        page.write_report(tmp_path / "r.pdf")
        assert not page.export_button.isEnabled()  # one export at a time
    assert threads and threads[0] != threading.get_ident()
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert page.status.text() == f"Wrote {tmp_path / 'r.pdf'}" and page.export_button.isEnabled()
    assert not isolated_qt


def test_saliency_runs_off_the_gui_thread_and_a_newer_choice_wins(qtbot, tmp_path, monkeypatch, isolated_qt):
    from ecgreader.model import inference
    from ecgreader.model import saliency as saliency_module

    path = make_reading_study(tmp_path / "aided.ecgstudy", n_cases=3, second_opinion_mode="after_each_case")
    model_path = tiny_model(tmp_path / "tiny.pt")
    monkeypatch.setattr(inference, "DEFAULT_MODEL", model_path)
    threads = []
    saliency = saliency_module.saliency

    def recorded(*args):
        threads.append(threading.get_ident())
        return saliency(*args)

    monkeypatch.setattr(saliency_module, "saliency", recorded)
    with open_study(path) as database:
        predict_study(database, EcgModel.load(model_path))
        page = ReadingPage(ReadingSession(database, register_reader(database, "Dr Looks", "Specialist")))
        qtbot.addWidget(page)
        page.start()
        page.panel.none_box.setChecked(True)
        page.panel.submit()
        choice = page.opinion_panel.saliency_choice
        with qtbot.waitSignal(page.saliency_worker.succeeded, timeout=WAIT_MS):
            choice.setCurrentText("LVH")
        assert page.view.highlight.shape == (12, 1000)
        assert threads and threads[0] != threading.get_ident()
        with qtbot.waitSignal(page.saliency_worker.cancelled, timeout=WAIT_MS):
            choice.setCurrentText("LAE")
            choice.setCurrentIndex(0)  # "none" before LAE's saliency arrives: LAE's is dropped
        assert page.view.highlight is None
        qtbot.waitUntil(lambda: not worker_threads("saliency"), timeout=WAIT_MS)
    assert not isolated_qt


@pytest.fixture
def slow_demo(tmp_path, monkeypatch):
    """The demo builder replaced by a slow one that stops, as the real one does, once ``cancelled()``."""
    from ecgreader import demo

    target = tmp_path / "demo.ecgstudy"
    monkeypatch.setattr(demo, "DEMO_STUDY", target)
    started, ended, never = threading.Event(), threading.Event(), threading.Event()

    def slow_build(source=None, progress=None, download=None, cancelled=None):
        from ecgreader.studies import BuildCancelled

        try:
            for done in range(1000):
                if cancelled():
                    raise BuildCancelled("demo build cancelled")
                progress(done, 1000)
                started.set()
                never.wait(0.01)  # a slow step of work
            target.write_bytes(b"a study")
            return target
        finally:
            ended.set()

    monkeypatch.setattr(demo, "build_demo_study", slow_build)
    return target, started, ended


def _window_building_the_demo(qtbot, started) -> MainWindow:
    """A main window whose (slow, fake) demo build has started."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_demo()
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    return window


def test_the_demo_dialogs_cancel_stops_the_build_and_leaves_no_study(qtbot, slow_demo, isolated_qt):
    target, started, ended = slow_demo
    window = _window_building_the_demo(qtbot, started)
    dialog = window.demo_dialog
    qtbot.waitUntil(lambda: dialog.value() > 0, timeout=WAIT_MS)  # progress reaches the dialog
    with qtbot.waitSignal(window.demo_worker.cancelled, timeout=WAIT_MS):
        qtbot.mouseClick(button(dialog, "Cancel"), Qt.LeftButton)
    assert ended.is_set() and not target.exists()
    assert window.demo_dialog is None and isinstance(window.pages.currentWidget(), StartPage)
    assert not isolated_qt
    window.close()


def test_closing_the_window_ends_the_work_in_progress(qtbot, slow_demo, isolated_qt):
    target, started, ended = slow_demo
    window = _window_building_the_demo(qtbot, started)
    window.close()
    assert ended.is_set() and not target.exists()  # cancelled and waited for, not left running
    assert not isolated_qt


def test_the_create_study_dialogs_cancel_stops_the_creation_before_it_closes(qtbot):
    from ecgreader.gui.create_study_dialog import CreateStudyDialog

    dialog = CreateStudyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    started, never = threading.Event(), threading.Event()

    def slow_creation(progress, _cancelled):
        for done in range(1000):
            progress(done, 1000)  # raises once cancelled
            started.set()
            never.wait(0.01)

    dialog.worker.start(slow_creation)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.worker.cancelled, timeout=WAIT_MS):
        qtbot.keyClick(dialog, Qt.Key_Escape)  # Escape, like Cancel, first stops the creation
    assert dialog.isVisible() and dialog.report.toPlainText() == "creation cancelled; nothing written"
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog, Qt.Key_Escape)
