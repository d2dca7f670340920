"""A study file holding a published reader study without signals: every table is parsed and
checked here first, then the store writes the cases, the reads and the model's output in one
atomic creation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.store.cases import ExternalCase
from ecgreader.store.database import StudyDatabase
from ecgreader.store.study import CaseInput, StudyOptions, create_study
from ecgreader.store.table_import import add_imported_model_run, add_reads
from ecgreader.studies.tables import (
    AnswerFormat,
    read_gold_csv,
    read_probabilities_csv,
    read_reads_csv,
    read_thresholds_json,
    second_opinion_mode_of,
    uniform_thresholds,
)


@dataclass(frozen=True)
class ModelOutput:
    """A model's probabilities (PROBS.csv) and its decision thresholds: from ``thresholds_json``
    when given, else ``threshold`` for every label."""

    probabilities_csv: Path
    name: str
    thresholds_json: Path | None = None
    threshold: float = 0.5

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError(f"{self.probabilities_csv}: the model's probabilities need the model's name")

    def thresholds(self, vocabulary: Vocabulary) -> dict[str, float]:
        if self.thresholds_json is not None:
            return read_thresholds_json(self.thresholds_json, vocabulary)
        return uniform_thresholds(vocabulary, self.threshold)


def create_from_tables(
    out: Path,
    gold_csv: Path,
    reads_csv: Path,
    groups: tuple[str, ...] | None = None,
    model: ModelOutput | None = None,
    seed: int = 0,
    answers: AnswerFormat = AnswerFormat(),  # noqa: B008 (frozen, immutable)
) -> Path:
    """Create ``out`` from GOLD.csv, READS.csv (answered as ``answers`` says: 0/1 by default, or
    ratings with a cut-off) and optionally a model's output; the reader ``groups`` default to
    those of READS.csv, in order of appearance. Raises TableError listing every bad row before
    anything is written."""
    vocabulary, gold = read_gold_csv(gold_csv)
    thresholds = model.thresholds(vocabulary) if model is not None else None
    reads = read_reads_csv(reads_csv, vocabulary, set(gold), groups, answers=answers)
    probabilities = None
    if model is not None:
        probabilities = read_probabilities_csv(model.probabilities_csv, vocabulary, set(gold))
    study_groups = groups or tuple(dict.fromkeys(r.group for r in reads))
    options = StudyOptions(name=out.stem, vocabulary=vocabulary, groups=study_groups, seed=seed,
                           rating_scale=answers.scale, positive_at=answers.positive_at,
                           second_opinion_mode=second_opinion_mode_of(reads))  # fmt: skip
    cases = [CaseInput(ExternalCase(case_id), labels, str(gold_csv)) for case_id, labels in gold.items()]

    def populate(database: StudyDatabase) -> None:
        add_reads(database, reads)
        if model is not None:
            add_imported_model_run(database, model.name, probabilities, thresholds)

    return create_study(out, options, cases, populate=populate)
