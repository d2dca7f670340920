"""The store's query functions: plain data out, the run's own thresholds, one consistent snapshot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ecgreader.store import open_study, summarise_study
from ecgreader.store.case_review import case_review
from ecgreader.store.cases import case_ids
from ecgreader.store.comparison_data import comparison_data
from ecgreader.store.integrity import verify_study
from ecgreader.store.model_runs import (
    add_model_run,
    has_model_run,
    latest_model_run,
    model_run,
    network_opinion,
    show_network_opinion,
)
from ecgreader.store.read_history import ReadContent, record_read
from ecgreader.store.read_lookups import snapshot_reads, snapshot_revisions
from ecgreader.store.reads import SubmittedRead, submit_read
from ecgreader.store.report_rows import read_rows, revision_rows
from ecgreader.store.sign_in import register_reader
from tests.helpers.study_fixtures import SECRET_PROBABILITY, make_reading_study


@pytest.fixture
def study(tmp_path):
    database = open_study(make_reading_study(tmp_path / "s.ecgstudy", n_cases=4, allow_revisit=True))
    yield database
    database.close()


def read(case_id: int, labels: set[str], phase: str = "unaided") -> SubmittedRead:
    now = datetime.now(UTC)
    return SubmittedRead(case_id, frozenset(labels), None, None, now, now, 3.0, 0, phase)


def test_case_review_decides_at_the_runs_stored_threshold_not_at_one_half(study):
    first, second, *_ = case_ids(study)
    # 0.8 is above 0.5 but below this run's LVH threshold of 0.9: "absent" only if 0.9 is used.
    add_model_run(study, "strict-net", "a" * 64, {}, {"LVH": 0.9, "IAVB": 0.1}, {first: {"LVH": 0.8, "IAVB": 0.2}})
    review = case_review(study, first)
    assert review.network.model_name == "strict-net"
    assert review.network.thresholds == {"LVH": 0.9, "IAVB": 0.1}
    assert review.network.decision("LVH") is False and review.network.decision("IAVB") is True
    assert set(review.network.probabilities) == {"LVH", "IAVB"}  # the other labels: "not run"
    assert case_review(study, second).network.probabilities == {}  # the run did not read this case


def test_case_review_holds_gold_every_read_and_the_record(study):
    case_id = case_ids(study)[0]
    reader = register_reader(study, "Dr A", "Specialist")
    submit_read(study, reader.id, read(case_id, {"LVH"}))
    assert show_network_opinion(study, reader.id, case_id) is not None  # an aided read follows the opinion
    submit_read(study, reader.id, read(case_id, {"LVH", "LAE"}, phase="aided"))
    review = case_review(study, case_id)
    assert review.gold in (frozenset({"LVH"}), frozenset({"IAVB"}))
    assert [(r.reader, r.group, r.phase, r.labels) for r in review.reads] == [
        ("Dr A", "Specialist", "unaided", {"LVH"}),
        ("Dr A", "Specialist", "aided", {"LVH", "LAE"}),
    ]
    assert len(review.labels) == 10 and review.record is not None
    with pytest.raises(LookupError):
        case_review(study, 10_000)


def test_latest_model_run_picks_the_newest_and_model_run_finds_any(study):
    fixture_run = latest_model_run(study)
    assert fixture_run.model_name == "test-model" and fixture_run.thresholds == {"LVH": 0.5}
    newer = add_model_run(study, "newer-net", "b" * 64, {"training_data": "PTB-XL"}, {"LVH": 0.7}, {})
    latest = latest_model_run(study)
    assert (latest.id, latest.model_name, latest.metadata) == (newer, "newer-net", {"training_data": "PTB-XL"})
    assert model_run(study, fixture_run.id) == fixture_run
    assert model_run(study, 999) is None and has_model_run(study)


def test_network_opinion_is_the_latest_runs_and_none_where_it_did_not_read_the_case(study):
    first, second, *_ = case_ids(study)
    assert network_opinion(study, first).probabilities == {"LVH": pytest.approx(SECRET_PROBABILITY)}
    add_model_run(study, "partial-net", "c" * 64, {}, {"LVH": 0.5}, {first: {"LVH": 0.1}})
    assert network_opinion(study, first).model_name == "partial-net"
    assert network_opinion(study, second) is None


def test_add_model_run_refuses_labels_without_threshold_or_outside_the_study_and_writes_nothing(study):
    first = case_ids(study)[0]
    before = latest_model_run(study)
    with pytest.raises(ValueError, match="no threshold for IAVB"):
        add_model_run(study, "bad-net", "d" * 64, {}, {"LVH": 0.5}, {first: {"LVH": 0.1, "IAVB": 0.3}})
    with pytest.raises(ValueError, match="not in the study's vocabulary: AF"):
        add_model_run(study, "bad-net", "d" * 64, {}, {"AF": 0.5}, {first: {"AF": 0.1}})
    assert latest_model_run(study) == before


def test_comparison_data_keeps_phases_apart_and_brings_the_runs_probabilities(study):
    ids = case_ids(study)
    reader = register_reader(study, "Dr B", "General doctor")
    submit_read(study, reader.id, read(ids[0], {"LVH"}))
    assert show_network_opinion(study, reader.id, ids[0]) is not None
    submit_read(study, reader.id, read(ids[0], set(), phase="aided"))
    unaided, aided = comparison_data(study), comparison_data(study, phase="aided")
    assert [c.position for c in unaided.cases] == [1, 2, 3, 4]
    assert unaided.readers[0].reads == {ids[0]: {"LVH"}} and aided.readers[0].reads == {ids[0]: frozenset()}
    assert unaided.network.run.model_name == "test-model"
    assert unaided.network.probabilities == {i: {"LVH": pytest.approx(SECRET_PROBABILITY)} for i in ids}


def test_report_rows_and_summary_read_in_one_snapshot(study):
    case_id = case_ids(study)[0]
    reader = register_reader(study, "Dr C", "Specialist")
    submit_read(study, reader.id, read(case_id, {"LVH", "IAVB"}))
    submit_read(study, reader.id, read(case_id, {"LAE"}))  # a revisit: two revisions, one current read
    with study.reading() as snapshot:
        reads, history = read_rows(snapshot), revision_rows(snapshot)
        summary = summarise_study(snapshot)
    assert [(r.reader, r.group, r.labels, r.revision) for r in reads] == [("Dr C", "Specialist", ("LAE",), 2)]
    assert [(h.revision, h.labels) for h in history] == [(1, ("IAVB", "LVH")), (2, ("LAE",))]
    assert reads[0].case.position == history[0].case.position
    assert summary.path == str(study.path) and summary.reads == 1


def test_a_snapshot_loads_the_reads_once_and_a_writing_session_sees_its_own_changes(study):
    case_id = case_ids(study)[0]
    reader = register_reader(study, "Dr D", "Specialist")
    submit_read(study, reader.id, read(case_id, {"LVH"}))
    with study.reading() as snapshot:  # the report's reads.csv, analysis and verification share one load
        assert snapshot_reads(snapshot) is snapshot_reads(snapshot)
        assert snapshot_revisions(snapshot) is snapshot_revisions(snapshot)
    with study.writing() as session:
        assert [r.labels for r in read_rows(session)] == [("LVH",)]
        now = datetime.now(UTC)
        record_read(session, ReadContent(reader.id, case_id, "unaided", 0, ("LAE",), None, None, now, now, 3.0))
        assert [(r.labels, r.revision) for r in read_rows(session)] == [(("LAE",), 2)]
        assert [h.labels for h in revision_rows(session)] == [("LVH",), ("LAE",)]
        assert comparison_data(session).readers[0].reads == {case_id: {"LAE"}}
        assert verify_study(session).verified


def test_the_network_opinion_is_never_recorded_as_shown_before_the_unaided_read(study):
    """Showing it seals the unaided read: recorded first, it would seal a read never made, and the
    reading room would then refuse that read for good."""
    case_id = case_ids(study)[0]
    reader = register_reader(study, "Dr C", "Specialist")
    with pytest.raises(ValueError, match="has no unaided read of case"):
        show_network_opinion(study, reader.id, case_id)
    submit_read(study, reader.id, read(case_id, {"LVH"}))  # still possible: nothing was sealed
    assert show_network_opinion(study, reader.id, case_id) is not None
