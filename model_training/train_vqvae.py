"""Training the VQ-VAE on every training record, labelled or not."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from ecgreader.ecg.leads import STANDARD_LEADS
from model_training.runtime import autocast, load_checkpoint, save_checkpoint, seed_everything
from model_training.vqvae import VQVAE, VQVAEConfig, perplexity

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VQVAETraining:
    epochs: int = 30
    batch_size: int = 64
    learning_rate: float = 2e-3
    seed: int = 0


def train_vqvae(
    signals: np.ndarray,
    device: torch.device,
    config: VQVAEConfig = VQVAEConfig(),
    training: VQVAETraining = VQVAETraining(),
    checkpoint: Path | None = None,
) -> tuple[VQVAE, dict]:
    """Fit a VQ-VAE to ``signals`` (N, 12, T); resumes from ``checkpoint`` when it exists.

    Returns the model (eval mode) and a history of reconstruction error per lead and
    codebook perplexity/usage per epoch.
    """
    seed_everything(training.seed)
    model = VQVAE(config).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=training.learning_rate)
    data = torch.from_numpy(signals)
    history: list[dict] = []
    start_epoch = 0
    run_config = {"model": config.to_dict(), "training": asdict(training)}
    # More epochs continue a run (Adam without a schedule); any other change would mix two runs.
    state = load_checkpoint(checkpoint, device, run_config, may_change=("training.epochs",))
    generator = torch.Generator().manual_seed(training.seed)
    if state is not None:
        model.load_state_dict(state["model"])
        optimiser.load_state_dict(state["optimiser"])
        start_epoch = int(state["epoch"]) + 1
        history = json.loads(state["history"])
        if "generator" in state:
            _restore_random_state(state, generator, device)
        elif start_epoch < training.epochs:
            log.warning(
                "%s predates saved random state: this resumed run will not repeat an uninterrupted one", checkpoint
            )
        log.info("resumed the VQ-VAE from %s at epoch %d", checkpoint, start_epoch)
    for epoch in (bar := tqdm(range(start_epoch, training.epochs), desc="VQ-VAE", unit="epoch")):
        model.train()
        order = torch.randperm(len(data), generator=generator)
        # Summed on the device and read once per epoch: no host synchronisation per step.
        per_lead = torch.zeros(len(STANDARD_LEADS), device=device)
        code_counts = torch.zeros(config.n_codes, device=device)
        for first in range(0, len(data), training.batch_size):
            batch = data[order[first : first + training.batch_size]].to(device, non_blocking=True)
            with autocast(device):
                loss, parts = model.loss(batch)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            per_lead += parts["reconstruction_per_lead"].float() * len(batch)
            code_counts += torch.bincount(parts["indices"].reshape(-1), minlength=config.n_codes)
        per_lead = per_lead.cpu()
        record = {
            "epoch": epoch,
            "reconstruction_mse": float(per_lead.mean() / len(data)),
            "reconstruction_mse_per_lead": dict(zip(STANDARD_LEADS, (per_lead / len(data)).tolist(), strict=True)),
            "perplexity": perplexity(code_counts.cpu()),
            "codes_used": int((code_counts > 0).sum()),
        }
        history.append(record)
        bar.set_postfix(mse=f"{record['reconstruction_mse']:.3f}", perplexity=f"{record['perplexity']:.0f}")
        log.info("VQ-VAE epoch %d: %s", epoch, record)
        if checkpoint is not None:
            saved = {"model": model.state_dict(), "optimiser": optimiser.state_dict(), "epoch": epoch}
            saved.update(_random_state(generator, device))
            save_checkpoint(checkpoint, {**saved, "history": json.dumps(history)}, run_config)
    model.eval()
    return model, {"config": config.to_dict(), "training": asdict(training), "history": history}


def _random_state(generator: torch.Generator, device: torch.device) -> dict[str, torch.Tensor]:
    """Every random stream an epoch draws from: the shuffling generator, and the global generator of
    the device the codebook re-seeds its dead codes from (``torch.randint`` there)."""
    state = {"generator": generator.get_state(), "rng": torch.get_rng_state()}
    if device.type == "cuda":
        state["cuda_rng"] = torch.cuda.get_rng_state(device)
    return state


def _restore_random_state(state: dict, generator: torch.Generator, device: torch.device) -> None:
    """Put the random streams back where the checkpoint left them, so a resumed run draws what an
    uninterrupted one would have drawn."""
    # torch.load mapped every tensor to the training device; random states live on the CPU
    generator.set_state(state["generator"].cpu())
    torch.set_rng_state(state["rng"].cpu())
    if device.type == "cuda" and "cuda_rng" in state:
        torch.cuda.set_rng_state(state["cuda_rng"].cpu(), device)
