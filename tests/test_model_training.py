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
from ecgreader.measurements import FEATURE_NAMES
from ecgreader.model.checkpoint import load_model, save_model
from ecgreader.model.inference import EcgModel, predict_arrays
from ecgreader.model.network import ClassifierConfig, EcgClassifier
from ecgreader.model.representation import RepresentationSpec, represent
from model_training import data as sources
from model_training.augment import AugmentConfig, latent_interpolation, plan_pairs
from model_training.data import EcgSet, from_records
from model_training.reports import write_model_card
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


def test_representation_is_shared_and_keeps_amplitude_only_where_it_is_calibrated(ludb):
    from dataclasses import replace

    from ecgreader.ecg import read_record

    record = synthetic_ecg(fs=500.0, noise_mv=0.02)
    item = represent(record)
    assert item.signal.shape == (12, RepresentationSpec().n_samples) and item.has_amplitude
    assert np.allclose(item.signal.std(axis=1), 1.0, atol=1e-3)
    doubled = represent(replace(record, signal=record.signal * 2))
    assert np.allclose(doubled.amplitude - item.amplitude, np.log(2), atol=1e-3)  # voltage kept
    assert np.allclose(doubled.signal, item.signal, atol=1e-4)
    ludb_record = read_record(ludb / "data" / "1")  # LUDB 1.0.1 rescales every lead to 1 mV peak to peak
    rescaled = represent(replace(ludb_record, amplitude_calibrated=False))
    assert not rescaled.has_amplitude and not rescaled.amplitude.any()


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


def test_vqvae_codebook_update_stays_fp32_under_mixed_precision(ptbxl_signals):
    """Under bf16 autocast the EMA statistics are updated in fp32: the same values as without it
    (a bf16 matmul in the update would round the embedding sums)."""
    batch = torch.from_numpy(ptbxl_signals[:8])
    torch.manual_seed(0)
    plain = VQVAE(TINY_VQ).train()
    mixed = VQVAE(TINY_VQ).train()
    mixed.load_state_dict(plain.state_dict())
    latents = plain.encode(batch).detach()
    torch.manual_seed(1)
    plain.quantiser(latents)
    torch.manual_seed(1)
    with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
        mixed.quantiser(latents)
    for name in ("codebook", "cluster_size", "embedding_sum"):
        value = getattr(mixed.quantiser, name)
        assert value.dtype == torch.float32 and torch.equal(value, getattr(plain.quantiser, name)), name


def test_vqvae_rejects_bad_options():
    with pytest.raises(ValueError, match="downsample 3"):
        VQVAEConfig(downsample=3)
    with pytest.raises(ValueError, match="max_per_pair 0"):
        AugmentConfig(max_per_pair=0)


def test_augmentation_makes_finite_records_and_leaves_one_parent_labels_unknown(ptbxl_signals):
    vqvae = VQVAE(TINY_VQ)
    vqvae.train()
    vqvae(torch.from_numpy(ptbxl_signals[:32]))  # initialise the codebook from data
    data = _labelled(ptbxl_signals[:40])
    config = AugmentConfig(positive_threshold=10, target_positives=10, seed=3)
    synthetic, made = latent_interpolation(vqvae, data, config, CPU)
    # CRBBB: 6 positives, 4 wanted; IRBBB: 3 positives give 3 pairs, at most 2 records each: 6 of 7 wanted
    assert made == {"0": 4, "1": 6}
    assert synthetic.signals.shape == (10, 12, 1000) and np.isfinite(synthetic.signals).all()
    assert (synthetic.labels[:, 5] == 1).all() and (synthetic.label_known[:, 5] == 1).all()  # LVH: both parents
    parents = [p for p in plan_pairs(data.labels, config, np.random.default_rng(3))]
    for row, (_, a, b) in enumerate(parents):
        both, one = data.labels[a, 1] * data.labels[b, 1], data.labels[a, 1] != data.labels[b, 1]
        assert synthetic.labels[row, 1] == both  # IRBBB positive only when both parents carry it
        assert synthetic.label_known[row, 1] == (0 if one else 1)  # one parent: unknown, never negative
    again, _ = latent_interpolation(vqvae, data, config, CPU)
    assert np.allclose(again.signals, synthetic.signals)  # seeded


def test_augmentation_budget_spreads_over_distinct_pairs():
    labels = np.zeros((60, 2), np.float32)
    labels[:4, 0] = 1  # 4 positives: 6 distinct pairs
    labels[10:30, 1] = 1  # 20 positives
    config = AugmentConfig(positive_threshold=40, target_positives=40, max_per_pair=2)
    plan = plan_pairs(labels, config, np.random.default_rng(0))
    rare = [(a, b) for label, a, b in plan if label == 0]
    assert len(rare) == 12  # 2 per pair, not 36 copies of a few parents
    assert len(set(rare[:6])) == 6 and all(rare.count(pair) == 2 for pair in set(rare))  # each pair once first
    common = [(a, b) for label, a, b in plan if label == 1]
    assert len(common) == 20 and len(set(common)) == 20
    capped = plan_pairs(labels, AugmentConfig(max_synthetic_fraction=0.1), np.random.default_rng(0))
    assert len(capped) <= 6 and {p[0] for p in capped} == {0, 1}  # the cap is shared, not spent on one label


def test_thresholds_keep_sensitivity_and_specificity_floors():
    rng = np.random.default_rng(0)
    truth = np.r_[np.ones(60), np.zeros(40)].astype(bool)  # a common label, as LVH in LUDB
    scores = np.where(truth, rng.uniform(0.3, 1.0, 100), rng.uniform(0.0, 0.7, 100))
    labels = np.c_[truth, np.zeros(100)]
    thresholds, tuned = tune_thresholds(np.c_[scores, scores], labels)
    called = scores >= thresholds[0]
    assert (called & truth).sum() / truth.sum() >= 0.5 and (~called & ~truth).sum() / (~truth).sum() >= 0.7
    f1_everything = 2 * 60 / (2 * 60 + 40)  # calling every record positive maximises F1 here ...
    tp, fp = (called & truth).sum(), (called & ~truth).sum()
    assert 2 * tp / (2 * tp + fp + (truth.sum() - tp)) < f1_everything  # ... and is not chosen
    assert tuned == [True, False] and thresholds[1] == 0.5  # no positives: untuned, left at 0.5


def test_train_save_load_predict_gives_identical_outputs(ptbxl_signals, tmp_path):
    data = _labelled(ptbxl_signals[:48])
    train, held_out = data.subset(range(32)), data.subset(range(32, 48))
    training = ClassifierTraining(epochs=2, batch_size=16)
    model, history = train_classifier(train, CPU, TINY_NET, training, tmp_path / "c.ckpt", watch=held_out)
    assert len(history["history"]) == 2 and (tmp_path / "c.ckpt").exists()
    assert history["watch_logits"].shape == (2, 16, 10) and len(history["snapshots"]) == 2
    metadata = {
        "name": "tiny",
        "vocabulary": json.loads(DEFAULT_VOCABULARY.to_json()),
        "representation": RepresentationSpec().to_dict(),
        "thresholds": dict.fromkeys(DEFAULT_VOCABULARY.keys, 0.5),
    }
    path = tmp_path / "tiny.pt"
    save_model(path, model, metadata)
    loaded, loaded_metadata = load_model(path)
    arrays = (held_out.signals, held_out.amplitudes, held_out.has_amplitude)
    assert np.array_equal(predict_arrays(model, *arrays), predict_arrays(loaded, *arrays))
    assert ClassifierConfig.from_dict(loaded_metadata["architecture"]) == TINY_NET
    probabilities = EcgModel.load(path).probabilities([synthetic_ecg(fs=250.0)])  # any sampling rate
    assert probabilities.shape == (1, 10) and ((probabilities >= 0) & (probabilities <= 1)).all()


def test_training_resumes_from_its_checkpoint_and_a_finished_run_is_not_trained_again(
    ptbxl_signals, tmp_path, monkeypatch
):
    import model_training.train_classifier as module

    data = _labelled(ptbxl_signals[:48])
    train, held_out = data.subset(range(32)), data.subset(range(32, 48))
    checkpoint = tmp_path / "c.ckpt"
    training = ClassifierTraining(epochs=3, batch_size=16)
    calls = []
    original = module.logits_arrays

    def crash_in_second_epoch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies while scoring epoch 1's held-out fold
        return original(*args, **kwargs)

    monkeypatch.setattr(module, "logits_arrays", crash_in_second_epoch)
    with pytest.raises(KeyboardInterrupt):
        train_classifier(train, CPU, TINY_NET, training, checkpoint, watch=held_out)
    monkeypatch.setattr(module, "logits_arrays", original)
    resumed, history = train_classifier(train, CPU, TINY_NET, training, checkpoint, watch=held_out)
    assert [h["epoch"] for h in history["history"]] == [0, 1, 2] and history["watch_logits"].shape[0] == 3
    uninterrupted, _ = train_classifier(train, CPU, TINY_NET, training, None, watch=held_out)
    for key, value in uninterrupted.state_dict().items():
        assert torch.equal(value, resumed.state_dict()[key]), key  # resuming changes nothing

    def refuse(*args, **kwargs):
        raise AssertionError("a finished run was trained again")

    monkeypatch.setattr(module, "_one_epoch", refuse)
    again, finished = train_classifier(train, CPU, TINY_NET, training, checkpoint, watch=held_out)
    assert np.array_equal(finished["watch_logits"], history["watch_logits"])
    assert all(torch.equal(v, resumed.state_dict()[k]) for k, v in again.state_dict().items())


def test_unknown_labels_and_zero_weights_do_not_train(ptbxl_signals):
    data = _labelled(ptbxl_signals[:32])
    flipped = _labelled(ptbxl_signals[:32])
    flipped.labels[:, 1] = 1 - flipped.labels[:, 1]  # IRBBB flipped ...
    for labelled in (data, flipped):
        labelled.label_known = np.ones_like(labelled.labels)
        labelled.label_known[:, 1] = 0  # ... but unknown everywhere
    training = ClassifierTraining(epochs=1, batch_size=16, max_positive_weight=1.0)
    first, _ = train_classifier(data, CPU, TINY_NET, training)
    second, _ = train_classifier(flipped, CPU, TINY_NET, training)
    for key, value in first.state_dict().items():
        assert torch.equal(value, second.state_dict()[key]), key


def test_bad_model_files_are_refused(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_text("not a model")
    with pytest.raises(ValueError, match="bad.pt: not an ECG Reader model"):
        load_model(bad)
    other = tmp_path / "other.pt"
    torch.save({"state_dict": {}, "metadata": json.dumps({"format": "someone-else-1"})}, other)
    with pytest.raises(ValueError, match="other.pt: unknown model format 'someone-else-1'"):
        load_model(other)


def test_loaders_read_the_real_shared_records(shared_data):
    chapman = sources.wfdb_dx_folder(shared_data / "chapman-sample")
    assert len(chapman) == 4 and chapman.signals.shape == (4, 12, 1000)
    assert chapman.labels[:, DEFAULT_VOCABULARY.index("CRBBB")].sum() == 1  # JS00001
    assert chapman.measurements.shape == (4, len(FEATURE_NAMES))
    subset = sources.ptbxl_unlabelled_array(shared_data / "ptbxl-subset" / "signals_100hz_zscored.npy")
    assert len(subset) == 1819 and subset.labels is None and not subset.has_amplitude.any()


def test_ptbxl_labelled_subset_keeps_fold_10_apart_and_reweights_afib(shared_data):
    ptbxl = sources.ptbxl_labelled(shared_data / "ptbxl-subset")
    assert len(ptbxl.train) + len(ptbxl.test) == 314 and len(ptbxl.test) == 36
    assert set(ptbxl.test.ids) <= set(ptbxl.test_fold_ids) and not set(ptbxl.train.ids) & set(ptbxl.test_fold_ids)
    with (shared_data / "ptbxl-subset" / "labels.csv").open(newline="") as handle:
        afib = {f"ptbxl-{row['ecg_id']}" for row in csv.DictReader(handle) if "'AFIB'" in row["scp_codes"]}
    weights = dict(zip(ptbxl.train.ids, ptbxl.train.weights, strict=True))
    afib_weight = sum(w for i, w in weights.items() if i in afib)
    assert afib_weight / sum(weights.values()) == pytest.approx(sources.AFIB_SHARE_IN_PTBXL, abs=1e-3)
    assert sum(weights.values()) == pytest.approx(len(weights), rel=1e-3)
    assert ptbxl.train.measurements.shape[0] == len(ptbxl.train)


def _ptbxl_folder(folder, statements: list[tuple[str, int]]):
    """A miniature PTB-XL folder in the PhysioNet layout (records100 + ptbxl_database.csv)."""
    records = folder / "records100" / "00000"
    records.mkdir(parents=True)
    rows = []
    for ecg_id, (scp, fold) in enumerate(statements, start=1):
        signal = synthetic_ecg(50.0 + 3 * ecg_id, fs=100.0, noise_mv=0.02, seed=ecg_id).signal.T
        write_wfdb(records, f"{ecg_id:05d}_lr", signal, STANDARD_LEADS, fs=100.0)
        rows.append(
            {"ecg_id": ecg_id, "scp_codes": scp, "strat_fold": fold, "filename_lr": f"records100/00000/{ecg_id:05d}_lr"}
        )
    with (folder / "ptbxl_database.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_ptbxl_official_layout_loader(tmp_path):
    _ptbxl_folder(tmp_path, [("{'NORM': 100.0}", 1), ("{'IRBBB': 100.0, 'ISCAL': 50.0}", 9), ("{'IMI': 15.0}", 10)])
    validation = sources.ptbxl_official(tmp_path, [9])
    assert validation.ids == ["00002_lr"]
    keys = {DEFAULT_VOCABULARY.keys[k] for k in np.flatnonzero(validation.labels[0])}
    assert keys == {"IRBBB", "ISCH"}
    test = sources.ptbxl_official(tmp_path, [10])
    assert {DEFAULT_VOCABULARY.keys[k] for k in np.flatnonzero(test.labels[0])} == {"QWAVE"}


def test_the_full_ptbxl_command_runs_end_to_end_on_a_miniature_folder(tmp_path, capsys):
    from model_training.__main__ import main

    statements = [("{'NORM': 100.0}", 1 + i % 9) for i in range(10)] + [("{'IMI': 15.0}", 1 + i % 9) for i in range(6)]
    folder = _ptbxl_folder(tmp_path / "ptbxl", statements + [("{'NORM': 100.0}", 10), ("{'IMI': 15.0}", 10)])
    out = tmp_path / "ptbxl.pt"
    arguments = ["ptbxl", "--ptbxl-dir", str(folder), "--epochs", "1", "--folds", "2", "--no-augment"]
    arguments += ["--bootstrap", "20", "--run-dir", str(tmp_path / "run"), "--out", str(out)]
    main(arguments)
    assert "PTB-XL fold 10: macro AUC" in capsys.readouterr().out
    metadata = EcgModel.load(out).metadata
    assert metadata["held_out"]["test_set"] == "PTB-XL fold 10" and metadata["held_out"]["n_cases"] == 2
    card = (tmp_path / "ptbxl.md").read_text()
    assert "## Test metrics: PTB-XL fold 10" in card and (tmp_path / "ptbxl-reliability.png").exists()
    limits = card.split("## Known limits")[1]
    assert "training mixture (PTB-XL folds 1-9: 16)" in limits  # this run's data, not the default mixture
    assert "LUDB" not in limits and "model_training ptbxl" not in limits and "Goal (issue #11" not in card

    (tmp_path / "ptbxl-reliability.png").unlink()
    copy = tmp_path / "copy.pt"
    copy.write_bytes(out.read_bytes())
    main(["card", str(copy)])
    assert (tmp_path / "copy.md").read_text().startswith("# Model card: copy\n")
    assert (tmp_path / "copy-reliability.png").exists() and not (tmp_path / "ptbxl-reliability.png").exists()

    before = out.stat().st_mtime_ns
    with pytest.raises(SystemExit):  # run again: the model and its card are not replaced ...
        main(arguments)
    assert f"{out}, {tmp_path / 'ptbxl.md'} already exist; pass --overwrite" in capsys.readouterr().err
    assert out.stat().st_mtime_ns == before  # ... and no training started


def test_from_records_maps_labels_through_the_vocabulary():
    data = from_records([synthetic_ecg()], [frozenset({"LAE"})], DEFAULT_VOCABULARY, "x")
    assert data.labels[0, DEFAULT_VOCABULARY.index("LAE")] == 1 and data.labels.sum() == 1


def test_tiny_classifier_builds(ptbxl_signals):
    logits = EcgClassifier(TINY_NET)(torch.from_numpy(ptbxl_signals[:2]), torch.zeros(2, 12), torch.zeros(2))
    assert logits.shape == (2, 10)


def test_cpu_training_is_reproducible_with_a_seed(ptbxl_signals):
    data = _labelled(ptbxl_signals[:48])
    training = ClassifierTraining(epochs=2, batch_size=16, seed=11)
    first, _ = train_classifier(data, CPU, TINY_NET, training)
    second, _ = train_classifier(data, CPU, TINY_NET, training)
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


def test_training_checkpoints_store_their_configuration(ptbxl_signals, tmp_path):
    data = _labelled(ptbxl_signals[:48])
    training = ClassifierTraining(epochs=1, batch_size=16)
    model, _ = train_classifier(data, CPU, TINY_NET, training, tmp_path / "c.ckpt")
    saved = torch.load(tmp_path / "c.ckpt", weights_only=True)
    config = json.loads(saved["config"])
    assert config["training"]["batch_size"] == 16 and bool(saved["finished"])
    rebuilt = EcgClassifier(ClassifierConfig.from_dict(config["model"]))  # from the checkpoint alone
    rebuilt.load_state_dict(saved["model"])
    arrays = (data.signals, data.amplitudes, data.has_amplitude)
    assert np.array_equal(predict_arrays(rebuilt, *arrays), predict_arrays(model, *arrays))
    wider = ClassifierConfig(stem_width=8, widths=(16, 32), blocks_per_stage=1)
    with pytest.raises(ValueError, match=r"c\.ckpt: written under another configuration \(model\.widths differ\)"):
        train_classifier(data, CPU, wider, training, tmp_path / "c.ckpt")

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


def test_vqvae_resumed_from_its_checkpoint_ends_where_an_uninterrupted_run_does(ptbxl_signals, tmp_path):
    signals = ptbxl_signals[:32]
    checkpoint = tmp_path / "v.ckpt"
    train_vqvae(signals, CPU, TINY_VQ, VQVAETraining(epochs=1, batch_size=8), checkpoint)
    resumed, resumed_report = train_vqvae(signals, CPU, TINY_VQ, VQVAETraining(epochs=2, batch_size=8), checkpoint)
    straight, straight_report = train_vqvae(signals, CPU, TINY_VQ, VQVAETraining(epochs=2, batch_size=8))
    assert resumed_report["history"] == straight_report["history"]
    for key, value in straight.state_dict().items():
        assert torch.equal(value, resumed.state_dict()[key]), key


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 cut short"], ids=["empty", "truncated"])
def test_an_unreadable_training_checkpoint_is_named_with_what_to_do(ptbxl_signals, tmp_path, content):
    checkpoint = tmp_path / "cnn-plain-seed0-fold1.ckpt"
    checkpoint.write_bytes(content)
    data = _labelled(ptbxl_signals[:32])
    with pytest.raises(ValueError, match=r"cnn-plain-seed0-fold1\.ckpt: unreadable checkpoint \(.+\); remove it"):
        train_classifier(data, CPU, TINY_NET, ClassifierTraining(epochs=1, batch_size=16), checkpoint)
    torch.save([1, 2], checkpoint)
    with pytest.raises(ValueError, match=r"fold1\.ckpt: not a training checkpoint \(list\); remove it"):
        train_vqvae(ptbxl_signals[:32], CPU, TINY_VQ, VQVAETraining(epochs=1, batch_size=32), checkpoint)


def _parse_training_command(argv: list[str]):
    from model_training.__main__ import build_parser, checked_settings

    args = build_parser().parse_args(argv)
    return checked_settings(args.parser, args)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["default", "--epochs", "0"], "argument --epochs: 0: must be at least 1"),
        (["default", "--folds", "1"], "argument --folds: 1: must be at least 2"),
        (["default", "--bootstrap", "0"], "argument --bootstrap: 0: must be at least 1"),
        (["ablation", "--seeds", "0"], "argument --seeds: 0: must be at least 1"),
        (["default", "--epochs", "two"], "argument --epochs: invalid integer value: 'two'"),
        (["default", "--device", "gpu"], "--device gpu: not a device name"),
        (["default", "--device", "mps"], "--device mps: training runs on cpu or cuda only"),
        (["default", "--lambda-range", "0.8", "0.2"], "need 0 <= lambda_low <= lambda_high <= 1"),
    ],
)
def test_bad_training_options_are_refused_before_any_data_is_loaded(tmp_path, capsys, monkeypatch, argv, message):
    import model_training.__main__ as command

    def refuse(*args, **kwargs):
        raise AssertionError("data loaded before the options were checked")

    monkeypatch.setattr(command.pipeline, "load_default_data", refuse)
    with pytest.raises(SystemExit) as exit_:
        command.main([*argv, "--out", str(tmp_path / "new.pt")])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_training_never_replaces_an_existing_model_without_overwrite(tmp_path, capsys):
    from model_training.reports import card_path

    model = tmp_path / "default.pt"
    (tmp_path / "README.md").write_text("someone's notes")
    assert card_path(model) == tmp_path / "default.md"  # README.md is the card of the shipped model only
    (tmp_path / "default.md").write_text("an earlier card")
    with pytest.raises(SystemExit):
        _parse_training_command(["default", "--device", "cpu", "--out", str(model)])
    assert f"{tmp_path / 'default.md'} already exists; pass --overwrite" in capsys.readouterr().err
    model.write_bytes(b"")
    assert _parse_training_command(["default", "--device", "cpu", "--out", str(model), "--overwrite"])


def test_an_ablation_never_replaces_its_reports_without_overwrite(tmp_path, capsys):
    (tmp_path / "ablation.md").write_text("an earlier ablation")
    argv = ["ablation", "--device", "cpu", "--out", str(tmp_path / "new.pt"), "--report-dir", str(tmp_path)]
    with pytest.raises(SystemExit):
        _parse_training_command(argv)
    assert f"{tmp_path / 'ablation.md'} already exists; pass --overwrite" in capsys.readouterr().err
    assert _parse_training_command([*argv, "--overwrite"])


def test_the_documented_commands_parse_and_the_help_is_whole():
    import shlex
    from pathlib import Path

    from ecgreader.config import REPOSITORY_ROOT
    from model_training.__main__ import build_parser, refuse_to_replace, settings_from

    text = (REPOSITORY_ROOT / "model_training" / "README.md").read_text().replace("\\\n", " ")
    documented = [line.split()[3:] for line in text.splitlines() if line.startswith("python -m model_training ")]
    assert {argv[0] for argv in documented} == {"default", "ablation", "ptbxl", "card"}
    for argv in documented:
        args = build_parser().parse_args(shlex.split(" ".join(argv)))
        if args.command in ("default", "ablation"):  # (ptbxl's documented run needs CUDA and PTB-XL)
            settings_from(args)
            if Path(args.out).resolve().is_relative_to(REPOSITORY_ROOT):  # the shipped model: says --overwrite
                refuse_to_replace(args.parser, args)
    description = build_parser().description
    assert "train on full PTB-XL" in description and description.endswith("unless given --overwrite.")


def test_the_card_states_only_what_the_models_metadata_says(tmp_path):
    from ecgreader.model.inference import EcgModel

    metadata = EcgModel.load().metadata  # the shipped model's own facts
    card = write_model_card(tmp_path / "default.pt", metadata).read_text()
    assert card.startswith("# Model card: default\n") and (tmp_path / "default-reliability.png").exists()
    assert card.count("Goal (issue #11") == 1 and "Goal (issue #11, LUDB study half):" in card
    limits = card.split("## Known limits")[1]
    for source, records in metadata["training_data"]["train"]["sources"].items():
        assert f"{source}: {records}" in limits
    assert "Voltage is not among the model's inputs" in limits and "model_training ptbxl" in limits

    voltage = {**metadata, "measurement_names": [*metadata["measurement_names"], "sokolow_lyon_mv"]}
    voltage["architecture"] = {
        **metadata["architecture"],
        "cnn": {**metadata["architecture"]["cnn"], "use_amplitude": True},
    }
    limits = write_model_card(tmp_path / "voltage.pt", voltage).read_text().split("## Known limits")[1]
    assert "the voltage measurements (sokolow_lyon_mv) are among the decision's inputs" in limits
    assert "the CNNs see each lead's amplitude where the record's voltage is calibrated" in limits
    assert "judged on shape and timing alone" not in limits
