"""A tiny classifier saved as a real model file, for tests of inference, reports and the GUI."""

from __future__ import annotations

import json

from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.model.checkpoint import save_model
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec


def tiny_model(path):
    model = EcgClassifier(ClassifierConfig(stem_width=8, widths=(16,), blocks_per_stage=1)).eval()
    metadata = {
        "name": "tiny-test-model",
        "vocabulary": json.loads(DEFAULT_VOCABULARY.to_json()),
        "representation": RepresentationSpec().to_dict(),
        "thresholds": dict.fromkeys(DEFAULT_VOCABULARY.keys, 0.5),
    }
    save_model(path, model, metadata)
    return path
