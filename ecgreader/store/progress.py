"""How far each reader has come: the coordinator's overview of the study, and the aided reads
still owed where readers are shown the network's opinion."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.schema import Case, Read, Reader, StudySettings


@dataclass(frozen=True)
class ReaderOverview:
    reader_id: int
    name: str
    group: str
    active: bool  # a deactivated reader cannot sign in
    has_pin: bool
    cases_read: int  # unaided reads
    total_cases: int
    median_active_seconds: float | None  # None until the reader has read a case
    aided_reads: int = 0


@dataclass(frozen=True)
class PendingAidedReads:
    """A reader's cases read without the network whose read with its opinion is still to come."""

    reader_id: int
    name: str
    group: str
    case_positions: tuple[int, ...]  # study positions (as in the case review), ascending


def reader_overview(source: SessionOrDatabase) -> list[ReaderOverview]:
    """Per-reader progress for the coordinator: done/total and median reading time per case."""
    with session_for_reading(source) as session:
        total = session.scalar(select(func.count(Case.id)))
        overview = []
        for reader in session.scalars(select(Reader).order_by(Reader.name)):
            unaided = [r for r in reader.reads if r.phase == "unaided"]
            times = sorted(r.active_seconds for r in unaided if r.active_seconds is not None)
            median = None
            if times:
                middle = len(times) // 2
                median = times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2
            overview.append(
                ReaderOverview(
                    reader.id,
                    reader.name,
                    reader.group.name,
                    reader.active,
                    reader.pin_hash is not None,
                    len(unaided),
                    total,
                    median,
                    len(reader.reads) - len(unaided),
                )
            )
        return overview


def pending_aided_reads(source: SessionOrDatabase) -> list[PendingAidedReads]:
    """Readers with cases read unaided but not yet aided, in studies that show the network's
    opinion (none where the second opinion is off). A signal case counts whether or not the network
    has been run on it yet: the coordinator sees every aided read the study still lacks. Cases
    without a signal (from tables or images) never count: no network can read them, so the reading
    room never offers their aided read, even where a table brought aided reads of other cases."""
    with session_for_reading(source) as session:
        if session.scalars(select(StudySettings.second_opinion_mode)).one() == "off":
            return []
        reads = session.execute(
            select(Read.reader_id, Read.phase, Case.position)
            .join(Case, Read.case_id == Case.id)
            .where(Case.kind == "signal")
        )
        unaided: dict[int, set[int]] = {}
        aided: dict[int, set[int]] = {}
        for reader_id, phase, position in reads:
            (aided if phase == "aided" else unaided).setdefault(reader_id, set()).add(position)
        pending = []
        for reader in session.scalars(select(Reader).order_by(Reader.name)):
            owed = unaided.get(reader.id, set()) - aided.get(reader.id, set())
            if owed:
                pending.append(PendingAidedReads(reader.id, reader.name, reader.group.name, tuple(sorted(owed))))
        return pending
