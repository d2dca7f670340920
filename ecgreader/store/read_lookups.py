"""Bulk lookups of readers, current reads, read labels and ratings and the gold standard, shared
by the report rows, the comparison data and ``study verify``.

Column queries, one per table, run as Core statements on the session's connection rather than
through the ORM (an object, or an ORM result row, per read): a large study's 200,000 ratings then
load in a fraction of a second (bench/report.py). A report asks for the reads three times
in one read snapshot (reads.csv, the analysis, the verification) and for the read revisions
twice (read_history.csv, the verification), so :func:`snapshot_reads` and
:func:`snapshot_revisions` load them once per snapshot and hand the same rows to each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Row, Select, event, select
from sqlalchemy.orm import Session, SessionTransaction

from ecgreader.store.read_history import ReadContent
from ecgreader.store.schema import (
    GoldLabel,
    LabelDefinition,
    Read,
    Reader,
    ReaderGroup,
    ReadLabel,
    ReadRating,
    ReadRevision,
)

Loaded = TypeVar("Loaded")


def _column_rows(session: Session, query: Select) -> Sequence[Row]:
    """``query``'s rows as plain Core rows, fetched at once, in the session's transaction (its
    snapshot), after writing any pending changes of the session as an ORM query would."""
    session.flush()
    return session.connection().execute(query).all()


def _label_keys(session: Session) -> dict[int, str]:
    """Label id → key: the few labels looked up in Python rather than joined to every row."""
    return {label_id: key for label_id, key in _column_rows(session, select(LabelDefinition.id, LabelDefinition.key))}


def readers_with_groups(session: Session) -> dict[int, tuple[str, str]]:
    """Reader id → (name, group)."""
    query = select(Reader.id, Reader.name, ReaderGroup.name).join(ReaderGroup, Reader.group_id == ReaderGroup.id)
    return {reader_id: (name, group) for reader_id, name, group in session.execute(query)}


def label_keys_by_read(session: Session) -> dict[int, list[str]]:
    """Read id → the keys of the labels ticked (present) in it."""
    names, keys = _label_keys(session), {}
    for read_id, label_id in _column_rows(session, select(ReadLabel.read_id, ReadLabel.label_id)):
        if label_id in names:  # as an inner join would: a label id without its definition is no label
            keys.setdefault(read_id, []).append(names[label_id])
    return keys


def ratings_by_read(session: Session) -> dict[int, dict[str, float]]:
    """Read id → label key → rating (empty in present/absent studies)."""
    names, ratings = _label_keys(session), {}
    query = select(ReadRating.read_id, ReadRating.label_id, ReadRating.rating)
    for read_id, label_id, rating in _column_rows(session, query):
        if label_id in names:
            ratings.setdefault(read_id, {})[names[label_id]] = rating
    return ratings


def gold_keys_by_case(session: Session) -> dict[int, set[str]]:
    """Case id → the keys of the labels present in its gold standard (cases without any: absent)."""
    gold: dict[int, set[str]] = {}
    query = select(GoldLabel.case_id, LabelDefinition.key).join(
        LabelDefinition, LabelDefinition.id == GoldLabel.label_id
    )
    for case_id, key in session.execute(query):
        gold.setdefault(case_id, set()).add(key)
    return gold


@dataclass(frozen=True)
class SnapshotReads:
    """Every current read of a study with its labels and ratings, and the readers, as stored in
    one snapshot. Shared between callers: treat every part as read-only."""

    readers: dict[int, tuple[str, str]]  # reader id → (name, group)
    reads: tuple[Row, ...]  # every column of every current read, by read id
    labels: dict[int, tuple[str, ...]]  # read id → sorted keys of the labels ticked
    ratings: dict[int, dict[str, float]]  # read id → label key → rating (empty in present/absent studies)

    @classmethod
    def load(cls, session: Session) -> SnapshotReads:
        labels = {read_id: tuple(sorted(keys)) for read_id, keys in label_keys_by_read(session).items()}
        reads = tuple(_column_rows(session, select(Read.__table__).order_by(Read.id)))
        return cls(readers_with_groups(session), reads, labels, ratings_by_read(session))


@dataclass(frozen=True)
class ChainEntry:
    """An entry of the read history's chain as stored (every column): a read revision, with what
    it says decoded once, or the record of a second opinion shown (``content`` None)."""

    row: Row
    content: ReadContent | None


def _load_revisions(session: Session) -> tuple[ChainEntry, ...]:
    query = select(ReadRevision.__table__).order_by(ReadRevision.chain_index)
    return tuple(ChainEntry(row, ReadContent.of_revision(row)) for row in _column_rows(session, query))


def snapshot_reads(session: Session) -> SnapshotReads:
    """The study's current reads, labels, ratings and readers as ``session`` sees them."""
    return _kept(session, "snapshot_reads", SnapshotReads.load)


def snapshot_revisions(session: Session) -> tuple[ChainEntry, ...]:
    """Every read revision as ``session`` sees it, in chain order, with its content decoded."""
    return _kept(session, "snapshot_revisions", _load_revisions)


KEPT = "read_lookups"  # session.info key: {lookup name: (transaction, what it loaded)}


def _kept(session: Session, key: str, load: Callable[[Session], Loaded]) -> Loaded:
    """``load(session)``, done once per read snapshot (``StudyDatabase.reading``) and kept in
    ``session.info`` for the rest of its transaction, since nothing can change what it sees; a
    writing session (whose own changes would make a kept copy stale) loads afresh every time."""
    if _writes(session):
        return load(session)
    kept = session.info.setdefault(KEPT, {})
    if key in kept and kept[key][0] is session.get_transaction():
        return kept[key][1]
    if not event.contains(session, "after_transaction_end", _forget_kept):
        event.listen(session, "after_transaction_end", _forget_kept)
    loaded = load(session)
    kept[key] = (session.get_transaction(), loaded)
    return loaded


def _forget_kept(session: Session, transaction: SessionTransaction) -> None:
    """Let go of what a snapshot kept once its transaction ends. A session lives in reference
    cycles, so rows left in its ``info`` would wait for Python's cycle collector, which then
    walks every one of them: a third of a second after each report of a large study."""
    if transaction.parent is None:
        session.info.pop(KEPT, None)


def _writes(session: Session) -> bool:
    """Whether ``session`` is a writer's: bound with the ``write`` execution option that makes
    ``StudyDatabase.writing`` begin immediately, or holding changes not yet written."""
    if session.new or session.dirty or session.deleted:
        return True
    return bool(session.get_bind().get_execution_options().get("write", False))
