"""Opening and creating study files safely.

A study file is SQLite in WAL mode with foreign keys on, a busy timeout and synchronous=FULL,
so that a submitted read survives a crash and two app instances can write to one study. The
file is marked with an application id and a schema version (``PRAGMA user_version``) so that
a wrong or newer file is refused with a clear message, and an older one is migrated.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from ecgreader.store.schema import APPEND_ONLY_TRIGGERS, Base

APPLICATION_ID = 0x45434752  # "ECGR"
SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 30_000

# MIGRATIONS[n] upgrades a file from schema n to n + 1 inside one transaction (filled below).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


class StudyFileError(ValueError):
    """A study file that cannot be opened; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def _engine(path: Path, read_only: bool = False) -> Engine:
    """An engine for the study at ``path``.

    ``read_only`` on read-only media (no write access to the file or its folder) opens SQLite
    read-only; where the file is writable, read-only studies still use an ordinary connection
    (which tidies its WAL files away on closing) and ``StudyDatabase`` refuses to write.
    """
    if read_only and not _writable(path):
        uri = _read_only_uri(path)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False),
            poolclass=QueuePool,
        )
        read_only_connection = True
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        read_only_connection = False

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event, below, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only_connection:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that
        # later tries to write can fail with "database is locked" despite the busy timeout.
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only_uri(path: Path) -> str:
    """An SQLite URI reading ``path`` without writing anything to it or beside it.

    A read-only connection to a WAL study would create ``-wal``/``-shm`` files and, unable to
    remove them, leave them behind. Where no ``-wal`` exists no connection has the study open,
    so it is read as immutable (no lock or shared-memory file needed, as on read-only media);
    where one exists, SQLite's ordinary read-only access uses the files already there.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


# SQLite's messages for a file that cannot be used, and what they mean for the user.
_PLAIN_REASONS = (
    ("database or disk is full", "the disk is full; nothing was saved"),
    ("readonly database", "the file or its folder is read-only; nothing was saved"),
    ("unable to open database", "cannot be opened (missing, unreadable, or on read-only media)"),
    ("malformed", "damaged: its database pages are malformed"),
    ("not a database", "not a study file (not an SQLite database)"),
    ("disk i/o error", "a disk input/output error occurred; nothing was saved"),
    ("database is locked", "locked by another program for too long; nothing was saved"),
    ("no such table", "damaged: a table of the study is missing"),
    ("no such column", "damaged or from an incompatible version: a column of the study is missing"),
)


@contextmanager
def as_study_file_error(path: str | Path) -> Iterator[None]:
    """Turn SQLite's operational and database errors into StudyFileError naming the file."""
    try:
        yield
    except IntegrityError:  # a broken rule of ours (unique key, append-only trigger): not the file's fault
        raise
    except DatabaseError as error:
        text = str(error.orig if getattr(error, "orig", None) is not None else error)
        reason = next((plain for needle, plain in _PLAIN_REASONS if needle in text.lower()), f"SQLite error: {text}")
        raise StudyFileError(path, reason) from error


class StudyDatabase:
    """An open study file: one engine and two session factories (read and write)."""

    def __init__(self, path: str | Path, engine: Engine, read_only: bool = False):
        self.path = Path(path)
        self.engine = engine
        self.read_only = read_only
        # Every session knows its study's path (``study_path``), so functions given a session name the file.
        info = {"study_path": self.path}
        self._read_sessions = sessionmaker(engine, expire_on_commit=False, info=info)
        self._write_sessions = sessionmaker(engine.execution_options(write=True), expire_on_commit=False, info=info)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries, in one consistent snapshot."""
        with as_study_file_error(self.path), self._read_sessions.begin() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work, committed as a whole on leaving the block (or rolled back).

        Refuses to write once the file has gone from its path: SQLite would go on writing to
        the deleted file's inode, and every read submitted after that would be lost.
        """
        if self.read_only:
            raise StudyFileError(self.path, "opened read-only; nothing can be saved to it")
        if not self.path.exists():
            raise StudyFileError(self.path, "the study file has vanished (moved or deleted); nothing was saved")
        with as_study_file_error(self.path), self._write_sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> StudyDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# What repository functions take: the open study (they run their own unit of work) or the caller's
# session (so that several reads are one consistent snapshot, or several writes one transaction).
SessionOrDatabase = Session | StudyDatabase


@contextmanager
def session_for_reading(source: SessionOrDatabase) -> Iterator[Session]:
    """The caller's session, or a new read snapshot of the study."""
    if isinstance(source, StudyDatabase):
        with source.reading() as session:
            yield session
    else:
        yield source


@contextmanager
def session_for_writing(source: SessionOrDatabase) -> Iterator[Session]:
    """The caller's unit of work, or a new one committed on leaving the block."""
    if isinstance(source, StudyDatabase):
        with source.writing() as session:
            yield session
    else:
        yield source


def study_path(session: Session) -> Path:
    """The study file that ``session`` reads."""
    return session.info["study_path"]


def check_study_file(path: str | Path) -> int:
    """Return the schema version of ``path`` or raise StudyFileError saying what is wrong.

    The header is read through SQLite itself (a read-only connection), never with ``open()``:
    this process may already hold the study open, and closing any other descriptor of the file
    would drop every POSIX lock SQLite holds on it (SQLite's "How To Corrupt An SQLite Database
    File", section 2.2), after which another process could delete the live WAL.
    """
    path = Path(path)
    if not path.exists():
        raise StudyFileError(path, "file missing")
    if path.is_dir():
        raise StudyFileError(path, "is a folder, not a study file")
    if not os.access(path, os.R_OK):
        raise StudyFileError(path, "cannot be read (no read permission)")
    if path.stat().st_size == 0:
        raise StudyFileError(path, "empty file, not a study file")
    header = _read_header(path)
    application_id, version, tables = header
    if application_id != APPLICATION_ID:
        raise StudyFileError(path, "an SQLite file, but not an ECG Reader study")
    if version > SCHEMA_VERSION:
        raise StudyFileError(
            path,
            f"made by a newer ECG Reader (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}): update ECG Reader to open it",
        )
    if version < 1:
        raise StudyFileError(path, f"unknown schema version {version}")
    missing = sorted({"study", "cases", "reads", "read_revisions"} - tables)
    if missing:
        raise StudyFileError(path, f"an ECG Reader study without its tables ({', '.join(missing)} missing): damaged")
    return version


def _read_header(path: Path) -> tuple[int, int, set[str]]:
    """application_id, user_version and table names, read through a read-only SQLite connection."""
    try:
        connection = sqlite3.connect(_read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as error:
        raise StudyFileError(path, f"cannot be opened ({error})") from error
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            raise StudyFileError(path, "not a study file (not an SQLite database)") from error
        raise StudyFileError(path, f"damaged SQLite file ({error})") from error
    finally:
        connection.close()
    return application_id, version, tables


def open_study(path: str | Path, read_only: bool = False) -> StudyDatabase:
    """Open an existing study file, migrating an older schema; raise StudyFileError if unusable.

    ``read_only`` opens it for reading only (``info``, ``report``, ``verify``), which works on
    read-only media; an older schema is updated first where the file is writable, and refused
    (saying how to update it) on read-only media.
    """
    path = Path(path)
    version = check_study_file(path)
    if version < SCHEMA_VERSION and read_only:
        if not _writable(path):
            raise StudyFileError(
                path,
                f"made by an older ECG Reader (schema {version}) on read-only media: copy it where it can be "
                f"written and open it there once (e.g. `ecgreader study info`) to update it to schema {SCHEMA_VERSION}",
            )
        open_study(path).close()  # update the schema (a writable file), then read it as asked
        version = SCHEMA_VERSION
    engine = _engine(path, read_only=read_only)
    try:
        if version < SCHEMA_VERSION:
            with as_study_file_error(path):
                _migrate(engine, version)
    except BaseException:
        engine.dispose()
        raise
    return StudyDatabase(path, engine, read_only=read_only)


def _migrate(engine: Engine, version: int) -> None:
    with engine.execution_options(write=True).begin() as connection:
        # Another process may have updated the file between our version check and this write lock
        # (two workstations opening an older study at once): start from what the file says now.
        version = connection.exec_driver_sql("PRAGMA user_version").scalar()
        if version >= SCHEMA_VERSION:
            return
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](connection)
        if version < 2:  # once every column exists: chain the history written before the chain
            from ecgreader.store.integrity import chain_existing_history

            chain_existing_history(connection)
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _migrate_1_to_2(connection: Connection) -> None:
    """Schema 2: hash-chained read history, case content hashes, sealed unaided reads, sign-in
    throttling and PIN rules. Existing revisions are chained (by ``_migrate``) in the order they
    were written."""
    for table, column in (
        ("study", "min_pin_length INTEGER NOT NULL DEFAULT 4"),
        ("study", "require_pin BOOLEAN NOT NULL DEFAULT 0"),
        ("study", "chain_head VARCHAR"),
        ("study", "chain_length INTEGER NOT NULL DEFAULT 0"),
        ("study", "cases_digest VARCHAR"),
        ("study", "case_count INTEGER"),
        ("cases", "content_hash VARCHAR"),
        ("read_revisions", "chain_index INTEGER NOT NULL DEFAULT 0"),
        ("read_revisions", "previous_hash VARCHAR NOT NULL DEFAULT ''"),
        ("read_revisions", "content_hash VARCHAR NOT NULL DEFAULT ''"),
    ):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column}")
    Base.metadata.create_all(connection)  # the new tables
    for trigger in APPEND_ONLY_TRIGGERS:
        connection.exec_driver_sql(trigger)


def _migrate_2_to_3(connection: Connection) -> None:
    """Schema 3: rating-scale answers (study scale and cut-off, ratings per read and revision), leads
    marked as derived and cases marked as not amplitude-calibrated. Existing studies become
    present/absent studies with no derived leads and calibrated amplitudes (as they assumed)."""
    for table, column in (
        ("study", "rating_scale VARCHAR(10) NOT NULL DEFAULT 'binary'"),
        ("study", "positive_at FLOAT"),
        ("cases", "derived_leads VARCHAR"),
        ("cases", "amplitude_calibrated BOOLEAN NOT NULL DEFAULT 1"),
        ("read_revisions", "ratings VARCHAR"),
    ):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column}")
    Base.metadata.create_all(connection)  # read_ratings


def _migrate_3_to_4(connection: Connection) -> None:
    """Schema 4: display filters, the measurement line, protocol, finding criteria and "cannot be
    assessed" answers per study, deactivated readers. Existing studies keep what they showed: no
    filters, no measurements, no protocol, no unassessable option, every reader active."""
    for table, column in (
        ("study", "baseline_filter_hz FLOAT"),
        ("study", "muscle_filter_hz FLOAT"),
        ("study", "mains_filter_hz INTEGER"),
        ("study", "show_measurements BOOLEAN NOT NULL DEFAULT 0"),
        ("study", "protocol TEXT NOT NULL DEFAULT ''"),
        ("study", "finding_criteria TEXT"),
        ("study", "unassessable_reasons VARCHAR"),
        ("readers", "active BOOLEAN NOT NULL DEFAULT 1"),
        ("reads", "unassessable_reason VARCHAR"),
        ("read_revisions", "unassessable_reason VARCHAR"),
    ):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column}")


MIGRATIONS[1] = _migrate_1_to_2
MIGRATIONS[2] = _migrate_2_to_3
MIGRATIONS[3] = _migrate_3_to_4


def new_study_file(path: str | Path) -> StudyDatabase:
    """Create the empty schema in a file that must not exist yet."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path}: already exists")
    engine = _engine(path)
    with as_study_file_error(path), engine.execution_options(write=True).begin() as connection:
        Base.metadata.create_all(connection)
        for trigger in APPEND_ONLY_TRIGGERS:
            connection.exec_driver_sql(trigger)
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return StudyDatabase(path, engine)


def finish_atomically(database: StudyDatabase, final_path: str | Path) -> None:
    """Fold the WAL into the file, close it and rename it to ``final_path`` in one step."""
    with as_study_file_error(final_path), database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    _move_without_overwriting(database.path, Path(final_path))
    for companion in ("-wal", "-shm"):  # emptied by the checkpoint; they belonged to the old name
        Path(f"{database.path}{companion}").unlink(missing_ok=True)


def _move_without_overwriting(source: Path, target: Path) -> None:
    """Rename ``source`` to ``target`` unless ``target`` exists (a study someone may have open)."""
    try:
        os.link(source, target)  # atomic, and fails if the target exists
    except FileExistsError:
        raise StudyFileError(target, "already exists (created meanwhile); nothing written") from None
    except OSError:  # no hard links on this file system: check, then rename
        if target.exists():
            raise StudyFileError(target, "already exists (created meanwhile); nothing written") from None
        os.replace(source, target)
    else:
        source.unlink()


def remove_study_files(path: str | Path) -> None:
    """Remove a study file and its WAL/shared-memory companions, if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
