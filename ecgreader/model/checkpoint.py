"""The shipped-model file: a plain state_dict plus JSON metadata, loadable with
``torch.load(weights_only=True)`` and nothing else (no pickled code runs on load).

Two formats: ``ecgreader-hybrid-1`` (CNN ensemble + measurements, ``hybrid.py``), written today,
and ``ecgreader-classifier-1`` (the CNN alone), which older model files use and which still load.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import torch

from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.model.hybrid import HybridClassifier, HybridConfig
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec

FORMAT = "ecgreader-classifier-1"
HYBRID_FORMAT = "ecgreader-hybrid-1"
Network = EcgClassifier | HybridClassifier


def save_model(path: str | Path, model: Network, metadata: dict) -> None:
    """Write ``model`` with ``metadata`` (vocabulary, representation, thresholds, metrics …)."""
    file_format = HYBRID_FORMAT if isinstance(model, HybridClassifier) else FORMAT
    metadata = {**metadata, "format": file_format, "architecture": model.config.to_dict()}
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".partial")
    torch.save({"state_dict": state, "metadata": json.dumps(metadata)}, temporary)
    temporary.replace(path)


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_model(path: str | Path) -> tuple[Network, dict]:
    """The classifier (in eval mode) and its metadata; ValueError naming the file if unusable."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: file missing")
    try:
        content = torch.load(path, map_location="cpu", weights_only=True)
        metadata = json.loads(content["metadata"])
    except Exception as error:  # torch raises many kinds for a bad file
        raise ValueError(f"{path}: not an ECG Reader model ({error})") from error
    if metadata.get("format") == HYBRID_FORMAT:
        model: Network = HybridClassifier(HybridConfig.from_dict(metadata["architecture"]))
    elif metadata.get("format") == FORMAT:
        model = EcgClassifier(ClassifierConfig.from_dict(metadata["architecture"]))
    else:
        raise ValueError(f"{path}: unknown model format {metadata.get('format')!r}")
    try:
        model.load_state_dict(content["state_dict"])
    except RuntimeError as error:
        raise ValueError(f"{path}: weights do not fit the stored architecture ({error})") from error
    model.eval()
    return model, metadata


def vocabulary_of(metadata: dict) -> Vocabulary:
    return Vocabulary.from_json(json.dumps(metadata["vocabulary"]))


def representation_of(metadata: dict) -> RepresentationSpec:
    return RepresentationSpec(**metadata["representation"])
