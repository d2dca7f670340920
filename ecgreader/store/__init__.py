"""The study file: one portable SQLite file per reader study. No Qt here."""

from ecgreader.store.cases import CorruptCaseError, case_from_record, record_from_case
from ecgreader.store.database import (
    SCHEMA_VERSION,
    StudyDatabase,
    StudyFileError,
    check_study_file,
    open_study,
)
from ecgreader.store.study import (
    CaseInput,
    StudyOptions,
    StudySummary,
    create_study,
    read_vocabulary,
    summarise_study,
)

__all__ = [
    "SCHEMA_VERSION",
    "CaseInput",
    "CorruptCaseError",
    "StudyDatabase",
    "StudyFileError",
    "StudyOptions",
    "StudySummary",
    "case_from_record",
    "check_study_file",
    "create_study",
    "open_study",
    "read_vocabulary",
    "record_from_case",
    "summarise_study",
]
