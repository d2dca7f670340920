"""The shipped-model file: a plain state_dict plus JSON metadata, loadable with
``torch.load(weights_only=True)`` and nothing else (no pickled code runs on load)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch

from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec

FORMAT = "ecgreader-classifier-1"


def save_model(path: str | Path, model: EcgClassifier, metadata: dict) -> None:
    """Write ``model`` with ``metadata`` (vocabulary, representation, thresholds, metrics …)."""
    metadata = {**metadata, "format": FORMAT, "architecture": model.config.to_dict()}
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".partial")
    torch.save({"state_dict": state, "metadata": json.dumps(metadata)}, temporary)
    temporary.replace(path)


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_model(path: str | Path) -> tuple[EcgClassifier, dict]:
    """The classifier (in eval mode) and its metadata; ValueError naming the file if unusable."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: file missing")
    try:
        content = torch.load(path, map_location="cpu", weights_only=True)
        metadata = json.loads(content["metadata"])
    except Exception as error:  # torch raises many kinds for a bad file
        raise ValueError(f"{path}: not an ECG Reader model ({error})") from error
    if metadata.get("format") != FORMAT:
        raise ValueError(f"{path}: unknown model format {metadata.get('format')!r}")
    model = EcgClassifier(ClassifierConfig.from_dict(metadata["architecture"]))
    model.load_state_dict(content["state_dict"])
    model.eval()
    return model, metadata


def vocabulary_of(metadata: dict) -> Vocabulary:
    return Vocabulary.from_json(json.dumps(metadata["vocabulary"]))


def representation_of(metadata: dict) -> RepresentationSpec:
    return RepresentationSpec(**metadata["representation"])
