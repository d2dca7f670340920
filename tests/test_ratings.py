"""Rating-scale studies (1–5, 0–100 per finding) on the reading side: the session stores every
finding's rating with the decisions they imply (rating ≥ the study's cut-off), the store refuses
reads that break the answer format, and present/absent studies are unchanged. No Qt here: the
reading room's keyboard is driven in tests/test_gui_reading_room.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from ecgreader.cli.main import main
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.integrity import verify_study
from ecgreader.store.reads import SubmittedRead, decisions_from_ratings, reads_of, submit_read
from ecgreader.store.schema import ReadRevision
from ecgreader.store.settings import study_settings
from ecgreader.store.sign_in import register_reader
from tests.helpers.study_fixtures import make_reading_study

KEYS = DEFAULT_VOCABULARY.keys


def ratings_of(values: list[float]) -> dict[str, float]:
    return dict(zip(KEYS, values, strict=True))


def test_a_five_point_read_stores_every_rating_and_the_decisions_at_the_default_cut_off(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy", rating_scale="1-5"))
    assert (study_settings(study).rating_scale, study_settings(study).positive_at) == ("1-5", 4.0)
    reader = register_reader(study, "Dr Rater", "Specialist")
    session = ReadingSession(study, reader)
    session.open(0)
    given = ratings_of([5, 4, 3, 1, 2, 1, 1, 1, 1, 1])
    stored = session.submit(ratings=given, comment="borderline LVH")
    assert stored.labels == frozenset({KEYS[0], KEYS[1]})  # 5 and 4 are ≥ 4, 3 is not
    assert dict(stored.ratings) == given

    again = reads_of(study, reader.id)[session.order[0]]
    assert again.labels == stored.labels and dict(again.ratings) == given
    with study.reading() as snapshot:
        revision = snapshot.scalars(select(ReadRevision)).one()
        assert revision.ratings is not None
    assert verify_study(study).verified  # the ratings are chained with the revision
    study.close()


def test_a_hundred_point_study_with_its_own_cut_off(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy", rating_scale="0-100", positive_at=70))
    reader = register_reader(study, "Dr Percent", "General doctor")
    session = ReadingSession(study, reader)
    session.open(0)
    stored = session.submit(ratings=ratings_of([70, 69.5, 100, 0, 12.25, 0, 0, 0, 0, 0]))
    assert stored.labels == frozenset({KEYS[0], KEYS[2]})
    assert dict(stored.ratings)[KEYS[4]] == 12.25
    study.close()


def test_reads_that_break_the_answer_format_are_refused(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy", rating_scale="1-5"))
    reader = register_reader(study, "Dr Careless", "General doctor")
    session = ReadingSession(study, reader)
    session.open(0)
    with pytest.raises(ValueError, match="give ratings"):
        session.submit(frozenset({"LVH"}))
    with pytest.raises(ValueError, match="missing"):
        session.submit(ratings={KEYS[0]: 5})
    with pytest.raises(ValueError, match="not on the 1-5 scale"):
        session.submit(ratings=ratings_of([6, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    with pytest.raises(ValueError, match="not on the 1-5 scale"):
        session.submit(ratings=ratings_of([2.5, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    now = datetime.now(UTC)
    inconsistent = SubmittedRead(
        session.order[0], frozenset(), None, None, now, now, 1.0, 0, ratings=tuple(ratings_of([5] * 10).items())
    )
    with pytest.raises(ValueError, match="rated at least 4"):
        submit_read(study, reader.id, inconsistent)
    assert reads_of(study, reader.id) == {}
    study.close()


def test_a_present_absent_study_takes_no_ratings_and_stays_as_it_was(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy"))
    assert not study_settings(study).rates_findings and study_settings(study).positive_at is None
    session = ReadingSession(study, register_reader(study, "Dr Tick", "General doctor"))
    session.open(0)
    with pytest.raises(ValueError, match="present/absent"):
        session.submit(ratings=ratings_of([1] * 10))
    stored = session.submit(frozenset({"LVH"}))
    assert stored.labels == {"LVH"} and stored.ratings is None
    study.close()


def test_aided_read_and_revisit_start_from_the_previous_ratings(tmp_path):
    path = make_reading_study(
        tmp_path / "s.ecgstudy", rating_scale="1-5", second_opinion_mode="after_each_case", allow_revisit=True
    )
    study = open_study(path)
    reader = register_reader(study, "Dr Aided", "Specialist")
    session = ReadingSession(study, reader)
    session.open(0)
    unaided = session.submit(ratings=ratings_of([2] * 10))
    assert session.second_opinion() is not None
    session.begin_aided_read()
    aided = session.submit(ratings=ratings_of([2, 2, 2, 2, 2, 2, 2, 5, 2, 2]))
    assert aided.phase == "aided" and aided.labels == frozenset({KEYS[7]})
    reopened = ReadingSession(study, reader).open(0, aided=True)  # sealed: only the aided read opens
    assert reopened.aided and dict(reopened.previous_read.ratings) == dict(aided.ratings)
    assert dict(reopened.unaided_read.ratings) == dict(unaided.ratings)
    study.close()


def test_decisions_from_ratings_is_rating_at_or_above_the_cut_off():
    assert decisions_from_ratings({"a": 4, "b": 3.99, "c": 5}, 4) == {"a", "c"}


@pytest.mark.qt  # the command line is involved
def test_study_create_takes_the_rating_scale(tmp_path, monkeypatch, ludb):
    monkeypatch.setenv("ECGREADER_COORDINATOR_PASSWORD", "")
    ludb_records = [str(ludb / "data" / f"{i}.hea") for i in (1, 4)]
    out = tmp_path / "rated.ecgstudy"
    args = ["study", "create", str(out), "--records", *ludb_records, "--rating-scale", "0-100", "--positive-at", "60"]
    assert main(args) == 0
    with open_study(out) as study:
        assert (study_settings(study).rating_scale, study_settings(study).positive_at) == ("0-100", 60.0)
    assert main(["study", "create", str(tmp_path / "x.ecgstudy"), "--records", *ludb_records,
                 "--positive-at", "3"]) == 1  # fmt: skip
