"""Running the classifier on ECGs: any record at any sampling rate, or a whole study.

Imports torch, so nothing on the reading path imports this module; ``ecgreader predict`` and
the coordinator's model run do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import torch

from ecgreader.config import REPOSITORY_ROOT
from ecgreader.ecg.record import Record
from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.model.checkpoint import Network, file_sha256, load_model, representation_of, vocabulary_of
from ecgreader.model.hybrid import HybridClassifier
from ecgreader.model.measured import measurement_drift, measurement_matrix
from ecgreader.model.representation import RepresentationSpec, represent_many
from ecgreader.store.cases import load_records, signal_case_ids
from ecgreader.store.database import StudyDatabase
from ecgreader.store.model_runs import add_model_run
from ecgreader.store.study import read_vocabulary, summarise_study

DEFAULT_MODEL = REPOSITORY_ROOT / "assets" / "models" / "default.pt"


@torch.no_grad()
def logits_arrays(
    model: Network,
    signals: np.ndarray,
    amplitudes: np.ndarray,
    has_amplitude: np.ndarray,
    device: torch.device | str = "cpu",
    batch_size: int = 32,  # measured fastest on a 2-core CPU (128: 20 % slower)
    measurements: np.ndarray | None = None,
) -> np.ndarray:
    """Logits (N, K) for represented ECGs (N, 12, T); a hybrid model also needs their
    ``measurements`` (N, M) in the order of its ``measurement_names``."""
    hybrid = isinstance(model, HybridClassifier)
    if hybrid and measurements is None:
        raise ValueError("a hybrid model needs the records' measurements")
    model.eval().to(device)
    outputs = []
    for first in range(0, len(signals), batch_size):
        part = slice(first, first + batch_size)
        inputs = [signals[part], amplitudes[part], has_amplitude[part]] + ([measurements[part]] if hybrid else [])
        logits = model(*(torch.from_numpy(np.ascontiguousarray(a)).to(device) for a in inputs))
        outputs.append(logits.float().cpu().numpy())
    return np.concatenate(outputs) if outputs else np.zeros((0, model.config.n_labels), np.float32)


def predict_arrays(
    model: Network,
    signals: np.ndarray,
    amplitudes: np.ndarray,
    has_amplitude: np.ndarray,
    device: torch.device | str = "cpu",
    batch_size: int = 32,
    measurements: np.ndarray | None = None,
) -> np.ndarray:
    """Sigmoid probabilities (N, K): ``logits_arrays`` through the logistic function."""
    logits = logits_arrays(model, signals, amplitudes, has_amplitude, device, batch_size, measurements)
    return (1.0 / (1.0 + np.exp(-logits.astype(np.float64)))).astype(np.float32)


def network_inputs(model: Network, records: list[Record], spec: RepresentationSpec) -> dict[str, np.ndarray]:
    """What ``predict_arrays`` needs for ``records``: the representation and, for a hybrid model,
    the measurements it reads, taken from the records themselves."""
    signals, amplitudes, has_amplitude = represent_many(records, spec)
    inputs = {"signals": signals, "amplitudes": amplitudes, "has_amplitude": has_amplitude}
    if isinstance(model, HybridClassifier):
        inputs["measurements"] = measurement_matrix(records, model.config.measurement_names)
    return inputs


@dataclass
class EcgModel:
    """A loaded model with what it needs to be applied: vocabulary, representation, thresholds
    (in ``metadata``, stored with every model run)."""

    network: Network
    metadata: dict
    path: Path
    sha256: str

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL) -> EcgModel:
        network, metadata = load_model(path)
        return cls(network, metadata, Path(path), file_sha256(path))

    @property
    def name(self) -> str:
        return self.metadata.get("name", self.path.stem)

    @property
    def vocabulary(self) -> Vocabulary:
        return vocabulary_of(self.metadata)

    @cached_property
    def measurement_drift(self) -> list[str]:
        """The measurement features this version computes differently from the code the model was
        trained with (see ``ecgreader.model.measured.measurement_fingerprint``), of those it reads;
        empty when they agree or the model reads no measurements or predates the fingerprint."""
        recorded = self.metadata.get("measurement_fingerprint")
        if recorded is None or not isinstance(self.network, HybridClassifier):
            return []
        return measurement_drift(recorded, self.network.config.measurement_names)

    def drift_warning(self) -> str | None:
        """What to tell the user when ``measurement_drift`` is not empty, else None."""
        if not self.measurement_drift:
            return None
        return (
            f"{self.path}: this version measures ECGs differently from the code the model was trained with "
            f"({', '.join(self.measurement_drift)}); its probabilities are not those it was validated with. "
            "Retrain it (python -m model_training ablation --overwrite) or use the ECG Reader version it came with."
        )

    @property
    def representation(self) -> RepresentationSpec:
        return representation_of(self.metadata)

    def probabilities(self, records: list[Record], batch_size: int = 32) -> np.ndarray:
        if not records:
            return np.zeros((0, len(self.vocabulary)), np.float32)
        inputs = network_inputs(self.network, records, self.representation)
        return predict_arrays(self.network, **inputs, batch_size=batch_size)


def predict_study(
    database: StudyDatabase,
    model: EcgModel,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    batch_size: int = 32,
) -> int:
    """Run ``model`` on every signal case of the study and store one model run; returns its id.

    Refused before anything is stored (``check_model_fits_study``) when the study has no signal
    to read or labels the model has no output for. Labels of the model that the study's
    vocabulary lacks are ignored; nothing is stored if the run is cancelled. The run's metadata
    is the model file's plus ``measurement_drift``, the features this code measures differently
    from the model's training (empty when none), so a report written later can say what the
    run's probabilities rest on.
    """
    case_ids = check_model_fits_study(database, model)
    run_metadata = {**model.metadata, "measurement_drift": list(model.measurement_drift)}
    study_labels = read_vocabulary(database).keys
    shared = [(model.vocabulary.index(key), key) for key in study_labels]
    if progress:
        progress(0, len(case_ids))
    probabilities: dict[int, dict[str, float]] = {}
    for first in range(0, len(case_ids), batch_size):
        if cancelled():
            raise InterruptedError("model run cancelled; nothing stored")
        chunk = case_ids[first : first + batch_size]
        for case_id, row in zip(chunk, model.probabilities(load_records(database, chunk)), strict=True):
            probabilities[case_id] = {key: float(row[index]) for index, key in shared}
        if progress:
            progress(len(probabilities), len(case_ids))
    thresholds = {key: model.metadata["thresholds"][key] for key in study_labels}
    return add_model_run(database, model.name, model.sha256, run_metadata, thresholds, probabilities)


def check_model_fits_study(database: StudyDatabase, model: EcgModel) -> list[int]:
    """The study's signal case ids, or ValueError when ``model`` cannot give the study a run.

    A study built from tables or images holds no signal: a run of it would be empty, yet become
    the current run and hide any imported probabilities. A study label the model has no output
    for would leave the run unusable by every report, since readers and the network are compared
    on the same labels; a network can only be compared on the labels it was trained for.
    """
    case_ids = signal_case_ids(database)
    if not case_ids:
        built_from = "images" if summarise_study(database).image_cases else "tables"
        raise ValueError(
            f"{database.path}: its cases hold no ECG signals (built from {built_from}); nothing to predict"
        )
    uncovered = [key for key in read_vocabulary(database).keys if key not in model.vocabulary.keys]
    if uncovered:
        raise ValueError(
            f"{database.path}: the model {model.path} has no output for the study's labels {', '.join(uncovered)}"
            " (a network can only be compared on the labels it was trained for); nothing stored"
        )
    return case_ids
