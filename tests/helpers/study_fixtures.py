"""Small studies made from synthetic ECGs, with secrets a blinded reader must never see."""

from __future__ import annotations

from pathlib import Path

from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.reading import ReadingSession
from ecgreader.store import CaseInput, StudyOptions, create_study, open_study
from ecgreader.store.cases import case_ids
from ecgreader.store.model_runs import add_model_run
from ecgreader.store.sign_in import register_reader

SECRET_SOURCE_PREFIX = "SRC-SECRET-"
SECRET_PROBABILITY = 0.8731
COORDINATOR_PASSWORD = "coord-pass"
TWO_READERS = (("Dr A", "General doctor"), ("Dr B", "Specialist"))


def make_reading_study(path: Path, n_cases: int = 6, **options) -> Path:
    """A study of ``n_cases`` synthetic ECGs with gold labels and one model run."""
    cases = [
        CaseInput(
            synthetic_ecg(55 + 7 * i, record_id=f"{SECRET_SOURCE_PREFIX}{i}", noise_mv=0.01, seed=i),
            frozenset({"LVH"} if i % 2 else {"IAVB"}),
            "synthetic",
        )
        for i in range(n_cases)
    ]
    options.setdefault("coordinator_password", COORDINATOR_PASSWORD)
    options.setdefault("protocol", "")  # no protocol page before the first case unless a test asks for one
    create_study(path, StudyOptions(name="Synthetic study", seed=11, **options), cases)
    with open_study(path) as study:
        probabilities = {case_id: {"LVH": SECRET_PROBABILITY} for case_id in case_ids(study)}
        add_model_run(study, "test-model", "f" * 64, {}, {"LVH": 0.5}, probabilities)
    return path


def read_cases(database, readers=TWO_READERS, n_read: int | None = None) -> None:
    """Each ``(name, group)`` registers and reads the first ``n_read`` cases of their order (all by
    default), calling LVH on odd positions and nothing on even ones: a known, mixed pattern."""
    for name, group in readers:
        session = ReadingSession(database, register_reader(database, name, group))
        for index in range(len(session.order) if n_read is None else n_read):
            session.open(index)
            session.submit(frozenset({"LVH"}) if index % 2 else frozenset())


def read_unaided_then_aided(database, name: str, group: str, n_cases: int, n_aided: int | None = None) -> None:
    """``name`` registers and reads the first ``n_cases`` cases unaided calling nothing, and the
    first ``n_aided`` of them (all by default) aided, each right after its unaided read, calling LVH:
    a reader whom the second opinion made call LVH everywhere."""
    session = ReadingSession(database, register_reader(database, name, group))
    for index in range(n_cases):
        session.open(index)
        session.submit(frozenset())
        if n_aided is None or index < n_aided:
            session.begin_aided_read()
            session.submit(frozenset({"LVH"}))


def make_read_study(path: Path, n_cases: int = 6, readers=TWO_READERS) -> Path:
    """A reading study (see ``make_reading_study``) in which every one of ``readers`` read every case."""
    make_reading_study(path, n_cases)
    with open_study(path) as database:
        read_cases(database, readers)
    return path
