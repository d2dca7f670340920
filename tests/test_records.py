"""Reading real records from every source, and refusing unusable ones with a clear message."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from ecgreader.ecg import (
    STANDARD_LEADS,
    ImageRecord,
    Record,
    RecordError,
    find_record_paths,
    make_record,
    normalise_lead_name,
    read_ptbxl_subset,
    read_record,
)
from tests.helpers.records import write_wfdb


def test_every_ludb_record_loads_in_standard_order_in_mv(ludb):
    headers = sorted((ludb / "data").glob("*.hea"))
    assert len(headers) == 200
    for header in headers:
        record = read_record(header)
        assert isinstance(record, Record)
        assert record.signal.shape == (12, 5000) and record.signal.dtype == np.float32
        assert record.fs == 500.0 and not record.zscored
        # LUDB is in mV: QRS complexes span tenths of mV to a few mV, never volts or µV.
        assert 0.1 < np.ptp(record.lead("II")) < 10.0, header


def test_ludb_demographics_and_values_match_the_header(ludb):
    record = read_record(ludb / "data" / "1")
    assert (record.age, record.sex, record.record_id) == (51, "F", "1")
    # Header line 1: lead i, gain 1716 adc/mV, baseline 6, first value -120.
    assert record.lead("I")[0] == pytest.approx((-120 - 6) / 1716, abs=1e-6)


@pytest.mark.parametrize("folder, count", [("cinc2021-sample", 50), ("chapman-sample", 4)])
def test_cinc_and_chapman_mat_records_load(shared_data, folder, count):
    headers = find_record_paths([shared_data / folder])
    assert len(headers) == count
    records = [read_record(h) for h in headers]
    assert all(r.signal.shape[0] == 12 and r.fs >= 100 for r in records)
    assert records[0].sex in {"M", "F"} and records[0].age is not None


def test_flat_line_leads_are_reported_as_warnings(shared_data):
    record = read_record(shared_data / "cinc2021-sample" / "JS20004.hea")
    assert record.warnings and "flat-line leads V2, V4, V6" in record.warnings[0]
    assert read_record(shared_data / "ludb" / "data" / "2").warnings == ()


def test_ptbxl_subset_records_are_zscored_100hz(shared_data):
    records = read_ptbxl_subset(shared_data / "ptbxl-subset" / "signals_100hz_zscored.npy")
    first = next(records)
    assert first.record_id == "ptbxl-9" and first.fs == 100.0 and first.zscored
    assert first.signal.shape == (12, 1000)
    assert np.abs(first.signal.std(axis=1) - 1).max() < 0.05  # z-scored per lead
    assert sum(1 for _ in records) == 1818


@pytest.mark.parametrize(
    "raw, expected",
    [("avr", "aVR"), ("AVR", "aVR"), ("aVl", "aVL"), ("v1", "V1"), (" ii ", "II"), ("MLII", None)],
)
def test_lead_names_are_normalised(raw, expected):
    assert normalise_lead_name(raw) == expected


def test_leads_are_reordered_to_the_standard_order():
    shuffled = list(reversed(STANDARD_LEADS))
    signal = np.arange(12, dtype=float)[:, None] + np.sin(np.linspace(0, 20, 1000))  # sin(0) = 0: lead i starts at i
    record = make_record("x", "x", 250, signal, [name.upper() for name in shuffled])
    assert record.lead("V6")[0] == 0.0 and record.lead("I")[0] == 11.0


@pytest.mark.parametrize(
    "kind, reason",
    [
        ("truncated", "truncated signal: 50000 bytes of the 120000"),
        ("eleven_leads", "missing leads: V6 (has 11 of 12)"),
        ("nan", "10 NaN/inf samples in leads III"),
        ("empty", "empty file"),
        ("text_png", "not a readable PNG/JPEG/TIFF image"),
    ],
)
def test_malformed_files_raise_one_error_naming_file_and_reason(malformed, kind, reason):
    with pytest.raises(RecordError) as caught:
        read_record(malformed[kind])
    assert reason in str(caught.value)
    assert str(malformed[kind].with_suffix("")) in str(caught.value)  # names the file


def test_missing_short_slow_and_unknown_lead_records_are_refused(tmp_path):
    with pytest.raises(RecordError, match="nothere.hea: file missing"):
        read_record(tmp_path / "nothere.hea")
    rng = np.random.default_rng(1)
    short = write_wfdb(tmp_path, "short", rng.normal(0, 0.3, (1000, 12)), STANDARD_LEADS)
    with pytest.raises(RecordError, match=r"only 2.00 s of signal; at least 2.5 s"):
        read_record(short)
    slow = write_wfdb(tmp_path, "slow", rng.normal(0, 0.3, (600, 12)), STANDARD_LEADS, fs=50)
    with pytest.raises(RecordError, match="sampling rate 50 Hz is under 100 Hz"):
        read_record(slow)
    odd = write_wfdb(tmp_path, "odd", rng.normal(0, 0.3, (5000, 12)), [*STANDARD_LEADS[:11], "X7"])
    with pytest.raises(RecordError, match="unknown lead names: X7"):
        read_record(odd)


@pytest.mark.parametrize("image_format, suffix", [("PNG", ".png"), ("JPEG", ".jpg"), ("TIFF", ".tif")])
def test_images_load_as_image_only_cases(tmp_path, image_format, suffix):
    path = tmp_path / f"scan{suffix}"
    Image.new("RGB", (320, 200), "white").save(path, format=image_format)
    record = read_record(path)
    assert isinstance(record, ImageRecord)
    assert (record.image_format, record.width, record.height) == (image_format, 320, 200)
    assert Image.open(io.BytesIO(record.image_bytes)).size == (320, 200)


def test_a_header_without_a_sample_count_loads_with_the_count_the_signal_file_holds(tmp_path, shared_data):
    signal = np.random.default_rng(2).normal(0, 0.3, (5000, 12))
    header = write_wfdb(tmp_path, "nolen", signal, STANDARD_LEADS)
    header.write_text(header.read_text().replace("nolen 12 500 5000", "nolen 12 500", 1))
    record = read_record(header)
    assert record.n_samples == 5000
    assert np.abs(record.lead("V3") - signal[:, STANDARD_LEADS.index("V3")]).max() < 1e-3  # 1 µV steps
    for suffix in (".hea", ".mat"):
        (tmp_path / f"JS20004{suffix}").write_bytes((shared_data / "cinc2021-sample" / f"JS20004{suffix}").read_bytes())
    cinc = tmp_path / "JS20004.hea"
    cinc.write_text(cinc.read_text().replace("JS20004 12 500 5000", "JS20004 12 500", 1))
    assert read_record(cinc).n_samples == 5000
