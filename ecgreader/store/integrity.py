"""Verifying a study file: the read history's hash chain, reads against their latest revisions,
case data against their checksums, and the append-only protections.

``ecgreader study verify`` prints this; ``study info`` and ``report`` run it and warn.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from ecgreader.store.cases import case_content_hash, stored_data_matches_checksum
from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.read_history import GENESIS, ReadContent
from ecgreader.store.schema import (
    APPEND_ONLY_TRIGGER_NAMES,
    APPEND_ONLY_TRIGGERS,
    Case,
    Read,
    Reader,
    ReadRevision,
    SecondOpinionView,
    StudySettings,
)


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a study; ``problems`` names each altered or missing item."""

    problems: tuple[str, ...]
    cases: int
    reads: int
    revisions: int
    chain_head: str | None

    @property
    def verified(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        return {
            "verified": self.verified,
            "problems": list(self.problems),
            "cases": self.cases,
            "reads": self.reads,
            "revisions": self.revisions,
            "chain_head": self.chain_head,
        }

    def summary(self) -> str:
        if self.verified:
            return (
                f"verified: {self.cases} cases, {self.reads} reads, {self.revisions} read revisions; "
                f"history chain head {self.chain_head or 'empty'}"
            )
        return f"verification FAILED: {len(self.problems)} problem(s) found"


def verify_study(source: SessionOrDatabase) -> Verification:
    """Recompute every check in one consistent snapshot of the study (the caller's, if given)."""
    with session_for_reading(source) as session:
        names = dict(session.execute(select(Reader.id, Reader.name)).all())
        positions = dict(session.execute(select(Case.id, Case.position)).all())
        describe = _Describer(names, positions)
        revisions = list(session.scalars(select(ReadRevision).order_by(ReadRevision.id)))
        reads = list(session.scalars(select(Read)))
        study = session.scalars(select(StudySettings)).one()
        problems = [
            *_chain_problems(revisions, study, describe),
            *_read_problems(reads, revisions, describe),
            *_seal_problems(session, revisions, describe),
            *_case_problems(session),
            *_protection_problems(session),
        ]
        return Verification(tuple(problems), len(positions), len(reads), len(revisions), study.chain_head)


@dataclass(frozen=True)
class _Describer:
    readers: dict[int, str]
    positions: dict[int, int]

    def read(self, reader_id: int, case_id: int, phase: str) -> str:
        reader = self.readers.get(reader_id, f"unknown reader #{reader_id}")
        case = self.positions.get(case_id, f"#{case_id} (unknown)")
        return f"{phase} read of case {case} by {reader!r}"

    def revision(self, row: ReadRevision) -> str:
        return f"revision #{row.id} ({self.read(row.reader_id, row.case_id, row.phase)}, revision {row.revision})"


def _chain_problems(revisions: list[ReadRevision], study: StudySettings, describe: _Describer) -> list[str]:
    problems = []
    previous = GENESIS
    for row in revisions:
        if row.previous_hash != previous:
            problems.append(
                f"{describe.revision(row)}: does not follow the revision stored before it "
                "(a revision was removed, inserted or reordered)"
            )
        if ReadContent.of_revision(row).digest(row.previous_hash) != row.content_hash:
            problems.append(f"{describe.revision(row)}: content altered")
        previous = row.content_hash
    if (study.chain_head or GENESIS) != previous:
        problems.append("the read history does not end where the study says: last revision(s) missing or altered")
    if (study.chain_length or 0) != len(revisions):
        problems.append(f"the study recorded {study.chain_length} read revisions, but {len(revisions)} are stored")
    return problems


def _latest_revisions(revisions: list[ReadRevision]) -> dict[tuple[int, int, str], ReadRevision]:
    latest = {}
    for row in revisions:  # in writing order: the last one wins
        latest[(row.reader_id, row.case_id, row.phase)] = row
    return latest


def _read_problems(reads: list[Read], revisions: list[ReadRevision], describe: _Describer) -> list[str]:
    latest = _latest_revisions(revisions)
    problems = []
    for read in reads:
        key = (read.reader_id, read.case_id, read.phase)
        revision = latest.pop(key, None)
        if revision is None:
            problems.append(f"{describe.read(*key)}: has no revision in the read history (added outside ECG Reader)")
        elif ReadContent.of_read(read) != ReadContent.of_revision(revision):
            problems.append(f"{describe.read(*key)}: differs from its latest revision (#{revision.id}): altered")
    for key, revision in latest.items():
        problems.append(f"{describe.read(*key)}: missing (deleted), though its revision #{revision.id} exists")
    return problems


def _seal_problems(session: Session, revisions: list[ReadRevision], describe: _Describer) -> list[str]:
    """An unaided revision written after the reader saw the network's opinion on that case."""
    shown = {(v.reader_id, v.case_id): v.shown_at for v in session.scalars(select(SecondOpinionView))}
    return [
        f"{describe.revision(row)}: unaided read changed after the network's opinion was shown"
        for row in revisions
        if row.phase == "unaided"
        and (row.reader_id, row.case_id) in shown
        and row.submitted_at > shown[(row.reader_id, row.case_id)]
    ]


def _case_problems(session: Session) -> list[str]:
    problems = []
    for case in session.scalars(select(Case).order_by(Case.position)):
        if not stored_data_matches_checksum(case):
            problems.append(f"case {case.position}: stored {case.kind} data does not match its checksum (altered)")
        gold = {link.label.key for link in case.gold_labels}
        if case.content_hash != case_content_hash(case, gold):
            problems.append(f"case {case.position}: gold standard, source or demographics altered since creation")
    return problems


def _protection_problems(session: Session) -> list[str]:
    present = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return [
        f"append-only protection removed: trigger {name} is missing"
        for name in APPEND_ONLY_TRIGGER_NAMES
        if name not in present
    ]


def chain_existing_history(connection: Connection) -> None:
    """Chain the revisions of a study written before the chain existed (schema 1), in id order,
    and fix the content hash of its cases: from then on, changes are evident."""
    connection.exec_driver_sql("DROP TRIGGER IF EXISTS read_revisions_no_update")
    with Session(bind=connection) as session:
        previous = GENESIS
        for row in session.scalars(select(ReadRevision).order_by(ReadRevision.id)):
            row.previous_hash = previous
            row.content_hash = previous = ReadContent.of_revision(row).digest(previous)
        study = session.scalars(select(StudySettings)).one()
        study.chain_head = None if previous == GENESIS else previous
        study.chain_length = session.scalar(select(func.count(ReadRevision.id)))
        for case in session.scalars(select(Case)):
            case.content_hash = case_content_hash(case, {link.label.key for link in case.gold_labels})
        session.commit()  # joined to the migration's transaction: this flushes, the migration commits
    for trigger in APPEND_ONLY_TRIGGERS:
        connection.exec_driver_sql(trigger)
