"""Model speed on this machine: VQ-VAE and CNN training throughput (the shipped CNN, through the
training loop's DataLoader), inference throughput on 100 study cases (representation and
measurements included), and the full default training's wall time.

Targets on the 2-core CI machine: inference >= 200 records/s, whole default training <= 30 min.
The inference target was set for the CNN alone (issue #4); the hybrid network also measures each
record (``ecgreader.measurements``: beat detection, median beats, delineation), so the bench prints
the rates of preparing the inputs (representation and measurements) and of the network apart.

    python bench/model.py [--threads N] [--full]   (--full also runs `python -m model_training default`)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

from ecgreader.config import require_data_dir
from ecgreader.ecg import read_record
from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, network_inputs, predict_arrays
from ecgreader.studies.ludb_split import STUDY, read_split
from model_training.data import EcgSet
from model_training.pipeline import Settings
from model_training.train_classifier import ClassifierTraining, train_classifier
from model_training.vqvae import VQVAE

ROOT = Path(__file__).resolve().parents[1]


def training_throughput(model: torch.nn.Module, step, batch_size: int = 32, batches: int = 6) -> float:
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3)
    model.train()
    step(model, batch_size)  # warm-up
    start = time.perf_counter()
    for _ in range(batches):
        loss = step(model, batch_size)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return batches * batch_size / (time.perf_counter() - start)


def cnn_training_rate(records: int = 256, epochs: int = 2) -> float:
    """Records per second through ``train_classifier`` with the shipped CNN configuration."""
    rng = np.random.default_rng(0)
    labels = (rng.random((records, 10)) < 0.2).astype(np.float32)
    data = EcgSet(
        [str(i) for i in range(records)], rng.normal(size=(records, 12, 1000)).astype(np.float32),
        np.zeros((records, 12), np.float32), np.zeros(records, np.float32), labels, "noise",
    )  # fmt: skip
    settings = Settings(torch.device("cpu"))
    start = time.perf_counter()
    train_classifier(data, settings.device, settings.classifier, ClassifierTraining(epochs=epochs))
    return records * epochs / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time the whole default training")
    parser.add_argument("--threads", type=int, help="torch CPU threads (1 is fastest on a busy 2-core machine)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    signal = torch.randn(64, 12, 1000)
    vq_rate = training_throughput(VQVAE(), lambda m, b: m.loss(signal[:b])[0], batch_size=64)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(f"VQ-VAE training: {vq_rate:.0f} records/s")
    print(f"CNN training (shipped configuration, train_classifier): {cnn_training_rate():.0f} records/s")

    model_path = DEFAULT_MODEL
    if model_path.exists():
        ludb = require_data_dir() / "ludb" / "data"
        ids = [i for i, half in read_split().items() if half == STUDY][:100]
        records = [read_record(ludb / f"{i}.hea") for i in ids]
        model = EcgModel.load(model_path)
        model.probabilities(records[:4])  # warm-up
        start = time.perf_counter()
        inputs = network_inputs(model.network, records, model.representation)
        preparing = time.perf_counter() - start
        start = time.perf_counter()
        probabilities = predict_arrays(model.network, **inputs)
        predicting = time.perf_counter() - start
        assert probabilities.shape == (100, 10) and np.isfinite(probabilities).all()
        n = len(records)
        print(
            "inference on 100 LUDB study cases (500 Hz -> representation and measurements -> network): "
            f"{n / (preparing + predicting):.0f} records/s (target >= 200); preparing (representation and "
            f"measurements) {n / preparing:.0f} records/s, the network {n / predicting:.0f} records/s"
        )
    else:
        print(f"no shipped model at {model_path}: inference not measured")

    if args.full:
        start = time.perf_counter()
        command = [sys.executable, "-m", "model_training", "default", "--run-dir", str(ROOT / "runs" / "bench")]
        command += ["--out", str(ROOT / "runs" / "bench" / "default.pt"), "--overwrite"]  # the bench's own copy
        subprocess.run(command + (["--threads", str(args.threads)] if args.threads else []), check=True)
        minutes = (time.perf_counter() - start) / 60
        print(f"whole default training: {minutes:.1f} min (target <= 30 min)")


if __name__ == "__main__":
    main()
