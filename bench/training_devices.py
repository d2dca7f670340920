"""The training path on every device this machine has: VQ-VAE and classifier training on
synthetic ECGs (no data set needed), on the CPU and, where present, on CUDA (bf16 autocast, a
DataLoader with worker processes and pinned memory, non-blocking copies).

For each device it prints training throughput (records/s), whether every loss stayed finite,
and how far the classifier's probabilities differ between devices (the CPU run is the baseline,
measured in the same process).

    python bench/training_devices.py [--records 512] [--epochs 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.model.network import ClassifierConfig
from model_training.data import from_records
from model_training.runtime import autocast
from model_training.train_classifier import ClassifierTraining, train_classifier
from model_training.train_vqvae import VQVAETraining, train_vqvae


def synthetic_set(n: int, seed: int):
    """ECGs at 50–110 bpm; "IAVB" for the slow ones and "LVH" for every third, so both classes exist."""
    rng = np.random.default_rng(seed)
    rates = rng.uniform(50, 110, n)
    records = [
        synthetic_ecg(rate, record_id=f"s{i}", noise_mv=0.05, seed=seed * 100_000 + i) for i, rate in enumerate(rates)
    ]
    gold = [({"IAVB"} if rate < 70 else set()) | ({"LVH"} if i % 3 == 0 else set()) for i, rate in enumerate(rates)]
    return from_records(records, gold, DEFAULT_VOCABULARY, "synthetic")


def on_device(device: torch.device, train, validation, epochs: int, workers: int, folder: Path) -> dict:
    classifier_training = ClassifierTraining(epochs=epochs, loader_workers=workers)
    start = time.perf_counter()
    _, vqvae = train_vqvae(train.signals, device, training=VQVAETraining(epochs=epochs), checkpoint=folder / "vq.pt")
    vqvae_seconds = time.perf_counter() - start
    start = time.perf_counter()
    model, classifier = train_classifier(
        train, device, ClassifierConfig(), classifier_training, folder / "classifier.pt", watch=validation
    )
    classifier_seconds = time.perf_counter() - start
    losses = [epoch["train_loss"] for epoch in classifier["history"]]
    losses += [value for epoch in vqvae["history"] for value in epoch.values() if isinstance(value, float)]
    return {
        "vqvae records/s": epochs * len(train) / vqvae_seconds,
        "classifier records/s": epochs * len(train) / classifier_seconds,
        "losses finite": bool(np.all(np.isfinite(losses))),
        "model": model.cpu(),
    }


@torch.no_grad()
def probabilities(model: torch.nn.Module, validation, device: torch.device) -> np.ndarray:
    """The classifier's probabilities on ``device`` (under the training autocast there)."""
    model = model.to(device).eval()
    inputs = (validation.signals, validation.amplitudes, validation.has_amplitude)
    with autocast(device):
        logits = model(*(torch.from_numpy(a).to(device) for a in inputs))
    return torch.sigmoid(logits.float()).cpu().numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=512)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4, help="DataLoader processes on CUDA (0 on the CPU)")
    args = parser.parse_args()
    train, validation = synthetic_set(args.records, 1), synthetic_set(max(64, args.records // 4), 2)
    devices = [torch.device("cpu")] + ([torch.device("cuda")] if torch.cuda.is_available() else [])
    results = {}
    for device in devices:
        with tempfile.TemporaryDirectory() as folder:
            workers = args.workers if device.type == "cuda" else 0
            results[device.type] = on_device(device, train, validation, args.epochs, workers, Path(folder))
        shown = {
            k: (round(v, 1) if isinstance(v, float) else v) for k, v in results[device.type].items() if k != "model"
        }
        name = torch.cuda.get_device_name() if device.type == "cuda" else "CPU"
        print(f"{device.type} ({name}, torch {torch.__version__}): {shown}")
    if "cuda" in results:
        speed = results["cuda"]["classifier records/s"] / results["cpu"]["classifier records/s"]
        same_model = results["cpu"]["model"]
        difference = np.abs(
            probabilities(same_model, validation, torch.device("cuda"))
            - probabilities(same_model, validation, torch.device("cpu"))
        ).max()
        print(
            f"cuda vs cpu: classifier training {speed:.1f}x faster; the CPU-trained model's probabilities on CUDA "
            f"(bf16) differ from its CPU ones by at most {difference:.4f}"
        )
    else:
        print("no CUDA device here: only the CPU path was run")


if __name__ == "__main__":
    main()
