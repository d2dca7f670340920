"""Latent-interpolation augmentation (Liu et al. 2020) for classes with few positives.

For a rare class, pairs of training positives are encoded; their continuous latents are mixed
with lambda ~ U[lambda_low, lambda_high], quantised and decoded into a new ECG. Some variants
also resample a fraction of their code indices from each code's nearest codebook neighbours.

Labels: a synthetic ECG is positive for a label both parents carry and negative for one neither
carries; a label only one parent carries is left *unknown* (masked out of the loss), since the mix
may or may not show it. Budget: each class gets at most ``max_per_pair`` records per distinct
pair of its positives, pairs drawn without repetition, so a class with three positives cannot
turn into forty near-copies of three parents; the overall cap is shared between the classes in
proportion to what each asks for.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch

from model_training.alignment import align_to
from model_training.data import EcgSet
from model_training.vqvae import VQVAE


@dataclass(frozen=True)
class AugmentConfig:
    positive_threshold: int = 40  # classes with fewer real positives than this are enlarged
    target_positives: int = 40  # ... up to this many (real + synthetic)
    max_synthetic_fraction: float = 1.0  # synthetic records at most this share of the real set
    lambda_low: float = 0.2
    lambda_high: float = 0.8
    resample_fraction: float = 0.1  # share of latent steps whose code is resampled ...
    resample_probability: float = 0.5  # ... in this share of the synthetic records
    neighbours: int = 4  # resample among this many nearest codes
    align_beats: bool = True  # stretch/shift the second parent onto the first's beats (alignment.py)
    max_per_pair: int = 2  # synthetic records per distinct pair of parents (each with its own lambda)
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.lambda_low <= self.lambda_high <= 1:
            raise ValueError("need 0 <= lambda_low <= lambda_high <= 1")
        if self.target_positives < self.positive_threshold:
            raise ValueError("target_positives must be at least positive_threshold")
        if self.max_per_pair < 1:
            raise ValueError(f"max_per_pair {self.max_per_pair} must be at least 1")

    def to_dict(self) -> dict:
        return asdict(self)


def classes_to_enlarge(labels: np.ndarray, config: AugmentConfig) -> list[int]:
    """Label columns with fewer real positives than the threshold but a pair to interpolate."""
    positives = labels.sum(axis=0)
    return [k for k in range(labels.shape[1]) if 2 <= positives[k] < config.positive_threshold]


def plan_pairs(labels: np.ndarray, config: AugmentConfig, rng: np.random.Generator) -> list[tuple[int, int, int]]:
    """(class, parent a, parent b) for every synthetic record to make (see the module docstring)."""
    wanted: dict[int, list[tuple[int, int]]] = {}
    for label in classes_to_enlarge(labels, config):
        members = np.flatnonzero(labels[:, label] > 0)
        pairs = [(int(a), int(b)) for i, a in enumerate(members) for b in members[i + 1 :]]
        rng.shuffle(pairs)
        count = min(config.target_positives - len(members), config.max_per_pair * len(pairs))
        wanted[label] = [pairs[i % len(pairs)] for i in range(count)]  # every pair once before any twice
    total = sum(len(chosen) for chosen in wanted.values())
    budget = int(config.max_synthetic_fraction * len(labels))
    share = min(1.0, budget / total) if total else 0.0
    return [(label, a, b) for label, chosen in wanted.items() for a, b in chosen[: int(share * len(chosen))]]


@torch.no_grad()
def latent_interpolation(
    vqvae: VQVAE, data: EcgSet, config: AugmentConfig, device: torch.device, batch_size: int = 64
) -> tuple[EcgSet, dict[str, int]]:
    """Synthetic records for every class under the threshold, and how many per class index."""
    rng = np.random.default_rng(config.seed)
    plan = plan_pairs(data.labels, config, rng)
    made = {str(label): sum(p[0] == label for p in plan) for label in classes_to_enlarge(data.labels, config)}
    if not plan:
        return data.subset([]), made
    vqvae.eval().to(device)
    codebook = vqvae.quantiser.codebook
    neighbours = torch.cdist(codebook, codebook).topk(config.neighbours + 1, largest=False).indices[:, 1:]
    signals, amplitudes, masks, labels, known = [], [], [], [], []
    for first in range(0, len(plan), batch_size):
        chunk = plan[first : first + batch_size]
        a = np.array([p[1] for p in chunk])
        b = np.array([p[2] for p in chunk])
        lam = rng.uniform(config.lambda_low, config.lambda_high, size=len(chunk)).astype(np.float32)
        second = data.signals[b]
        if config.align_beats:
            second = np.stack([align_to(data.signals[i], data.signals[j]) for i, j in zip(a, b, strict=True)])
        za = vqvae.encode(torch.from_numpy(data.signals[a]).to(device))  # (B, D, T')
        zb = vqvae.encode(torch.from_numpy(np.ascontiguousarray(second)).to(device))
        weight = torch.from_numpy(lam).to(device)[:, None, None]
        indices = vqvae.quantiser.nearest(weight * za + (1 - weight) * zb)  # (B, T')
        resample = torch.from_numpy(
            (rng.random(len(chunk)) < config.resample_probability)[:, None]
            & (rng.random(indices.shape) < config.resample_fraction)
        ).to(device)
        pick = torch.from_numpy(rng.integers(0, config.neighbours, indices.shape)).to(device)
        indices = torch.where(resample, neighbours[indices, pick], indices)
        decoded = vqvae.decode(vqvae.quantiser.lookup(indices)).float().cpu().numpy()
        # Keep the representation's contract: each synthetic lead is z-scored like a real one.
        decoded = (decoded - decoded.mean(axis=2, keepdims=True)) / np.maximum(decoded.std(axis=2, keepdims=True), 1e-3)
        signals.append(decoded.astype(np.float32))
        amplitudes.append(lam[:, None] * data.amplitudes[a] + (1 - lam[:, None]) * data.amplitudes[b])
        masks.append(data.has_amplitude[a] * data.has_amplitude[b])
        labels.append(data.labels[a] * data.labels[b])  # positive where both parents are
        known.append((data.labels[a] == data.labels[b]) * data.known_labels()[a] * data.known_labels()[b])
    synthetic = EcgSet(
        [f"synthetic-{i}" for i in range(len(plan))],
        np.concatenate(signals),
        np.concatenate(amplitudes).astype(np.float32),
        np.concatenate(masks).astype(np.float32),
        np.concatenate(labels).astype(np.float32),
        "VQ-VAE latent interpolation",
        label_known=np.concatenate(known).astype(np.float32),
    )
    return synthetic, made
