"""Building studies: the layer between the people who bring data and the study file.

It gathers records and their gold standard (``intake``), parses the tables of published reader
studies (``tables``), and builds a study file from either (``build``, ``external``); the store
writes. ``ludb_split`` is the committed LUDB study/training split. Errors here speak about the
data (files, rows, records), never about how the caller asked: the command line may translate
them into its flags. No SQL and no Qt here.
"""

from ecgreader.studies.build import BuildCancelled, BuiltStudy, RecordsRefused, build_study
from ecgreader.studies.external import ModelOutput, create_from_tables
from ecgreader.studies.intake import (
    GOLD_SOURCES,
    NO_GOLD,
    GoldStandard,
    Intake,
    LabelsFileNeeded,
    MissingGold,
    gather_cases,
)
from ecgreader.studies.tables import (
    AnswerFormat,
    TableError,
    TableRead,
    read_gold_csv,
    read_probabilities_csv,
    read_reads_csv,
    read_thresholds_json,
    uniform_thresholds,
)

__all__ = [
    "GOLD_SOURCES",
    "AnswerFormat",
    "NO_GOLD",
    "BuildCancelled",
    "BuiltStudy",
    "GoldStandard",
    "Intake",
    "LabelsFileNeeded",
    "MissingGold",
    "ModelOutput",
    "RecordsRefused",
    "TableError",
    "TableRead",
    "build_study",
    "create_from_tables",
    "gather_cases",
    "read_gold_csv",
    "read_probabilities_csv",
    "read_reads_csv",
    "read_thresholds_json",
    "uniform_thresholds",
]
