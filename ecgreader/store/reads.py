"""A reader's reads: submitting one (with its history revision) and reading them back.

An unaided read is sealed once the reader has seen the network's output for its case: from
then on only the aided read may change. Every read is written by ``read_history.record_read``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.store.database import StudyDatabase
from ecgreader.store.read_history import ReadContent, record_read
from ecgreader.store.schema import LabelDefinition, Read, SecondOpinionView, StudySettings
from ecgreader.store.study import SCALE_RANGE

READ_PHASES = ("unaided", "aided")


class RevisitNotAllowed(ValueError):
    """The study does not let readers change a read they have submitted."""


class ReadSealed(RevisitNotAllowed):
    """The reader has seen the network's output for the case: the unaided read is final."""


class ReadMeanwhile(RevisitNotAllowed):
    """The case was read after the caller last looked (the same reader signed in elsewhere): storing
    this answer would revise, unseen, a read the caller never showed."""


@dataclass(frozen=True)
class SubmittedRead:
    case_id: int
    labels: frozenset[str]
    confidence: int | None
    comment: str | None
    shown_at: datetime
    submitted_at: datetime
    active_seconds: float | None
    revision: int
    phase: str = "unaided"
    ratings: tuple[tuple[str, float], ...] | None = None  # (key, rating) sorted; None: present/absent study
    unassessable_reason: str | None = None  # "cannot be assessed" and why; None: the findings were answered


def reads_of(database: StudyDatabase, reader_id: int, phase: str = "unaided") -> dict[int, SubmittedRead]:
    """The reader's current reads in ``phase``, by case id."""
    with database.reading() as session:
        rows = session.scalars(select(Read).where(Read.reader_id == reader_id, Read.phase == phase)).all()
        return {row.case_id: _as_submitted(row) for row in rows}


def submit_read(
    database: StudyDatabase,
    reader_id: int,
    read: SubmittedRead,
    correcting_last: bool = False,
    first_read: bool = False,
) -> SubmittedRead:
    """Store one read in a single committed transaction, with its history entry.

    A second submission of the same case and phase becomes a new revision (when the study
    allows revisits); the earlier revision stays in the append-only history. An unaided read
    is final once the reader has been shown the network's output for that case, and an aided read
    can only follow it. ``correcting_last``: the reader undid their last submission (the reading
    room's "undo"), so it may change even where revisits are off, but only if it is the reader's
    latest read and not sealed. ``first_read``: the caller showed the case as not yet read in this
    phase; if a read of it was stored meanwhile (the same reader signed in on another workstation),
    nothing is stored (ReadMeanwhile) rather than silently replacing it.
    """
    if read.phase not in READ_PHASES:
        raise ValueError(f"phase {read.phase!r} is not one of {', '.join(READ_PHASES)}")
    if read.confidence is not None and not 1 <= read.confidence <= 5:
        raise ValueError(f"confidence {read.confidence} is not 1-5")
    with database.writing() as session:
        _check_answer_format(session, read)
        if correcting_last:
            _check_is_latest_read(session, reader_id, read)
        if first_read and has_read(session, reader_id, read.case_id, read.phase):
            raise ReadMeanwhile(
                f"this case's {read.phase} read was stored meanwhile in another session of yours (another "
                "workstation?); your answer was not stored: sign in again to see it"
            )
        if read.phase == "unaided":
            _check_unaided_read_may_change(session, reader_id, read.case_id, correcting_last)
        elif not seen_second_opinion(session, reader_id, read.case_id):
            raise RevisitNotAllowed("an aided read is made after seeing the network's opinion, which was not shown")
        content = ReadContent(
            reader_id, read.case_id, read.phase, 0, tuple(sorted(read.labels)), read.confidence,
            read.comment, read.shown_at, read.submitted_at, read.active_seconds, read.ratings,
            read.unassessable_reason,
        )  # fmt: skip
        row = record_read(session, content)
        return _as_submitted(row, labels=frozenset(read.labels), ratings=read.ratings)


def decisions_from_ratings(ratings: dict[str, float], positive_at: float) -> frozenset[str]:
    """The findings present by a rating-scale read: those rated at or above the study's cut-off."""
    return frozenset(key for key, rating in ratings.items() if rating >= positive_at)


def _check_answer_format(session: Session, read: SubmittedRead) -> None:
    """A read answers in the study's format: in a rating-scale study a rating of every finding
    on its scale, with the decisions they imply; in a present/absent study no ratings."""
    study = session.scalars(select(StudySettings)).one()
    if read.unassessable_reason is not None:
        _check_unassessable(study, read)
        return
    scale = study.rating_scale or "binary"
    if scale == "binary":
        if read.ratings is not None:
            raise ValueError("this study answers present/absent; a read cannot carry ratings")
        return
    if read.ratings is None:
        raise ValueError(f"this study rates every finding on a {scale} scale; the read has no ratings")
    ratings = dict(read.ratings)
    keys = set(session.scalars(select(LabelDefinition.key)))
    missing, unknown = sorted(keys - set(ratings)), sorted(set(ratings) - keys)
    if missing or unknown:
        raise ValueError(f"rate every finding once: missing {', '.join(missing) or 'none'}, "
                         f"unknown {', '.join(unknown) or 'none'}")  # fmt: skip
    low, high = SCALE_RANGE[scale]
    for key, rating in ratings.items():
        if not low <= rating <= high or (scale == "1-5" and rating != int(rating)):
            raise ValueError(f"rating {rating:g} of {key} is not on the {scale} scale")
    if frozenset(read.labels) != decisions_from_ratings(ratings, study.positive_at):
        raise ValueError(f"the findings present must be those rated at least {study.positive_at:g}")


def _check_unassessable(study: StudySettings, read: SubmittedRead) -> None:
    """A "cannot be assessed" answer is valid only where the study offers it, with one of its
    reasons, and it answers no finding."""
    reasons = json.loads(study.unassessable_reasons or "[]")
    if not reasons:
        raise ValueError("this study does not offer 'cannot be assessed' as an answer")
    if read.unassessable_reason not in reasons:
        raise ValueError(
            f"{read.unassessable_reason!r} is not one of the study's reasons for 'cannot be assessed': "
            f"{', '.join(reasons)}"
        )
    if read.labels or read.ratings is not None:
        raise ValueError("a read that cannot be assessed answers no finding: give no labels or ratings")


def _check_is_latest_read(session: Session, reader_id: int, read: SubmittedRead) -> None:
    """Only the reader's last submission may be undone and corrected."""
    latest = session.execute(
        select(Read.case_id, Read.phase).where(Read.reader_id == reader_id).order_by(Read.submitted_at.desc())
    ).first()
    if latest is None or tuple(latest) != (read.case_id, read.phase):
        raise RevisitNotAllowed("only your last submitted read can be undone")


def has_read(session: Session, reader_id: int, case_id: int, phase: str) -> bool:
    """Has the reader a stored read of the case in ``phase``?"""
    found = select(Read.id).where(Read.reader_id == reader_id, Read.case_id == case_id, Read.phase == phase)
    return session.scalar(found) is not None


def _check_unaided_read_may_change(session: Session, reader_id: int, case_id: int, correcting_last: bool) -> None:
    if seen_second_opinion(session, reader_id, case_id):
        raise ReadSealed(
            "your unaided read of this case is final: you have seen the network's opinion on it "
            "(a change can only be an aided read)"
        )
    existing = has_read(session, reader_id, case_id, "unaided")
    if existing and not correcting_last and not session.scalars(select(StudySettings.allow_revisit)).one():
        raise RevisitNotAllowed("this study does not allow changing a submitted read")


def seen_second_opinion(session: Session, reader_id: int, case_id: int) -> bool:
    """Has the reader been shown the network's output for the case (sealing its unaided read)?
    An aided read says so too: one imported from a table has no record of the showing."""
    return session.get(SecondOpinionView, (reader_id, case_id)) is not None or has_read(
        session, reader_id, case_id, "aided"
    )


def sealed_reads(session: Session, reader_id: int | None = None) -> frozenset[tuple[int, int]]:
    """(reader id, case id) of every unaided read sealed by a second opinion seen or an aided read
    (see ``seen_second_opinion``), of one reader where ``reader_id`` is given."""
    shown = select(SecondOpinionView.reader_id, SecondOpinionView.case_id)
    aided = select(Read.reader_id, Read.case_id).where(Read.phase == "aided")
    if reader_id is not None:
        shown = shown.where(SecondOpinionView.reader_id == reader_id)
        aided = aided.where(Read.reader_id == reader_id)
    return frozenset(map(tuple, session.execute(shown))) | frozenset(map(tuple, session.execute(aided)))


def sealed_cases(database: StudyDatabase, reader_id: int) -> frozenset[int]:
    """Case ids whose unaided read by ``reader_id`` is sealed (``sealed_reads``)."""
    with database.reading() as session:
        return frozenset(case_id for _, case_id in sealed_reads(session, reader_id))


def _as_submitted(
    row: Read, labels: frozenset[str] | None = None, ratings: tuple[tuple[str, float], ...] | None = None
) -> SubmittedRead:
    if ratings is None and row.ratings:
        ratings = tuple(sorted((r.label.key, r.rating) for r in row.ratings))
    return SubmittedRead(
        case_id=row.case_id,
        labels=labels if labels is not None else frozenset(link.label.key for link in row.labels),
        confidence=row.confidence,
        comment=row.comment,
        shown_at=row.shown_at,
        submitted_at=row.submitted_at,
        active_seconds=row.active_seconds,
        revision=row.revision,
        phase=row.phase,
        ratings=tuple(sorted((key, float(rating)) for key, rating in ratings)) if ratings else None,
        unassessable_reason=row.unassessable_reason,
    )
