""" "Cannot be assessed": stored with its reason in the read and its chained revision, refused
where the study does not offer it, and left out of the reader's sensitivity and specificity."""

from __future__ import annotations

import csv
import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ecgreader.analysis.engine import analyse
from ecgreader.analysis.from_study import comparison_input
from ecgreader.analysis.report import build_report, write_csv_folder
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.cases import case_positions
from ecgreader.store.integrity import verify_study
from ecgreader.store.read_history import GENESIS, ReadContent
from ecgreader.store.report_rows import read_rows, revision_rows
from ecgreader.store.schema import Read, ReadRevision
from ecgreader.store.settings import update_settings
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import make_reading_study

REASONS = ("poor quality", "lead reversal")


@pytest.fixture
def study(tmp_path):
    database = open_study(make_reading_study(tmp_path / "s.ecgstudy", unassessable_reasons=REASONS))
    yield database
    database.close()


def test_an_unassessable_read_is_stored_with_its_reason_and_the_chain_verifies(study):
    session = ReadingSession(study, register_reader(study, "Dr Q", "Specialist"))
    session.open(0)
    stored = session.submit(comment="baseline wander", unassessable_reason="poor quality")
    session.open(1)
    session.submit(frozenset({"LVH"}))
    assert stored.unassessable_reason == "poor quality" and stored.labels == frozenset()
    with study.reading() as snapshot:
        read = snapshot.scalars(select(Read).where(Read.case_id == session.order[0])).one()
        assert read.unassessable_reason == "poor quality" and not read.labels
        revision = snapshot.scalars(select(ReadRevision).where(ReadRevision.case_id == session.order[0])).one()
        assert revision.unassessable_reason == "poor quality"
    assert verify_study(study).verified
    assert [row.unassessable_reason for row in revision_rows(study)] == ["poor quality", None]
    assert sorted(map(str, (row.unassessable_reason for row in read_rows(study)))) == ["None", "poor quality"]

    with study.writing() as snapshot:  # the reason is part of the read: changing it is evident
        snapshot.scalars(select(Read).where(Read.case_id == session.order[0])).one().unassessable_reason = "x"
    assert any("differs from its latest revision" in problem for problem in verify_study(study).problems)


def test_the_reason_enters_the_hash_only_when_given():
    """Revisions written before "cannot be assessed" existed keep their hashes."""
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    answered = ReadContent(1, 2, "unaided", 1, ("LVH",), None, None, moment, moment, 3.0)
    with_reason = dataclasses.replace(answered, labels=(), unassessable_reason="poor quality")
    without_reason = dataclasses.replace(answered, labels=())
    identity = {"reader": ["Dr Q", "Specialist"], "case": "c" * 64}
    assert with_reason.digest(GENESIS, identity) != without_reason.digest(GENESIS, identity)
    assert answered.digest(GENESIS, identity) == dataclasses.replace(answered, unassessable_reason=None).digest(
        GENESIS, identity
    )


def test_an_unassessable_read_is_refused_when_not_offered_with_that_reason_or_with_findings(study, tmp_path):
    session = ReadingSession(study, register_reader(study, "Dr R", "Specialist"))
    session.open(0)
    with pytest.raises(ValueError, match="'paced rhythm' is not one of the study's reasons"):
        session.submit(unassessable_reason="paced rhythm")
    with pytest.raises(ValueError, match="answers no finding"):
        session.submit(frozenset({"LVH"}), unassessable_reason="poor quality")  # the store refuses it too
    off = open_study(make_reading_study(tmp_path / "off.ecgstudy", unassessable_reasons=()))
    other = ReadingSession(off, register_reader(off, "Dr S", "Specialist"))
    other.open(0)
    with pytest.raises(ValueError, match="does not offer 'cannot be assessed'"):
        other.submit(unassessable_reason="poor quality")
    off.close()


def test_reasons_set_by_the_coordinator_are_the_ones_accepted(tmp_path):
    database = open_study(make_reading_study(tmp_path / "s.ecgstudy", unassessable_reasons=()))
    update_settings(database, unassessable_reasons=["paced rhythm"])
    session = ReadingSession(database, register_reader(database, "Dr P", "Specialist"))
    assert session.settings.unassessable_reasons == ("paced rhythm",)
    session.open(0)
    assert session.submit(unassessable_reason="paced rhythm").unassessable_reason == "paced rhythm"
    database.close()


def test_unassessable_reads_are_left_out_of_sensitivity_and_specificity_and_counted(study, tmp_path):
    predict_study(study, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))  # an output for every finding
    session = ReadingSession(study, register_reader(study, "Dr Q", "Specialist"))
    for index in range(session.total):
        session.open(index)
        if index < 2:
            session.submit(unassessable_reason=REASONS[index])
        else:
            session.submit(frozenset())  # nothing found: a negative read of every finding
    data = comparison_input(study)
    (reader,) = data.readers
    assert int(reader.rated.sum()) == session.total - 2 and reader.unassessable == 2
    analysis = analyse(data, bootstrap=20)
    assert analysis.unassessable == {"Dr Q": 2}
    assert analysis.incomplete_readers == {}  # a case the reader could not assess has been read
    rows = {row.label: row for row in analysis.rows if row.rater == "Dr Q"}
    for key in ("LVH", "IAVB"):
        counts = rows[key].counts
        assert counts["tp"] == counts["fp"] == 0
        assert counts["fn"] + counts["tn"] == session.total - 2 == rows[key].cases


def test_the_exported_tables_give_the_reason_and_no_decision_for_an_unassessable_read(study, tmp_path):
    predict_study(study, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))  # an output for every finding
    session = ReadingSession(study, register_reader(study, "Dr R", "Specialist"))
    session.open(0)
    session.submit(unassessable_reason="lead reversal")
    session.open(1)
    session.submit(frozenset())
    out = tmp_path / "report"
    write_csv_folder(build_report(study, bootstrap=20), out)
    first, second = (str(case_positions(study)[case_id]) for case_id in session.order[:2])
    reads = {row["case"]: row["unassessable_reason"] for row in _csv_rows(out / "reads.csv")}
    assert reads == {first: "lead reversal", second: ""}
    history = {row["case"]: row["unassessable_reason"] for row in _csv_rows(out / "read_history.csv")}
    assert history == {first: "lead reversal", second: ""}
    long = _csv_rows(out / "cases_long.csv")
    unassessable = [row for row in long if row["case"] == first]
    assert {(row["decision"], row["unassessable_reason"]) for row in unassessable} == {("", "lead reversal")}
    assert {(row["decision"], row["unassessable_reason"]) for row in long if row["case"] != first} == {("0", "")}


def _csv_rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))
