"""Training one CNN: class-weighted BCE (per-record weights, unknown labels masked), AdamW with a
one-cycle schedule over a fixed number of epochs.

There is no early stopping on a small validation set: when a ``watch`` set is given (the held-out
fold of cross-validation) its logits are recorded after every epoch together with a snapshot of the
weights, and ``model_training.cross_validation`` chooses the epoch from all folds at once.

The loop is written for a GPU as well as the CPU: a DataLoader with worker processes and pinned
memory feeds non-blocking copies, and the loss is summed on the device and read once per epoch.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from tqdm import tqdm

from ecgreader.model.inference import logits_arrays
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from model_training.data import EcgSet
from model_training.runtime import autocast, load_checkpoint, save_checkpoint, seed_everything

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClassifierTraining:
    epochs: int = 30
    batch_size: int = 32
    max_learning_rate: float = 3e-3
    weight_decay: float = 1e-2
    max_positive_weight: float = 20.0  # caps the BCE weight of very rare classes
    shift_samples: int = 50  # random circular time shift (0.5 s) as light augmentation
    loader_workers: int = 0  # DataLoader processes; 0 on a small CPU run, 4-8 for PTB-XL on a GPU
    seed: int = 0


def positive_weights(labels: np.ndarray, known: np.ndarray, cap: float) -> torch.Tensor:
    """negatives / positives per class among the known labels, between 1 and ``cap``."""
    positives = (labels * known).sum(axis=0)
    negatives = ((1 - labels) * known).sum(axis=0)
    return torch.tensor(np.clip(negatives / np.maximum(positives, 1), 1.0, cap), dtype=torch.float32)


def loader(train: EcgSet, training: ClassifierTraining, device: torch.device, generator: torch.Generator):
    tensors = [
        torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))
        for array in (
            train.signals,
            train.amplitudes,
            train.has_amplitude,
            train.labels,
            train.known_labels(),
            train.record_weights(),
        )
    ]
    return DataLoader(
        TensorDataset(*tensors),
        batch_size=training.batch_size,
        shuffle=True,
        generator=generator,
        num_workers=training.loader_workers,
        pin_memory=device.type == "cuda",
        persistent_workers=training.loader_workers > 0,
    )


def train_classifier(
    train: EcgSet,
    device: torch.device,
    config: ClassifierConfig,
    training: ClassifierTraining = ClassifierTraining(),
    checkpoint: Path | None = None,
    watch: EcgSet | None = None,
) -> tuple[EcgClassifier, dict]:
    """Train for ``training.epochs`` epochs; resumes from ``checkpoint`` when it exists (a run
    marked finished is returned as it is).

    Returns the model after the last epoch (eval mode) and a history: the loss per epoch and,
    with ``watch``, its logits (E, N_watch, K) and the weights after every epoch.
    """
    seed_everything(training.seed)
    model = EcgClassifier(config).to(device)
    optimiser = torch.optim.AdamW(model.parameters(), lr=training.max_learning_rate, weight_decay=training.weight_decay)
    generator = torch.Generator().manual_seed(training.seed)
    batches = loader(train, training, device, generator)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, training.max_learning_rate, total_steps=training.epochs * len(batches)
    )
    weights = positive_weights(train.labels, train.known_labels(), training.max_positive_weight).to(device)
    history: list[dict] = []
    watched: list[np.ndarray] = []
    snapshots: list[dict[str, torch.Tensor]] = []
    start_epoch = 0
    run_config = {"model": config.to_dict(), "training": asdict(training), "records": len(train)}
    saved = load_checkpoint(checkpoint, device, run_config)
    if saved is not None:
        model.load_state_dict(saved["model"])
        optimiser.load_state_dict(saved["optimiser"])
        schedule.load_state_dict(saved["schedule"])
        # random states are CPU byte tensors; map_location put them on the training device
        generator.set_state(saved["generator"].cpu())
        torch.set_rng_state(saved["rng"].cpu())  # dropout draws from the global generator
        history = [{"epoch": e, "train_loss": float(v)} for e, v in enumerate(saved["losses"].tolist())]
        watched = list(saved["watched"]) if watch is not None else []
        snapshots = [saved[f"snapshot_{e}"] for e in range(len(watched))]
        start_epoch = int(saved["epoch"]) + 1
        if bool(saved["finished"]):
            start_epoch = training.epochs
            log.info("classifier in %s had finished; not trained further", checkpoint)
        else:
            log.info("resumed the classifier from %s at epoch %d", checkpoint, start_epoch)
    for epoch in (bar := tqdm(range(start_epoch, training.epochs), desc="classifier", unit="epoch", leave=False)):
        loss = _one_epoch(model, batches, optimiser, schedule, weights, training, generator, device)
        history.append({"epoch": epoch, "train_loss": loss})
        if watch is not None:
            watched.append(logits_arrays(model, watch.signals, watch.amplitudes, watch.has_amplitude, device))
            snapshots.append({k: v.detach().cpu().clone() for k, v in model.state_dict().items()})
        log.info("classifier epoch %d: loss %.4f", epoch, loss)
        bar.set_postfix(loss=f"{loss:.3f}")
        if checkpoint is not None:
            state = {
                "model": model.state_dict(),
                "optimiser": optimiser.state_dict(),
                "schedule": schedule.state_dict(),
                "generator": generator.get_state(),
                "rng": torch.get_rng_state(),
                "epoch": epoch,
                "losses": torch.tensor([h["train_loss"] for h in history]),
                "watched": torch.from_numpy(np.stack(watched)) if watched else torch.zeros(0),
                "finished": epoch == training.epochs - 1,
                **{f"snapshot_{e}": snapshot for e, snapshot in enumerate(snapshots)},
            }
            save_checkpoint(checkpoint, state, run_config)
    model.eval()
    result = {"training": asdict(training), "history": history}
    if watch is not None:
        result.update(watch_logits=np.stack([np.asarray(w) for w in watched]), snapshots=snapshots)
    return model, result


def _one_epoch(model, batches, optimiser, schedule, weights, training, generator, device) -> float:
    """One pass over the training records; the mean weighted loss, read from the device once."""
    model.train()
    total = torch.zeros((), device=device)
    seen = 0
    for batch in batches:
        signal, amplitude, has_amplitude, target, known, record_weight = (
            t.to(device, non_blocking=True) for t in batch
        )
        if training.shift_samples:
            shift = torch.randint(-training.shift_samples, training.shift_samples + 1, (1,), generator=generator)
            signal = torch.roll(signal, int(shift), dims=2)
        with autocast(device):
            logits = model(signal, amplitude, has_amplitude)
        per_label = F.binary_cross_entropy_with_logits(logits.float(), target, pos_weight=weights, reduction="none")
        mask = known * record_weight[:, None]  # (B, K): unknown labels and down-weighted records count less
        loss = (per_label * mask).sum() / mask.sum().clamp(min=1e-6)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        schedule.step()
        total += loss.detach() * len(target)
        seen += len(target)
    return float(total) / max(seen, 1)
