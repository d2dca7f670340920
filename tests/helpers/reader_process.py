"""A reader in another process: submits reads and prints ``ACK <case id>`` after each commit.

Used by the crash and concurrency tests: ``python reader_process.py STUDY READER N``.
"""

from __future__ import annotations

import sys

from ecgreader.reading.session import ReadingSession
from ecgreader.store.database import open_study
from ecgreader.store.sign_in import list_readers, register_reader


def main(study: str, reader_name: str, count: int) -> None:
    database = open_study(study)
    known = {reader.name: reader for reader in list_readers(database)}
    reader = known.get(reader_name) or register_reader(database, reader_name, "General doctor")
    session = ReadingSession(database, reader)
    for _ in range(count):
        index = session.first_unread()
        if index is None:
            break
        session.open(index)
        stored = session.submit(frozenset({"LVH"}), confidence=3, comment=f"by {reader_name}")
        print(f"ACK {stored.case_id}", flush=True)
    database.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
