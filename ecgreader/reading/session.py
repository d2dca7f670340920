"""A reader's session: which case is on screen, what was read, and where to resume.

The GUI shows what this says and calls ``submit``; every submission is committed to the study
file before the next case is offered, so a crash loses at most the case being read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.reading.order import reader_order
from ecgreader.reading.timer import ActiveTimer
from ecgreader.store.cases import case_ids, load_blinded_case
from ecgreader.store.database import StudyDatabase
from ecgreader.store.model_runs import NetworkOpinion, has_model_run, network_opinion, show_network_opinion
from ecgreader.store.reads import (
    ReadSealed,
    RevisitNotAllowed,
    SubmittedRead,
    decisions_from_ratings,
    reads_of,
    sealed_cases,
    submit_read,
)
from ecgreader.store.settings import study_settings
from ecgreader.store.sign_in import ReaderInfo
from ecgreader.store.study import read_vocabulary

UNDO_WINDOW = timedelta(seconds=30)  # how long a reader may take back a submission they regret


@dataclass(frozen=True)
class _Submission:
    """The reader's last submission, which "undo" may take back."""

    index: int
    phase: str
    at: datetime


@dataclass(frozen=True)
class CaseOnScreen:
    """What the reader may see of a case, blinded by construction: its number in their own
    order and its ECG, whose id is that number ("case 7"); the source id, gold labels and other
    readers' reads never reach it, and age and sex only where the study shows them."""

    number: int  # 1-based position in this reader's order
    total: int
    record: Record | ImageRecord  # record_id is "case <number>", never the source id
    previous_read: SubmittedRead | None  # this reader's read in the phase opened, if any
    unaided_read: SubmittedRead | None  # this reader's unaided read, if any
    aided: bool  # opened for the aided read (with the network's opinion)
    age: int | None  # None unless the study shows demographics
    sex: str | None


class ReadingSession:
    def __init__(
        self,
        database: StudyDatabase,
        reader: ReaderInfo,
        timer: ActiveTimer | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.database = database
        self.reader = reader
        self.settings = study_settings(database)
        self.vocabulary: Vocabulary = read_vocabulary(database)
        self.order = reader_order(self.settings.seed, reader.id, case_ids(database))
        self.reads = reads_of(database, reader.id)
        self.aided_reads = reads_of(database, reader.id, "aided")
        self.sealed = set(sealed_cases(database, reader.id))  # unaided reads final: opinion seen
        self.timer = timer or ActiveTimer()
        self._now = now
        self.index: int | None = None
        self.phase = "unaided"
        self._shown_at: datetime | None = None
        self._last_submission: _Submission | None = None
        self._correcting_last = False  # the case on screen was reopened by "undo"

    @property
    def total(self) -> int:
        return len(self.order)

    @property
    def done(self) -> int:
        return len(self.reads)

    @property
    def finished(self) -> bool:
        return self.done == self.total

    def first_unread(self) -> int | None:
        """Index (0-based) of the first case in this reader's order not yet read."""
        return next((i for i, case_id in enumerate(self.order) if case_id not in self.reads), None)

    def can_open(self, index: int) -> bool:
        if not 0 <= index < self.total:
            return False
        return self.settings.allow_revisit or self.order[index] not in self.reads

    def first_without_aided_read(self) -> int | None:
        """In "after the study" mode, once every case is read and the network has been run: the
        first case read unaided but not yet aided."""
        if self.settings.second_opinion_mode != "after_study" or not self.finished or self.needs_network_run:
            return None
        return self._first_read_without_aided_read()

    def pending_aided_read(self) -> int | None:
        """In "after each case" mode: a case read unaided whose aided read never followed (the app
        was closed in between, or the network had not been run yet), to be offered on resuming."""
        if self.settings.second_opinion_mode != "after_each_case" or self.needs_network_run:
            return None
        return self._first_read_without_aided_read()

    def _first_read_without_aided_read(self) -> int | None:
        """The first case read unaided, not yet aided, on which the network has an opinion."""
        return next(
            (
                i
                for i, case_id in enumerate(self.order)
                if case_id in self.reads
                and case_id not in self.aided_reads
                and network_opinion(self.database, case_id) is not None
            ),
            None,
        )

    def open(self, index: int, aided: bool = False) -> CaseOnScreen:
        """Put case ``index`` of the reader's order on screen and start its reading clock.

        ``aided`` opens it for the aided read of "after the study" mode (its unaided read first).
        A case whose unaided read is sealed (the reader has seen the network's opinion on it)
        always opens for the aided read: revisits can change only that.
        """
        return self._open(index, aided, undoing=False)

    def _open(self, index: int, aided: bool, undoing: bool) -> CaseOnScreen:
        if aided and self.settings.second_opinion_mode == "off":
            raise RevisitNotAllowed("this study shows readers no second opinion, so there is no aided read")
        if not aided and not undoing and not self.can_open(index):
            raise RevisitNotAllowed(f"case {index + 1} cannot be opened again in this study")
        case_id = self.order[index] if 0 <= index < self.total else None
        aided = aided or case_id in self.sealed
        if aided and case_id not in self.reads:
            raise RevisitNotAllowed(f"case {index + 1} has no unaided read to revise with the network's help")
        number = index + 1
        show = self.settings.show_demographics
        record = load_blinded_case(self.database, case_id, f"case {number}", with_demographics=show)
        self.index = index
        self.phase = "aided" if aided else "unaided"
        self._correcting_last = undoing
        self._shown_at = self._now()
        self.timer.restart()
        unaided = self.reads.get(case_id)
        return CaseOnScreen(
            number=number,
            total=self.total,
            record=record,
            previous_read=self.aided_reads.get(case_id) if aided else unaided,
            unaided_read=unaided,
            aided=aided,
            age=record.age,
            sex=record.sex,
        )

    def submit(
        self,
        labels: frozenset[str] = frozenset(),
        confidence: int | None = None,
        comment: str | None = None,
        ratings: Mapping[str, float] | None = None,
        unassessable_reason: str | None = None,
    ) -> SubmittedRead:
        """Commit the read of the case on screen; returns it once it is safely stored.

        In a rating-scale study ``ratings`` rates every finding and ``labels`` is left empty: the
        findings present are derived as those rated at or above the study's cut-off, so the
        decisions always agree with the ratings. ``unassessable_reason`` answers "cannot be
        assessed" (one of the study's reasons) instead of the findings: no labels, no ratings.
        """
        if self.index is None or self._shown_at is None:
            raise RuntimeError("no case is on screen")
        if unassessable_reason is not None:  # the store refuses it with findings or ratings
            given = None if ratings is None else tuple(sorted(ratings.items()))
            return self._store(frozenset(labels), confidence, comment, given, unassessable_reason)
        unknown = set(labels) - set(self.vocabulary.keys)
        if unknown:
            raise ValueError(f"labels not in the vocabulary: {', '.join(sorted(unknown))}")
        stored_ratings = None
        if self.settings.rates_findings:
            if ratings is None or labels:
                raise ValueError("this study rates every finding: give ratings, not labels")
            labels = decisions_from_ratings(dict(ratings), self.settings.positive_at)
            stored_ratings = tuple(sorted((key, float(value)) for key, value in ratings.items()))
        elif ratings is not None:
            raise ValueError("this study answers present/absent: give labels, not ratings")
        return self._store(frozenset(labels), confidence, comment, stored_ratings, None)

    def _store(
        self,
        labels: frozenset[str],
        confidence: int | None,
        comment: str | None,
        ratings: tuple[tuple[str, float], ...] | None,
        unassessable_reason: str | None,
    ) -> SubmittedRead:
        read = SubmittedRead(
            phase=self.phase,
            case_id=self.order[self.index],
            labels=labels,
            confidence=confidence,
            comment=comment,
            shown_at=self._shown_at,
            submitted_at=self._now(),
            active_seconds=self.timer.elapsed(),
            revision=0,  # the store assigns it
            ratings=ratings,
            unassessable_reason=unassessable_reason,
        )
        known = self.reads if read.phase == "unaided" else self.aided_reads
        stored = submit_read(
            self.database,
            self.reader.id,
            read,
            correcting_last=self._correcting_last,
            first_read=read.case_id not in known,
        )
        (self.reads if stored.phase == "unaided" else self.aided_reads)[stored.case_id] = stored
        self._correcting_last = False
        self._last_submission = _Submission(self.index, stored.phase, read.submitted_at)
        return stored

    @property
    def last_submitted_index(self) -> int | None:
        """Where in the reader's order the last submission that "undo" may take back was made."""
        return None if self._last_submission is None else self._last_submission.index

    def can_undo(self) -> bool:
        """May the reader take back their last submission now? Only within ``UNDO_WINDOW``, before
        the network's opinion on another case has been shown, and never for a sealed unaided read."""
        last = self._last_submission
        if last is None or self._now() - last.at >= UNDO_WINDOW:
            return False
        return not (last.phase == "unaided" and self.order[last.index] in self.sealed)

    def undo_last_submission(self) -> CaseOnScreen:
        """Reopen the case last submitted, with its answers, for the reader to correct.

        Nothing is deleted: the corrected read is stored as a new revision beside the first.
        Raises ReadSealed for a sealed unaided read, RevisitNotAllowed once the window has passed.
        """
        last = self._last_submission
        if last is not None and last.phase == "unaided" and self.order[last.index] in self.sealed:
            raise ReadSealed("your unaided read of this case is final: you have seen the network's opinion on it")
        if not self.can_undo():
            raise RevisitNotAllowed("the last submission can no longer be undone")
        self._last_submission = None
        return self._open(last.index, aided=last.phase == "aided", undoing=True)

    @property
    def offers_second_opinion(self) -> bool:
        """After each case: the network's opinion follows every unaided read."""
        return self.settings.second_opinion_mode == "after_each_case"

    @property
    def needs_network_run(self) -> bool:
        """The study's second-opinion mode needs a model run, and the coordinator has made none."""
        return self.settings.second_opinion_mode != "off" and not has_model_run(self.database)

    def second_opinion(self) -> NetworkOpinion | None:
        """The network's output for the case on screen, once its unaided read is stored.

        Showing it seals the unaided read: it is recorded in the study before it is returned.
        None: the network has not been run on this case.
        """
        if self.settings.second_opinion_mode == "off":
            raise RuntimeError("this study shows readers no second opinion")
        if self.index is None or self.order[self.index] not in self.reads:
            raise RuntimeError("the network's opinion is shown only after the unaided read is submitted")
        case_id = self.order[self.index]
        if self._last_submission is not None and self._last_submission.index != self.index:
            self._last_submission = None  # the opinion on another case closes the undo window
        opinion = show_network_opinion(self.database, self.reader.id, case_id)
        if opinion is not None:
            self.sealed.add(case_id)
        return opinion

    def begin_aided_read(self) -> None:
        """Start the aided read of the case on screen: a separate phase with its own timing."""
        if self.index is None or self.order[self.index] not in self.sealed:
            # An aided read is made with the network's opinion in view: show (and so seal) it now.
            if self.second_opinion() is None:
                raise RuntimeError("no aided read: the network has not been run on this case")
        self.phase = "aided"
        self._shown_at = self._now()
        self.timer.restart()

    def next_index(self) -> int | None:
        """Where to go after a submission: the next unread case after this one, else any."""
        start = (self.index or 0) + 1
        for index in list(range(start, self.total)) + list(range(0, start)):
            if self.order[index] not in self.reads:
                return index
        return None
