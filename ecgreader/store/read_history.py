"""The one writer of the study's hash chain: every stored read revision and every second
opinion shown to a reader is an entry of it.

Each entry stores the sha256 of its content, of who it concerns (the reader's name and group,
the case's content hash: its ECG, source and gold standard) and of the entry before it; the
study row keeps the chain's head and length. Editing, deleting, re-inserting or reordering any
entry, swapping cases or readers under it, un-sealing a read by deleting the record of the
opinion shown, or changing a current read without a revision, breaks the chain or the match
between a read and its latest revision, and ``study verify`` names it. The chain makes tampering
*evident*, not impossible: someone who recomputes every hash can forge a consistent file, so the
head printed by ``study verify`` is worth noting outside the file (a lab book, an e-mail).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.store.schema import (
    Case,
    LabelDefinition,
    Read,
    Reader,
    ReaderGroup,
    ReadLabel,
    ReadRating,
    ReadRevision,
    SecondOpinionView,
    StudySettings,
)

GENESIS = "0" * 64  # the "previous hash" of a study's first chain entry


@dataclass(frozen=True)
class ReadContent:
    """What a revision says: who read which case in which phase, and what they answered."""

    reader_id: int
    case_id: int
    phase: str
    revision: int
    labels: tuple[str, ...]  # sorted vocabulary keys
    confidence: int | None
    comment: str | None
    shown_at: datetime
    submitted_at: datetime
    active_seconds: float | None
    ratings: tuple[tuple[str, float], ...] | None = None  # (key, rating) sorted; None: present/absent study
    unassessable_reason: str | None = None  # the reader's reason for "cannot be assessed"; None: answered

    @classmethod
    def of_revision(cls, row: ReadRevision) -> ReadContent:
        ratings = None if row.ratings is None else tuple(sorted(json.loads(row.ratings).items()))
        return cls(row.reader_id, row.case_id, row.phase, row.revision, tuple(json.loads(row.label_keys)),
                   row.confidence, row.comment, row.shown_at, row.submitted_at, row.active_seconds,
                   ratings, row.unassessable_reason)  # fmt: skip

    def digest(self, previous_hash: str, identity: dict) -> str:
        """sha256 of this content and ``identity`` (see :func:`identity_of`) chained to
        ``previous_hash`` (canonical JSON, UTC timestamps)."""
        canonical = {
            "previous": previous_hash,
            "identity": identity,
            "reader": self.reader_id,
            "case": self.case_id,
            "phase": self.phase,
            "revision": self.revision,
            "labels": list(self.labels),
            "confidence": self.confidence,
            "comment": self.comment,
            "shown_at": stored_timestamp(self.shown_at).isoformat(timespec="microseconds"),
            "submitted_at": stored_timestamp(self.submitted_at).isoformat(timespec="microseconds"),
            "active_seconds": self.active_seconds,
        }
        if self.ratings is not None:  # only in rating-scale studies
            canonical["ratings"] = [[key, rating] for key, rating in self.ratings]
        if self.unassessable_reason is not None:  # only when set, so chains written before still verify
            canonical["unassessable_reason"] = self.unassessable_reason
        return _sha256(canonical)


# The canonical JSON of every chain entry, from one encoder (json.dumps with these options builds
# one per call: a fifth of the encoding time of a large study's verification). Changing it would
# break every chain (tests/test_integrity.py pins two hashes).
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha256(canonical: dict) -> str:
    return hashlib.sha256(_CANONICAL_JSON.encode(canonical).encode()).hexdigest()


def identity(reader: tuple[str, str] | None, case_hash: str | None) -> dict:
    """Who and what a chain entry concerns: the reader's name and group and the case's content
    hash. Chained with the entry, so a reader or case swapped beneath it shows."""
    return {"reader": None if reader is None else list(reader), "case": case_hash}


def identity_of(session: Session, reader_id: int, case_id: int) -> dict:
    """The :func:`identity` of a reader and case as stored now (two small column queries)."""
    reader = session.execute(
        select(Reader.name, ReaderGroup.name)
        .join(ReaderGroup, Reader.group_id == ReaderGroup.id)
        .where(Reader.id == reader_id)
    ).first()
    case_hash = session.scalar(select(Case.content_hash).where(Case.id == case_id))
    return identity(None if reader is None else (reader[0], reader[1]), case_hash)


def second_opinion_digest(row: SecondOpinionView, previous_hash: str, identity: dict) -> str:
    """sha256 of the record that a reader was shown the network's output for a case."""
    return _sha256(
        {
            "previous": previous_hash,
            "identity": identity,
            "second_opinion_shown": [row.reader_id, row.case_id, row.model_run_id],
            "shown_at": stored_timestamp(row.shown_at).isoformat(timespec="microseconds"),
        }
    )


def stored_timestamp(moment: datetime) -> datetime:
    """``moment`` as the study stores it: naive UTC (SQLite keeps no time zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def record_read(session: Session, content: ReadContent) -> Read:
    """Write ``content`` as the current read of its reader, case and phase, and chain its revision.

    ``content.revision`` is ignored: it becomes one more than the stored read's, or 1. Policy
    (may this read change at all?) is the caller's; this is only the bookkeeping, done once.
    """
    named = set(content.labels) | {key for key, _ in content.ratings or ()}
    known = session.scalars(select(LabelDefinition).where(LabelDefinition.key.in_(named)))
    labels = {row.key: row for row in known}
    unknown = sorted(named - set(labels))
    if unknown:
        raise ValueError(f"labels not in the study's vocabulary: {', '.join(unknown)}")
    same = (Read.reader_id == content.reader_id, Read.case_id == content.case_id, Read.phase == content.phase)
    row = session.scalars(select(Read).where(*same)).first()
    if row is None:
        row = Read(reader_id=content.reader_id, case_id=content.case_id, phase=content.phase, revision=0)
        session.add(row)
    else:
        row.labels.clear()
        row.ratings.clear()
    ratings = tuple(sorted((key, float(r)) for key, r in content.ratings)) if content.ratings else None
    content = ReadContent(
        content.reader_id, content.case_id, content.phase, row.revision + 1, tuple(sorted(content.labels)),
        content.confidence, content.comment or None, stored_timestamp(content.shown_at),
        stored_timestamp(content.submitted_at), content.active_seconds, ratings, content.unassessable_reason,
    )  # fmt: skip
    row.revision = content.revision
    row.unassessable_reason = content.unassessable_reason
    row.confidence = content.confidence
    row.comment = content.comment
    row.shown_at = content.shown_at
    row.submitted_at = content.submitted_at
    row.active_seconds = content.active_seconds
    session.flush()
    row.labels.extend(ReadLabel(label_id=labels[key].id) for key in content.labels)
    row.ratings.extend(ReadRating(label_id=labels[key].id, rating=rating) for key, rating in content.ratings or ())
    _append_revision(session, content)
    session.flush()
    return row


def _append_revision(session: Session, content: ReadContent) -> None:
    revision = ReadRevision(
        reader_id=content.reader_id,
        case_id=content.case_id,
        phase=content.phase,
        revision=content.revision,
        label_keys=json.dumps(list(content.labels)),
        confidence=content.confidence,
        comment=content.comment,
        shown_at=content.shown_at,
        submitted_at=content.submitted_at,
        active_seconds=content.active_seconds,
        ratings=None if content.ratings is None else json.dumps(dict(content.ratings)),
        unassessable_reason=content.unassessable_reason,
    )
    identity = identity_of(session, content.reader_id, content.case_id)
    _chain(session, revision, lambda previous: content.digest(previous, identity))


def record_second_opinion_shown(session: Session, reader_id: int, case_id: int, model_run_id: int) -> None:
    """Record, as an entry of the chain, that the reader has been shown the network's output for
    the case: from now on the unaided read of the case is sealed."""
    view = SecondOpinionView(
        reader_id=reader_id, case_id=case_id, model_run_id=model_run_id, shown_at=stored_timestamp(datetime.now(UTC))
    )
    identity = identity_of(session, reader_id, case_id)
    _chain(session, view, lambda previous: second_opinion_digest(view, previous, identity))


def _chain(session: Session, entry: ReadRevision | SecondOpinionView, digest: Callable[[str], str]) -> None:
    """Append ``entry`` to the study's chain: its index, the previous hash and its own."""
    study = session.scalars(select(StudySettings)).one()
    entry.chain_index = study.chain_length or 0
    entry.previous_hash = study.chain_head or GENESIS
    entry.content_hash = digest(entry.previous_hash)
    session.add(entry)
    study.chain_head = entry.content_hash
    study.chain_length = entry.chain_index + 1
