"""The study file: one portable SQLite file per reader study, and the only package that speaks SQL.

No Qt here. Callers get plain frozen dataclasses; repository functions take the open study or,
where several reads must be one snapshot, the caller's session (``database.reading()``):
``settings`` (study settings), ``cases`` (stored ECGs, case lookup), ``reads`` (submitting and
sealing reads), ``model_runs`` (runs, network opinions), ``progress`` (readers' progress),
``case_review``, ``comparison_data`` and ``report_rows`` (what the coordinator's views and the
report read), ``sign_in``, ``integrity``, ``tables`` (imported reads and model output);
``schema`` holds the tables, ``database`` the file. Building studies is ``ecgreader.studies``.
"""

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
