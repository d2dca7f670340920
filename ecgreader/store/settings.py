"""The study's reading settings as the reading room and the coordinator see them.

Settings may change only while the study has no reads: otherwise readers would have read
under different rules. ``StudySettings`` (schema.py) is the table row; this module hands out
``StudySettingsView``, a plain copy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from ecgreader.store.database import SessionOrDatabase, StudyDatabase, session_for_reading
from ecgreader.store.schema import Read, ReaderGroup, StudySettings

SECOND_OPINION_MODES = ("off", "after_each_case", "after_study")


def check_second_opinion_mode(mode: str) -> str:
    if mode not in SECOND_OPINION_MODES:
        raise ValueError(f"second-opinion mode {mode!r} is not one of {', '.join(SECOND_OPINION_MODES)}")
    return mode


class SettingsLocked(ValueError):
    """Study settings cannot change once reads exist: readers would have read under others."""


@dataclass(frozen=True)
class StudySettingsView:
    name: str
    seed: int
    allow_revisit: bool
    show_demographics: bool
    second_opinion_mode: str
    has_coordinator_password: bool
    groups: tuple[str, ...]  # reader groups, in the order they were created
    rating_scale: str = "binary"  # how readers answer each finding: "binary", "1-5" or "0-100"
    positive_at: float | None = None  # a rating at or above it counts as present (None: binary)
    baseline_filter_hz: float | None = None  # display high-pass cut-off; None: off
    muscle_filter_hz: float | None = None  # display low-pass cut-off; None: off
    mains_filter_hz: int | None = None  # mains notch (50 or 60); None: off
    show_measurements: bool = False  # readers see the cart-style measurement line
    protocol: str = ""  # the coordinator's instructions shown before the first case
    finding_criteria: str | None = None  # JSON {label key: criteria}; None: textbook defaults
    unassessable_reasons: tuple[str, ...] = ()  # reasons for "cannot be assessed"; empty: option off

    @property
    def rates_findings(self) -> bool:
        """Readers rate every finding on a scale rather than ticking those present."""
        return self.rating_scale != "binary"


def study_settings(source: SessionOrDatabase) -> StudySettingsView:
    with session_for_reading(source) as session:
        row = session.scalars(select(StudySettings)).one()
        groups = tuple(session.scalars(select(ReaderGroup.name).order_by(ReaderGroup.id)))
        return StudySettingsView(
            name=row.name,
            seed=row.seed,
            allow_revisit=row.allow_revisit,
            show_demographics=row.show_demographics,
            second_opinion_mode=row.second_opinion_mode,
            has_coordinator_password=row.coordinator_password_hash is not None,
            groups=groups,
            rating_scale=row.rating_scale or "binary",
            positive_at=row.positive_at,
            baseline_filter_hz=row.baseline_filter_hz,
            muscle_filter_hz=row.muscle_filter_hz,
            mains_filter_hz=row.mains_filter_hz,
            show_measurements=row.show_measurements,
            protocol=row.protocol or "",
            finding_criteria=row.finding_criteria,
            unassessable_reasons=tuple(json.loads(row.unassessable_reasons or "[]")),
        )


def update_settings(
    database: StudyDatabase,
    *,
    allow_revisit: bool,
    show_demographics: bool,
    second_opinion_mode: str,
) -> StudySettingsView:
    """Change the reading settings; allowed only while the study has no reads."""
    check_second_opinion_mode(second_opinion_mode)
    with database.writing() as session:
        if session.scalar(select(func.count(Read.id))):
            raise SettingsLocked("study settings are fixed once readers have submitted reads")
        row = session.scalars(select(StudySettings)).one()
        row.allow_revisit = allow_revisit
        row.show_demographics = show_demographics
        row.second_opinion_mode = second_opinion_mode
    return study_settings(database)
