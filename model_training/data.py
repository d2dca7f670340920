"""Training data: every source brought to the shared representation, labels mapped through the
app's vocabulary module (never re-implemented here).

An ``EcgSet`` holds N records as arrays: signals (N, 12, 1000), amplitudes (N, 12), the
amplitude mask (N,), and multi-hot labels (N, K) or None for unlabelled sources.
"""

from __future__ import annotations

import ast
import csv
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ecgreader.ecg.formats import find_record_paths, read_ptbxl_subset, read_wfdb
from ecgreader.ecg.record import Record, RecordError
from ecgreader.labels.gold import LabelSet, labels_from_scp
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from ecgreader.model.representation import RepresentationSpec, represent_many
from ecgreader.studies.intake import GoldStandard, gather_cases
from ecgreader.studies.ludb_split import STUDY, TRAINING, read_split

log = logging.getLogger(__name__)


@dataclass
class EcgSet:
    ids: list[str]
    signals: np.ndarray
    amplitudes: np.ndarray
    has_amplitude: np.ndarray
    labels: np.ndarray | None
    source: str

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, index: Iterable[int]) -> EcgSet:
        index = np.asarray(list(index), dtype=int)
        return EcgSet(
            [self.ids[i] for i in index],
            self.signals[index],
            self.amplitudes[index],
            self.has_amplitude[index],
            None if self.labels is None else self.labels[index],
            self.source,
        )

    def positives(self) -> np.ndarray:
        return self.labels.sum(axis=0).astype(int)


def concat(sets: list[EcgSet], source: str) -> EcgSet:
    labelled = [s.labels is not None for s in sets]
    if any(labelled) and not all(labelled):
        raise ValueError("cannot join labelled and unlabelled sets")
    return EcgSet(
        [i for s in sets for i in s.ids],
        np.concatenate([s.signals for s in sets]),
        np.concatenate([s.amplitudes for s in sets]),
        np.concatenate([s.has_amplitude for s in sets]),
        np.concatenate([s.labels for s in sets]) if all(labelled) else None,
        source,
    )


def from_records(
    records: list[Record],
    gold: list[LabelSet] | None,
    vocabulary: Vocabulary,
    source: str,
    spec: RepresentationSpec = RepresentationSpec(),
) -> EcgSet:
    """``records`` in the shared representation, with one label column per label of ``vocabulary``.

    Gold labels outside ``vocabulary`` are left out: the mapped sources (LUDB, PTB-XL, ``#Dx``)
    speak the default vocabulary, and a model for fewer labels learns only the ones it names.
    """
    signals, amplitudes, has_amplitude = represent_many(tqdm(records, desc=f"preparing {source}", leave=False), spec)
    labels = None
    if gold is not None:
        labels = np.zeros((len(records), len(vocabulary)), dtype=np.float32)
        for row, keys in enumerate(gold):
            for key in set(keys) & set(vocabulary.keys):
                labels[row, vocabulary.index(key)] = 1.0
    return EcgSet([r.record_id for r in records], signals, amplitudes, has_amplitude, labels, source)


def _from_intake(paths, gold_from, gold_file, vocabulary, source) -> EcgSet:
    intake = gather_cases(paths, GoldStandard(gold_from, gold_file), vocabulary)
    for problem in intake.problems:
        log.warning("skipped: %s", problem)
    cases = [c for c in intake.cases if isinstance(c.record, Record)]
    return from_records([c.record for c in cases], [c.gold for c in cases], vocabulary, source)


def ludb_half(ludb_dir: Path, half: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> EcgSet:
    """LUDB's training or study half, as committed in ``study_data/ludb_split.csv``."""
    if half not in (STUDY, TRAINING):
        raise ValueError(f"half must be {STUDY!r} or {TRAINING!r}")
    ids = [record_id for record_id, side in read_split().items() if side == half]
    paths = [ludb_dir / "data" / f"{record_id}.hea" for record_id in ids]
    return _from_intake(paths, "ludb", ludb_dir / "ludb.csv", vocabulary, f"LUDB {half} half")


def wfdb_dx_folder(folder: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> EcgSet:
    """A folder of WFDB records with SNOMED CT codes on ``#Dx:`` (CinC 2021, Chapman)."""
    return _from_intake(find_record_paths([folder]), "dx", None, vocabulary, folder.name)


def ptbxl_unlabelled_array(array_path: Path) -> EcgSet:
    """The z-scored 100 Hz PTB-XL array: no labels, no absolute amplitude (VQ-VAE only)."""
    records = list(read_ptbxl_subset(array_path))
    return from_records(records, None, DEFAULT_VOCABULARY, "PTB-XL array (unlabelled)")


def ptbxl_official(
    ptbxl_dir: Path,
    folds: Iterable[int],
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    sampling: str = "lr",
) -> EcgSet:
    """PTB-XL in its PhysioNet layout: ``ptbxl_database.csv`` and ``records100``/``records500``.

    The recommended split is folds 1-8 train, 9 validation, 10 test.
    """
    database = ptbxl_dir / "ptbxl_database.csv"
    if not database.exists():
        raise FileNotFoundError(f"{database}: file missing (not a PTB-XL folder)")
    wanted = set(folds)
    records, gold = [], []
    column = "filename_lr" if sampling == "lr" else "filename_hr"
    with database.open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if int(float(row["strat_fold"])) in wanted]
    for row in tqdm(rows, desc="reading PTB-XL", leave=False):
        try:
            records.append(read_wfdb(ptbxl_dir / row[column]))
        except RecordError as error:
            log.warning("skipped: %s", error)
            continue
        gold.append(labels_from_scp(ast.literal_eval(row["scp_codes"]).keys()))
    return from_records(records, gold, vocabulary, f"PTB-XL folds {sorted(wanted)}")
