"""Tiny models saved as real model files, for tests of inference, reports and the GUI: the CNN-only
format older model files use, and the hybrid (CNNs + measurements) that training writes today."""

from __future__ import annotations

import json

import torch

from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.measurements import FEATURE_NAMES
from ecgreader.model.checkpoint import save_model
from ecgreader.model.hybrid import HybridClassifier, HybridConfig
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
