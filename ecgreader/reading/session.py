"""A reader's session: which case is on screen, what was read, and where to resume.

The GUI shows what this says and calls ``submit``; every submission is committed to the study
file before the next case is offered, so a crash loses at most the case being read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ecgreader.ecg.record import ImageRecord, Record
from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.reading.order import reader_order
from ecgreader.reading.timer import ActiveTimer
from ecgreader.store.database import StudyDatabase
from ecgreader.store.readers import (
    NetworkOpinion,
    ReaderInfo,
    RevisitNotAllowed,
    SubmittedRead,
    case_ids,
    load_case,
    network_opinion,
    reads_of,
    study_settings,
    submit_read,
)
from ecgreader.store.study import read_vocabulary


@dataclass(frozen=True)
class CaseOnScreen:
    """What the reader may see of a case: its number in their order, never its source."""

    number: int  # 1-based position in this reader's order
    total: int
    record: Record | ImageRecord
    previous_read: SubmittedRead | None
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
        self.timer = timer or ActiveTimer()
        self._now = now
        self.index: int | None = None
        self.phase = "unaided"
        self._shown_at: datetime | None = None

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
        """In "after the study" mode: the first case read unaided but not yet aided."""
        if self.settings.second_opinion_mode != "after_study" or not self.finished:
            return None
        return next((i for i, case_id in enumerate(self.order) if case_id not in self.aided_reads), None)

    def open(self, index: int, aided: bool = False) -> CaseOnScreen:
        """Put case ``index`` of the reader's order on screen and start its reading clock.

        ``aided`` opens it for the aided read of "after the study" mode (its unaided read first).
        """
        if aided and not (0 <= index < self.total and self.order[index] in self.reads):
            raise RevisitNotAllowed(f"case {index + 1} has no unaided read to revise with the network's help")
        if not aided and not self.can_open(index):
            raise RevisitNotAllowed(f"case {index + 1} cannot be opened again in this study")
        case_id = self.order[index]
        record = load_case(self.database, case_id)
        self.index = index
        self.phase = "aided" if aided else "unaided"
        self._shown_at = self._now()
        self.timer.restart()
        show = self.settings.show_demographics
        return CaseOnScreen(
            number=index + 1,
            total=self.total,
            record=record,
            previous_read=self.reads.get(case_id),
            age=record.age if show else None,
            sex=record.sex if show else None,
        )

    def submit(
        self, labels: frozenset[str], confidence: int | None = None, comment: str | None = None
    ) -> SubmittedRead:
        """Commit the read of the case on screen; returns it once it is safely stored."""
        if self.index is None or self._shown_at is None:
            raise RuntimeError("no case is on screen")
        unknown = set(labels) - set(self.vocabulary.keys)
        if unknown:
            raise ValueError(f"labels not in the vocabulary: {', '.join(sorted(unknown))}")
        read = SubmittedRead(
            phase=self.phase,
            case_id=self.order[self.index],
            labels=frozenset(labels),
            confidence=confidence,
            comment=comment,
            shown_at=self._shown_at,
            submitted_at=self._now(),
            active_seconds=self.timer.elapsed(),
            revision=0,  # the store assigns it
        )
        stored = submit_read(self.database, self.reader.id, read)
        (self.reads if stored.phase == "unaided" else self.aided_reads)[stored.case_id] = stored
        return stored

    @property
    def offers_second_opinion(self) -> bool:
        """After each case: the network's opinion follows every unaided read."""
        return self.settings.second_opinion_mode == "after_each_case"

    def second_opinion(self) -> NetworkOpinion | None:
        """The network's output for the case on screen, once its unaided read is stored."""
        if self.index is None or self.order[self.index] not in self.reads:
            raise RuntimeError("the network's opinion is shown only after the unaided read is submitted")
        return network_opinion(self.database, self.order[self.index])

    def begin_aided_read(self) -> None:
        """Start the aided read of the case on screen: a separate phase with its own timing."""
        self.second_opinion()  # checks the unaided read is stored
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
