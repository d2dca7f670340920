"""The shipped-model file: a plain state_dict plus JSON metadata, loadable with
``torch.load(weights_only=True)`` and nothing else (no pickled code runs on load).

Two formats: ``ecgreader-hybrid-1`` (CNN ensemble + measurements, ``hybrid.py``), written today,
and ``ecgreader-classifier-1`` (the CNN alone), which older model files use and which still load.

``load_model`` checks everything a prediction will rest on before the network is built: a file
that is not a model, or a model whose metadata does not fit its network (labels without outputs
or thresholds, measurements this version does not compute), is refused with one line naming the
file and the problem, rather than failing later inside a study or a report.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import zipfile
from pathlib import Path

import torch

from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.measurements import FEATURE_NAMES
from ecgreader.model.hybrid import HybridClassifier, HybridConfig
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec

FORMAT = "ecgreader-classifier-1"
HYBRID_FORMAT = "ecgreader-hybrid-1"
Network = EcgClassifier | HybridClassifier
REQUIRED_METADATA = ("format", "architecture", "vocabulary", "representation", "thresholds")
_ZIP_MAGIC = b"PK\x03\x04"  # torch.save has written zip archives since PyTorch 1.6


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
    """The classifier (in eval mode) and its metadata; FileNotFoundError, or ValueError naming
    the file and what is wrong with it."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: file missing")
    if path.is_dir():
        raise ValueError(f"{path}: is a folder, not a model file")
    state_dict, metadata = _read_model_file(path)
    config = _checked_architecture(path, metadata)
    _check_labels(path, metadata, config.n_labels)
    _check_representation(path, metadata)
    model: Network = HybridClassifier(config) if isinstance(config, HybridConfig) else EcgClassifier(config)
    try:
        model.load_state_dict(state_dict)
    except RuntimeError as error:
        raise ValueError(f"{path}: weights do not fit the stored architecture ({error})") from error
    model.eval()
    return model, metadata


def vocabulary_of(metadata: dict) -> Vocabulary:
    return Vocabulary.from_json(json.dumps(metadata["vocabulary"]))


def representation_of(metadata: dict) -> RepresentationSpec:
    return RepresentationSpec(**metadata["representation"])


def _not_a_model(path: Path, problem: str) -> ValueError:
    return ValueError(f"{path}: not an ECG Reader model ({problem})")


def _read_model_file(path: Path) -> tuple[dict, dict]:
    """The state_dict and the parsed metadata of the file.

    torch's own messages for a file it cannot read run to many lines, quote the file and advise
    ``weights_only=False``, which would run whatever code the file holds; each case is named here
    in a few words instead (the original error stays chained for ``--debug``).
    """
    if path.stat().st_size == 0:
        raise _not_a_model(path, "an empty file")
    with path.open("rb") as file:
        if file.read(len(_ZIP_MAGIC)) != _ZIP_MAGIC:
            raise _not_a_model(path, "not a PyTorch checkpoint file")
    try:
        with zipfile.ZipFile(path) as archive:
            if not any(name.endswith("/data.pkl") for name in archive.namelist()):
                raise _not_a_model(path, "a zip archive, not a PyTorch checkpoint file")
    except zipfile.BadZipFile as error:
        raise _not_a_model(path, "a damaged or incomplete file") from error
    try:
        content = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        pickled = "not plain weights: it holds Python objects (never loaded, as that could run code) or is damaged"
        raise _not_a_model(path, pickled) from error
    except Exception as error:  # torch raises many kinds for a damaged archive
        raise _not_a_model(path, "a damaged PyTorch checkpoint file") from error
    if not isinstance(content, dict) or "metadata" not in content:
        raise _not_a_model(path, "no metadata")
    if not isinstance(content.get("state_dict"), dict):
        raise _not_a_model(path, "no weights")
    try:
        metadata = json.loads(content["metadata"])
    except (TypeError, ValueError) as error:
        raise _not_a_model(path, "its metadata is not JSON") from error
    if not isinstance(metadata, dict):
        raise _not_a_model(path, "its metadata is not a JSON object")
    if "format" in metadata and metadata["format"] not in (FORMAT, HYBRID_FORMAT):
        raise ValueError(f"{path}: unknown model format {metadata['format']!r}")  # another program's file
    missing = [key for key in REQUIRED_METADATA if key not in metadata]
    if missing:
        raise ValueError(f"{path}: model metadata lacks {', '.join(missing)}")
    return content["state_dict"], metadata


def _checked_architecture(path: Path, metadata: dict) -> ClassifierConfig | HybridConfig:
    """The network's configuration; a hybrid must read only measurements this version computes."""
    try:
        if metadata["format"] == FORMAT:
            return ClassifierConfig.from_dict(metadata["architecture"])
        config = HybridConfig.from_dict(metadata["architecture"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: unreadable architecture ({_problem(error)})") from error
    unknown = [name for name in config.measurement_names if name not in FEATURE_NAMES]
    if unknown:
        raise ValueError(
            f"{path}: the model reads measurement features this version does not compute ({', '.join(unknown)})"
        )
    return config


def _check_labels(path: Path, metadata: dict, n_outputs: int) -> None:
    """One network output and one threshold (a probability) for every label of the vocabulary."""
    try:
        vocabulary = vocabulary_of(metadata)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: unreadable vocabulary ({_problem(error)})") from error
    if len(vocabulary) != n_outputs:
        raise ValueError(
            f"{path}: its vocabulary names {len(vocabulary)} labels but the network has {n_outputs} outputs"
        )
    thresholds = metadata["thresholds"]
    if not isinstance(thresholds, dict):
        raise ValueError(f"{path}: thresholds are not a table of label: probability")
    missing = [key for key in vocabulary.keys if key not in thresholds]
    if missing:
        raise ValueError(f"{path}: no threshold for {', '.join(missing)}")
    for key in vocabulary.keys:
        value = thresholds[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not (0.0 <= value <= 1.0):
            raise ValueError(f"{path}: threshold of {key} is not a probability ({value!r})")


def _check_representation(path: Path, metadata: dict) -> None:
    try:
        representation_of(metadata)
    except TypeError as error:
        raise ValueError(f"{path}: unreadable representation ({error})") from error


def _problem(error: Exception) -> str:
    """A parse error in words: a KeyError's text is the bare key."""
    return f"no {error.args[0]!r}" if isinstance(error, KeyError) else str(error)
