"""The experiments: four model conditions fitted by cross-validation and measured on two test sets.

Default data (all from the data directory): every labelled training record (LUDB's training half,
the PTB-XL subset's labelled records outside PTB-XL's test fold, the CinC and Chapman samples)
for cross-validation; LUDB's *study* half and PTB-XL's fold 10 as test sets that no training,
tuning or selection step touches (checked in ``DefaultData``); the VQ-VAE also sees the unlabelled
PTB-XL records outside fold 10.

Conditions: the CNN alone, the measurements alone, the hybrid (both), and the hybrid whose CNNs
were trained with VQ-VAE latent-interpolation augmentation. Each condition ends in the same
calibrated per-label decision (``decision.py``); the shipped condition is the one with the best
cross-validated macro AUC, never the best on a test set.
"""

from __future__ import annotations

import json
import logging
import subprocess
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch

from ecgreader import __version__
from ecgreader.config import REPOSITORY_ROOT
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from ecgreader.measurements import FEATURE_NAMES
from ecgreader.model.checkpoint import save_model
from ecgreader.model.hybrid import HybridClassifier, HybridConfig
from ecgreader.model.inference import predict_arrays
from ecgreader.model.measured import measurement_fingerprint
from ecgreader.model.network import ClassifierConfig
from ecgreader.model.representation import RepresentationSpec
from ecgreader.studies.ludb_split import STUDY, read_split
from model_training import data as sources
from model_training.augment import AugmentConfig, classes_to_enlarge
from model_training.cross_validation import CnnFolds, cnn_cross_validation, ensemble_logits
from model_training.data import EcgSet, concat
from model_training.decision import DecisionSettings, FittedDecision, fit_decision
from model_training.evaluate import evaluate
from model_training.train_classifier import ClassifierTraining
from model_training.train_vqvae import VQVAETraining, train_vqvae
from model_training.vqvae import VQVAE, VQVAEConfig

log = logging.getLogger(__name__)
LUDB_TEST = "LUDB study half"
PTBXL_TEST = "PTB-XL fold 10"
CONDITIONS = ("cnn", "measurements", "hybrid", "hybrid_augmented")
CONDITION_NAMES = {
    "cnn": "CNN alone",
    "measurements": "measurements alone",
    "hybrid": "hybrid (CNN + measurements)",
    "hybrid_augmented": "hybrid, CNN trained with VQ-VAE augmentation",
}
CV_RESAMPLES = 200  # the cross-validated figures need points, not intervals


@dataclass
class DefaultData:
    train: EcgSet  # labelled, measured, with per-record weights
    tests: dict[str, EcgSet]  # name -> labelled, measured test set; the first is the primary one
    unlabelled: EcgSet  # for the VQ-VAE, with the labelled training signals
    description: dict = field(default_factory=dict)
    vocabulary: Vocabulary = DEFAULT_VOCABULARY  # the label columns of every set

    def __post_init__(self) -> None:
        for name, labelled in [("train", self.train), *self.tests.items()]:
            columns = labelled.labels.shape[1]
            if columns != len(self.vocabulary):
                raise ValueError(f"{name}: {columns} label columns for a vocabulary of {len(self.vocabulary)} labels")
        touched = set(self.train.ids) | set(self.unlabelled.ids)
        for name, test in self.tests.items():
            leaked = sorted(touched & set(test.ids))
            if leaked:
                raise AssertionError(f"{name} records reached training: {leaked[:5]}")
        study_half = {i for i, half in read_split().items() if half == STUDY}
        if touched & study_half:
            raise AssertionError(f"LUDB study-half records reached training: {sorted(touched & study_half)[:5]}")


def _positives(data: EcgSet, vocabulary: Vocabulary) -> dict[str, int]:
    return dict(zip(vocabulary.keys, data.positives().tolist(), strict=True))


def load_default_data(data_dir: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> DefaultData:
    ludb = data_dir / "ludb"
    ptbxl = sources.ptbxl_labelled(data_dir / "ptbxl-subset", vocabulary)
    held_out_ptbxl = set(ptbxl.test_fold_ids)
    cinc = sources.wfdb_dx_folder(data_dir / "cinc2021-sample", vocabulary)
    # CinC's "HR" records are PTB-XL records (HR06005 is ecg_id 6005): none may duplicate one of ours.
    in_array = {f"ptbxl-{int(i[2:])}" for i in cinc.ids if i.startswith("HR")} & sources.ptbxl_array_ids(
        data_dir / "ptbxl-subset"
    )
    cinc = cinc.subset(
        [n for n, i in enumerate(cinc.ids) if not i.startswith("HR") or f"ptbxl-{int(i[2:])}" not in in_array]
    )
    parts = [
        sources.ludb_half(ludb, "training", vocabulary),
        ptbxl.train,
        cinc,
        sources.wfdb_dx_folder(data_dir / "chapman-sample", vocabulary),
    ]
    train = concat(parts, "labelled training")
    tests = {LUDB_TEST: sources.ludb_half(ludb, "study", vocabulary), PTBXL_TEST: ptbxl.test}
    unlabelled = sources.ptbxl_unlabelled_array(
        data_dir / "ptbxl-subset" / "signals_100hz_zscored.npy", leave_out=held_out_ptbxl | set(train.ids)
    )
    description = {
        "train": {
            "records": len(train),
            "sources": {p.source: len(p) for p in parts},
            "positives": _positives(train, vocabulary),
            "weighting": "PTB-XL subset records reweighted so that AFIB carries 7 % of their weight "
            "(the subset is AFIB-enriched)",
        },
        "tests": {
            name: {"records": len(test), "source": test.source, "positives": _positives(test, vocabulary)}
            for name, test in tests.items()
        },
        "vqvae_unlabelled": {
            "records": len(unlabelled),
            "source": "PTB-XL array subset outside fold 10 (z-scored, 100 Hz)",
        },
        "left_out": {"CinC records that are PTB-XL array records": sorted(in_array)},
        "measurement_failures": train.unmeasured + [f for test in tests.values() for f in test.unmeasured],
    }
    return DefaultData(train, tests, unlabelled, description, vocabulary)


@dataclass(frozen=True)
class Settings:
    device: torch.device
    vqvae: VQVAEConfig = VQVAEConfig()
    vqvae_training: VQVAETraining = VQVAETraining(epochs=8)
    augment: AugmentConfig = AugmentConfig()
    # A small CNN: 130 k parameters are plenty for 430 records; amplitude off because no training
    # source but the 54 CinC/Chapman records has calibrated voltage (LUDB is rescaled per lead).
    classifier: ClassifierConfig = ClassifierConfig(
        stem_width=16, widths=(32, 64, 96), blocks_per_stage=1, use_amplitude=False
    )
    classifier_training: ClassifierTraining = ClassifierTraining()
    folds: int = 3
    decision: DecisionSettings = DecisionSettings()


def needs_vqvae(data: DefaultData, settings: Settings) -> bool:
    """Whether any label has so few positives that augmentation would enlarge it."""
    return bool(classes_to_enlarge(data.train.labels, settings.augment))


def fit_vqvae(data: DefaultData, settings: Settings, run_dir: Path) -> tuple[VQVAE, dict]:
    signals = np.concatenate([data.train.signals, data.unlabelled.signals])
    return train_vqvae(signals, settings.device, settings.vqvae, settings.vqvae_training, run_dir / "vqvae.ckpt")


@dataclass
class ConditionResult:
    condition: str
    seed: int
    decision: FittedDecision
    cnn: CnnFolds | None
    cross_validated: dict  # metrics of the out-of-fold calibrated probabilities on the training records
    tests: dict[str, dict]  # test-set name -> metrics
    probabilities: dict[str, np.ndarray]  # test-set name -> (N, K)


def run_seed(
    data: DefaultData,
    settings: Settings,
    seed: int,
    conditions: tuple[str, ...],
    vqvae: VQVAE | None,
    run_dir: Path | None,
    resamples: int,
) -> dict[str, ConditionResult]:
    """Every condition of ``conditions`` for one seed (folds, CNN initialisation, augmentation)."""
    network = replace(settings.classifier, n_labels=len(data.vocabulary))
    training = settings.classifier_training
    cnn_runs: dict[bool, CnnFolds] = {}
    for augmented in sorted({c == "hybrid_augmented" for c in conditions if c != "measurements"}):
        if augmented and vqvae is None:
            raise ValueError("the augmented condition needs a VQ-VAE")
        cnn_runs[augmented] = cnn_cross_validation(
            data.train, settings.device, network, training, settings.folds, seed,
            vqvae if augmented else None, settings.augment, run_dir,
        )  # fmt: skip
    decision_settings = replace(settings.decision, seed=seed)
    keys = data.vocabulary.keys
    results = {}
    for condition in conditions:
        cnn = cnn_runs.get(condition == "hybrid_augmented") if condition != "measurements" else None
        measured = condition != "cnn"
        decision = fit_decision(
            None if cnn is None else cnn.out_of_fold,
            data.train.measurements if measured else None,
            FEATURE_NAMES,
            data.train.labels,
            data.train.record_weights(),
            decision_settings,
        )
        probabilities = {
            name: decision.probabilities(
                None if cnn is None else ensemble_logits(cnn, network, test, settings.device),
                test.measurements[:, _columns(decision)] if measured else None,
            )
            for name, test in data.tests.items()
        }
        results[condition] = ConditionResult(
            condition,
            seed,
            decision,
            cnn,
            evaluate(decision.out_of_fold, data.train.labels, decision.thresholds, keys, CV_RESAMPLES, seed),
            {
                name: evaluate(probabilities[name], test.labels, decision.thresholds, keys, resamples, 0)
                for name, test in data.tests.items()
            },
            probabilities,
        )
        cv = results[condition].cross_validated["macro"]
        log.info("seed %d %s: cross-validated macro AUC %s, F1 %s", seed, condition, cv["auc"], cv["f1"])
    return results


def _columns(decision: FittedDecision) -> list[int]:
    return [FEATURE_NAMES.index(name) for name in decision.measurement_names]


def choose_condition(runs: list[dict[str, ConditionResult]]) -> str:
    """The condition with the best mean cross-validated macro AUC over seeds (never a test figure)."""
    conditions = list(runs[0])
    means = [np.mean([run[c].cross_validated["macro"]["auc"] for run in runs]) for c in conditions]
    return conditions[int(np.argmax(means))]


def hybrid_model(result: ConditionResult, network: ClassifierConfig) -> HybridClassifier:
    """The model file's network for one fitted condition."""
    decision = result.decision
    folds = result.cnn.states if result.cnn is not None else []
    model = HybridClassifier(HybridConfig(network, decision.measurement_names, len(folds)))
    for cnn, state in zip(model.cnns, folds, strict=True):
        cnn.load_state_dict(state)
    buffers = {
        "measurement_median": decision.measurement_median,
        "input_mean": decision.input_mean,
        "input_scale": decision.input_scale,
        "calibration_slope": decision.calibration_slope,
        "calibration_intercept": decision.calibration_intercept,
    }
    with torch.no_grad():
        for name, value in buffers.items():
            getattr(model, name).copy_(torch.as_tensor(np.asarray(value, dtype=np.float32)))
        model.decision.weight.copy_(torch.as_tensor(decision.weight, dtype=torch.float32))
        model.decision.bias.copy_(torch.as_tensor(decision.bias, dtype=torch.float32))
    return model.eval()


def check_model_reproduces(model: HybridClassifier, result: ConditionResult, data: DefaultData, device) -> float:
    """The largest difference between the model file's probabilities and the experiment's on the
    first test set; AssertionError above 1e-4 (the file would not be the model that was measured)."""
    name, test = next(iter(data.tests.items()))
    columns = _columns(result.decision)
    probabilities = predict_arrays(
        model, test.signals, test.amplitudes, test.has_amplitude, device, measurements=test.measurements[:, columns]
    )
    difference = float(np.abs(probabilities - result.probabilities[name]).max())
    if difference > 1e-4:
        raise AssertionError(f"the exported model differs from the measured one by {difference:.2e} on {name}")
    return difference


def code_version() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPOSITORY_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return f"{__version__}+{commit.stdout.strip()}"
    except (OSError, subprocess.CalledProcessError):
        return __version__


def vqvae_summary(history: dict | None) -> dict | None:
    """The VQ-VAE's configuration and its last epoch's reconstruction error and code usage."""
    if history is None:
        return None
    return {"config": history["config"], "training": history["training"], "final": history["history"][-1]}


def held_out_summary(test_name: str, metrics: dict) -> dict:
    """The primary test set's figures in the form the second-opinion panel reads."""
    return {
        "test_set": test_name,
        "n_cases": next(iter(metrics["per_class"].values()))["n"],
        "macro_auc": metrics["macro"]["auc"],
        "macro_f1": metrics["macro"]["f1"],
        "per_label": {
            key: {
                "sensitivity": row["sensitivity"],
                "specificity": row["specificity"],
                "ppv": row["ppv"],
                "auc": row["auc"],
                "n_positive": row["positives"],
            }
            for key, row in metrics["per_class"].items()
        },
    }


def export(
    path: Path,
    result: ConditionResult,
    data: DefaultData,
    settings: Settings,
    selection: dict,
    vqvae_history: dict | None,
    training_seconds: float,
) -> dict:
    """Write the model file for ``result`` and return its metadata (the card is written from it)."""
    keys = data.vocabulary.keys
    network = replace(settings.classifier, n_labels=len(data.vocabulary))
    model = hybrid_model(result, network)
    difference = check_model_reproduces(model, result, data, settings.device)
    decision = result.decision
    primary = next(iter(data.tests))
    metadata = {
        "name": path.stem,
        "vocabulary": json.loads(data.vocabulary.to_json()),
        "representation": RepresentationSpec().to_dict(),
        "condition": result.condition,
        "condition_name": CONDITION_NAMES[result.condition],
        "seed": result.seed,
        "thresholds": dict(zip(keys, map(float, decision.thresholds), strict=True)),
        "thresholds_tuned": dict(zip(keys, decision.tuned, strict=True)),
        "regularisation": dict(zip(keys, decision.regularisation, strict=True)),
        "measurement_names": list(decision.measurement_names),
        "measurement_fingerprint": measurement_fingerprint() if decision.measurement_names else None,
        "training_data": data.description,
        "selection": selection,
        "cnn": None if result.cnn is None else {
            "folds": settings.folds,
            "chosen_epoch": result.cnn.epoch + 1,
            "epochs_trained": settings.classifier_training.epochs,
            "out_of_fold_macro_auc_per_epoch": result.cnn.curve,
            "synthetic_per_class_per_fold": {keys[int(k)]: v for k, v in result.cnn.synthetic_per_class.items()},
        },
        "augmentation": settings.augment.to_dict() if result.condition == "hybrid_augmented" else None,
        "vqvae": vqvae_summary(vqvae_history) if result.condition == "hybrid_augmented" else None,
        "classifier_training": asdict(settings.classifier_training),
        "decision_settings": asdict(settings.decision),
        "cross_validated_metrics": result.cross_validated,
        "test_metrics": result.tests,
        "held_out": held_out_summary(primary, result.tests[primary]),
        "device": torch.cuda.get_device_name(settings.device) if settings.device.type == "cuda" else "CPU",
        "training_seconds": round(training_seconds),
        "export_check_max_difference": difference,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "parameters": sum(p.numel() for p in model.parameters()),
    }  # fmt: skip
    save_model(path, model, metadata)
    return metadata
