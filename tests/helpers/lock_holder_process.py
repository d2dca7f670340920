"""A reading room in another process, driven line by line over stdin, for the lock-loss test.

Commands: ``submit N`` (submit N reads, print ``ACK <case id>`` after each commit), ``recheck``
(re-open and re-check the study the way the app's pages do while it holds the study open, then
print ``RECHECKED``); the test SIGKILLs the process at the end instead of letting it close.
"""

from __future__ import annotations

import sys

from ecgreader.reading.session import ReadingSession
from ecgreader.store.database import check_study_file, open_study
from ecgreader.store.sign_in import register_reader


def main(study: str) -> None:
    database = open_study(study)
    session = ReadingSession(database, register_reader(database, "Dr Holder", "General doctor"))
    print("READY", flush=True)
    for line in sys.stdin:
        command, *arguments = line.split()
        if command == "submit":
            for _ in range(int(arguments[0])):
                session.open(session.first_unread())
                stored = session.submit(frozenset({"LVH"}), confidence=3)
                print(f"ACK {stored.case_id}", flush=True)
        elif command == "recheck":
            check_study_file(study)
            with open_study(study) as again:  # a second engine, as a worker thread may make
                again.engine.dispose()
            print("RECHECKED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
