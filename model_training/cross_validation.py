"""The CNN under stratified k-fold cross-validation over every labelled training record.

Each fold's CNN is trained on the other folds (enlarged by latent interpolation of *their*
positives when a VQ-VAE is given) for a fixed number of epochs, and its logits on the held-out fold
are recorded after every epoch. The epoch is chosen where the pooled out-of-fold macro AUC peaks;
the out-of-fold logits at that epoch feed the hybrid's decision (stacking), and the fold models at
that epoch, averaged, are the shipped CNN: no record is scored by a model that saw it, and no
test record plays any part.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from ecgreader.analysis.binary import auc
from ecgreader.model.inference import logits_arrays
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from model_training.augment import AugmentConfig, latent_interpolation
from model_training.data import EcgSet, concat
from model_training.folds import stratified_folds
from model_training.train_classifier import ClassifierTraining, train_classifier
from model_training.vqvae import VQVAE

log = logging.getLogger(__name__)


@dataclass
class CnnFolds:
    fold_of: np.ndarray  # (N,) the fold of each training record
    epoch: int  # the chosen epoch (0-based)
    curve: list[float | None]  # pooled out-of-fold macro AUC after each epoch
    out_of_fold: np.ndarray  # (N, K) logits at the chosen epoch
    states: list[dict[str, torch.Tensor]]  # each fold model's weights at the chosen epoch
    synthetic_per_class: dict[str, float]  # mean over folds of the synthetic records per label index


def macro_auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    """Mean AUC over the labels with positives and negatives (None if there is none)."""
    values = [auc(labels[:, k] > 0, scores[:, k]) for k in range(labels.shape[1])]
    defined = [v for v in values if v is not None]
    return float(np.mean(defined)) if defined else None


def cnn_cross_validation(
    train: EcgSet,
    device: torch.device,
    config: ClassifierConfig,
    training: ClassifierTraining,
    folds: int,
    seed: int,
    vqvae: VQVAE | None = None,
    augment: AugmentConfig = AugmentConfig(),
    run_dir: Path | None = None,
) -> CnnFolds:
    """Train one CNN per fold (see the module docstring); checkpoints go to ``run_dir``."""
    fold_of = stratified_folds(train.labels, folds, seed)
    watched = np.zeros((training.epochs, len(train), train.labels.shape[1]), np.float32)
    snapshots, synthetic_counts = [], []
    kind = "augmented" if vqvae is not None else "plain"
    for fold in range(folds):
        inner, held_out = train.subset(np.flatnonzero(fold_of != fold)), train.subset(np.flatnonzero(fold_of == fold))
        fold_seed = 1000 * seed + fold
        if vqvae is not None:
            synthetic, made = latent_interpolation(vqvae, inner, replace(augment, seed=fold_seed), device)
            synthetic_counts.append(made)
            inner = concat([inner, synthetic], "training folds + synthetic") if len(synthetic) else inner
        checkpoint = run_dir / f"cnn-{kind}-seed{seed}-fold{fold}.ckpt" if run_dir is not None else None
        _, history = train_classifier(
            inner, device, config, replace(training, seed=fold_seed), checkpoint, watch=held_out
        )
        watched[:, fold_of == fold] = history["watch_logits"]
        snapshots.append(history["snapshots"])
        log.info("seed %d %s fold %d: %d training records", seed, kind, fold, len(inner))
    curve = [macro_auc(watched[epoch], train.labels) for epoch in range(training.epochs)]
    epoch = int(np.argmax([-np.inf if value is None else value for value in curve]))
    log.info("seed %d %s: out-of-fold macro AUC peaks at epoch %d (%s)", seed, kind, epoch, curve[epoch])
    synthetic = {
        key: float(np.mean([made.get(key, 0) for made in synthetic_counts]))
        for key in sorted({key for made in synthetic_counts for key in made})
    }
    return CnnFolds(fold_of, epoch, curve, watched[epoch], [s[epoch] for s in snapshots], synthetic)


def ensemble_logits(folds: CnnFolds, config: ClassifierConfig, data: EcgSet, device: torch.device) -> np.ndarray:
    """The fold models' mean logits (N, K) on ``data``."""
    logits = []
    for state in folds.states:
        model = EcgClassifier(config)
        model.load_state_dict(state)
        logits.append(logits_arrays(model, data.signals, data.amplitudes, data.has_amplitude, device))
    return np.mean(logits, axis=0)
