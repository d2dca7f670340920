"""The label vocabulary and how each data source's diagnoses map onto it. No Qt here."""

from ecgreader.labels.gold import (
    labels_from_ludb_lines,
    labels_from_scp,
    labels_from_snomed,
    read_dx_gold,
    read_gold_table,
    read_ludb_gold,
    read_ptbxl_gold,
)
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, NONE_OF_THE_LISTED, Label, Vocabulary

__all__ = [
    "DEFAULT_VOCABULARY",
    "NONE_OF_THE_LISTED",
    "Label",
    "Vocabulary",
    "labels_from_ludb_lines",
    "labels_from_scp",
    "labels_from_snomed",
    "read_dx_gold",
    "read_gold_table",
    "read_ludb_gold",
    "read_ptbxl_gold",
]
