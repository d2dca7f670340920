"""The coordinator's page, create-study dialog and dashboard, driven with real widgets: settings
saved with a confirmation, plain-language names, readers given a new PIN or deactivated, the aided
reads still owed, the import summary, and a model run reused rather than stored twice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox
from sqlalchemy import func, select

from ecgreader.gui.coordinator_page import CoordinatorPage
from ecgreader.gui.create_study_dialog import CreateStudyDialog
from ecgreader.gui.dashboard_page import DashboardPage
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study, summarise_study
from ecgreader.store.schema import ModelRun
from ecgreader.store.settings import study_settings
from ecgreader.store.sign_in import SignInError, register_reader, sign_in_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import make_reading_study

pytestmark = [pytest.mark.qt, pytest.mark.usefixtures("isolated_qt")]  # settings and dialogs kept to the test
WAIT_MS = 60_000


@pytest.fixture
def study(tmp_path):
    with open_study(make_reading_study(tmp_path / "s.ecgstudy", n_cases=4)) as database:
        yield database


def coordinator_page(qtbot, database) -> CoordinatorPage:
    page = CoordinatorPage(database)
    qtbot.addWidget(page)
    return page


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.LeftButton)


def test_saving_the_settings_stores_them_and_says_so(qtbot, study):
    page = coordinator_page(qtbot, study)
    editor = page.settings_editor
    editor.baseline_filter.setCurrentIndex(editor.baseline_filter.findData(0.05))
    editor.muscle_filter.setCurrentIndex(editor.muscle_filter.findData(None))
    editor.mains_filter.setCurrentIndex(editor.mains_filter.findData(50))
    editor.show_measurements.setChecked(True)
    editor.second_opinion.setCurrentIndex(editor.second_opinion.findData("after_each_case"))
    editor.protocol.setPlainText("Read every ECG as in clinic.")
    editor.unassessable_reasons.setPlainText("poor quality\n\nlead reversal\n")
    criteria_row = next(
        r for r in range(editor.criteria.rowCount()) if "hypertrophy" in editor.criteria.item(r, 0).text()
    )
    editor.criteria.item(criteria_row, 1).setText("Sokolow-Lyon only")
    assert page.status.isHidden()
    click(qtbot, editor.save_button)
    settings = study_settings(study)
    assert (settings.baseline_filter_hz, settings.muscle_filter_hz, settings.mains_filter_hz) == (0.05, None, 50)
    assert settings.show_measurements and settings.second_opinion_mode == "after_each_case"
    assert settings.protocol == "Read every ECG as in clinic."
    assert settings.unassessable_reasons == ("poor quality", "lead reversal")
    assert settings.finding_criteria == '{"LVH": "Sokolow-Lyon only"}'  # only what differs from the textbook
    assert "Settings saved" in editor.note.text()
    assert not page.status.isHidden() and "Settings saved" in page.status.text()
    assert "after each case" in page.summary.text()


def test_a_refused_setting_is_said_and_nothing_is_stored(qtbot, study):
    page = coordinator_page(qtbot, study)
    before = study_settings(study)
    errors = []
    page.error.connect(lambda title, error: errors.append(title))
    page.settings_editor.unassessable_reasons.setPlainText("noise\nNoise")
    page.settings_editor.protocol.setPlainText("changed")
    click(qtbot, page.settings_editor.save_button)
    assert "Not saved" in page.settings_editor.note.text() and "repeat one another" in page.settings_editor.note.text()
    assert errors == ["Settings not saved"] and study_settings(study) == before


def test_settings_are_read_only_once_a_reader_has_read(qtbot, study):
    session = ReadingSession(study, register_reader(study, "Dr A", "Specialist"))
    session.open(0)
    session.submit(frozenset())
    page = coordinator_page(qtbot, study)
    editor = page.settings_editor
    assert not editor.save_button.isEnabled() and not editor.protocol.isEnabled()
    assert not editor.baseline_filter.isEnabled() and "Fixed" in editor.note.text()


def test_choices_use_plain_language_never_stored_codes(qtbot, study):
    page = coordinator_page(qtbot, study)
    dialog = CreateStudyDialog()
    qtbot.addWidget(dialog)
    combos = [*page.findChildren(QComboBox), *dialog.findChildren(QComboBox)]
    texts = {combo.itemText(i) for combo in combos for i in range(combo.count())}
    assert {"after each case", "after the whole study", "present / absent"} <= texts
    assert not any(code in texts for code in ("after_each_case", "after_study", "binary"))
    assert page.settings_editor.second_opinion.currentText().startswith("off")


def test_the_coordinator_gives_a_new_pin_and_deactivates_a_reader(qtbot, study):
    reader = register_reader(study, "Dr Forgot", "Specialist", pin="1111")
    page = coordinator_page(qtbot, study)
    panel = page.readers
    assert not panel.reset_button.isEnabled()  # nothing selected yet
    panel.select("Dr Forgot")
    assert not panel.reset_button.isEnabled()  # no PIN typed: nothing to set (never an accidental removal)
    panel.new_pin.setText("2468")
    click(qtbot, panel.reset_button)
    assert sign_in_reader(study, reader.id, "2468").name == "Dr Forgot"
    assert "Dr Forgot has a new PIN" in page.status.text() and panel.new_pin.text() == ""
    assert panel.active_button.text() == "Deactivate"
    click(qtbot, panel.active_button)
    with pytest.raises(SignInError, match="deactivated"):
        sign_in_reader(study, reader.id, "2468")
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == "Dr Forgot")
    assert panel.table.item(row, 2).text() == "deactivated" and panel.active_button.text() == "Reactivate"
    assert "can no longer sign in" in page.status.text()
    click(qtbot, panel.active_button)
    assert sign_in_reader(study, reader.id, "2468").active


def test_a_pin_against_the_rules_is_refused_with_a_message(qtbot, study):
    register_reader(study, "Dr Short", "Specialist", pin="1111")
    page = coordinator_page(qtbot, study)
    errors = []
    page.error.connect(lambda title, error: errors.append((title, str(error))))
    page.readers.select("Dr Short")
    page.readers.new_pin.setText("12")
    click(qtbot, page.readers.reset_button)
    assert errors == [("PIN not changed", "a PIN needs at least 4 characters")]


def test_the_page_lists_the_aided_reads_still_owed(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "aided.ecgstudy", n_cases=4, second_opinion_mode="after_each_case")
    with open_study(path) as database:
        session = ReadingSession(database, register_reader(database, "Dr Aided", "Specialist"))
        for index in range(3):
            session.open(index)
            session.submit(frozenset({"LVH"}))
            if index == 0:
                session.begin_aided_read()
                session.submit(frozenset())
        page = coordinator_page(qtbot, database)
        assert page.pending.rowCount() == 1
        assert [page.pending.item(0, c).text() for c in range(3)] == ["Dr Aided", "Specialist", "2"]
        assert len(page.pending.item(0, 3).text().split(", ")) == 2
        assert page.pending_note.text() == "Readers who still owe reads with the network's opinion: 1."
        headers = [page.readers.table.horizontalHeaderItem(c).text() for c in range(page.readers.table.columnCount())]
        assert "Read without the network" in headers and "Read with the network's opinion" in headers


def test_a_study_built_from_tables_is_not_told_to_run_the_network_nor_owed_aided_reads(qtbot, tmp_path):
    """It shows the network's opinion (it has aided reads) but holds no signal to run a network on,
    so its readers can never read a case aided in the reading room; a study with signals and no run
    is told (tests/test_sealing_and_blinding.py), and owes them (the test above)."""
    from ecgreader.cli.main import main

    gold, reads = tmp_path / "gold.csv", tmp_path / "reads.csv"
    gold.write_text("case_id,LVH\nc1,1\nc2,0\n")
    # r1 read c1 both ways but c2 only unaided: with a signal, c2's aided read would be owed
    reads.write_text("case_id,reader,group,phase,LVH\nc1,r1,G,unaided,1\nc1,r1,G,aided,1\nc2,r1,G,unaided,0\n")
    tables = tmp_path / "tables.ecgstudy"
    assert main(["study", "create-from-tables", str(tables), "--gold", str(gold), "--reads", str(reads)]) == 0
    with open_study(tables) as database:
        assert study_settings(database).second_opinion_mode != "off"
        page = coordinator_page(qtbot, database)
        assert page.network_warning.text() == ""  # no signal to run it on
        assert page.pending.rowCount() == 0
        assert (
            "holds no ECG signals" in page.pending_note.text() and "no aided reads are owed" in page.pending_note.text()
        )


def test_the_create_study_dialog_names_the_study_and_summarises_the_import(qtbot, tmp_path, ludb):
    broken = tmp_path / "broken.hea"
    broken.write_bytes(b"")
    dialog = CreateStudyDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.out.setText(str(tmp_path / "named.ecgstudy"))
    dialog.name.setText("Pilot of the LVH study")
    dialog.add_records(*(str(ludb / "data" / f"{record_id}.hea") for record_id in (1, 2, 3)), str(broken))
    dialog.gold_from.setCurrentIndex(dialog.gold_from.findData("ludb"))
    dialog.gold_file.setText(str(ludb / "ludb.csv"))
    dialog.skip_bad.setChecked(True)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    with qtbot.waitSignal(dialog.worker.succeeded, timeout=WAIT_MS):
        click(qtbot, ok)
    with open_study(dialog.created_path) as database:
        summary = summarise_study(database)
    report = dialog.report.toPlainText()
    assert summary.name == "Pilot of the LVH study" and dialog.isVisible()  # open until the summary is read
    assert f"Imported {summary.cases} cases into named.ecgstudy." in report and summary.cases == 3
    assert f"Gold standard found for {summary.cases_with_gold} of 3 cases" in report
    uncalibrated = (
        f"{summary.uncalibrated_cases} cases are not amplitude-calibrated"
        if summary.uncalibrated_cases
        else "Every case is amplitude-calibrated"
    )
    assert uncalibrated in report
    assert "Skipped 1 unusable records:" in report and "broken" in report
    assert ok.text() == "Open the study"
    with qtbot.waitSignal(dialog.accepted):
        click(qtbot, ok)


def test_running_the_same_model_again_reuses_its_run_unless_asked(qtbot, study, tmp_path):
    model = tiny_model(tmp_path / "tiny.pt")
    page = DashboardPage(study, bootstrap=20)
    qtbot.addWidget(page)

    def runs() -> int:
        with study.reading() as session:
            return session.scalar(select(func.count(ModelRun.id)))

    with qtbot.waitSignal(page.model_worker.succeeded, timeout=WAIT_MS):
        page.run_model(model)
    assert runs() == 2  # the fixture's run and the tiny model's
    with qtbot.waitSignal(page.model_worker.succeeded, timeout=WAIT_MS):
        page.run_model(model)
    assert runs() == 2 and "reused, nothing stored" in page.status.text()
    page.new_run.setChecked(True)
    with qtbot.waitSignal(page.model_worker.succeeded, timeout=WAIT_MS):
        page.run_model(model)
    assert runs() == 3
    qtbot.waitUntil(lambda: not page.analysis_worker.running, timeout=WAIT_MS)
