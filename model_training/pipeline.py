"""The experiments: the shipped default model, the augmentation ablation, and PTB-XL training.

Default data (all from the data directory): VQ-VAE on LUDB's training half (minus validation),
the CinC and Chapman samples and the unlabelled PTB-XL array; classifier on the labelled part;
thresholds and early stopping on a stratified quarter of LUDB's training half; final test on
LUDB's *study* half, which no training step touches (checked in ``DefaultData``).
"""

from __future__ import annotations

import json
import logging
import subprocess
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import torch

from ecgreader import __version__
from ecgreader.config import REPOSITORY_ROOT
from ecgreader.labels.split import stratified_split
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from ecgreader.model.checkpoint import save_model
from ecgreader.model.inference import predict_arrays
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec
from ecgreader.studies.ludb_split import STUDY, read_split
from model_training import data as sources
from model_training.augment import AugmentConfig, latent_interpolation
from model_training.data import EcgSet, concat
from model_training.evaluate import evaluate
from model_training.thresholds import tune_thresholds
from model_training.train_classifier import ClassifierTraining, train_classifier
from model_training.train_vqvae import VQVAETraining, train_vqvae
from model_training.vqvae import VQVAE, VQVAEConfig

log = logging.getLogger(__name__)
VALIDATION_SHARE = 0.25
SPLIT_SEED = 7


@dataclass
class DefaultData:
    train: EcgSet  # labelled
    validation: EcgSet
    test: EcgSet
    unlabelled: EcgSet  # for the VQ-VAE, with the labelled training signals
    description: dict = field(default_factory=dict)
    vocabulary: Vocabulary = DEFAULT_VOCABULARY  # the label columns of train, validation and test

    def __post_init__(self) -> None:
        for name in ("train", "validation", "test"):
            columns = getattr(self, name).labels.shape[1]
            if columns != len(self.vocabulary):
                raise ValueError(f"{name}: {columns} label columns for a vocabulary of {len(self.vocabulary)} labels")
        study_half = {f"{i}" for i, half in read_split().items() if half == STUDY}
        touched = set(self.train.ids) | set(self.validation.ids) | set(self.unlabelled.ids)
        leaked = sorted(touched & study_half & set(self.test.ids))
        if leaked:
            raise AssertionError(f"LUDB study-half records reached training: {leaked[:5]}")


def load_default_data(data_dir: Path, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> DefaultData:
    ludb = data_dir / "ludb"
    training_half = sources.ludb_half(ludb, "training", vocabulary)
    gold = {
        record_id: {vocabulary.keys[k] for k in np.flatnonzero(row)}
        for record_id, row in zip(training_half.ids, training_half.labels, strict=True)
    }
    validation_ids, _ = stratified_split(gold, round(VALIDATION_SHARE * len(gold)), SPLIT_SEED)
    in_validation = np.isin(training_half.ids, validation_ids)
    labelled_extra = [
        sources.wfdb_dx_folder(data_dir / "cinc2021-sample", vocabulary),
        sources.wfdb_dx_folder(data_dir / "chapman-sample", vocabulary),
    ]
    train = concat([training_half.subset(np.flatnonzero(~in_validation)), *labelled_extra], "labelled training")
    validation = training_half.subset(np.flatnonzero(in_validation))
    test = sources.ludb_half(ludb, "study", vocabulary)
    unlabelled = sources.ptbxl_unlabelled_array(data_dir / "ptbxl-subset" / "signals_100hz_zscored.npy")
    description = {
        "train": {"records": len(train), "sources": ["LUDB training half (75 %)", "CinC 2021 sample", "Chapman sample"],
                  "positives": dict(zip(vocabulary.keys, train.positives().tolist(), strict=True))},
        "validation": {"records": len(validation), "source": "LUDB training half (stratified 25 %)",
                       "positives": dict(zip(vocabulary.keys, validation.positives().tolist(), strict=True))},
        "test": {"records": len(test), "source": "LUDB study half (the demo study)",
                 "positives": dict(zip(vocabulary.keys, test.positives().tolist(), strict=True))},
        "vqvae_unlabelled": {"records": len(unlabelled), "source": "PTB-XL array subset (z-scored, 100 Hz)"},
    }  # fmt: skip
    return DefaultData(train, validation, test, unlabelled, description, vocabulary)


@dataclass(frozen=True)
class Settings:
    device: torch.device
    vqvae: VQVAEConfig = VQVAEConfig()
    vqvae_training: VQVAETraining = VQVAETraining()
    augment: AugmentConfig = AugmentConfig()
    classifier: ClassifierConfig = ClassifierConfig()
    classifier_training: ClassifierTraining = ClassifierTraining()


def fit_vqvae(data: DefaultData, settings: Settings, run_dir: Path) -> tuple[VQVAE, dict]:
    signals = np.concatenate([data.train.signals, data.unlabelled.signals])
    return train_vqvae(signals, settings.device, settings.vqvae, settings.vqvae_training, run_dir / "vqvae.ckpt")


def fit_classifier(
    data: DefaultData, settings: Settings, vqvae: VQVAE | None, seed: int, run_dir: Path | None
) -> tuple[EcgClassifier, np.ndarray, dict]:
    """Train one classifier (augmented when ``vqvae`` is given); thresholds from validation."""
    train, synthetic_counts = data.train, {}
    if vqvae is not None:
        augment = replace(settings.augment, seed=seed)
        synthetic, counts = latent_interpolation(vqvae, data.train, augment, settings.device)
        synthetic_counts = {data.vocabulary.keys[int(k)]: v for k, v in counts.items()}
        train = concat([data.train, synthetic], "training + synthetic") if len(synthetic) else train
        if run_dir is not None and len(synthetic):
            save_real_vs_synthetic(data.train, synthetic, run_dir / "synthetic_examples")
    training = replace(settings.classifier_training, seed=seed)
    # The name carries what the data were, so a run never resumes from another's checkpoint.
    kind = "augmented" if vqvae is not None else "plain"
    checkpoint = run_dir / f"classifier-{kind}-seed{seed}.ckpt" if run_dir is not None else None
    network = replace(settings.classifier, n_labels=len(data.vocabulary))  # one output per label of the data
    model, history = train_classifier(train, data.validation, settings.device, network, training, checkpoint)
    validation_probabilities = predict_arrays(
        model,
        data.validation.signals,
        data.validation.amplitudes,
        data.validation.has_amplitude,
        settings.device,
    )
    thresholds, tuned = tune_thresholds(validation_probabilities, data.validation.labels)
    history.update(synthetic_per_class=synthetic_counts, training_records=len(train), thresholds_tuned=tuned)
    return model, thresholds, history


def test_metrics(
    model: EcgClassifier, thresholds: np.ndarray, test: EcgSet, vocabulary: Vocabulary, device: torch.device
) -> tuple[dict, np.ndarray]:
    """Metrics per label of ``vocabulary`` (the columns of ``test.labels``), and the probabilities."""
    probabilities = predict_arrays(model, test.signals, test.amplitudes, test.has_amplitude, device)
    return evaluate(probabilities, test.labels, thresholds, vocabulary.keys), probabilities


def save_real_vs_synthetic(real: EcgSet, synthetic: EcgSet, folder: Path, count: int = 3) -> None:
    """A few real and synthetic ECGs drawn by the app's renderer, for a person to judge."""
    from ecgreader.ecg.leads import STANDARD_LEADS
    from ecgreader.ecg.record import make_record
    from ecgreader.ecg.render import render_image

    folder.mkdir(parents=True, exist_ok=True)
    for kind, examples in (("real", real), ("synthetic", synthetic)):
        for i in range(min(count, len(examples))):
            record = make_record(
                f"<{kind} {i}>",
                examples.ids[i],
                100.0,
                examples.signals[i] * 0.3,
                STANDARD_LEADS,
                zscored=True,
            )
            render_image(record, None, 4.0).save(str(folder / f"{kind}-{i}.png"))


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


def export(
    path: Path,
    model: EcgClassifier,
    thresholds: np.ndarray,
    data: DefaultData,
    history: dict,
    validation: dict,
    test: dict,
    vqvae_history: dict | None,
    settings: Settings,
    name: str,
) -> dict:
    """Write the model file and return its metadata."""
    keys = data.vocabulary.keys
    metadata = {
        "name": name,
        "vocabulary": json.loads(data.vocabulary.to_json()),
        "representation": RepresentationSpec().to_dict(),
        "thresholds": dict(zip(keys, map(float, thresholds), strict=True)),
        "thresholds_tuned_on_validation": dict(zip(keys, history["thresholds_tuned"], strict=True)),
        "training_data": data.description,
        "synthetic_per_class": history["synthetic_per_class"],
        "augmentation": settings.augment.to_dict() if vqvae_history else None,
        "vqvae": vqvae_summary(vqvae_history),
        "classifier_training": history["training"],
        "best_epoch": history["best_epoch"],
        "validation_metrics": validation,
        "test_metrics": test,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "code_version": code_version(),
        "parameters": sum(p.numel() for p in model.parameters()),
    }  # fmt: skip
    save_model(path, model, metadata)
    return metadata
