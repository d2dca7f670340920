"""Tamper evidence: ``ecgreader study verify`` on intact and altered study files, the warnings of
``study info`` and ``report``, and the migration that chains an older study's history."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest
from sqlalchemy import text

from ecgreader.cli.main import main
from ecgreader.reading.session import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.database import SCHEMA_VERSION
from ecgreader.store.integrity import verify_study
from ecgreader.store.schema import APPEND_ONLY_TRIGGER_NAMES
from ecgreader.store.sign_in import register_reader
from tests.helpers.study_fixtures import make_reading_study


@pytest.fixture
def read_study(tmp_path) -> Path:
    """A study where two readers read three cases each, one read revised."""
    path = make_reading_study(tmp_path / "v.ecgstudy", n_cases=4, allow_revisit=True)
    tamper(path, "DELETE FROM predictions", "DELETE FROM model_runs")  # its one-label run cannot be reported
    with open_study(path) as study:
        for name, labels in (("Dr Vera", {"LVH"}), ("Dr Walt", {"IAVB"})):
            session = ReadingSession(study, register_reader(study, name, "Specialist"))
            for index in range(3):
                session.open(index)
                session.submit(frozenset(labels), confidence=4)
        session.open(0)
        session.submit(frozenset({"LVH", "IAVB"}), confidence=2, comment="second look")
    return path


SCHEMA_1_STUDY = Path(__file__).parent / "data" / "schema1_study.ecgstudy"


def verify(study: Path, capsys) -> tuple[int, str]:
    status = main(["study", "verify", str(study)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def tamper(study: Path, *statements: str) -> None:
    connection = sqlite3.connect(study)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def test_an_intact_study_is_verified(read_study, capsys):
    status, output = verify(read_study, capsys)
    assert status == 0
    assert "verified: 4 cases, 6 reads, 7 read revisions" in output


def test_a_changed_read_label_is_named(read_study, capsys):
    tamper(read_study, "DELETE FROM read_labels WHERE read_id = (SELECT min(id) FROM reads)")
    status, output = verify(read_study, capsys)
    assert status == 1
    assert "verification FAILED" in output and "verified" not in output
    assert "by 'Dr Vera'" in output and "differs from its latest revision" in output


def test_insert_or_replace_past_the_triggers_is_detected(read_study, capsys):
    """INSERT OR REPLACE deletes without firing the delete trigger: the chain still notices."""
    columns = (
        "id, reader_id, case_id, phase, revision, label_keys, confidence, comment, shown_at, submitted_at,"
        " active_seconds, chain_index, previous_hash, content_hash"
    )
    altered = columns.replace("label_keys", "'[]'")
    tamper(
        read_study,
        f"INSERT OR REPLACE INTO read_revisions ({columns}) SELECT {altered} FROM read_revisions WHERE id = 2",
    )
    status, output = verify(read_study, capsys)
    assert status == 1
    assert "revision #2 " in output and "content, reader or case altered" in output


def test_dropped_trigger_and_edited_history_are_named(read_study, capsys):
    tamper(
        read_study,
        "DROP TRIGGER read_revisions_no_update",
        "UPDATE read_revisions SET confidence = 5 WHERE id = 3",
    )
    status, output = verify(read_study, capsys)
    assert status == 1
    assert "revision #3 " in output and "content, reader or case altered" in output
    assert "trigger read_revisions_no_update is missing" in output


def test_deleted_revisions_and_reads_are_named(read_study, capsys):
    tamper(
        read_study,
        "DROP TRIGGER read_revisions_no_delete",
        "DELETE FROM read_revisions WHERE id = (SELECT max(id) FROM read_revisions)",
        "DELETE FROM read_revisions WHERE id = 2",
    )
    status, output = verify(read_study, capsys)
    assert status == 1
    assert "revision #3 " in output and "does not follow" in output  # the one after the gap
    assert "last entries missing" in output
    assert "recorded 7 history entries (read revisions and second opinions shown), but 5 are stored" in output


def test_a_read_deleted_or_added_outside_the_app_is_named(read_study, capsys):
    tamper(read_study, "DELETE FROM read_labels WHERE read_id = 1", "DELETE FROM reads WHERE id = 1")
    status, output = verify(read_study, capsys)
    assert status == 1
    assert "missing (deleted)" in output


def test_altered_case_data_and_gold_are_named(read_study, capsys):
    connection = sqlite3.connect(read_study)
    position, signal = connection.execute("SELECT position, signal FROM cases ORDER BY position LIMIT 1").fetchone()
    raw = bytearray(zlib.decompress(signal))
    raw[100] ^= 0xFF
    connection.execute("UPDATE cases SET signal = ? WHERE position = ?", (zlib.compress(bytes(raw)), position))
    connection.execute(
        "INSERT INTO gold_labels (case_id, label_id) SELECT c.id, l.id FROM cases c, labels l"
        " WHERE c.position = 2 AND l.key = 'CLBBB'"
    )
    connection.commit()
    connection.close()
    status, output = verify(read_study, capsys)
    assert status == 1
    assert f"case {position}: stored signal data does not match its checksum" in output
    assert "case 2: gold standard, source or demographics altered" in output


def test_info_and_report_warn_and_state_the_result(read_study, tmp_path, capsys):
    assert main(["study", "info", str(read_study)]) == 0
    assert "Integrity: verified" in capsys.readouterr().out
    tamper(read_study, "UPDATE reads SET confidence = 1 WHERE id = 2")
    assert main(["study", "info", str(read_study)]) == 0
    captured = capsys.readouterr()
    assert "warning:" in captured.err and "verification FAILED: 1 problem(s)" in captured.err
    report = tmp_path / "r.html"
    assert main(["report", str(read_study), "--out", str(report), "--bootstrap", "100"]) == 0
    assert "verification FAILED" in capsys.readouterr().err
    html = report.read_text()
    assert "verification FAILED" in html and "differs from its latest revision" in html


def test_a_schema_1_study_is_migrated_and_its_history_chained(tmp_path):
    """A study written by ECG Reader before the chain existed (schema 1, made by commit cd3d074 with
    tests/data/README.md's recipe) is upgraded through every step, verifies, and the chain covers
    the revisions written before."""
    path = tmp_path / "old.ecgstudy"
    shutil.copy(SCHEMA_1_STUDY, path)  # no connection holds either file
    with open_study(path) as study:
        result = verify_study(study)
    assert result.verified, result.problems
    assert (result.cases, result.reads, result.revisions) == (3, 4, 5)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert set(_triggers(path)) == set(APPEND_ONLY_TRIGGER_NAMES)
    tamper(path, "UPDATE reads SET comment = 'changed' WHERE comment = 'revised'")
    with open_study(path) as study:
        assert "differs from its latest revision" in " ".join(verify_study(study).problems)


def _triggers(study: Path) -> list[str]:
    connection = sqlite3.connect(study)
    names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
    connection.close()
    return names


def test_ratings_are_part_of_the_chain(tmp_path, capsys):
    """In a rating-scale study the ratings are chained with the read; a changed rating is named."""
    from datetime import UTC, datetime

    from ecgreader.store.read_history import ReadContent, record_read
    from ecgreader.store.sign_in import register_reader as register

    path = make_reading_study(tmp_path / "ratings.ecgstudy", n_cases=2)
    with open_study(path) as study:
        reader = register(study, "Dr Rater", "Specialist")
        now = datetime.now(UTC)
        with study.writing() as session:
            case_id = session.execute(text("SELECT min(id) FROM cases")).scalar_one()
            content = ReadContent(reader.id, case_id, "unaided", 0, ("LVH",), None, None, now, now, 3.0,
                                  ratings=(("IAVB", 2.0), ("LVH", 4.0)))  # fmt: skip
            record_read(session, content)
    status, output = verify(path, capsys)
    assert status == 0, output
    tamper(path, "UPDATE read_ratings SET rating = 5 WHERE rating = 2")
    status, output = verify(path, capsys)
    assert status == 1 and "by 'Dr Rater'" in output and "differs from its latest revision" in output


def test_cases_and_readers_swapped_or_removed_under_the_reads_are_named(read_study, capsys):
    connection = sqlite3.connect(read_study)
    ids = [row[0] for row in connection.execute("SELECT id FROM cases ORDER BY id")]
    connection.close()
    first, second, unread = ids[0], ids[1], ids[-1]
    swap = f"CASE case_id WHEN {first} THEN -1 WHEN {second} THEN {first} ELSE case_id END"
    tamper(
        read_study,
        "PRAGMA foreign_keys = OFF",
        # the first two cases trade places under their reads: ECG, source and gold travel together
        f"UPDATE cases SET id = CASE id WHEN {first} THEN -1 WHEN {second} THEN {first} ELSE id END",
        f"UPDATE cases SET id = {second} WHERE id = -1",
        f"UPDATE gold_labels SET case_id = {swap}",
        f"UPDATE gold_labels SET case_id = {second} WHERE case_id = -1",
        "UPDATE readers SET group_id = (SELECT id FROM reader_groups WHERE name = 'General doctor')"
        " WHERE name = 'Dr Walt'",
        f"DELETE FROM gold_labels WHERE case_id = {unread}",
        f"DELETE FROM cases WHERE id = {unread}",
    )
    status, output = verify(read_study, capsys)
    assert status == 1
    assert "by 'Dr Walt'" in output and "content, reader or case altered" in output
    assert "missing (deleted since creation)" in output


def test_deleting_the_record_of_an_opinion_shown_is_named(tmp_path, capsys):
    path = make_reading_study(tmp_path / "seal.ecgstudy", n_cases=3, second_opinion_mode="after_each_case")
    with open_study(path) as study:
        session = ReadingSession(study, register_reader(study, "Dr Seal", "Specialist"))
        session.open(0)
        session.submit(frozenset({"LVH"}))
        assert session.second_opinion() is not None
    tamper(
        path,
        "DROP TRIGGER second_opinion_views_no_delete",
        "DELETE FROM second_opinion_views",
    )
    status, output = verify(path, capsys)
    assert status == 1 and "last entries missing" in output


def test_the_hash_of_a_revision_is_pinned():
    """The chain's hash definition never changes, or studies written before would stop verifying:
    these digests were computed by ECG Reader at commit 1ccdd61 (before the report speed work)."""
    from datetime import datetime

    from ecgreader.store.read_history import GENESIS, ReadContent, identity

    shown, submitted = datetime(2024, 5, 6, 7, 8, 9, 123456), datetime(2024, 5, 6, 7, 9, 0, 5)
    content = ReadContent(3, 7, "unaided", 2, ("IAVB", "LVH"), 4, "second look — ST", shown, submitted, 12.5,
                          (("IAVB", 80.0), ("LVH", 35.5)))  # fmt: skip
    who = identity(("Dr Vera", "Specialist"), "ab" * 32)
    assert content.digest(GENESIS, who) == "1be14fd766c2067c52c3e2df63195aa9b6eafd0dd02ffc0d3b861efea697f542"
    unassessable = dataclasses.replace(content, labels=(), ratings=None, unassessable_reason="poor quality")
    assert unassessable.digest("cd" * 32, who) == "bee5c6f284db5e7aff979c8eabf8ba16770934ffb6e614c1a21b3fe92e19ff67"


def test_a_snapshot_loads_the_reads_once_and_lets_go_of_them_when_it_ends(read_study):
    """Kept in the session for its transaction only: a session lives in reference cycles, and
    what it still held would wait for Python's cycle collector."""
    from ecgreader.store.read_lookups import KEPT, snapshot_reads, snapshot_revisions

    with open_study(read_study) as study:
        with study.reading() as session:
            assert snapshot_reads(session) is snapshot_reads(session)
            assert len(snapshot_revisions(session)) == 7
            assert set(session.info[KEPT]) == {"snapshot_reads", "snapshot_revisions"}
        assert KEPT not in session.info
        with study.reading() as session:
            assert len(snapshot_reads(session).reads) == 6  # a new snapshot loads afresh
