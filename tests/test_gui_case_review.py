"""The coordinator's case review: per reader, which cases they read, when, how sure they were and
what they wrote; and the full 12-lead page of any case with every read of it."""

from __future__ import annotations

import pytest

from ecgreader.ecg.display_filters import DisplayFilters
from ecgreader.gui.case_review_page import CaseReviewPage
from ecgreader.gui.display_names import display_name, phases
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.case_review import reader_reviews
from ecgreader.store.cases import case_positions
from ecgreader.store.sign_in import register_reader, set_reader_active
from tests.helpers.study_fixtures import SECRET_SOURCE_PREFIX, make_reading_study, read_cases

pytestmark = [pytest.mark.qt, pytest.mark.usefixtures("isolated_qt")]  # settings and dialogs kept to the test


@pytest.fixture
def study(tmp_path):
    """Dr A reads three cases with confidence and comments, Dr B one, Dr C none (deactivated)."""
    with open_study(make_reading_study(tmp_path / "s.ecgstudy", n_cases=4)) as database:
        reading_a = ReadingSession(database, register_reader(database, "Dr A", "General doctor"))
        for index in range(3):
            reading_a.open(index)
            reading_a.submit(frozenset({"LVH"}), confidence=index + 2, comment=f"note {index}")
        read_cases(database, [("Dr B", "Specialist")], n_read=1)
        set_reader_active(database, register_reader(database, "Dr C", "Specialist").id, False)
        yield database, reading_a.order


def test_each_reader_with_the_cases_read_in_submission_order(study):
    database, order_a = study
    positions = case_positions(database)
    reviews = {review.name: review for review in reader_reviews(database)}
    assert list(reviews) == ["Dr A", "Dr B", "Dr C"]
    first_three = reviews["Dr A"].reads
    assert [entry.case_id for entry in first_three] == order_a[:3]
    assert [entry.position for entry in first_three] == [positions[case] for case in order_a[:3]]
    assert [(r.read.phase, r.read.confidence, r.read.comment, r.read.labels) for r in first_three] == [
        ("unaided", 2, "note 0", {"LVH"}),
        ("unaided", 3, "note 1", {"LVH"}),
        ("unaided", 4, "note 2", {"LVH"}),
    ]
    times = [entry.read.submitted_at for entry in first_three]
    assert times == sorted(times)
    assert [(r.read.confidence, r.read.comment) for r in reviews["Dr B"].reads] == [(None, None)]
    assert reviews["Dr C"].reads == () and not reviews["Dr C"].active and reviews["Dr A"].active


def test_the_page_lists_a_readers_reads_and_shows_the_case_chosen(qtbot, study, isolated_qt):
    database, order_a = study
    page = CaseReviewPage(database)
    qtbot.addWidget(page)
    choices = [page.reader_choice.itemText(i) for i in range(page.reader_choice.count())]
    assert choices == [
        "Dr A (General doctor): 3 of 4 cases read",
        "Dr B (Specialist): 1 of 4 cases read",
        "Dr C (Specialist): 0 of 4 cases read · deactivated",
    ]
    page.browse.setCurrentIndex(1)
    page.reader_choice.setCurrentIndex(0)
    table = page.reader_reads
    assert table.rowCount() == 3
    assert {table.item(row, 1).text() for row in range(3)} == {display_name(phases(), "unaided")}
    assert [table.item(row, 3).text() for row in range(3)] == ["2/5", "3/5", "4/5"]
    assert [table.item(row, 4).text() for row in range(3)] == ["note 0", "note 1", "note 2"]
    assert table.item(0, 0).toolTip() == "Findings: LVH\nnote 0"
    table.setCurrentCell(1, 0)
    position = case_positions(database)[order_a[1]]
    assert page.source.text().startswith(f"Case {position} · source {SECRET_SOURCE_PREFIX}")
    assert page.view.record is not None and page.view.record.n_samples > 0  # the full 12-lead page
    notes = page.read_notes
    reads_of_case = [e for review in reader_reviews(database) for e in review.reads if e.case_id == order_a[1]]
    assert notes.rowCount() == len(reads_of_case)  # Dr A's, and Dr B's if Dr B's one case was this one
    assert notes.item(0, 0).text() == "Dr A (General doctor)" and notes.item(0, 3).text() == "3/5"
    assert notes.item(0, 4).text() == "note 1"
    page.reader_choice.setCurrentIndex(1)
    assert table.rowCount() == 1 and table.item(0, 3).text() == "not given"
    page.reader_choice.setCurrentIndex(2)
    assert table.rowCount() == 0
    assert not isolated_qt


def test_the_case_page_is_drawn_through_the_studys_display_filters(qtbot, tmp_path):
    options = {"baseline_filter_hz": 0.05, "muscle_filter_hz": 40.0, "mains_filter_hz": 60}
    with open_study(make_reading_study(tmp_path / "filtered.ecgstudy", n_cases=2, **options)) as database:
        page = CaseReviewPage(database)
        qtbot.addWidget(page)
        page.cases.setCurrentRow(0)
        assert page.view.record is not None
        assert page.view.filters == DisplayFilters(baseline_hz=0.05, muscle_hz=40.0, mains_hz=60)
