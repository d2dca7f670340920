"""Registration and sign-in of readers and of the study coordinator, resisting guessing.

A PIN of four digits falls to a few thousand guesses, so the study itself counts failed
sign-ins per reader (and for the coordinator): after five in a row every attempt is refused,
a correct one too, for 30 s, doubling with each further failure up to an hour. The count lives
in the study file, so restarting the app or opening a second one does not reset it, and every
failure and lock-out is written to the audit log (never the secret tried).

A failed attempt is committed before its error is raised (raising inside ``writing()`` would
roll the record back), and the check runs inside the write transaction, which SQLite holds
exclusively (``BEGIN IMMEDIATE``): parallel guesses are counted one after another, never
all checked against the same count.

The coordinator manages readers here too: a new PIN for a reader who forgot theirs (which
also lifts a lock-out), and deactivation, after which the reader can no longer sign in (their
reads stay in the study). Both are written to the audit log.

Every refusal names its ``Refusal`` and details, so the GUI can say it in the reader's
language while the store stays free of Qt; the exception's own message (CLI, logs) is English.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.store.database import StudyDatabase
from ecgreader.store.read_history import stored_timestamp
from ecgreader.store.reader_names import clean_name, same_reader_name
from ecgreader.store.schema import AuditEvent, Reader, ReaderGroup, SignInThrottle, StudySettings
from ecgreader.store.secrets import hash_secret, verify_secret

FAILURES_BEFORE_LOCK_OUT = 5
FIRST_LOCK_OUT = timedelta(seconds=30)
LONGEST_LOCK_OUT = timedelta(hours=1)
COORDINATOR = "coordinator"  # the throttle subject of the coordinator password


class Refusal(StrEnum):
    """Why a sign-in, registration or PIN change was refused; its English text is in ``ENGLISH_REFUSALS``."""

    NAME_MISSING = "name_missing"
    NO_SUCH_GROUP = "no_such_group"  # group
    NAME_OF_DEACTIVATED = "name_of_deactivated"  # name: the existing reader the new name looks like
    NAME_TAKEN = "name_taken"  # name: the existing reader the new name looks like
    UNKNOWN_READER = "unknown_reader"
    NO_READER_WITH_ID = "no_reader_with_id"  # reader_id
    READER_DEACTIVATED = "reader_deactivated"  # name
    NO_COORDINATOR_PASSWORD = "no_coordinator_password"
    PIN_REQUIRED = "pin_required"  # length
    PIN_TOO_SHORT = "pin_too_short"  # length
    WRONG_PIN = "wrong_pin"
    WRONG_PASSWORD = "wrong_password"
    PIN_LOCKED = "pin_locked"  # wait
    PASSWORD_LOCKED = "password_locked"  # wait
    WRONG_PIN_NOW_LOCKED = "wrong_pin_now_locked"  # wait
    WRONG_PASSWORD_NOW_LOCKED = "wrong_password_now_locked"  # wait


# The refusals in English, for the command line and logs; the GUI has its own translated texts.
ENGLISH_REFUSALS = {
    Refusal.NAME_MISSING: "a reader needs a name",
    Refusal.NO_SUCH_GROUP: "no reader group called '{group}'",
    Refusal.NAME_OF_DEACTIVATED: "a reader called '{name}' exists but was deactivated; ask the coordinator",
    Refusal.NAME_TAKEN: "a reader called '{name}' already exists; sign in instead",
    Refusal.UNKNOWN_READER: "unknown reader",
    Refusal.NO_READER_WITH_ID: "no reader with id {reader_id} in this study",
    Refusal.READER_DEACTIVATED: "{name} was deactivated by the coordinator and cannot sign in",
    Refusal.NO_COORDINATOR_PASSWORD: "this study has no coordinator password; set one with study create",
    Refusal.PIN_REQUIRED: "this study needs a PIN of at least {length} characters",
    Refusal.PIN_TOO_SHORT: "a PIN needs at least {length} characters",
    Refusal.WRONG_PIN: "wrong PIN",
    Refusal.WRONG_PASSWORD: "wrong coordinator password",
    Refusal.PIN_LOCKED: "too many wrong PINs; try again in {wait}",
    Refusal.PASSWORD_LOCKED: "too many wrong passwords; try again in {wait}",
    Refusal.WRONG_PIN_NOW_LOCKED: "wrong PIN; too many wrong PINs; try again in {wait}",
    Refusal.WRONG_PASSWORD_NOW_LOCKED: "wrong coordinator password; too many wrong passwords; try again in {wait}",
}


class SignInError(ValueError):
    """Wrong PIN or password, unknown reader, a name already taken or a PIN against the rules.

    ``refusal`` says which, ``details`` its parameters (names, lengths, ids) for a translated text.
    """

    def __init__(self, refusal: Refusal, **details: str | int):
        super().__init__(ENGLISH_REFUSALS[refusal].format(**details))
        self.refusal = refusal
        self.details = details


class SignInLocked(SignInError):
    """Too many wrong secrets in a row: no attempt is checked for ``wait``."""

    def __init__(self, refusal: Refusal, wait: timedelta):
        super().__init__(refusal, wait=describe_wait(wait))
        self.wait = wait


@dataclass(frozen=True)
class ReaderInfo:
    id: int
    name: str
    group: str
    has_pin: bool
    active: bool = True  # a deactivated reader cannot sign in


@dataclass(frozen=True)
class PinRules:
    """What a new reader's PIN must be in this study."""

    min_length: int
    required: bool


@dataclass(frozen=True)
class _Secret:
    """What is being guessed, for messages and the audit log."""

    subject: str  # SignInThrottle.subject
    reader_id: int | None
    wrong: Refusal  # a wrong guess
    locked: Refusal  # an attempt while locked out
    wrong_now_locked: Refusal  # the wrong guess that starts a lock-out


def list_readers(database: StudyDatabase, include_deactivated: bool = False) -> list[ReaderInfo]:
    """The readers by name: those who may sign in, or (for the coordinator) every one."""
    query = select(Reader).order_by(Reader.name)
    if not include_deactivated:
        query = query.where(Reader.active.is_(True))
    with database.reading() as session:
        return [_info(reader) for reader in session.scalars(query)]


def pin_rules(database: StudyDatabase) -> PinRules:
    with database.reading() as session:
        return _pin_rules(session)


def register_reader(database: StudyDatabase, name: str, group: str, pin: str | None = None) -> ReaderInfo:
    """Add a reader to a group; the optional PIN is stored as a salted hash.

    The name is stored as typed (without outer spaces) but refused when it would be taken for
    an existing reader's (see ``reader_names``); a PIN must follow the study's rules.
    """
    name = name.strip()
    if not clean_name(name):
        raise SignInError(Refusal.NAME_MISSING)
    pin = pin or None
    with database.writing() as session:
        _check_pin(pin, _pin_rules(session))
        group_row = session.scalars(select(ReaderGroup).where(ReaderGroup.name == group)).first()
        if group_row is None:
            raise SignInError(Refusal.NO_SUCH_GROUP, group=group)
        taken = _reader_called(session, name)
        if taken is not None and not taken.active:
            raise SignInError(Refusal.NAME_OF_DEACTIVATED, name=taken.name)
        if taken is not None:
            raise SignInError(Refusal.NAME_TAKEN, name=taken.name)
        reader = Reader(
            name=name,
            group=group_row,
            pin_hash=hash_secret(pin) if pin else None,
            created_at=datetime.now(UTC),
        )
        session.add(reader)
        session.flush()
        return _info(reader)


def sign_in_reader(database: StudyDatabase, reader_id: int, pin: str | None, now: datetime | None = None) -> ReaderInfo:
    """The reader, if ``pin`` is theirs and they are not locked out; ``now`` (UTC) is for tests."""
    moment = stored_timestamp(now or datetime.now(UTC))
    secret = _Secret(
        f"reader:{reader_id}", reader_id, Refusal.WRONG_PIN, Refusal.PIN_LOCKED, Refusal.WRONG_PIN_NOW_LOCKED
    )
    with database.writing() as session:
        reader = session.get(Reader, reader_id)
        if reader is None:
            raise SignInError(Refusal.UNKNOWN_READER)
        info, pin_hash = _info(reader), reader.pin_hash
        if info.active:
            refusal = _attempt(session, secret, moment, lambda: pin_hash is None or verify_secret(pin or "", pin_hash))
        else:  # audited, not counted as a guess: no PIN is checked
            _audit(session, moment, "sign_in_refused_deactivated", secret, f"{secret.subject} deactivated; not checked")
            refusal = SignInError(Refusal.READER_DEACTIVATED, name=reader.name)
    if refusal is not None:
        raise refusal
    return info


def sign_in_coordinator(database: StudyDatabase, password: str, now: datetime | None = None) -> None:
    """Accept the coordinator password unless it is wrong or locked out; ``now`` (UTC) is for tests."""
    moment = stored_timestamp(now or datetime.now(UTC))
    secret = _Secret(
        COORDINATOR, None, Refusal.WRONG_PASSWORD, Refusal.PASSWORD_LOCKED, Refusal.WRONG_PASSWORD_NOW_LOCKED
    )
    with database.writing() as session:
        stored = session.scalars(select(StudySettings.coordinator_password_hash)).one()
        if stored is None:
            raise SignInError(Refusal.NO_COORDINATOR_PASSWORD)
        refusal = _attempt(session, secret, moment, lambda: verify_secret(password, stored))
    if refusal is not None:
        raise refusal


def reset_pin(database: StudyDatabase, reader_id: int, pin: str | None) -> ReaderInfo:
    """The coordinator gives a reader a new PIN (None or empty: none, where the study allows it),
    following the study's PIN rules; it lifts the reader's lock-out and is audited (never the PIN)."""
    pin = pin or None
    with database.writing() as session:
        reader = _reader(session, reader_id)
        _check_pin(pin, _pin_rules(session))
        reader.pin_hash = hash_secret(pin) if pin else None
        throttle = session.get(SignInThrottle, f"reader:{reader_id}")
        if throttle is not None:
            throttle.failures, throttle.locked_until = 0, None
        detail = "new PIN set by the coordinator" if pin else "PIN removed by the coordinator"
        session.add(AuditEvent(at=_now(), kind="pin_reset", reader_id=reader_id, detail=detail))
        return _info(reader)


def set_reader_active(database: StudyDatabase, reader_id: int, active: bool) -> ReaderInfo:
    """Deactivate a reader (they can no longer sign in; their reads stay) or reactivate one; audited."""
    with database.writing() as session:
        reader = _reader(session, reader_id)
        if reader.active != active:
            reader.active = active
            kind = "reader_reactivated" if active else "reader_deactivated"
            session.add(AuditEvent(at=_now(), kind=kind, reader_id=reader_id, detail=f"{kind} by the coordinator"))
        return _info(reader)


def _reader(session: Session, reader_id: int) -> Reader:
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise SignInError(Refusal.NO_READER_WITH_ID, reader_id=reader_id)
    return reader


def _now() -> datetime:
    return stored_timestamp(datetime.now(UTC))


def lock_out_after(failures: int) -> timedelta:
    """How long ``failures`` wrong attempts in a row lock a subject out."""
    if failures < FAILURES_BEFORE_LOCK_OUT:
        return timedelta(0)
    doublings = min(failures - FAILURES_BEFORE_LOCK_OUT, 20)  # 30 s · 2**20 is past the cap already
    return min(FIRST_LOCK_OUT * 2**doublings, LONGEST_LOCK_OUT)


def wait_parts(wait: timedelta) -> tuple[int, int, int]:
    """``wait`` as (hours, minutes, seconds), rounded up to whole seconds and at least one."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return hours, minutes, seconds


# A lock-out's wait in English, by its largest unit; the GUI translates the same templates.
WAIT_TEMPLATES = {"hours": "{hours} h {minutes} min", "minutes": "{minutes} min {seconds} s", "seconds": "{seconds} s"}


def wait_template(wait: timedelta) -> tuple[str, dict[str, int]]:
    """The English template that says ``wait`` and its parts (see ``wait_parts``)."""
    hours, minutes, seconds = wait_parts(wait)
    unit = "hours" if hours else "minutes" if minutes else "seconds"
    return WAIT_TEMPLATES[unit], {"hours": hours, "minutes": minutes, "seconds": seconds}


def describe_wait(wait: timedelta) -> str:
    """``wait`` for a person in English: "30 s", "1 min 0 s", "1 h 0 min"."""
    template, parts = wait_template(wait)
    return template.format(**parts)


def _attempt(session: Session, secret: _Secret, now: datetime, is_correct: Callable[[], bool]) -> SignInError | None:
    """Check one attempt against the throttle and the secret, record it, and return the refusal."""
    throttle = session.get(SignInThrottle, secret.subject)
    if throttle is not None and throttle.locked_until is not None and now < throttle.locked_until:
        wait = throttle.locked_until - now
        _audit(session, now, "sign_in_refused_while_locked", secret, f"{secret.subject} locked out; not checked")
        return SignInLocked(secret.locked, wait)
    if is_correct():
        if throttle is not None:
            throttle.failures, throttle.locked_until = 0, None
        return None
    return _record_failure(session, secret, now, throttle)


def _record_failure(session: Session, secret: _Secret, now: datetime, throttle: SignInThrottle | None) -> SignInError:
    if throttle is None:
        throttle = SignInThrottle(subject=secret.subject, failures=0)
        session.add(throttle)
    throttle.failures += 1
    _audit(
        session,
        now,
        "sign_in_failed",
        secret,
        f"{secret.subject}: {ENGLISH_REFUSALS[secret.wrong]} ({throttle.failures} in a row)",
    )
    lock_out = lock_out_after(throttle.failures)
    if not lock_out:
        return SignInError(secret.wrong)
    throttle.locked_until = now + lock_out
    _audit(session, now, "sign_in_locked", secret, f"{secret.subject} locked out for {describe_wait(lock_out)}")
    return SignInLocked(secret.wrong_now_locked, lock_out)


def _audit(session: Session, now: datetime, kind: str, secret: _Secret, detail: str) -> None:
    session.add(AuditEvent(at=now, kind=kind, reader_id=secret.reader_id, detail=detail))


def _pin_rules(session: Session) -> PinRules:
    settings = session.scalars(select(StudySettings)).one()
    return PinRules(min_length=settings.min_pin_length, required=settings.require_pin)


def _check_pin(pin: str | None, rules: PinRules) -> None:
    if pin is None and rules.required:
        raise SignInError(Refusal.PIN_REQUIRED, length=rules.min_length)
    if pin is not None and len(pin) < rules.min_length:
        raise SignInError(Refusal.PIN_TOO_SHORT, length=rules.min_length)


def _reader_called(session: Session, name: str) -> Reader | None:
    """The existing reader whose name would be taken for ``name``, if any."""
    return next(
        (r for r in session.scalars(select(Reader).order_by(Reader.id)) if same_reader_name(r.name, name)), None
    )


def _info(reader: Reader) -> ReaderInfo:
    return ReaderInfo(reader.id, reader.name, reader.group.name, reader.pin_hash is not None, reader.active)
