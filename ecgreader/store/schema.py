"""The tables of a study file (SQLAlchemy 2.0 typed ORM).

A study is one SQLite file: settings, label vocabulary, cases with their signals, gold labels,
readers, reads with an append-only revision history, and model runs with their predictions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class StudySettings(Base):
    """The single row of study-wide settings."""

    __tablename__ = "study"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    seed: Mapped[int]
    allow_revisit: Mapped[bool] = mapped_column(default=False)
    show_demographics: Mapped[bool] = mapped_column(default=False)
    second_opinion_mode: Mapped[str] = mapped_column(String(20), default="off")  # settings.SECOND_OPINION_MODES
    coordinator_password_hash: Mapped[str | None]
    min_pin_length: Mapped[int] = mapped_column(default=4)  # PINs shorter than this are refused
    require_pin: Mapped[bool] = mapped_column(default=False)  # every reader must set a PIN
    created_at: Mapped[datetime]
    created_by_version: Mapped[str]
    # Head of the study's hash chain of read revisions and second opinions shown: the content hash
    # of the latest entry (None while there is none) and the number of entries.
    chain_head: Mapped[str | None]
    chain_length: Mapped[int] = mapped_column(default=0)
    # sha256 over every case's content hash in position order, fixed at creation: a case removed,
    # added or swapped afterwards is found by ``study verify``.
    cases_digest: Mapped[str | None]
    case_count: Mapped[int | None]
    # How readers answer each finding: "binary" (present/absent), "1-5" or "0-100" ratings; with
    # ratings a finding counts as present when its rating is at least ``positive_at``.
    rating_scale: Mapped[str] = mapped_column(String(10), default="binary")
    positive_at: Mapped[float | None]
    # Display filters applied to every trace, as an electrocardiograph states them in its footer:
    # high-pass (baseline) and low-pass (muscle) cut-offs in Hz and the mains notch (50 or 60 Hz);
    # None means that filter is off.
    baseline_filter_hz: Mapped[float | None]
    muscle_filter_hz: Mapped[float | None]
    mains_filter_hz: Mapped[int | None]
    # The cart-style measurement line (intervals, axes) is itself an aid, so it is a study setting.
    show_measurements: Mapped[bool] = mapped_column(default=False)
    # The coordinator's instructions, shown to readers before their first case, and per-finding
    # criteria (JSON {label key: text}; None: the vocabulary's textbook defaults).
    protocol: Mapped[str] = mapped_column(Text, default="")
    finding_criteria: Mapped[str | None] = mapped_column(Text)
    # JSON list of reasons a reader may give for "cannot be assessed"; None: the option is off.
    unassessable_reasons: Mapped[str | None]


class LabelDefinition(Base):
    __tablename__ = "labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(unique=True)
    finding: Mapped[str]
    position: Mapped[int] = mapped_column(unique=True)


class ReaderGroup(Base):
    __tablename__ = "reader_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    readers: Mapped[list[Reader]] = relationship(back_populates="group")


class Case(Base):
    """One ECG of the study, known to readers only by its position in their own order."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(unique=True)  # 1-based study number used in reports
    source_id: Mapped[str]  # never shown to blinded readers
    checksum: Mapped[str]  # sha256 of the stored signal or image bytes
    kind: Mapped[str] = mapped_column(String(10))  # "signal", "image" or "external" (no ECG stored)
    fs: Mapped[float | None]
    lead_names: Mapped[str | None]  # comma-separated, standard order
    n_samples: Mapped[int | None]
    signal_units: Mapped[str | None] = mapped_column(String(10))  # "mV" or "z"
    signal_scale: Mapped[float | None]  # physical units per stored int16 count
    signal: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed int16 (leads, n)
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_format: Mapped[str | None] = mapped_column(String(10))
    age: Mapped[int | None]
    sex: Mapped[str | None] = mapped_column(String(1))
    gold_source: Mapped[str | None]  # where the gold standard came from; None: no gold
    # sha256 over position, source, checksum, demographics and gold labels, fixed at creation,
    # so that a changed gold standard or case is found by ``study verify``.
    content_hash: Mapped[str | None]
    derived_leads: Mapped[str | None]  # comma-separated leads computed from others (e.g. III = II - I)
    # False where the source's amplitudes are not in true millivolts (per-lead normalised, as LUDB
    # 1.0.1 is, or uncalibrated): no voltage criterion may be judged or computed on such a case.
    amplitude_calibrated: Mapped[bool] = mapped_column(default=True)
    gold_labels: Mapped[list[GoldLabel]] = relationship(back_populates="case", cascade="all, delete-orphan")


class GoldLabel(Base):
    """A label present in a case's gold standard; absent labels have no row."""

    __tablename__ = "gold_labels"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)
    case: Mapped[Case] = relationship(back_populates="gold_labels")
    label: Mapped[LabelDefinition] = relationship()


class Reader(Base):
    __tablename__ = "readers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("reader_groups.id"))
    pin_hash: Mapped[str | None]
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=True)  # a deactivated reader cannot sign in
    group: Mapped[ReaderGroup] = relationship(back_populates="readers")
    reads: Mapped[list[Read]] = relationship(back_populates="reader")


class Read(Base):
    """A reader's current read of a case in one phase; every change is also a ReadRevision."""

    __tablename__ = "reads"
    __table_args__ = (UniqueConstraint("reader_id", "case_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    phase: Mapped[str] = mapped_column(String(10))  # "unaided" or "aided"
    confidence: Mapped[int | None]  # 1-5
    comment: Mapped[str | None]
    shown_at: Mapped[datetime]
    submitted_at: Mapped[datetime]
    active_seconds: Mapped[float | None]  # reading time with the window active; None if imported
    revision: Mapped[int] = mapped_column(default=1)
    # The reader judged the ECG cannot be assessed (e.g. "poor quality"): no findings are recorded.
    unassessable_reason: Mapped[str | None]
    reader: Mapped[Reader] = relationship(back_populates="reads")
    case: Mapped[Case] = relationship()
    labels: Mapped[list[ReadLabel]] = relationship(cascade="all, delete-orphan")
    ratings: Mapped[list[ReadRating]] = relationship(cascade="all, delete-orphan")


class ReadLabel(Base):
    """A label ticked in a read; a read with none is "none of the listed"."""

    __tablename__ = "read_labels"

    read_id: Mapped[int] = mapped_column(ForeignKey("reads.id"), primary_key=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)
    label: Mapped[LabelDefinition] = relationship()


class ReadRating(Base):
    """A reader's rating of one finding, in studies whose answer format is a rating scale; the
    decision it implies (rating >= the study's ``positive_at``) is the read's ReadLabel."""

    __tablename__ = "read_ratings"

    read_id: Mapped[int] = mapped_column(ForeignKey("reads.id"), primary_key=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)
    rating: Mapped[float]
    label: Mapped[LabelDefinition] = relationship()


class ReadRevision(Base):
    """Append-only history of every submitted read (triggers forbid UPDATE and DELETE)."""

    __tablename__ = "read_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    phase: Mapped[str] = mapped_column(String(10))
    revision: Mapped[int]
    label_keys: Mapped[str]  # JSON list of vocabulary keys
    confidence: Mapped[int | None]
    comment: Mapped[str | None]
    shown_at: Mapped[datetime]
    submitted_at: Mapped[datetime]
    active_seconds: Mapped[float | None]
    ratings: Mapped[str | None]  # JSON {label key: rating} in rating-scale studies, else None
    unassessable_reason: Mapped[str | None]
    chain_index: Mapped[int] = mapped_column(unique=True)  # 0-based position in the study's hash chain
    previous_hash: Mapped[str]  # content hash of the chain entry before this one in the study
    content_hash: Mapped[str]  # sha256 of this revision's content and previous_hash


class SecondOpinionView(Base):
    """A reader was shown the network's output for a case: that case's unaided read is sealed."""

    __tablename__ = "second_opinion_views"

    reader_id: Mapped[int] = mapped_column(ForeignKey("readers.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    model_run_id: Mapped[int] = mapped_column(ForeignKey("model_runs.id"))
    shown_at: Mapped[datetime]
    # An entry of the study's hash chain, like a ReadRevision: deleting it (to unseal a read) breaks it.
    chain_index: Mapped[int] = mapped_column(unique=True)
    previous_hash: Mapped[str]
    content_hash: Mapped[str]


class AuditEvent(Base):
    """Append-only log of security-relevant events (failed sign-ins, lock-outs)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(40))
    reader_id: Mapped[int | None] = mapped_column(ForeignKey("readers.id"))
    detail: Mapped[str | None]


class SignInThrottle(Base):
    """Failed sign-ins per subject ("reader:<id>" or "coordinator") and the back-off they earned."""

    __tablename__ = "sign_in_throttle"

    subject: Mapped[str] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]


class ModelRun(Base):
    __tablename__ = "model_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_name: Mapped[str]
    model_sha256: Mapped[str]
    thresholds: Mapped[str]  # JSON {label key: threshold}
    model_metadata: Mapped[str]  # JSON, as stored with the model
    created_at: Mapped[datetime]
    predictions: Mapped[list[Prediction]] = relationship(back_populates="run", cascade="all, delete-orphan")


class Prediction(Base):
    __tablename__ = "predictions"

    run_id: Mapped[int] = mapped_column(ForeignKey("model_runs.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"), primary_key=True)
    probability: Mapped[float]
    run: Mapped[ModelRun] = relationship(back_populates="predictions")


# Append-only tables and how their refusal names them.
APPEND_ONLY_TABLES = {
    "read_revisions": "read history",
    "second_opinion_views": "the record of second opinions shown",
    "audit_events": "the audit log",
}


def append_only_triggers(table: str) -> tuple[str, str]:
    """Triggers refusing UPDATE and DELETE on ``table``.

    They stop accidents, not intent (``DROP TRIGGER`` or ``INSERT OR REPLACE`` get past them);
    the read history's hash chain is what makes tampering evident.
    """
    return tuple(
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table}
       BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_TABLES[table]} is append-only'); END"""
        for verb in ("UPDATE", "DELETE")
    )


APPEND_ONLY_TRIGGERS = tuple(sql for table in APPEND_ONLY_TABLES for sql in append_only_triggers(table))
APPEND_ONLY_TRIGGER_NAMES = tuple(f"{table}_no_{verb}" for table in APPEND_ONLY_TABLES for verb in ("update", "delete"))
