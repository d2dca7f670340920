"""Latent-interpolation augmentation (Liu et al. 2020) for classes with few positives.

For a rare class, pairs of training positives are encoded; their continuous latents are mixed
with lambda ~ U[lambda_low, lambda_high], quantised and decoded into a new ECG. Some variants
also resample a fraction of their code indices from each code's nearest codebook neighbours.
A synthetic ECG carries the labels both parents share, and mixes their amplitudes likewise.
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
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.lambda_low <= self.lambda_high <= 1:
            raise ValueError("need 0 <= lambda_low <= lambda_high <= 1")
        if self.target_positives < self.positive_threshold:
            raise ValueError("target_positives must be at least positive_threshold")

    def to_dict(self) -> dict:
        return asdict(self)


@torch.no_grad()
def latent_interpolation(
    vqvae: VQVAE, data: EcgSet, config: AugmentConfig, device: torch.device, batch_size: int = 64
) -> tuple[EcgSet, dict[str, int]]:
    """Synthetic records for every class under the threshold, and how many per class index."""
    rng = np.random.default_rng(config.seed)
    positives = data.positives()
    budget = int(config.max_synthetic_fraction * len(data))
    plan: list[tuple[int, int, int]] = []  # (class, parent a, parent b)
    made: dict[str, int] = {}
    for label in np.argsort(positives):
        count = int(positives[label])
        if count >= config.positive_threshold or count < 2:
            continue  # common enough, or no pair to interpolate
        members = np.flatnonzero(data.labels[:, label] > 0)
        wanted = min(config.target_positives - count, budget - len(plan))
        for _ in range(max(0, wanted)):
            a, b = rng.choice(members, size=2, replace=False)
            plan.append((int(label), int(a), int(b)))
        made[str(int(label))] = max(0, wanted)
    if not plan:
        return data.subset([]), made
    vqvae.eval().to(device)
    codebook = vqvae.quantiser.codebook
    neighbours = torch.cdist(codebook, codebook).topk(config.neighbours + 1, largest=False).indices[:, 1:]
    signals, amplitudes, masks, labels = [], [], [], []
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
        labels.append(data.labels[a] * data.labels[b])  # the labels both parents share
    synthetic = EcgSet(
        [f"synthetic-{i}" for i in range(len(plan))],
        np.concatenate(signals),
        np.concatenate(amplitudes).astype(np.float32),
        np.concatenate(masks).astype(np.float32),
        np.concatenate(labels).astype(np.float32),
        "VQ-VAE latent interpolation",
    )
    return synthetic, made
