"""Training data: every source brought to the shared representation, labels mapped through the
app's vocabulary module (never re-implemented here).

An ``EcgSet`` holds N records as arrays: signals (N, 12, 1000), amplitudes (N, 12), the
amplitude mask (N,), multi-hot labels (N, K) or None for unlabelled sources, and optionally
per-record training weights (N,), which labels are known (N, K; synthetic records leave some
open) and the measurement features (N, M) of ``ecgreader.measurements``.
"""

from __future__ import annotations

import ast
import csv
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
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
from model_training.measurement_cache import cached_measurements

log = logging.getLogger(__name__)


@dataclass
class EcgSet:
    ids: list[str]
    signals: np.ndarray
    amplitudes: np.ndarray
    has_amplitude: np.ndarray
    labels: np.ndarray | None
    source: str
    weights: np.ndarray | None = None  # None: every record weighs 1
    label_known: np.ndarray | None = None  # None: every label of every record is known
    measurements: np.ndarray | None = None  # None: not measured (synthetic records)
    unmeasured: list[str] = field(default_factory=list)  # "id: error" where the measurement failed

    def __len__(self) -> int:
        return len(self.ids)

    def subset(self, index: Iterable[int]) -> EcgSet:
        index = np.asarray(list(index), dtype=int)

        def rows(array: np.ndarray | None) -> np.ndarray | None:
            return None if array is None else array[index]

        kept = {self.ids[i] for i in index}

        return EcgSet(
            [self.ids[i] for i in index],
            self.signals[index],
            self.amplitudes[index],
            self.has_amplitude[index],
            rows(self.labels),
            self.source,
            rows(self.weights),
            rows(self.label_known),
            rows(self.measurements),
            [failure for failure in self.unmeasured if failure.split(":")[0] in kept],
        )

    def positives(self) -> np.ndarray:
        return self.labels.sum(axis=0).astype(int)

    def record_weights(self) -> np.ndarray:
        return np.ones(len(self), np.float32) if self.weights is None else self.weights.astype(np.float32)

    def known_labels(self) -> np.ndarray:
        return np.ones_like(self.labels, dtype=np.float32) if self.label_known is None else self.label_known


def concat(sets: list[EcgSet], source: str) -> EcgSet:
    labelled = [s.labels is not None for s in sets]
    if any(labelled) and not all(labelled):
        raise ValueError("cannot join labelled and unlabelled sets")
    measured = all(s.measurements is not None for s in sets)
    return EcgSet(
        [i for s in sets for i in s.ids],
        np.concatenate([s.signals for s in sets]),
        np.concatenate([s.amplitudes for s in sets]),
        np.concatenate([s.has_amplitude for s in sets]),
        np.concatenate([s.labels for s in sets]) if all(labelled) else None,
        source,
        np.concatenate([s.record_weights() for s in sets]),
        np.concatenate([s.known_labels() for s in sets]) if all(labelled) else None,
        np.concatenate([s.measurements for s in sets]) if measured else None,
        [failure for s in sets for failure in s.unmeasured],
    )


def from_records(
    records: list[Record],
    gold: list[LabelSet] | None,
    vocabulary: Vocabulary,
    source: str,
    spec: RepresentationSpec = RepresentationSpec(),
    measured: bool = True,
) -> EcgSet:
    """``records`` in the shared representation, with one label column per label of ``vocabulary``
    and (unless ``measured`` is false) their measurement features.

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
    measurements, failures = cached_measurements(records) if measured else (None, [])
    ids = [r.record_id for r in records]
    return EcgSet(
        ids, signals, amplitudes, has_amplitude, labels, source, measurements=measurements, unmeasured=failures
    )


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
    # LUDB 1.0.1 scales every lead to 1 mV peak to peak: intake (ecg/amplitude.py) flags each record
    # as not amplitude-calibrated, so no voltage criterion is read from it.
    return _from_intake(paths, "ludb", ludb_dir / "ludb.csv", vocabulary, f"LUDB {half} half")


def wfdb_dx_folder(folder: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> EcgSet:
    """A folder of WFDB records with SNOMED CT codes on ``#Dx:`` (CinC 2021, Chapman)."""
    return _from_intake(find_record_paths([folder]), "dx", None, vocabulary, folder.name)


def ptbxl_unlabelled_array(array_path: Path, leave_out: Iterable[str] = ()) -> EcgSet:
    """The z-scored 100 Hz PTB-XL array without the ``leave_out`` record ids: no labels, no
    absolute amplitude (VQ-VAE only, so not measured)."""
    excluded = set(leave_out)
    records = [r for r in read_ptbxl_subset(array_path) if r.record_id not in excluded]
    return from_records(records, None, DEFAULT_VOCABULARY, "PTB-XL array (unlabelled)", measured=False)


def ptbxl_array_ids(subset_dir: Path) -> set[str]:
    """The record ids (``ptbxl-<ecg_id>``) of every record in the PTB-XL array."""
    with (subset_dir / "records.csv").open(newline="") as handle:
        return {f"ptbxl-{row['ecg_id']}" for row in csv.DictReader(handle)}


PTBXL_TEST_FOLD = 10
AFIB_SHARE_IN_PTBXL = 0.07  # about 7 % of PTB-XL's records carry AFIB (the subset's README)


@dataclass
class PtbxlLabelled:
    train: EcgSet  # outside PTB-XL's test fold, AFIB-reweighted
    test: EcgSet  # PTB-XL's fold 10: an external test set, never trained, tuned or selected on
    test_fold_ids: list[str]  # every record of the array in fold 10, labelled or not


def ptbxl_labelled(subset_dir: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> PtbxlLabelled:
    """The labelled records of the PTB-XL subset (``labels.csv``), split into training records and
    PTB-XL's test fold.

    The labelled sample is AFIB-enriched, so training weights bring AFIB back to its PTB-XL share
    (records with and without AFIB weighted so that AFIB carries ``AFIB_SHARE_IN_PTBXL`` of the
    weight, the total unchanged).
    """
    labels_csv = subset_dir / "labels.csv"
    if not labels_csv.exists():
        raise FileNotFoundError(f"{labels_csv}: file missing (the PTB-XL subset's labels)")
    with labels_csv.open(newline="") as handle:
        rows = {f"ptbxl-{row['ecg_id']}": row for row in csv.DictReader(handle)}
    with (subset_dir / "records.csv").open(newline="") as handle:
        test_fold_ids = [f"ptbxl-{row['ecg_id']}" for row in csv.DictReader(handle) if row["source_split"] == "test"]
    records = [r for r in read_ptbxl_subset(subset_dir / "signals_100hz_zscored.npy") if r.record_id in rows]
    codes = {record_id: ast.literal_eval(row["scp_codes"]).keys() for record_id, row in rows.items()}
    gold = [labels_from_scp(codes[r.record_id]) for r in records]
    in_test = np.array([int(float(rows[r.record_id]["strat_fold"])) == PTBXL_TEST_FOLD for r in records])
    every = from_records(records, gold, vocabulary, "PTB-XL labelled subset")
    train = every.subset(np.flatnonzero(~in_test))
    afib = np.array(["AFIB" in codes[i] for i in train.ids])
    share = afib.mean()
    if 0 < share < 1:
        train.weights = np.where(afib, AFIB_SHARE_IN_PTBXL / share, (1 - AFIB_SHARE_IN_PTBXL) / (1 - share))
        train.weights = train.weights.astype(np.float32)
    train.source = "PTB-XL labelled subset, folds 1-9"
    test = every.subset(np.flatnonzero(in_test))
    test.source = "PTB-XL labelled subset, fold 10"
    return PtbxlLabelled(train, test, test_fold_ids)


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
