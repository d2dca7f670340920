"""Model files that are not models, or whose metadata does not fit their network, are refused by
``load_model`` with one line naming the file; saliency refuses what it cannot compute."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import PurePosixPath

import pytest
import torch

from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.model.checkpoint import load_model
from ecgreader.model.inference import EcgModel
from ecgreader.model.saliency import saliency
from tests.helpers.models import tiny_hybrid_model, tiny_model


def _rewritten(tmp_path, change) -> str:
    """A tiny model file whose metadata ``change`` (a function of the metadata dict) altered."""
    content = torch.load(tiny_model(tmp_path / "tiny.pt"), weights_only=True)
    metadata = json.loads(content["metadata"])
    change(metadata)
    path = tmp_path / "altered.pt"
    torch.save({**content, "metadata": json.dumps(metadata)}, path)
    return path


def _truncated(tmp_path):
    path = tiny_model(tmp_path / "tiny.pt")
    path.write_bytes(path.read_bytes()[:300])
    return path


def _other_zip(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return path


def _pickled_object(tmp_path):
    path = tmp_path / "pickled.pt"
    torch.save({"metadata": PurePosixPath("code runs here")}, path)
    return path


def _saved(tmp_path, content):
    path = tmp_path / "other.pt"
    torch.save(content, path)
    return path


def _text(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text)
    return path


VOCABULARY_CSV = "key,finding\nLVH,left ventricular hypertrophy\n"
NOT_MODELS = {
    "csv": (lambda p: _text(p, VOCABULARY_CSV, "vocab.csv"), "not a PyTorch checkpoint file"),
    "text": (lambda p: _text(p, "hello\n", "text.pt"), "not a PyTorch checkpoint file"),
    "empty": (lambda p: _text(p, "", "empty.pt"), "an empty file"),
    "truncated": (_truncated, "a damaged or incomplete file"),
    "other zip": (_other_zip, "a zip archive, not a PyTorch checkpoint file"),
    "pickled code": (_pickled_object, "not plain weights: it holds Python objects"),
    "dict without metadata": (lambda p: _saved(p, {"state_dict": {}}), "no metadata"),
    "list": (lambda p: _saved(p, [1, 2]), "no metadata"),
    "no weights": (lambda p: _saved(p, {"metadata": "{}"}), "no weights"),
    "metadata not JSON": (lambda p: _saved(p, {"state_dict": {}, "metadata": "{oops"}), "its metadata is not JSON"),
}  # fmt: skip


@pytest.mark.parametrize(("make_file", "problem"), NOT_MODELS.values(), ids=NOT_MODELS.keys())
def test_a_file_that_is_not_a_model_is_refused_in_one_line_naming_it(tmp_path, make_file, problem):
    path = make_file(tmp_path)
    with pytest.raises(ValueError) as refusal:
        load_model(path)
    message = str(refusal.value)
    assert message.startswith(f"{path}: not an ECG Reader model ({problem}")
    assert "\n" not in message and "weights_only" not in message


def test_a_folder_given_as_the_model_is_named_as_such(tmp_path):
    with pytest.raises(ValueError, match=f"^{re.escape(str(tmp_path))}: is a folder, not a model file$"):
        load_model(tmp_path)


def _drop(key):
    return lambda metadata: metadata.pop(key)


def _nine_labels(metadata):
    metadata["vocabulary"] = metadata["vocabulary"][:9]


def _threshold(key, value):
    return lambda metadata: metadata["thresholds"].__setitem__(key, value)


BAD_METADATA = {
    "no thresholds": (_drop("thresholds"), "model metadata lacks thresholds"),
    "no architecture": (_drop("architecture"), "model metadata lacks architecture"),
    "no vocabulary": (_drop("vocabulary"), "model metadata lacks vocabulary"),
    "another program's format": (lambda m: m.update(format="someone-else-1"), "unknown model format 'someone-else-1'"),
    "unknown architecture field": (lambda m: m["architecture"].update(colour=1), "unreadable architecture"),
    "9 labels, 10 outputs": (_nine_labels, "its vocabulary names 9 labels but the network has 10 outputs"),
    "a label without threshold": (lambda m: m["thresholds"].pop("QWAVE"), "no threshold for QWAVE"),
    "threshold above 1": (_threshold("LVH", 1.5), "threshold of LVH is not a probability (1.5)"),
    "threshold not a number": (_threshold("LVH", "high"), "threshold of LVH is not a probability ('high')"),
    "vocabulary items without key": (lambda m: m.update(vocabulary=[{"finding": "x"}]), "unreadable vocabulary"),
    "unknown representation field": (lambda m: m["representation"].update(colour=1), "unreadable representation"),
}  # fmt: skip


@pytest.mark.parametrize(("change", "problem"), BAD_METADATA.values(), ids=BAD_METADATA.keys())
def test_metadata_that_does_not_fit_the_network_is_refused_naming_the_file(tmp_path, change, problem):
    path = _rewritten(tmp_path, change)
    with pytest.raises(ValueError) as refusal:
        load_model(path)
    assert str(refusal.value).startswith(f"{path}: {problem}")


def test_a_hybrid_reading_a_measurement_this_version_does_not_compute_is_refused(tmp_path):
    path = tiny_hybrid_model(tmp_path / "hybrid.pt", measurement_names=("foo_ms", "qrs_ms"))
    with pytest.raises(ValueError) as refusal:
        load_model(path)
    assert str(refusal.value) == f"{path}: the model reads measurement features this version does not compute (foo_ms)"


def test_saliency_of_a_label_the_model_lacks_is_a_clear_error(tmp_path):
    model = EcgModel.load(tiny_model(tmp_path / "tiny.pt"))
    with pytest.raises(ValueError, match="^model tiny-test-model has no label AFIB$"):
        saliency(model, synthetic_ecg(), "AFIB")


def test_saliency_of_a_measurements_only_hybrid_says_it_needs_the_cnn(tmp_path):
    model = EcgModel.load(tiny_hybrid_model(tmp_path / "measured.pt", n_cnns=0))
    with pytest.raises(
        ValueError, match="^saliency needs the network's CNN: model tiny-hybrid-model reads measurements"
    ):
        saliency(model, synthetic_ecg(), "LVH")


def test_saliency_of_a_hybrid_with_cnns_is_one_curve_per_lead_scaled_to_one(tmp_path):
    model = EcgModel.load(tiny_hybrid_model(tmp_path / "hybrid.pt"))
    values = saliency(model, synthetic_ecg(), "LVH")
    assert values.shape == (12, model.representation.n_samples)
    assert values.min() >= 0 and values.max() == pytest.approx(1.0)
