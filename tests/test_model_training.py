"""The training pipeline on tiny configurations: seconds on the CPU, real shared records."""

from __future__ import annotations

import csv
import json
import socket

import numpy as np
import pytest
import torch

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.labels.vocabulary import Vocabulary
from ecgreader.model.checkpoint import load_model, save_model
from ecgreader.model.inference import EcgModel, predict_arrays
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec, represent
from model_training import data as sources
from model_training import pipeline
from model_training.augment import AugmentConfig, latent_interpolation
from model_training.data import EcgSet, from_records
from model_training.evaluate import paired_bootstrap
from model_training.thresholds import tune_thresholds
from model_training.train_classifier import ClassifierTraining, train_classifier
from model_training.train_vqvae import VQVAETraining, train_vqvae
from model_training.vqvae import VQVAE, VQVAEConfig
from tests.helpers.records import write_wfdb

TINY_VQ = VQVAEConfig(hidden=32, code_dim=16, n_codes=32)
TINY_NET = ClassifierConfig(stem_width=8, widths=(16, 24), blocks_per_stage=1)
CPU = torch.device("cpu")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Training and inference never reach the network."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="module")
def ptbxl_signals(shared_data) -> np.ndarray:
    array = np.load(shared_data / "ptbxl-subset" / "signals_100hz_zscored.npy", mmap_mode="r")
    return np.ascontiguousarray(array[:192].astype(np.float32).transpose(0, 2, 1))


def test_representation_is_shared_and_keeps_amplitude(ludb):
    from ecgreader.ecg import read_record

    record = read_record(ludb / "data" / "1")
    item = represent(record)
    assert item.signal.shape == (12, RepresentationSpec().n_samples) and item.has_amplitude
    assert np.allclose(item.signal.std(axis=1), 1.0, atol=1e-3)
    doubled = represent(type(record)(record.record_id, record.fs, record.signal * 2))
    assert np.allclose(doubled.amplitude - item.amplitude, np.log(2), atol=1e-3)  # voltage kept
    assert np.allclose(doubled.signal, item.signal, atol=1e-4)


def test_vqvae_loss_falls_and_codebook_stays_in_use(ptbxl_signals):
    model, report = train_vqvae(ptbxl_signals, CPU, TINY_VQ, VQVAETraining(epochs=4, batch_size=32))
    history = report["history"]
    assert history[-1]["reconstruction_mse"] < 0.9 * history[0]["reconstruction_mse"]
    assert history[-1]["codes_used"] >= 8 and history[-1]["perplexity"] >= 4.0
    assert set(history[-1]["reconstruction_mse_per_lead"]) == set(STANDARD_LEADS)
    reconstruction, indices, _ = model(torch.from_numpy(ptbxl_signals[:2]))
    assert reconstruction.shape == (2, 12, 1000) and indices.shape == (2, 250)
    codes = model.quantiser.lookup(indices)
    assert torch.equal(model.quantiser.nearest(codes), indices)  # indices -> codes -> indices


def test_vqvae_rejects_bad_options():
    with pytest.raises(ValueError, match="downsample 3"):
        VQVAEConfig(downsample=3)


def _labelled(signals: np.ndarray, seed: int = 0) -> EcgSet:
    rng = np.random.default_rng(seed)
    labels = np.zeros((len(signals), len(DEFAULT_VOCABULARY)), np.float32)
    labels[:, 5] = 1.0  # LVH common
    labels[:6, 0] = 1.0  # CRBBB rare: 6 positives
    labels[:3, 1] = 1.0  # IRBBB on three of them too
    amplitudes = rng.normal(-2, 0.3, (len(signals), 12)).astype(np.float32)
    return EcgSet(
        [f"r{i}" for i in range(len(signals))], signals, amplitudes, np.ones(len(signals), np.float32), labels, "t"
    )


def test_augmentation_makes_finite_records_with_the_parents_shared_labels(ptbxl_signals):
    vqvae = VQVAE(TINY_VQ)
    vqvae.train()
    vqvae(torch.from_numpy(ptbxl_signals[:32]))  # initialise the codebook from data
    data = _labelled(ptbxl_signals[:40])
    config = AugmentConfig(positive_threshold=10, target_positives=10, seed=3)
    synthetic, made = latent_interpolation(vqvae, data, config, CPU)
    assert made == {"0": 4, "1": 7} or made == {"1": 7, "0": 4}
    assert synthetic.signals.shape == (11, 12, 1000) and np.isfinite(synthetic.signals).all()
    assert (synthetic.labels[:, 0] + synthetic.labels[:, 1] > 0).all()  # the enlarged class kept
    assert (synthetic.labels[:, 5] == 1).all()  # LVH: both parents have it
    # A CRBBB synthetic record carries IRBBB only when both parents had it.
    assert synthetic.labels[:4, 1].max() <= 1 and set(np.unique(synthetic.labels)) <= {0.0, 1.0}
    again, _ = latent_interpolation(vqvae, data, config, CPU)
    assert np.allclose(again.signals, synthetic.signals)  # seeded


def test_thresholds_come_from_validation_only():
    probabilities = np.array([[0.9, 0.2], [0.6, 0.1], [0.3, 0.4], [0.1, 0.3]])
    labels = np.array([[1, 0], [1, 0], [0, 0], [0, 0]])
    thresholds, tuned = tune_thresholds(probabilities, labels)
    assert thresholds[0] == pytest.approx(0.6) and tuned == [True, False]
    assert thresholds[1] == 0.5  # no validation positives: left at 0.5 and reported untuned


def test_train_export_load_predict_gives_identical_outputs(ptbxl_signals, tmp_path):
    data = _labelled(ptbxl_signals[:48])
    train, validation = data.subset(range(32)), data.subset(range(32, 48))
    training = ClassifierTraining(epochs=2, batch_size=16, patience=5)
    model, history = train_classifier(train, validation, CPU, TINY_NET, training, tmp_path / "c.ckpt")
    assert len(history["history"]) == 2 and (tmp_path / "c.ckpt").exists()
    metadata = {
        "name": "tiny",
        "vocabulary": json.loads(DEFAULT_VOCABULARY.to_json()),
        "representation": RepresentationSpec().to_dict(),
        "thresholds": dict.fromkeys(DEFAULT_VOCABULARY.keys, 0.5),
    }
    path = tmp_path / "tiny.pt"
    save_model(path, model, metadata)
    loaded, loaded_metadata = load_model(path)
    before = predict_arrays(model, validation.signals, validation.amplitudes, validation.has_amplitude)
    after = predict_arrays(loaded, validation.signals, validation.amplitudes, validation.has_amplitude)
    assert np.array_equal(before, after)
    assert ClassifierConfig.from_dict(loaded_metadata["architecture"]) == TINY_NET
    record = synthetic_ecg(fs=250.0)  # any sampling rate goes through the shared representation
    probabilities = EcgModel.load(path).probabilities([record])
    assert probabilities.shape == (1, 10) and ((probabilities >= 0) & (probabilities <= 1)).all()


def test_training_resumes_from_its_checkpoint(ptbxl_signals, tmp_path, monkeypatch):
    import model_training.train_classifier as module

    data = _labelled(ptbxl_signals[:48])
    train, validation = data.subset(range(32)), data.subset(range(32, 48))
    checkpoint = tmp_path / "c.ckpt"
    training = ClassifierTraining(epochs=3, batch_size=16)
    calls = []

    def crash_in_second_epoch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies during epoch 1's validation
        return predict_arrays(*args, **kwargs)

    monkeypatch.setattr(module, "predict_arrays", crash_in_second_epoch)
    with pytest.raises(KeyboardInterrupt):
        train_classifier(train, validation, CPU, TINY_NET, training, checkpoint)
    monkeypatch.setattr(module, "predict_arrays", predict_arrays)
    _, history = train_classifier(train, validation, CPU, TINY_NET, training, checkpoint)
    assert [h["epoch"] for h in history["history"]] == [1, 2]
    _, again = train_classifier(train, validation, CPU, TINY_NET, training, checkpoint)
    assert again["history"] == []  # a finished run is not trained further


def test_bad_model_files_are_refused(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_text("not a model")
    with pytest.raises(ValueError, match="bad.pt: not an ECG Reader model"):
        load_model(bad)


def test_loaders_read_the_real_shared_records(shared_data):
    chapman = sources.wfdb_dx_folder(shared_data / "chapman-sample")
    assert len(chapman) == 4 and chapman.signals.shape == (4, 12, 1000)
    assert chapman.labels[:, DEFAULT_VOCABULARY.index("CRBBB")].sum() == 1  # JS00001
    subset = sources.ptbxl_unlabelled_array(shared_data / "ptbxl-subset" / "signals_100hz_zscored.npy")
    assert len(subset) == 1819 and subset.labels is None and not subset.has_amplitude.any()


def test_ptbxl_official_layout_loader(tmp_path):
    """A miniature PTB-XL folder in the PhysioNet layout (records100 + ptbxl_database.csv)."""
    folder = tmp_path / "records100" / "00000"
    folder.mkdir(parents=True)
    rows = []
    for ecg_id, (scp, fold) in enumerate(
        [("{'NORM': 100.0}", 1), ("{'IRBBB': 100.0, 'ISCAL': 50.0}", 9), ("{'IMI': 15.0}", 10)], start=1
    ):
        signal = synthetic_ecg(fs=100.0).signal.T
        write_wfdb(folder, f"{ecg_id:05d}_lr", signal, STANDARD_LEADS, fs=100.0)
        rows.append(
            {"ecg_id": ecg_id, "scp_codes": scp, "strat_fold": fold, "filename_lr": f"records100/00000/{ecg_id:05d}_lr"}
        )
    with (tmp_path / "ptbxl_database.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    validation = sources.ptbxl_official(tmp_path, [9])
    assert validation.ids == ["00002_lr"]
    keys = {DEFAULT_VOCABULARY.keys[k] for k in np.flatnonzero(validation.labels[0])}
    assert keys == {"IRBBB", "ISCH"}
    test = sources.ptbxl_official(tmp_path, [10])
    assert {DEFAULT_VOCABULARY.keys[k] for k in np.flatnonzero(test.labels[0])} == {"QWAVE"}


def test_from_records_maps_labels_through_the_vocabulary():
    data = from_records([synthetic_ecg()], [frozenset({"LAE"})], DEFAULT_VOCABULARY, "x")
    assert data.labels[0, DEFAULT_VOCABULARY.index("LAE")] == 1 and data.labels.sum() == 1


def test_tiny_classifier_builds(ptbxl_signals):
    logits = EcgClassifier(TINY_NET)(torch.from_numpy(ptbxl_signals[:2]), torch.zeros(2, 12), torch.zeros(2))
    assert logits.shape == (2, 10)


def test_cpu_training_is_reproducible_with_a_seed(ptbxl_signals):
    data = _labelled(ptbxl_signals[:48])
    train, validation = data.subset(range(32)), data.subset(range(32, 48))
    training = ClassifierTraining(epochs=2, batch_size=16, seed=11)
    first, _ = train_classifier(train, validation, CPU, TINY_NET, training)
    second, _ = train_classifier(train, validation, CPU, TINY_NET, training)
    for key, value in first.state_dict().items():
        assert torch.equal(value, second.state_dict()[key]), key


def test_beat_alignment_puts_the_second_parents_beats_on_the_first():
    from model_training.alignment import align_to, r_peaks

    first = represent(synthetic_ecg(60.0, first_r_s=0.5)).signal
    second = represent(synthetic_ecg(90.0, first_r_s=0.2)).signal
    aligned = align_to(first, second)
    reference, moved = r_peaks(first), r_peaks(aligned)
    assert len(moved) == len(reference)
    assert np.abs(moved - reference).max() <= 2  # samples at 100 Hz
    assert aligned.shape == second.shape and np.isfinite(aligned).all()


def test_a_non_default_vocabulary_reaches_training_evaluation_and_the_model_file(shared_data, tmp_path):
    vocabulary = Vocabulary(tuple(label for label in DEFAULT_VOCABULARY if label.key in {"CRBBB", "LVH", "LAE"}))
    data = pipeline.load_default_data(shared_data, vocabulary)
    assert data.vocabulary == vocabulary and data.train.labels.shape[1] == data.test.labels.shape[1] == 3
    settings = pipeline.Settings(CPU, classifier=TINY_NET, classifier_training=ClassifierTraining(epochs=1))
    model, thresholds, history = pipeline.fit_classifier(data, settings, None, 0, None)
    assert model.config.n_labels == 3 and thresholds.shape == (3,)
    test, probabilities = pipeline.test_metrics(model, thresholds, data.test, data.vocabulary, CPU)
    assert list(test["per_class"]) == ["CRBBB", "LVH", "LAE"] and probabilities.shape == (len(data.test), 3)
    path = tmp_path / "three.pt"
    pipeline.export(path, model, thresholds, data, history, test, test, None, settings, "three")
    loaded = EcgModel.load(path)
    assert loaded.vocabulary == vocabulary and list(loaded.metadata["thresholds"]) == ["CRBBB", "LVH", "LAE"]
    assert loaded.probabilities([synthetic_ecg()]).shape == (1, 3)


def test_training_checkpoints_store_their_configuration(ptbxl_signals, tmp_path):
    data = _labelled(ptbxl_signals[:48])
    train, validation = data.subset(range(32)), data.subset(range(32, 48))
    training = ClassifierTraining(epochs=1, batch_size=16)
    model, _ = train_classifier(train, validation, CPU, TINY_NET, training, tmp_path / "c.ckpt")
    saved = torch.load(tmp_path / "c.ckpt", weights_only=True)
    config = json.loads(saved["config"])
    assert config["training"]["batch_size"] == 16
    rebuilt = EcgClassifier(ClassifierConfig.from_dict(config["model"]))  # from the checkpoint alone
    rebuilt.load_state_dict(saved["best_state"])
    arrays = (validation.signals, validation.amplitudes, validation.has_amplitude)
    assert np.array_equal(predict_arrays(rebuilt, *arrays), predict_arrays(model, *arrays))
    wider = ClassifierConfig(stem_width=8, widths=(16, 32), blocks_per_stage=1)
    with pytest.raises(ValueError, match=r"c\.ckpt: written under another configuration \(model\.widths differ\)"):
        train_classifier(train, validation, CPU, wider, training, tmp_path / "c.ckpt")

    train_vqvae(ptbxl_signals[:32], CPU, TINY_VQ, VQVAETraining(epochs=1, batch_size=32), tmp_path / "v.ckpt")
    saved = torch.load(tmp_path / "v.ckpt", weights_only=True)
    VQVAE(VQVAEConfig(**json.loads(saved["config"])["model"])).load_state_dict(saved["model"])
    _, longer = train_vqvae(
        ptbxl_signals[:32], CPU, TINY_VQ, VQVAETraining(epochs=2, batch_size=32), tmp_path / "v.ckpt"
    )
    assert [h["epoch"] for h in longer["history"]] == [0, 1]  # more epochs continue the run
    with pytest.raises(ValueError, match="model.n_codes"):
        train_vqvae(
            ptbxl_signals[:32], CPU, VQVAEConfig(hidden=32, code_dim=16, n_codes=64), checkpoint=tmp_path / "v.ckpt"
        )


def test_the_ablation_bootstrap_is_paired_and_uses_the_one_f1():
    truth = np.array([[1], [1], [0], [0]])
    with_augmentation = np.array([[[1], [1], [1], [0]]], dtype=bool)  # one seed: F1 = 4 / 5
    without = np.array([[[1], [0], [0], [0]]], dtype=bool)  # F1 = 2 / 3
    result = paired_bootstrap(with_augmentation, without, truth, 200, 0)
    assert result["mean"] == pytest.approx(0.8 - 2 / 3) and result["resamples"] == 200
    assert result["low"] <= result["mean"] <= result["high"]
    same = paired_bootstrap(with_augmentation, with_augmentation, truth, 50, 0)
    assert (same["mean"], same["low"], same["high"]) == (0.0, 0.0, 0.0)
