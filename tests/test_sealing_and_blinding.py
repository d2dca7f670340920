"""The unaided read is sealed once the network's opinion has been seen; readers are told when the
opinion comes or why it cannot; and what reaches the reading side is blinded by construction."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime

import numpy as np
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from ecgreader.gui.coordinator_page import CoordinatorPage
from ecgreader.gui.reading_page import ReadingPage
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.reading.session import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.reads import ReadSealed, RevisitNotAllowed, SubmittedRead, submit_read
from ecgreader.store.schema import Case, ModelRun, Read
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import SECRET_SOURCE_PREFIX, make_reading_study

pytestmark = pytest.mark.qt


@pytest.fixture(autouse=True)
def isolated(isolated_qt):
    return isolated_qt


@pytest.fixture
def revisit_study(tmp_path):
    """Revisits allowed together with a second opinion after each case (the combination that
    let a reader overwrite the unaided read after seeing the network)."""
    path = make_reading_study(
        tmp_path / "s.ecgstudy", n_cases=4, second_opinion_mode="after_each_case", allow_revisit=True
    )
    database = open_study(path)
    predict_study(database, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
    yield database
    database.close()


def _unaided_labels(database, reader_id: int) -> dict[int, set[str]]:
    with database.reading() as session:
        reads = session.scalars(select(Read).where(Read.reader_id == reader_id, Read.phase == "unaided"))
        return {r.case_id: {link.label.key for link in r.labels} for r in reads}


def test_previous_after_the_opinion_reopens_for_the_aided_read_only(qtbot, revisit_study):
    reader = register_reader(revisit_study, "Dr Sealed", "Specialist")
    page = ReadingPage(ReadingSession(revisit_study, reader))
    qtbot.addWidget(page)
    page.start()
    page.panel.label_boxes["LVH"].setChecked(True)
    page.panel.submit()  # unaided read stored; the network's opinion shows
    assert not page.opinion_panel.isHidden()
    page.panel.submit()  # aided read, unchanged
    assert page.case_label.text() == "Case 2 of 4"
    page.previous_button.click()  # back to case 1: only its aided read may change
    assert "second opinion" in page.case_label.text() and not page.opinion_panel.isHidden()
    page.panel.label_boxes["LVH"].setChecked(False)
    page.panel.label_boxes["IAVB"].setChecked(True)
    page.panel.submit()
    first_case = page.session.order[0]
    assert _unaided_labels(revisit_study, reader.id)[first_case] == {"LVH"}
    assert page.session.aided_reads[first_case].labels == {"IAVB"}


def test_the_store_refuses_to_change_a_sealed_unaided_read(revisit_study):
    reader = register_reader(revisit_study, "Dr Direct", "General doctor")
    session = ReadingSession(revisit_study, reader)
    session.open(0)
    session.submit(frozenset({"LVH"}))
    assert session.second_opinion() is not None
    now = datetime.now(UTC)
    changed = SubmittedRead(session.order[0], frozenset(), None, None, now, now, 1.0, 0, "unaided")
    with pytest.raises(ReadSealed, match="final"):
        submit_read(revisit_study, reader.id, changed)
    reopened = session.open(0)
    assert reopened.aided and session.phase == "aided"
    assert _unaided_labels(revisit_study, reader.id)[session.order[0]] == {"LVH"}


def test_no_second_opinion_in_mode_off(tmp_path):
    path = make_reading_study(tmp_path / "off.ecgstudy", n_cases=2)
    with open_study(path) as database:
        session = ReadingSession(database, register_reader(database, "Dr Off", "Specialist"))
        session.open(0)
        session.submit(frozenset({"LVH"}))
        with pytest.raises(RuntimeError, match="no second opinion"):
            session.second_opinion()


def test_enter_in_the_saliency_choice_does_not_submit(qtbot, revisit_study):
    page = ReadingPage(ReadingSession(revisit_study, register_reader(revisit_study, "Dr Keys", "Specialist")))
    qtbot.addWidget(page)
    page.show()
    page.start()
    page.panel.label_boxes["LVH"].setChecked(True)
    page.panel.submit()
    combo = page.opinion_panel.saliency_choice
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key_Return)
    assert page.session.phase == "aided" and page.case_label.text().startswith("Case 1 of 4")
    page.view.setFocus()
    qtbot.waitUntil(page.view.hasFocus)
    qtbot.keyClick(page.view, Qt.Key_Return)  # elsewhere Enter still submits the aided read
    assert page.case_label.text() == "Case 2 of 4"


def test_missing_network_run_is_said_to_reader_and_coordinator(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "norun.ecgstudy", n_cases=3, second_opinion_mode="after_each_case")
    with open_study(path) as database:
        with database.writing() as session:  # the fixture's run removed: the network has not been run
            for run in session.scalars(select(ModelRun)):
                session.delete(run)
        page = ReadingPage(ReadingSession(database, register_reader(database, "Dr Waiting", "Specialist")))
        qtbot.addWidget(page)
        page.start()
        assert not page.notice.isHidden() and "has not been run" in page.notice.text()
        coordinator = CoordinatorPage(database)
        qtbot.addWidget(coordinator)
        assert not coordinator.network_warning.isHidden()
        assert "Run the network first" in coordinator.network_warning.text()


def test_readers_are_told_when_aided_reads_are_deferred(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "later.ecgstudy", n_cases=2, second_opinion_mode="after_study")
    with open_study(path) as database:
        page = ReadingPage(ReadingSession(database, register_reader(database, "Dr Later", "Specialist")))
        qtbot.addWidget(page)
        page.start()
        assert not page.notice.isHidden() and "after you have read every case" in page.notice.text()


def _strings_in(value, seen=None) -> list[str]:
    """Every string reachable from ``value`` through dataclass fields, attributes and containers."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes | np.ndarray | int | float | datetime) or value is None:
        return []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings_in(k, seen) + _strings_in(v, seen)]
    if isinstance(value, list | tuple | set | frozenset):
        return [s for item in value for s in _strings_in(item, seen)]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in _strings_in(getattr(value, f.name), seen)]
    return [s for v in vars(value).values() for s in _strings_in(v, seen)] if hasattr(value, "__dict__") else []


def test_reader_facing_objects_and_widgets_never_hold_the_source_id_or_hidden_demographics(qtbot, tmp_path):
    path = make_reading_study(tmp_path / "blind.ecgstudy", n_cases=3)
    with open_study(path) as database:
        with database.writing() as session:
            for case in session.scalars(select(Case)):
                case.age, case.sex = 61, "F"
        session = ReadingSession(database, register_reader(database, "Dr Blind", "General doctor"))
        case = session.open(0)
        strings = _strings_in(case)
        assert strings and not [s for s in strings if SECRET_SOURCE_PREFIX in s]
        assert case.record.record_id == "case 1"
        assert (case.age, case.sex, case.record.age, case.record.sex) == (None, None, None, None)
        page = ReadingPage(session)
        qtbot.addWidget(page)
        page.start()
        texts = [w.text() for w in page.findChildren(object) if hasattr(w, "text") and callable(w.text)]
        texts += [w.toolTip() for w in page.findChildren(object) if hasattr(w, "toolTip")]
        assert not [t for t in texts if isinstance(t, str) and (SECRET_SOURCE_PREFIX in t or "61" in t)]
        assert not [s for s in _strings_in(page.view.record) if SECRET_SOURCE_PREFIX in s]


def test_demographics_reach_the_reader_only_when_the_study_shows_them(tmp_path):
    path = make_reading_study(tmp_path / "shown.ecgstudy", n_cases=2, show_demographics=True)
    with open_study(path) as database:
        with database.writing() as session:
            for case in session.scalars(select(Case)):
                case.age, case.sex = 61, "F"
        case = ReadingSession(database, register_reader(database, "Dr Sees", "Specialist")).open(0)
        assert (case.age, case.sex) == (61, "F")
        assert not [s for s in _strings_in(case) if SECRET_SOURCE_PREFIX in s]


def test_an_aided_read_needs_the_network_shown_first(revisit_study, tmp_path):
    reader = register_reader(revisit_study, "Dr Early", "Specialist")
    session = ReadingSession(revisit_study, reader)
    session.open(0)
    session.submit(frozenset({"LVH"}))
    now = datetime.now(UTC)
    aided = SubmittedRead(session.order[0], frozenset(), None, None, now, now, 1.0, 0, "aided")
    with pytest.raises(RevisitNotAllowed, match="not shown"):
        submit_read(revisit_study, reader.id, aided)
    path = make_reading_study(tmp_path / "off.ecgstudy", n_cases=2)
    with open_study(path) as database:
        off = ReadingSession(database, register_reader(database, "Dr Off", "Specialist"))
        off.open(0)
        off.submit(frozenset({"LVH"}))
        with pytest.raises(RevisitNotAllowed, match="no second opinion"):
            off.open(0, aided=True)


def test_an_interrupted_aided_read_is_offered_again_on_resuming(qtbot, revisit_study):
    reader = register_reader(revisit_study, "Dr Resumes", "Specialist")
    first = ReadingPage(ReadingSession(revisit_study, reader))
    qtbot.addWidget(first)
    first.start()
    first.panel.label_boxes["LVH"].setChecked(True)
    first.panel.submit()  # unaided read stored, the opinion shown; the app is closed here
    assert not first.opinion_panel.isHidden()
    again = ReadingPage(ReadingSession(revisit_study, reader))
    qtbot.addWidget(again)
    again.start()
    assert again.case_label.text().startswith("Case 1 of 4") and "second opinion" in again.case_label.text()
    assert again.session.phase == "aided" and not again.opinion_panel.isHidden()
    again.panel.submit()
    assert again.case_label.text() == "Case 2 of 4"


def test_after_the_study_there_is_no_aided_pass_without_a_network_run(tmp_path):
    path = make_reading_study(tmp_path / "later.ecgstudy", n_cases=2, second_opinion_mode="after_study")
    with open_study(path) as database:
        with database.writing() as session:
            for run in session.scalars(select(ModelRun)):
                session.delete(run)
        reading = ReadingSession(database, register_reader(database, "Dr Done", "Specialist"))
        for index in range(2):
            reading.open(index)
            reading.submit(frozenset())
        assert reading.finished and reading.first_without_aided_read() is None


def test_an_image_case_reaches_the_reader_without_its_metadata(tmp_path):
    from PIL import Image, PngImagePlugin

    from ecgreader.ecg.formats import read_image
    from ecgreader.store import CaseInput, StudyOptions, create_study

    scan = tmp_path / "scan.png"
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", f"{SECRET_SOURCE_PREFIX}scan, born 1950-01-01")
    Image.new("RGB", (300, 200), (250, 240, 240)).save(scan, pnginfo=text)
    path = tmp_path / "images.ecgstudy"
    create_study(path, StudyOptions(name="images"), [CaseInput(read_image(scan), frozenset(), "test")])
    with open_study(path) as database:
        case = ReadingSession(database, register_reader(database, "Dr Image", "Specialist")).open(0)
    assert SECRET_SOURCE_PREFIX.encode() not in case.record.image_bytes and b"1950" not in case.record.image_bytes
    with Image.open(io.BytesIO(case.record.image_bytes)) as shown:
        assert shown.size == (300, 200) and shown.getpixel((10, 10)) == (250, 240, 240)
