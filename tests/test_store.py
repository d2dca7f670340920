"""The study file: round trips, atomic creation, refusal of wrong files, append-only history."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import numpy as np
import pytest
from sqlalchemy import select, text

from ecgreader.ecg import read_record
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.store import (
    CaseInput,
    CorruptCaseError,
    StudyFileError,
    StudyOptions,
    create_study,
    open_study,
    read_vocabulary,
    record_from_case,
    summarise_study,
)
from ecgreader.store import database as database_module
from ecgreader.store.read_history import ReadContent, record_read
from ecgreader.store.schema import Case, Reader, ReaderGroup, ReadRevision


def make_study(path, n=5, **options):
    cases = [
        CaseInput(
            synthetic_ecg(50 + 5 * i, record_id=f"syn{i}"),
            frozenset({"LVH"} if i % 2 else ()),
            "test",
        )
        for i in range(n)
    ]
    return create_study(path, StudyOptions(name="test", **options), cases)


def test_signals_round_trip_to_a_microvolt_and_pragmas_are_safe(tmp_path, ludb):
    original = read_record(ludb / "data" / "4")
    path = create_study(tmp_path / "s.ecgstudy", StudyOptions("s"), [CaseInput(original, frozenset(), "ludb")])
    with open_study(path) as study:
        with study.reading() as session:
            case = session.scalars(select(Case)).one()
            restored = record_from_case(case)
            pragmas = {
                name: session.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    assert restored.fs == 500 and restored.age == original.age and restored.sex == original.sex
    assert np.abs(restored.signal - original.signal).max() <= 0.0005 + 1e-6
    assert len(case.signal) < original.signal.nbytes / 3  # stored compactly
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": 30000,
        "synchronous": 2,
    }


def test_cases_are_numbered_in_a_seeded_shuffle_and_summary_counts_gold(tmp_path):
    first = make_study(tmp_path / "a.ecgstudy", n=20, seed=3)
    second = make_study(tmp_path / "b.ecgstudy", n=20, seed=3)
    orders = []
    for path in (first, second):
        with open_study(path) as study, study.reading() as session:
            orders.append([c.source_id for c in session.scalars(select(Case).order_by(Case.position))])
    assert orders[0] == orders[1] and orders[0] != [f"syn{i}" for i in range(20)]
    with open_study(first) as study:
        summary = summarise_study(study)
        assert read_vocabulary(study) == DEFAULT_VOCABULARY
    lvh = next(label for label in summary.labels if label.key == "LVH")
    assert (lvh.positives, lvh.cases_with_gold, lvh.prevalence) == (10, 20, 0.5)
    assert summary.groups == {"General doctor": 0, "Specialist": 0}


def test_failed_creation_leaves_no_file(tmp_path):
    class Boom(Exception):
        pass

    def explode(_):
        raise Boom

    out = tmp_path / "s.ecgstudy"
    cases = [CaseInput(synthetic_ecg(record_id="a")), CaseInput(synthetic_ecg(record_id="b"))]
    with pytest.raises(Boom):
        create_study(out, StudyOptions("s"), cases, progress=explode)
    assert list(tmp_path.iterdir()) == []


def test_unknown_gold_labels_are_refused_before_writing(tmp_path):
    out = tmp_path / "s.ecgstudy"
    with pytest.raises(ValueError, match="gold labels not in the vocabulary: AF"):
        create_study(out, StudyOptions("s"), [CaseInput(synthetic_ecg(), frozenset({"AF"}), "x")])
    assert not out.exists()


def test_wrong_files_are_refused_with_a_reason(tmp_path):
    text_file = tmp_path / "notes.ecgstudy"
    text_file.write_text("hello")
    with pytest.raises(StudyFileError, match="notes.ecgstudy: not a study file"):
        open_study(text_file)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StudyFileError, match="an SQLite file, but not an ECG Reader study"):
        open_study(other)
    newer = make_study(tmp_path / "newer.ecgstudy")
    connection = sqlite3.connect(newer)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(StudyFileError, match="newer ECG Reader \\(schema 99"):
        open_study(newer)
    with pytest.raises(StudyFileError, match="file missing"):
        open_study(tmp_path / "gone.ecgstudy")


def test_older_schema_is_migrated_in_order(tmp_path, monkeypatch):
    path = make_study(tmp_path / "old.ecgstudy")
    applied = []
    current = database_module.SCHEMA_VERSION
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", current + 2)
    monkeypatch.setattr(
        database_module,
        "MIGRATIONS",
        {current: lambda c: applied.append(current), current + 1: lambda c: applied.append(current + 1)},
    )
    with open_study(path):
        pass
    assert applied == [current, current + 1]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == current + 2


def test_read_history_is_append_only(tmp_path):
    path = make_study(tmp_path / "s.ecgstudy")
    now = datetime.now(UTC)
    with open_study(path) as study:
        with study.writing() as session:
            group = session.scalars(select(ReaderGroup)).first()
            reader = Reader(name="Dr A", group=group, created_at=now)
            session.add(reader)
            session.flush()
            case = session.scalars(select(Case)).first()
            record_read(session, ReadContent(reader.id, case.id, "unaided", 0, ("LVH",), 3, None, now, now, 12.5))
        with pytest.raises(Exception, match="read history is append-only"):
            with study.writing() as session:
                session.execute(text("UPDATE read_revisions SET label_keys = '[]'"))
        with pytest.raises(Exception, match="read history is append-only"):
            with study.writing() as session:
                session.execute(text("DELETE FROM read_revisions"))
        with study.reading() as session:
            assert session.scalars(select(ReadRevision.label_keys)).all() == ['["LVH"]']


def test_a_corrupted_signal_is_detected(tmp_path):
    path = make_study(tmp_path / "s.ecgstudy", n=1)
    with open_study(path) as study:
        with study.writing() as session:
            case = session.scalars(select(Case)).one()
            case.checksum = "0" * 64
        with study.reading() as session:
            with pytest.raises(CorruptCaseError, match="case 1: stored signal does not match"):
                record_from_case(session.scalars(select(Case)).one())
