"""Pacemaker spikes: found, blanked, and taken as the paced QRS's onset rather than smeared before it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ecgreader.ecg.formats import read_record
from ecgreader.ecg.record import Record
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.measurements import Measurements, measure
from ecgreader.measurements.ludb_reference import reference_intervals
from ecgreader.measurements.measure import representative_beat
from ecgreader.measurements.pacing import pacing_spikes, without_spikes
from ecgreader.measurements.sampling import MEASURING_FS, to_measuring_rate

FS = 500.0
FIRST_R_S = 0.5
HEART_RATE_BPM = 60.0
SPIKE_BEFORE_R_S = 0.06  # the stimulus, 15 ms before the synthetic QRS's onset (45 ms before R)
SPIKE_MV = 3.0
# LUDB training-half records with unipolar ventricular pacing (ludb.csv "Cardiac pacing") whose
# QRS was measured from tens of ms before the stimulus before spikes were blanked (+67 and +76 ms).
LUDB_VENTRICULAR_PACED = ("34", "74")
PACED_QRS_TOLERANCE_MS = 25.0


def paced_synthetic(
    fs: float = FS, heart_rate_bpm: float = HEART_RATE_BPM, chambers: int = 1
) -> tuple[Record, np.ndarray]:
    """The synthetic ECG with a one-sample stimulus on every lead before each R (and, with two
    chambers, an atrial one 150 ms earlier), and the spikes' samples."""
    ecg = synthetic_ecg(heart_rate_bpm=heart_rate_bpm, fs=fs, first_r_s=FIRST_R_S)
    r_peaks = np.arange(FIRST_R_S, ecg.signal.shape[1] / fs, 60.0 / heart_rate_bpm)
    stimuli = [r_peaks - SPIKE_BEFORE_R_S, r_peaks - SPIKE_BEFORE_R_S - 0.15][:chambers]  # ventricular, atrial
    spikes = np.sort(np.round(np.concatenate(stimuli) * fs).astype(int))
    spikes = spikes[spikes >= 0]
    signal = ecg.signal.copy()
    signal[:, spikes] += SPIKE_MV
    return replace(ecg, signal=signal), spikes


def test_spikes_are_found_where_they_were_put():
    paced, spikes = paced_synthetic()

    assert np.array_equal(pacing_spikes(paced.signal, FS), spikes)


@pytest.mark.parametrize(("fs", "heart_rate_bpm", "chambers"), [(500.0, 90.0, 2), (500.0, 150.0, 2), (250.0, 100.0, 1)])
def test_frequent_spikes_are_still_found(fs, heart_rate_bpm, chambers):
    """Dual-chamber pacing at 80 bpm and more, or any pacing at 250 Hz, makes spikes over 1 % of the
    samples: they must not set the slope scale they are judged against."""
    paced, spikes = paced_synthetic(fs, heart_rate_bpm, chambers)

    assert np.array_equal(pacing_spikes(paced.signal, fs), spikes)


def test_a_noisy_unpaced_ecg_has_no_spikes():
    ecg = synthetic_ecg(noise_mv=0.02, seed=3)

    assert pacing_spikes(ecg.signal, ecg.fs).size == 0


def test_blanking_removes_the_spike_and_leaves_the_rest():
    paced, spikes = paced_synthetic()
    unpaced = synthetic_ecg(heart_rate_bpm=HEART_RATE_BPM, fs=FS, first_r_s=FIRST_R_S)

    cleaned = without_spikes(paced.signal, FS, spikes)

    assert np.abs(cleaned - unpaced.signal).max() < 0.05  # straight line over 12 ms of baseline
    far = np.ones(cleaned.shape[1], dtype=bool)
    for spike in spikes:
        far[spike - 10 : spike + 11] = False
    assert np.array_equal(cleaned[:, far], paced.signal[:, far])


def test_the_paced_qrs_starts_at_the_stimulus():
    paced, _ = paced_synthetic()

    m = measure(paced)

    onset_before_r_ms = (_r_peak_sample(m) - m.qrs_on) * 1000.0 / FS
    assert onset_before_r_ms == pytest.approx(SPIKE_BEFORE_R_S * 1000.0, abs=4.0)


def test_an_unpaced_qrs_keeps_its_own_onset():
    m = measure(synthetic_ecg(heart_rate_bpm=HEART_RATE_BPM, fs=FS, first_r_s=FIRST_R_S))

    onset_before_r_ms = (_r_peak_sample(m) - m.qrs_on) * 1000.0 / FS
    assert onset_before_r_ms < SPIKE_BEFORE_R_S * 1000.0 - 5.0


@pytest.mark.parametrize("record_id", LUDB_VENTRICULAR_PACED)
def test_ludb_paced_qrs_agrees_with_the_cardiologists(ludb, record_id):
    record = read_record(ludb / "data" / f"{record_id}.hea")
    m = measure(record)
    reference = reference_intervals(ludb / "data" / record_id)

    assert pacing_spikes(record.signal, record.fs).size >= 8  # one per beat, 10 s at 60 bpm
    assert m.qrs_ms == pytest.approx(reference.qrs_ms, abs=PACED_QRS_TOLERANCE_MS)


def _r_peak_sample(m: Measurements) -> int:
    """The median beat's R peak in lead II."""
    return int(np.argmax(m.median_beats[1]))


def test_a_record_stored_below_the_spike_rate_is_not_taken_for_paced():
    """measure() interpolates a 200 Hz record to 500 Hz, where a one-sample deflection is a few ms
    wide and would pass for a spike; but at 200 Hz a spike cannot be told from a QRS peak."""
    record, _ = paced_synthetic(200.0)

    interpolated, fs = to_measuring_rate(record.signal, record.fs)
    assert pacing_spikes(interpolated, fs).size > 0  # what finding spikes at the stored rate prevents
    median, _ = representative_beat(record)
    assert median.fs == MEASURING_FS and median.pacing_spike is None


def test_spikes_found_at_250_hz_mark_the_paced_onset_at_the_measuring_rate():
    """Spikes are found and blanked at the stored rate, then the record is interpolated: the
    stimulus must land where it does on the same ECG recorded at 500 Hz."""
    at_250, at_500 = measure(paced_synthetic(250.0)[0]), measure(paced_synthetic(500.0)[0])

    assert at_250.median_beat_fs == at_500.median_beat_fs == MEASURING_FS
    assert abs(at_250.qrs_on - at_500.qrs_on) <= 1
    assert at_250.qrs_ms == pytest.approx(at_500.qrs_ms, abs=4.0)
