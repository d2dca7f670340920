"""The hybrid classifier (CNN ensemble + measurements): its decision fitting, the model file, the
app-side inference that measures each record itself, the test-set metrics and the model card."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.metrics import roc_auc_score

from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.measurements import FEATURE_NAMES
from ecgreader.model.checkpoint import load_model
from ecgreader.model.hybrid import HybridClassifier
from ecgreader.model.inference import EcgModel, logits_arrays, predict_arrays
from ecgreader.model.measured import measurement_drift, measurement_fingerprint, measurement_matrix
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import represent_many
from model_training import pipeline
from model_training.cross_validation import CnnFolds
from model_training.data import EcgSet
from model_training.decision import DecisionSettings, fit_decision
from model_training.evaluate import evaluate, paired_difference, weighted_auc
from model_training.folds import stratified_folds
from model_training.reports import write_model_card
from model_training.train_classifier import ClassifierTraining
from tests.helpers.models import tiny_hybrid_model, tiny_model

CPU = torch.device("cpu")
TINY_NET = ClassifierConfig(stem_width=8, widths=(16,), blocks_per_stage=1, use_amplitude=False)
FAST_DECISION = DecisionSettings(regularisation_grid=(0.1, 1.0), folds=3, repeats=1)


def _informative(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Measurements (n, all features) where the first feature shows label 0, and labels (n, 10)."""
    rng = np.random.default_rng(seed)
    labels = np.zeros((n, len(DEFAULT_VOCABULARY)), np.float32)
    labels[:, 0] = rng.random(n) < 0.3
    labels[:2, 1] = 1  # a label with two positives: too few to fit
    measurements = rng.normal(size=(n, len(FEATURE_NAMES))).astype(np.float32)
    measurements[:, 0] += 2.0 * labels[:, 0]
    measurements[rng.random(n) < 0.2, 2] = np.nan  # sometimes unmeasurable: imputed and flagged
    measurements[:, 3] = np.nan  # never measured (as voltage on rescaled records): left out
    return measurements, labels


def test_the_decision_learns_from_measurements_calibrates_and_leaves_out_unmeasured_features():
    measurements, labels = _informative(300)
    decision = fit_decision(None, measurements, FEATURE_NAMES, labels, np.ones(300), FAST_DECISION)
    assert FEATURE_NAMES[3] not in decision.measurement_names and FEATURE_NAMES[2] in decision.measurement_names
    assert roc_auc_score(labels[:, 0], decision.out_of_fold[:, 0]) > 0.8  # out-of-fold, not in-sample
    assert decision.out_of_fold[:, 0].mean() == pytest.approx(labels[:, 0].mean(), abs=0.05)  # calibrated
    assert decision.regularisation[0] in FAST_DECISION.regularisation_grid and decision.regularisation[1] is None
    assert decision.tuned[0] and not decision.tuned[2]  # label 2 has no positives


def test_the_model_file_reproduces_the_fitted_decision():
    measurements, labels = _informative(120)
    torch.manual_seed(0)
    states = [EcgClassifier(TINY_NET).state_dict() for _ in range(2)]
    signals = np.random.default_rng(1).normal(size=(120, 12, 1000)).astype(np.float32)
    zeros = np.zeros((120, 12), np.float32), np.zeros(120, np.float32)
    fold_logits = []
    for state in states:
        cnn = EcgClassifier(TINY_NET)
        cnn.load_state_dict(state)
        fold_logits.append(logits_arrays(cnn, signals, *zeros))
    cnn_logits = np.mean(fold_logits, axis=0)
    decision = fit_decision(cnn_logits, measurements, FEATURE_NAMES, labels, np.ones(120), FAST_DECISION)
    folds_result = CnnFolds(np.zeros(120, int), 0, [0.5], cnn_logits, states, {})
    result = pipeline.ConditionResult("hybrid", 0, decision, folds_result, {}, {}, {})
    model = pipeline.hybrid_model(result, TINY_NET)
    columns = [FEATURE_NAMES.index(name) for name in decision.measurement_names]
    from_file = predict_arrays(model, signals, *zeros, measurements=measurements[:, columns])
    assert np.abs(from_file - decision.probabilities(cnn_logits, measurements[:, columns])).max() < 1e-5


def test_a_hybrid_model_file_loads_with_weights_only_and_measures_each_record_itself(tmp_path):
    path = tiny_hybrid_model(tmp_path / "hybrid.pt")
    model = EcgModel.load(path)
    assert isinstance(model.network, HybridClassifier)
    assert set(torch.load(path, weights_only=True)) == {"state_dict", "metadata"}
    records = [synthetic_ecg(60.0, noise_mv=0.02), synthetic_ecg(90.0, fs=250.0, noise_mv=0.02, seed=1)]
    signals, amplitudes, has_amplitude = represent_many(records)
    names = model.network.config.measurement_names
    expected = predict_arrays(
        model.network, signals, amplitudes, has_amplitude, measurements=measurement_matrix(records, names)
    )
    assert np.array_equal(model.probabilities(records), expected)
    with pytest.raises(ValueError, match="needs the records' measurements"):
        predict_arrays(model.network, signals, amplitudes, has_amplitude)


def test_saliency_of_a_hybrid_is_per_lead_and_in_range(tmp_path):
    from ecgreader.model.saliency import saliency

    model = EcgModel.load(tiny_hybrid_model(tmp_path / "hybrid.pt"))
    values = saliency(model, synthetic_ecg(noise_mv=0.02), "LVH")
    assert values.shape == (12, 1000) and values.min() >= 0 and values.max() <= 1


def test_old_cnn_only_model_files_still_load(tmp_path):
    network, metadata = load_model(tiny_model(tmp_path / "old.pt"))
    assert metadata["format"] == "ecgreader-classifier-1" and not isinstance(network, HybridClassifier)
    assert EcgModel.load(tmp_path / "old.pt").probabilities([synthetic_ecg()]).shape == (1, 10)


def test_folds_spread_every_label_and_stay_balanced():
    labels = np.zeros((103, 3))
    labels[:5, 0] = 1  # five positives: one in each fold
    labels[10:40, 1] = 1
    fold = stratified_folds(labels, 5, seed=3)
    assert sorted(fold[:5]) == [0, 1, 2, 3, 4]
    sizes = np.bincount(fold, minlength=5)
    assert sizes.max() - sizes.min() <= 1
    assert np.bincount(fold[10:40], minlength=5).tolist() == [6] * 5
    with pytest.raises(ValueError, match="1 folds for 103 records"):
        stratified_folds(labels, 1, 0)


def test_bootstrap_auc_matches_sklearn_with_case_weights():
    rng = np.random.default_rng(0)
    truth = rng.random(50) < 0.4
    scores = np.round(rng.random(50), 1)  # many ties
    weights = rng.integers(0, 3, size=(4, 50))
    for row in weights:
        assert weighted_auc(truth, scores, row[None])[0] == pytest.approx(
            roc_auc_score(truth, scores, sample_weight=row)
        )
    assert np.isnan(weighted_auc(truth, scores, (truth * 1)[None]))[0]  # no negatives drawn: undefined


def test_test_metrics_have_intervals_and_leave_undefined_values_undefined():
    rng = np.random.default_rng(1)
    labels = np.zeros((80, 3))
    labels[:20, 0] = 1
    labels[:3, 1] = 1  # label 2 has no positives
    probabilities = np.clip(labels * 0.6 + rng.random((80, 3)) * 0.5, 0, 1)
    metrics = evaluate(probabilities, labels, np.full(3, 0.5), ["a", "b", "c"], resamples=200)
    row = metrics["per_class"]["a"]
    assert row["sensitivity_ci"][0] <= row["sensitivity"] <= row["sensitivity_ci"][1]
    assert row["auc_ci"][0] <= row["auc"] <= row["auc_ci"][1]
    empty = metrics["per_class"]["c"]
    assert empty["sensitivity"] is None and empty["auc"] is None and empty["auc_ci"] is None
    assert metrics["macro"]["labels"] == ["a", "b"]  # macro over the labels with positives
    assert metrics["macro"]["auc"] == pytest.approx((row["auc"] + metrics["per_class"]["b"]["auc"]) / 2)
    assert sum(bin_["n"] for bin_ in metrics["reliability"]) == 240
    same = paired_difference([(probabilities, np.full(3, 0.5))], [(probabilities, np.full(3, 0.5))], labels, 50, 0)
    assert same["auc"] == {"mean": 0.0, "ci": [0.0, 0.0]}


def test_a_tiny_experiment_exports_a_model_that_reproduces_its_figures_and_a_card_from_its_facts(shared_data, tmp_path):
    array = np.load(shared_data / "ptbxl-subset" / "signals_100hz_zscored.npy", mmap_mode="r")
    signals = np.ascontiguousarray(array[:100].astype(np.float32).transpose(0, 2, 1))
    measurements, labels = _informative(100, seed=2)

    def labelled(index, name):
        n = len(index)
        return EcgSet(
            [f"{name}-{i}" for i in index], signals[index], np.zeros((n, 12), np.float32), np.zeros(n, np.float32),
            labels[index], name, measurements=measurements[index],
        )  # fmt: skip

    unlabelled = EcgSet([], signals[:0], np.zeros((0, 12), np.float32), np.zeros(0, np.float32), None, "none")
    data = pipeline.DefaultData(
        labelled(np.arange(60), "train"),
        {"first test": labelled(np.arange(60, 80), "a"), "second test": labelled(np.arange(80, 100), "b")},
        unlabelled,
        {
            "train": {"records": 60, "sources": {"PTB-XL array": 60}, "positives": {}},
            "tests": {name: {"records": 20, "source": name, "positives": {}} for name in ("first test", "second test")},
            "vqvae_unlabelled": {"records": 0, "source": "none"},
        },
    )
    settings = pipeline.Settings(
        CPU, classifier=TINY_NET, classifier_training=ClassifierTraining(epochs=2), folds=2, decision=FAST_DECISION
    )
    runs = [pipeline.run_seed(data, settings, 0, ("cnn", "measurements", "hybrid"), None, tmp_path / "run", 50)]
    chosen = pipeline.choose_condition(runs)
    means = {c: runs[0][c].cross_validated["macro"]["auc"] for c in runs[0]}
    assert means[chosen] == max(means.values())  # chosen on cross-validation
    per_condition = {c: {"auc": [v], "f1": [0.5]} for c, v in means.items()}
    selection = {"criterion": "cv", "seeds": [0], "per_condition": per_condition, "chosen": chosen}
    metadata = pipeline.export(tmp_path / "m.pt", runs[0]["hybrid"], data, settings, selection, None, 12.0)
    assert metadata["export_check_max_difference"] < 1e-4
    held_out = metadata["held_out"]
    assert held_out["test_set"] == "first test" and held_out["n_cases"] == 20
    assert set(held_out["per_label"]["CRBBB"]) == {"sensitivity", "specificity", "ppv", "auc", "n_positive"}
    loaded = EcgModel.load(tmp_path / "m.pt")
    text = write_model_card(tmp_path / "m.pt", loaded.metadata).read_text()  # the card of the file, as stored
    assert "## Test metrics: first test" in text and "## Test metrics: second test" in text
    assert "LUDB study half" not in text and "on CPU" in text and "Brier" in text
    assert "![Reliability diagram](m-reliability.png)" in text and (tmp_path / "m-reliability.png").stat().st_size
    assert loaded.metadata["thresholds"] == metadata["thresholds"]


def test_a_model_is_told_when_the_measurement_code_no_longer_measures_as_it_was_trained(tmp_path):
    from dataclasses import replace

    model = EcgModel.load(tiny_hybrid_model(tmp_path / "hybrid.pt"))
    assert model.drift_warning() is None  # no fingerprint stored: nothing to compare
    fingerprint = measurement_fingerprint()
    read = model.network.config.measurement_names
    assert measurement_drift(fingerprint, read) == []  # the code measures the same ECGs the same way twice
    measured = [name for name in read if fingerprint[name][1] is not None]
    assert len(measured) > len(read) // 2

    def with_fingerprint(changed: dict) -> EcgModel:
        return replace(model, metadata={**model.metadata, "measurement_fingerprint": changed})

    moved = {**fingerprint, measured[0]: [v if k != 1 else v + 2.0 for k, v in enumerate(fingerprint[measured[0]])]}
    drifted = with_fingerprint(moved)  # one boundary one sample (at 500 Hz) away
    assert drifted.measurement_drift == [measured[0]]
    assert measured[0] in drifted.drift_warning() and "Retrain" in drifted.drift_warning()
    unread = next(name for name in FEATURE_NAMES if name not in read)
    moved = {**fingerprint, unread: [v + 2.0 if v is not None else 1.0 for v in fingerprint[unread]]}
    assert with_fingerprint(moved).measurement_drift == []  # a feature the model does not read may change
    assert with_fingerprint({k: v for k, v in fingerprint.items() if k != read[0]}).measurement_drift == [read[0]]


def test_the_shipped_model_measures_as_it_was_trained():
    """Change ``ecgreader/measurements`` and this fails until the model is retrained on the new code
    (``python -m model_training ablation --overwrite``): the shipped probabilities rest on its measurements."""
    from ecgreader.model.inference import DEFAULT_MODEL

    model = EcgModel.load(DEFAULT_MODEL)
    assert model.metadata.get("measurement_fingerprint") is not None, f"{DEFAULT_MODEL} has no fingerprint: retrain"
    assert model.measurement_drift == []


def test_the_shipped_model_reproduces_its_card_on_the_ludb_study_half(ludb, tmp_path, monkeypatch):
    """Read through the app (records → representation and measurements → network), the demo study's
    cases get the macro AUC and F1 the model card states. The fingerprint sees only synthetic ECGs:
    a change that moves real records' measurements (beat alignment did) fails here until the model
    is retrained and its card rewritten."""
    from ecgreader.ecg import read_record
    from ecgreader.model.inference import DEFAULT_MODEL
    from model_training import measurement_cache
    from model_training.data import ludb_half

    monkeypatch.setattr(measurement_cache, "CACHE_DIR", tmp_path / "cache")
    model = EcgModel.load(DEFAULT_MODEL)
    gold = ludb_half(ludb, "study")
    records = [read_record(ludb / "data" / f"{record_id}.hea") for record_id in gold.ids]
    probabilities = model.probabilities(records)
    keys = model.vocabulary.keys
    thresholds = np.array([model.metadata["thresholds"][key] for key in keys])
    measured = evaluate(probabilities, gold.labels, thresholds, keys, resamples=2)["macro"]
    stated = model.metadata["test_metrics"]["LUDB study half"]["macro"]
    assert (measured["auc"], measured["f1"]) == (pytest.approx(stated["auc"], abs=1e-3), pytest.approx(stated["f1"]))
