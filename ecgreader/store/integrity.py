"""Verifying a study file: the read history's hash chain, reads against their latest revisions,
case data against their checksums, and the append-only protections.

``ecgreader study verify`` prints this; ``study info`` and ``report`` run it and warn.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import Session

from ecgreader.store.cases import case_content_hash, cases_digest, stored_data_matches_checksum
from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.read_history import GENESIS, ReadContent, identity, identity_of, second_opinion_digest
from ecgreader.store.read_lookups import (
    ChainEntry,
    SnapshotReads,
    gold_keys_by_case,
    snapshot_reads,
    snapshot_revisions,
)
from ecgreader.store.schema import (
    APPEND_ONLY_TRIGGER_NAMES,
    APPEND_ONLY_TRIGGERS,
    Case,
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
    """Recompute every check in one consistent snapshot of the study (the caller's, if given).

    Column rows rather than ORM objects, each revision's JSON decoded once, and the current reads
    and revisions shared with the report's other users of the snapshot (``read_lookups``)."""
    with session_for_reading(source) as session:
        current = snapshot_reads(session)
        stored = _StoredNow.load(session, current.readers)
        describe = _Describer({rid: name for rid, (name, _) in stored.readers.items()}, stored.positions)
        revisions = list(snapshot_revisions(session))
        views = [
            ChainEntry(row, None)
            for row in session.execute(select(SecondOpinionView.__table__).order_by(SecondOpinionView.chain_index))
        ]
        reads = _current_reads(current)
        study = session.scalars(select(StudySettings)).one()
        problems = [
            *_chain_problems(stored, revisions, views, study, describe),
            *_read_problems(reads, revisions, describe),
            *_seal_problems(revisions, views, describe),
            *_case_problems(session, study),
            *_protection_problems(session),
        ]
        return Verification(tuple(problems), len(stored.positions), len(reads), len(revisions), study.chain_head)


@dataclass(frozen=True)
class _StoredNow:
    """Readers and cases as stored now, loaded once (column queries: no ECG is loaded here)."""

    readers: dict[int, tuple[str, str]]  # reader id -> (name, group)
    case_hashes: dict[int, str | None]
    positions: dict[int, int]

    @classmethod
    def load(cls, session: Session, readers: dict[int, tuple[str, str]]) -> _StoredNow:
        cases = session.execute(select(Case.id, Case.content_hash, Case.position)).all()
        return cls(
            readers,
            {cid: digest for cid, digest, _ in cases},
            {cid: position for cid, _, position in cases},
        )

    def identity(self, reader_id: int, case_id: int) -> dict:
        return identity(self.readers.get(reader_id), self.case_hashes.get(case_id))


def _current_reads(current: SnapshotReads) -> dict[tuple[int, int, str], ReadContent]:
    """Every current read as the content its latest revision must have."""
    return {
        (r.reader_id, r.case_id, r.phase): ReadContent(
            r.reader_id,
            r.case_id,
            r.phase,
            r.revision,
            current.labels.get(r.id, ()),
            r.confidence,
            r.comment,
            r.shown_at,
            r.submitted_at,
            r.active_seconds,
            tuple(sorted(current.ratings.get(r.id, {}).items())) or None,
            r.unassessable_reason,
        )  # fmt: skip
        for r in current.reads
    }


@dataclass(frozen=True)
class _Describer:
    readers: dict[int, str]
    positions: dict[int, int]

    def _names(self, reader_id: int, case_id: int) -> tuple[str, str]:
        reader = self.readers.get(reader_id, f"unknown reader #{reader_id}")
        return reader, str(self.positions.get(case_id, f"#{case_id} (unknown)"))

    def read(self, reader_id: int, case_id: int, phase: str) -> str:
        reader, case = self._names(reader_id, case_id)
        return f"{phase} read of case {case} by {reader!r}"

    def entry(self, entry: ChainEntry) -> str:
        row = entry.row
        if entry.content is None:
            reader, case = self._names(row.reader_id, row.case_id)
            return f"record that {reader!r} saw the network's opinion on case {case}"
        return f"revision #{row.id} ({self.read(row.reader_id, row.case_id, row.phase)}, revision {row.revision})"


def _expected_digest(stored: _StoredNow, entry: ChainEntry) -> str:
    row = entry.row
    identity = stored.identity(row.reader_id, row.case_id)
    if entry.content is None:
        return second_opinion_digest(row, row.previous_hash, identity)
    return entry.content.digest(row.previous_hash, identity)


def _chain_problems(
    stored: _StoredNow,
    revisions: list[ChainEntry],
    views: list[ChainEntry],
    study: StudySettings,
    describe: _Describer,
) -> list[str]:
    """Walk the chain in order: each entry follows the one before it and hashes to its content."""
    problems = []
    previous = GENESIS
    entries = sorted([*revisions, *views], key=lambda entry: entry.row.chain_index)
    for entry in entries:
        row = entry.row
        if row.previous_hash != previous:
            problems.append(
                f"{describe.entry(entry)}: does not follow the entry stored before it "
                "(a revision or second-opinion record was removed, inserted or reordered)"
            )
        if _expected_digest(stored, entry) != row.content_hash:
            problems.append(f"{describe.entry(entry)}: content, reader or case altered")
        previous = row.content_hash
    if (study.chain_head or GENESIS) != previous:
        problems.append("the read history does not end where the study says: last entries missing or altered")
    if (study.chain_length or 0) != len(entries):
        problems.append(
            f"the study recorded {study.chain_length} history entries (read revisions and second opinions "
            f"shown), but {len(entries)} are stored"
        )
    return problems


def _latest_revisions(revisions: list[ChainEntry]) -> dict[tuple[int, int, str], ChainEntry]:
    latest = {}
    for entry in revisions:  # in writing order: the last one wins
        latest[(entry.row.reader_id, entry.row.case_id, entry.row.phase)] = entry
    return latest


def _read_problems(
    reads: dict[tuple[int, int, str], ReadContent], revisions: list[ChainEntry], describe: _Describer
) -> list[str]:
    latest = _latest_revisions(revisions)
    problems = []
    for key, read in reads.items():
        revision = latest.pop(key, None)
        if revision is None:
            problems.append(f"{describe.read(*key)}: has no revision in the read history (added outside ECG Reader)")
        elif read != revision.content:
            problems.append(f"{describe.read(*key)}: differs from its latest revision (#{revision.row.id}): altered")
    for key, revision in latest.items():
        problems.append(f"{describe.read(*key)}: missing (deleted), though its revision #{revision.row.id} exists")
    return problems


def _seal_problems(revisions: list[ChainEntry], views: list[ChainEntry], describe: _Describer) -> list[str]:
    """An unaided revision written after the reader saw the network's opinion on that case
    (compared by position in the chain, not by clocks that may differ between workstations)."""
    if not views:  # no opinion shown: nothing sealed (a large study's revisions need no walk)
        return []
    sealed_at = {(v.row.reader_id, v.row.case_id): v.row.chain_index for v in views}
    return [
        f"{describe.entry(entry)}: unaided read changed after the network's opinion was shown"
        for entry in revisions
        if entry.row.phase == "unaided"
        and entry.row.chain_index > sealed_at.get((entry.row.reader_id, entry.row.case_id), entry.row.chain_index)
    ]


def _case_problems(session: Session, study: StudySettings) -> list[str]:
    """Each case's stored data against its checksum, its content (gold included) against its hash,
    and the set of cases against the study's manifest. Cases are read a few at a time."""
    gold = gold_keys_by_case(session)
    problems, positions, hashes = [], [], []
    for case in session.scalars(select(Case).order_by(Case.position).execution_options(yield_per=32)):
        if not stored_data_matches_checksum(case):
            problems.append(f"case {case.position}: stored {case.kind} data does not match its checksum (altered)")
        if case.content_hash != case_content_hash(case, gold.get(case.id, set())):
            problems.append(f"case {case.position}: gold standard, source or demographics altered since creation")
        positions.append(case.position)
        hashes.append(case.content_hash)
        session.expunge(case)  # its ECG is not kept in memory
    missing = sorted(set(range(1, (study.case_count or 0) + 1)) - set(positions))
    problems += [f"case {position}: missing (deleted since creation)" for position in missing]
    if study.case_count is not None and len(positions) > study.case_count:
        problems.append(f"{len(positions) - study.case_count} case(s) added since creation")
    if study.cases_digest != cases_digest(hashes):
        problems.append("the set of cases differs from the one the study was created with")
    return problems


def _protection_problems(session: Session) -> list[str]:
    present = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return [
        f"append-only protection removed: trigger {name} is missing"
        for name in APPEND_ONLY_TRIGGER_NAMES
        if name not in present
    ]


def chain_existing_history(connection: Connection) -> None:
    """Give a study written before the chain existed (schema 1) its case hashes and manifest, and
    chain its revisions in the order they were written: from then on, changes are evident."""
    connection.exec_driver_sql("DROP TRIGGER IF EXISTS read_revisions_no_update")
    with Session(bind=connection) as session:
        cases = list(session.scalars(select(Case).order_by(Case.position)))
        for case in cases:
            case.content_hash = case_content_hash(case, {link.label.key for link in case.gold_labels})
        study = session.scalars(select(StudySettings)).one()
        study.case_count, study.cases_digest = len(cases), cases_digest(case.content_hash for case in cases)
        session.flush()
        previous = GENESIS
        for index, row in enumerate(session.scalars(select(ReadRevision).order_by(ReadRevision.id))):
            row.chain_index, row.previous_hash = index, previous
            identity = identity_of(session, row.reader_id, row.case_id)
            row.content_hash = previous = ReadContent.of_revision(row).digest(previous, identity)
        study.chain_head = None if previous == GENESIS else previous
        study.chain_length = session.scalar(select(func.count(ReadRevision.id)))
        session.commit()  # joined to the migration's transaction: this flushes, the migration commits
    connection.exec_driver_sql("CREATE UNIQUE INDEX read_revisions_chain_index ON read_revisions (chain_index)")
    for trigger in APPEND_ONLY_TRIGGERS:
        connection.exec_driver_sql(trigger)
