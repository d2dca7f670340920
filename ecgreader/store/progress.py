"""How far each reader has come: the coordinator's overview of the study."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ecgreader.store.database import SessionOrDatabase, session_for_reading
from ecgreader.store.schema import Case, Reader


@dataclass(frozen=True)
class ReaderOverview:
    name: str
    group: str
    cases_read: int
    total_cases: int
    median_active_seconds: float | None  # None until the reader has read a case


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
            overview.append(ReaderOverview(reader.name, reader.group.name, len(unaided), total, median))
        return overview
