"""Training the classifier: class-weighted BCE, AdamW with a one-cycle schedule, early stopping
on validation macro-F1 (thresholds tuned on validation each epoch)."""

from __future__ import annotations

import copy
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from ecgreader.model.inference import predict_arrays
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from model_training.data import EcgSet
from model_training.evaluate import macro_f1
from model_training.runtime import autocast, load_checkpoint, save_checkpoint, seed_everything
from model_training.thresholds import tune_thresholds

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClassifierTraining:
    epochs: int = 40
    batch_size: int = 32
    max_learning_rate: float = 3e-3
    weight_decay: float = 1e-2
    patience: int = 10  # epochs without a better validation macro-F1 before stopping
    max_positive_weight: float = 20.0  # caps the BCE weight of very rare classes
    shift_samples: int = 50  # random circular time shift (0.5 s) as light augmentation
    seed: int = 0


def positive_weights(labels: np.ndarray, cap: float) -> torch.Tensor:
    positives = labels.sum(axis=0)
    negatives = len(labels) - positives
    return torch.tensor(np.clip(negatives / np.maximum(positives, 1), 1.0, cap), dtype=torch.float32)


def train_classifier(
    train: EcgSet,
    validation: EcgSet,
    device: torch.device,
    config: ClassifierConfig,
    training: ClassifierTraining = ClassifierTraining(),
    checkpoint: Path | None = None,
) -> tuple[EcgClassifier, dict]:
    """Fit on ``train``, select the epoch by ``validation`` macro-F1; resumable from ``checkpoint``.

    Returns the best model (eval mode) and its history, validation thresholds included.
    """
    seed_everything(training.seed)
    model = EcgClassifier(config).to(device)
    optimiser = torch.optim.AdamW(model.parameters(), lr=training.max_learning_rate, weight_decay=training.weight_decay)
    steps = training.epochs * int(np.ceil(len(train) / training.batch_size))
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, training.max_learning_rate, total_steps=steps)
    weights = positive_weights(train.labels, training.max_positive_weight).to(device)
    tensors = [torch.from_numpy(a) for a in (train.signals, train.amplitudes, train.has_amplitude, train.labels)]
    generator = torch.Generator().manual_seed(training.seed)
    best = {"score": -1.0, "epoch": -1, "state": None}
    history: list[dict] = []
    start_epoch = 0
    run_config = {"model": config.to_dict(), "training": asdict(training)}
    saved = load_checkpoint(checkpoint, device, run_config)
    if saved is not None:
        model.load_state_dict(saved["model"])
        optimiser.load_state_dict(saved["optimiser"])
        schedule.load_state_dict(saved["schedule"])
        generator.set_state(saved["generator"])
        best = {
            "score": float(saved["best_score"]),
            "epoch": int(saved["best_epoch"]),
            "state": saved["best_state"],
        }
        start_epoch = int(saved["epoch"]) + 1
        log.info("resumed the classifier from %s at epoch %d", checkpoint, start_epoch)
    for epoch in (bar := tqdm(range(start_epoch, training.epochs), desc="classifier", unit="epoch")):
        model.train()
        order = torch.randperm(len(train), generator=generator)
        total = 0.0
        for first in range(0, len(train), training.batch_size):
            index = order[first : first + training.batch_size]
            signal, amplitude, known, target = (t[index].to(device) for t in tensors)
            if training.shift_samples:
                shift = int(
                    torch.randint(
                        -training.shift_samples,
                        training.shift_samples + 1,
                        (1,),
                        generator=generator,
                    )
                )
                signal = torch.roll(signal, shift, dims=2)
            with autocast(device):
                logits = model(signal, amplitude, known)
            loss = F.binary_cross_entropy_with_logits(logits.float(), target, pos_weight=weights)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(index)
        probabilities = predict_arrays(
            model, validation.signals, validation.amplitudes, validation.has_amplitude, device
        )
        thresholds, _ = tune_thresholds(probabilities, validation.labels)
        score = macro_f1(probabilities, validation.labels, thresholds)
        history.append({"epoch": epoch, "train_loss": total / len(train), "validation_macro_f1": score})
        log.info(
            "classifier epoch %d: loss %.4f, validation macro-F1 %.3f",
            epoch,
            total / len(train),
            score,
        )
        bar.set_postfix(loss=f"{total / len(train):.3f}", val_f1=f"{score:.3f}")
        if score > best["score"]:
            best = {"score": score, "epoch": epoch, "state": copy.deepcopy(model.state_dict())}
        if checkpoint is not None:
            state = {
                "model": model.state_dict(),
                "optimiser": optimiser.state_dict(),
                "schedule": schedule.state_dict(),
                "generator": generator.get_state(),
                "epoch": epoch,
                "best_score": best["score"],
                "best_epoch": best["epoch"],
                "best_state": best["state"],
                "finished": epoch - best["epoch"] >= training.patience or epoch == training.epochs - 1,
            }
            save_checkpoint(checkpoint, state, run_config)
        if epoch - best["epoch"] >= training.patience:
            log.info("early stop at epoch %d (best %d)", epoch, best["epoch"])
            break
    model.load_state_dict(best["state"])
    model.eval()
    return model, {
        "training": asdict(training),
        "best_epoch": best["epoch"],
        "best_validation_macro_f1": best["score"],
        "history": history,
    }
