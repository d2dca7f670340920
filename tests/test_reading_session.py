"""Reading logic without Qt: order, resume, revisions, timing, crash safety, concurrency."""

from __future__ import annotations

import dataclasses
import json
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from ecgreader.reading import ActiveTimer, ReadingSession, reader_order
from ecgreader.reading.session import UNDO_WINDOW
from ecgreader.store import open_study
from ecgreader.store.integrity import verify_study
from ecgreader.store.reads import ReadSealed, RevisitNotAllowed, submit_read
from ecgreader.store.schema import Read, ReadRevision
from ecgreader.store.sign_in import (
    SignInError,
    register_reader,
    sign_in_coordinator,
    sign_in_reader,
)
from tests.helpers.clock import FakeClock
from tests.helpers.study_fixtures import COORDINATOR_PASSWORD, make_reading_study

HELPER = Path(__file__).parent / "helpers" / "reader_process.py"


def test_orders_are_stable_per_reader_and_differ_between_readers():
    cases = list(range(1, 101))
    assert reader_order(5, 1, cases) == reader_order(5, 1, list(reversed(cases)))
    assert reader_order(5, 1, cases) != reader_order(5, 2, cases)
    assert reader_order(5, 1, cases) != reader_order(6, 1, cases)
    assert sorted(reader_order(5, 1, cases)) == cases


def test_sign_in_with_pin_and_coordinator_password(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy"))
    reader = register_reader(study, "Dr Ada", "Specialist", pin="4711")
    assert sign_in_reader(study, reader.id, "4711").name == "Dr Ada"
    with pytest.raises(SignInError, match="wrong PIN"):
        sign_in_reader(study, reader.id, "0000")
    with pytest.raises(SignInError, match="already exists"):
        register_reader(study, "Dr Ada", "General doctor")
    with pytest.raises(SignInError, match="no reader group called 'Nurse'"):
        register_reader(study, "Dr Bo", "Nurse")
    sign_in_coordinator(study, COORDINATOR_PASSWORD)
    with pytest.raises(SignInError, match="wrong coordinator password"):
        sign_in_coordinator(study, "guess")
    stored = sqlite3.connect(study.path).execute("SELECT pin_hash FROM readers").fetchone()[0]
    assert "4711" not in stored and stored.startswith("scrypt$")
    study.close()


def test_resume_at_first_unread_and_no_revisits_unless_allowed(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy"))
    reader = register_reader(study, "Dr A", "General doctor")
    session = ReadingSession(study, reader)
    for _ in range(2):
        session.open(session.first_unread())
        session.submit(frozenset({"LVH"}))
    resumed = ReadingSession(study, reader)
    assert resumed.first_unread() == 2 and resumed.order == session.order
    assert not resumed.can_open(0)
    with pytest.raises(RevisitNotAllowed):
        resumed.open(0)
    study.close()


def test_a_revisited_read_is_a_new_revision_never_an_overwrite(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy", allow_revisit=True))
    reader = register_reader(study, "Dr A", "General doctor")
    session = ReadingSession(study, reader)
    session.open(0)
    session.submit(frozenset({"LVH"}), confidence=2)
    case = session.open(0)
    assert case.previous_read.labels == {"LVH"}
    second = session.submit(frozenset(), confidence=4, comment="changed my mind")
    assert second.revision == 2
    with study.reading() as db:
        history = db.scalars(select(ReadRevision).order_by(ReadRevision.revision)).all()
        assert [(h.revision, json.loads(h.label_keys)) for h in history] == [(1, ["LVH"]), (2, [])]
        current = db.scalars(select(Read)).one()
        assert (current.revision, current.labels, current.comment) == (2, [], "changed my mind")
    study.close()


def test_active_timer_stops_while_inactive():
    now = [100.0]
    timer = ActiveTimer(clock=lambda: now[0])
    timer.restart()
    now[0] += 5
    timer.pause()
    now[0] += 60  # another application is in front
    timer.resume()
    now[0] += 2
    assert timer.elapsed() == pytest.approx(7.0)


def _acked(process_output: str) -> list[int]:
    return [int(line.split()[1]) for line in process_output.splitlines() if line.startswith("ACK ")]


def test_sigkill_while_submitting_loses_no_acknowledged_read(tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", n_cases=60)
    rng = random.Random(7)
    acknowledged: list[int] = []
    for _ in range(6):
        process = subprocess.Popen(
            [sys.executable, str(HELPER), str(path), "Dr Crash", "60"],
            stdout=subprocess.PIPE,
            text=True,
        )
        wanted = rng.randint(1, 4)
        lines = []
        while len(lines) < wanted:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
        process.send_signal(signal.SIGKILL)  # mid-way through the next submission, or between
        rest, _ = process.communicate()
        acknowledged += _acked("".join(lines) + rest)
    assert len(acknowledged) >= 6
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in connection.execute("SELECT case_id FROM reads")}
    assert set(acknowledged) <= stored
    revisions = connection.execute("SELECT COUNT(*) FROM read_revisions").fetchone()[0]
    assert revisions == len(stored)  # each stored read has its history row, in one transaction
    connection.close()


def test_two_processes_submitting_at_once_lose_nothing(tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", n_cases=40)
    processes = [
        subprocess.Popen(
            [sys.executable, str(HELPER), str(path), name, "40"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Dr One", "Dr Two")
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_, errors) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, errors
        assert "locked" not in errors
    assert [len(_acked(out)) for out, _ in outputs] == [40, 40]
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT COUNT(*) FROM reads").fetchone()[0] == 80
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


def test_undo_reopens_the_last_read_and_stores_the_correction_as_a_revision(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy"))  # revisits are off
    clock = FakeClock()
    session = ReadingSession(study, register_reader(study, "Dr U", "Specialist"), now=clock)
    session.open(0)
    session.submit(frozenset({"LVH"}), confidence=2)
    session.open(session.next_index())
    clock.advance(UNDO_WINDOW.total_seconds() - 1)
    assert session.can_undo()
    reopened = session.undo_last_submission()
    assert reopened.number == 1 and reopened.previous_read.labels == {"LVH"}
    assert not session.can_undo()  # one undo per submission
    corrected = session.submit(frozenset({"IAVB"}))
    assert corrected.revision == 2 and session.next_index() == 1
    with study.reading() as snapshot:
        history = snapshot.scalars(select(ReadRevision).order_by(ReadRevision.id)).all()
        assert [json.loads(r.label_keys) for r in history] == [["LVH"], ["IAVB"]]
    assert verify_study(study).verified
    clock.advance(UNDO_WINDOW.total_seconds())
    assert not session.can_undo()
    with pytest.raises(RevisitNotAllowed, match="can no longer be undone"):
        session.undo_last_submission()
    study.close()


def test_only_the_readers_latest_read_may_be_corrected(tmp_path):
    study = open_study(make_reading_study(tmp_path / "s.ecgstudy"))
    reader = register_reader(study, "Dr V", "Specialist")
    session = ReadingSession(study, reader)
    for index in (0, 1):
        session.open(index)
        session.submit(frozenset({"LVH"}))
    first = session.reads[session.order[0]]
    with pytest.raises(RevisitNotAllowed, match="only your last submitted read"):
        submit_read(study, reader.id, dataclasses.replace(first, labels=frozenset()), correcting_last=True)
    study.close()


def test_undo_is_refused_for_a_sealed_read_and_ends_with_the_next_cases_opinion(tmp_path):
    path = make_reading_study(tmp_path / "s.ecgstudy", n_cases=3, second_opinion_mode="after_each_case")
    study = open_study(path)
    session = ReadingSession(study, register_reader(study, "Dr W", "Specialist"))
    session.open(0)
    session.submit(frozenset({"LVH"}))
    assert session.can_undo()
    session.second_opinion()  # seals the unaided read
    assert not session.can_undo()
    with pytest.raises(ReadSealed):
        session.undo_last_submission()
    session.begin_aided_read()
    session.submit(frozenset())  # the aided read may be undone...
    assert session.can_undo()
    session.open(session.next_index())
    session.submit(frozenset())
    session.second_opinion()  # ...until the network's opinion on the next case is shown
    assert not session.can_undo()
    study.close()


@pytest.mark.parametrize("allow_revisit", [False, True])
def test_a_read_made_meanwhile_elsewhere_is_never_replaced_unseen(tmp_path, allow_revisit):
    """The same reader signed in on two workstations: the second submits a case it still showed as
    unread. Nothing of it is stored (before, it was refused with a misleading message, or, where
    revisits are allowed, silently became a revision replacing the first answer)."""
    from ecgreader.store.reads import ReadMeanwhile

    path = make_reading_study(tmp_path / "s.ecgstudy", n_cases=3, allow_revisit=allow_revisit)
    with open_study(path) as first_station, open_study(path) as second_station:
        reader = register_reader(first_station, "Dr Twice", "General doctor")
        here, there = ReadingSession(first_station, reader), ReadingSession(second_station, reader)
        here.open(here.first_unread())
        there.open(there.first_unread())
        here.submit(frozenset({"LVH"}))
        with pytest.raises(ReadMeanwhile, match="stored meanwhile in another session"):
            there.submit(frozenset())
        with first_station.reading() as session:
            assert [r.labels[0].label.key for r in session.scalars(select(Read))] == ["LVH"]
            assert len(session.scalars(select(ReadRevision)).all()) == 1
