"""The study's reading settings as the reading room and the coordinator see them.

Settings may change only while the study has no reads: otherwise readers would have read
under different rules. That holds for the protocol text too: it is the instruction every
reader read under, and the report quotes one protocol for the whole study, so a correction
after the first read would make the study file disagree with what early readers were told.
``StudySettings`` (schema.py) is the table row; this module hands out ``StudySettingsView``,
a plain copy, and checks every value before it is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from ecgreader.ecg.display_filters import DisplayFilters
from ecgreader.store.database import SessionOrDatabase, StudyDatabase, session_for_reading
from ecgreader.store.schema import LabelDefinition, Read, ReaderGroup, StudySettings

SECOND_OPINION_MODES = ("off", "after_each_case", "after_study")


def check_second_opinion_mode(mode: str) -> str:
    if mode not in SECOND_OPINION_MODES:
        raise ValueError(f"second-opinion mode {mode!r} is not one of {', '.join(SECOND_OPINION_MODES)}")
    return mode


def check_baseline_filter(hz: float | None) -> float | None:
    """A high-pass cut-off in Hz within the display filters' limits, or None (off)."""
    checked = DisplayFilters(baseline_hz=hz).baseline_hz
    return None if checked is None else float(checked)


def check_muscle_filter(hz: float | None) -> float | None:
    """A low-pass cut-off in Hz within the display filters' limits, or None (off)."""
    checked = DisplayFilters(muscle_hz=hz).muscle_hz
    return None if checked is None else float(checked)


def check_mains_filter(hz: int | None) -> int | None:
    """The mains notch frequency (50 or 60 Hz), or None (off)."""
    return DisplayFilters(mains_hz=hz).mains_hz


def check_unassessable_reasons(reasons: Iterable[str]) -> tuple[str, ...]:
    """Distinct, non-empty reasons without outer spaces; none turns "cannot be assessed" off."""
    cleaned = tuple(reason.strip() for reason in reasons)
    if any(not reason for reason in cleaned):
        raise ValueError("a reason for 'cannot be assessed' cannot be empty")
    if len({reason.casefold() for reason in cleaned}) != len(cleaned):
        raise ValueError(f"the reasons for 'cannot be assessed' repeat one another: {', '.join(cleaned)}")
    return cleaned


def check_protocol(text: str) -> str:
    """The instructions as stored: without leading and trailing blank space."""
    return text.strip()


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

    @property
    def display_filters(self) -> DisplayFilters:
        """The filters every page that draws this study's ECGs applies (drawing only)."""
        return DisplayFilters(
            baseline_hz=self.baseline_filter_hz, muscle_hz=self.muscle_filter_hz, mains_hz=self.mains_filter_hz
        )


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


def stored_unassessable_reasons(reasons: Iterable[str]) -> str | None:
    """The column value of checked reasons: a JSON list, or None when there are none (option off)."""
    checked = check_unassessable_reasons(reasons)
    return json.dumps(list(checked)) if checked else None


def stored_finding_criteria(criteria: Mapping[str, str] | None) -> str | None:
    """The column value of per-finding criteria: JSON {label key: text} without empty texts, or
    None (the textbook defaults) when there are none."""
    if criteria is None:
        return None
    texts = {key: text.strip() for key, text in criteria.items() if text.strip()}
    return json.dumps(texts, sort_keys=True) if texts else None


# What each changeable setting is checked (and turned into its column value) by.
_COLUMN_VALUE: dict[str, Callable[[object], object]] = {
    "allow_revisit": bool,
    "show_demographics": bool,
    "second_opinion_mode": check_second_opinion_mode,
    "baseline_filter_hz": check_baseline_filter,
    "muscle_filter_hz": check_muscle_filter,
    "mains_filter_hz": check_mains_filter,
    "show_measurements": bool,
    "protocol": check_protocol,
    "unassessable_reasons": stored_unassessable_reasons,
    "finding_criteria": stored_finding_criteria,
}


def update_settings(database: StudyDatabase, **changes: object) -> StudySettingsView:
    """Change the reading settings named in ``changes`` (the others stay), all in one transaction;
    allowed only while the study has no reads (:class:`SettingsLocked` otherwise).

    The names are those of ``StudySettingsView``: ``allow_revisit``, ``show_demographics``,
    ``second_opinion_mode``, ``baseline_filter_hz``, ``muscle_filter_hz``, ``mains_filter_hz``
    (None: that filter off), ``show_measurements``, ``protocol``, ``unassessable_reasons`` (a
    list; empty: the option is off) and ``finding_criteria`` ({label key: text} for labels of the
    study's vocabulary; None: the textbook defaults). Every value is checked before anything is
    written.
    """
    unknown = sorted(set(changes) - set(_COLUMN_VALUE))
    if unknown:
        raise TypeError(f"not a changeable study setting: {', '.join(unknown)}")
    values = {name: _COLUMN_VALUE[name](value) for name, value in changes.items()}
    with database.writing() as session:
        if session.scalar(select(func.count(Read.id))):
            raise SettingsLocked("study settings are fixed once readers have submitted reads")
        if changes.get("finding_criteria"):
            unknown = sorted(set(changes["finding_criteria"]) - set(session.scalars(select(LabelDefinition.key))))
            if unknown:
                raise ValueError(f"finding criteria for labels not in the study's vocabulary: {', '.join(unknown)}")
        row = session.scalars(select(StudySettings)).one()
        for name, value in values.items():
            setattr(row, name, value)
    return study_settings(database)
