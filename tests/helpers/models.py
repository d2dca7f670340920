"""Tiny models saved as real model files, for tests of inference, reports and the GUI: the CNN-only
format older model files use, and the hybrid (CNNs + measurements) that training writes today."""

from __future__ import annotations

import json

import torch

from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.measurements import FEATURE_NAMES
from ecgreader.model.checkpoint import load_model, save_model
from ecgreader.model.hybrid import HybridClassifier, HybridConfig
from ecgreader.model.measured import measurement_fingerprint
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec

TINY_CNN = ClassifierConfig(stem_width=8, widths=(16,), blocks_per_stage=1)


def _metadata(name: str) -> dict:
    return {
        "name": name,
        "vocabulary": json.loads(DEFAULT_VOCABULARY.to_json()),
        "representation": RepresentationSpec().to_dict(),
        "thresholds": dict.fromkeys(DEFAULT_VOCABULARY.keys, 0.5),
    }


def tiny_model(path):
    save_model(path, EcgClassifier(TINY_CNN).eval(), _metadata("tiny-test-model"))
    return path


def tiny_hybrid_model(path, measurement_names: tuple[str, ...] = FEATURE_NAMES[:6], n_cnns: int = 2):
    """A hybrid with random decision weights over a few measurements (seeded)."""
    torch.manual_seed(0)
    model = HybridClassifier(HybridConfig(TINY_CNN, measurement_names, n_cnns)).eval()
    with torch.no_grad():
        model.measurement_median.copy_(torch.linspace(0.5, 1.5, len(measurement_names)))
        model.input_scale.uniform_(0.5, 2.0)
    save_model(path, model, _metadata("tiny-hybrid-model"))
    return path


def fingerprinted_hybrid_model(path, drifted: bool) -> tuple:
    """``tiny_hybrid_model`` saved with this code's measurement fingerprint, or with one feature it
    reads moved 10 units (as if trained when the code measured it differently); the path and that
    feature's name."""
    network, metadata = load_model(tiny_hybrid_model(path))
    fingerprint = measurement_fingerprint()
    name = next(n for n in network.config.measurement_names if any(v is not None for v in fingerprint[n]))
    if drifted:
        index = next(k for k, value in enumerate(fingerprint[name]) if value is not None)
        fingerprint[name][index] += 10.0
    save_model(path, network, {**metadata, "measurement_fingerprint": fingerprint})
    return path, name
