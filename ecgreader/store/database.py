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
from sqlalchemy.orm import Session, sessionmaker

from ecgreader.store.schema import APPEND_ONLY_TRIGGERS, Base

APPLICATION_ID = 0x45434752  # "ECGR"
SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000

# MIGRATIONS[n] upgrades a file from schema n to n + 1 inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


class StudyFileError(ValueError):
    """A study file that cannot be opened; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event, below, decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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


class StudyDatabase:
    """An open study file: one engine and two session factories (read and write)."""

    def __init__(self, path: str | Path, engine: Engine):
        self.path = Path(path)
        self.engine = engine
        self._read_sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(engine.execution_options(write=True), expire_on_commit=False)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries, in one consistent snapshot."""
        with self._read_sessions.begin() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One unit of work, committed as a whole on leaving the block (or rolled back).

        Refuses to write once the file has gone from its path: SQLite would go on writing to
        the deleted file's inode, and every read submitted after that would be lost.
        """
        if not self.path.exists():
            raise StudyFileError(self.path, "the study file has vanished (moved or deleted); nothing was saved")
        with self._write_sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> StudyDatabase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_study_file(path: str | Path) -> int:
    """Return the schema version of ``path`` or raise StudyFileError saying what is wrong."""
    path = Path(path)
    if not path.exists():
        raise StudyFileError(path, "file missing")
    if path.is_dir():
        raise StudyFileError(path, "is a folder, not a study file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise StudyFileError(path, "not a study file (not an SQLite database)")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise StudyFileError(path, f"damaged SQLite file ({error})") from error
    finally:
        connection.close()
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
    return version


def open_study(path: str | Path) -> StudyDatabase:
    """Open an existing study file, migrating an older schema; raise StudyFileError if unusable."""
    path = Path(path)
    version = check_study_file(path)
    engine = _engine(path)
    if version < SCHEMA_VERSION:
        _migrate(engine, version)
    return StudyDatabase(path, engine)


def _migrate(engine: Engine, version: int) -> None:
    with engine.execution_options(write=True).begin() as connection:
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](connection)
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def new_study_file(path: str | Path) -> StudyDatabase:
    """Create the empty schema in a file that must not exist yet."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path}: already exists")
    engine = _engine(path)
    with engine.execution_options(write=True).begin() as connection:
        Base.metadata.create_all(connection)
        for trigger in APPEND_ONLY_TRIGGERS:
            connection.exec_driver_sql(trigger)
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return StudyDatabase(path, engine)


def finish_atomically(database: StudyDatabase, final_path: str | Path) -> None:
    """Fold the WAL into the file, close it and rename it to ``final_path`` in one step."""
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    os.replace(database.path, final_path)
    for companion in ("-wal", "-shm"):  # emptied by the checkpoint; they belonged to the old name
        Path(f"{database.path}{companion}").unlink(missing_ok=True)


def remove_study_files(path: str | Path) -> None:
    """Remove a study file and its WAL/shared-memory companions, if present."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
