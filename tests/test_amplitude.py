"""Amplitude honesty: records whose leads were rescaled one by one (LUDB 1.0.1) or that cannot be
millivolts are found at intake, stored so per case, and reach the reader's screen so marked."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ecgreader.ecg.amplitude import amplitude_problem, with_amplitude_assessed
from ecgreader.ecg.formats import find_record_paths, read_record
from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import Record, make_record
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.reading import ReadingSession
from ecgreader.store import CaseInput, StudyOptions, create_study, open_study
from ecgreader.store.cases import amplitude_uncalibrated_sources, case_ids_by_source, load_blinded_case
from ecgreader.store.integrity import verify_study
from ecgreader.store.sign_in import register_reader
from ecgreader.studies.intake import gather_cases
from tests.helpers.records import write_wfdb


def rescaled_per_lead(record: Record, peak_to_peak_mv: float = 1.0) -> Record:
    """``record`` with every lead scaled to the same peak-to-peak amplitude, as LUDB 1.0.1 is."""
    signal = record.signal / np.ptp(record.signal, axis=1, keepdims=True) * peak_to_peak_mv
    return replace(record, signal=signal.astype(np.float32))


def test_true_voltages_pass_and_per_lead_rescaling_is_found():
    true_voltage = synthetic_ecg(noise_mv=0.01)
    assert amplitude_problem(true_voltage) is None
    assert with_amplitude_assessed(true_voltage).amplitude_calibrated
    rescaled = rescaled_per_lead(true_voltage, 1.0)
    assert amplitude_problem(rescaled) == "every lead is scaled to the same peak-to-peak amplitude (1.000 mV)"
    assert not with_amplitude_assessed(rescaled).amplitude_calibrated
    assert "(2.500 mV)" in amplitude_problem(rescaled_per_lead(true_voltage, 2.5))


@pytest.mark.parametrize("factor", [1000.0, 1 / 50], ids=["microvolts read as mV", "a gain 50 times too large"])
def test_values_that_cannot_be_millivolts_are_not_calibrated(factor):
    true_voltage = synthetic_ecg()
    scaled = replace(true_voltage, signal=true_voltage.signal * np.float32(factor))
    assert "is outside the 0.1-20 mV of a real ECG" in amplitude_problem(scaled)


def test_z_scored_records_are_not_calibrated():
    zscored = replace(synthetic_ecg(), zscored=True)
    assert amplitude_problem(zscored) == "each lead was z-scored by its source"
    assert not with_amplitude_assessed(zscored).amplitude_calibrated


def test_flat_and_derived_leads_are_left_out_of_the_comparison():
    """An 8-lead device's derived limb leads and lead-off channels cannot hide a rescaling."""
    rescaled = rescaled_per_lead(synthetic_ecg()).signal.copy()
    rescaled[STANDARD_LEADS.index("V6")] = 0.0  # lead off
    derived = ("III", "aVR", "aVL", "aVF")
    for lead in derived:
        rescaled[STANDARD_LEADS.index(lead)] *= 0.4
    record = make_record("<test>", "eight", 500.0, rescaled, STANDARD_LEADS, derived_leads=derived)
    assert record.warnings  # V6 flat
    assert "same peak-to-peak amplitude" in amplitude_problem(record)
    assert amplitude_problem(replace(record, derived_leads=())) is None


def test_read_record_marks_a_rescaled_file_and_leaves_a_true_voltage_file(tmp_path):
    true_voltage = synthetic_ecg(noise_mv=0.01)
    calibrated = read_record(write_wfdb(tmp_path, "true", true_voltage.signal.T, STANDARD_LEADS))
    rescaled = read_record(write_wfdb(tmp_path, "rescaled", rescaled_per_lead(true_voltage).signal.T, STANDARD_LEADS))
    assert calibrated.amplitude_calibrated and not rescaled.amplitude_calibrated


def test_every_ludb_record_is_flagged_and_no_cinc_or_chapman_record(shared_data):
    def flagged(folder: str) -> tuple[int, int]:
        records = [read_record(path) for path in find_record_paths([shared_data / folder])]
        return sum(not record.amplitude_calibrated for record in records), len(records)

    assert flagged("ludb/data") == (200, 200)
    assert flagged("cinc2021-sample") == (0, 50)
    assert flagged("chapman-sample") == (0, 4)


def test_the_z_scored_ptbxl_subset_is_not_calibrated_at_intake(shared_data):
    intake = gather_cases([shared_data / "ptbxl-subset" / "signals_100hz_zscored.npy"])
    assert intake.cases and not any(case.record.amplitude_calibrated for case in intake.cases)


def test_the_flag_is_stored_per_case_and_reaches_the_readers_screen(tmp_path):
    true_voltage = synthetic_ecg(record_id="true", noise_mv=0.01)
    cases = [
        CaseInput(true_voltage),
        CaseInput(with_amplitude_assessed(replace(rescaled_per_lead(true_voltage), record_id="rescaled"))),
        CaseInput(synthetic_ecg(70, record_id="also-true")),
    ]
    path = create_study(tmp_path / "s.ecgstudy", StudyOptions(name="amplitude", seed=3), cases)
    with open_study(path) as study:
        assert amplitude_uncalibrated_sources(study) == ["rescaled"]
        assert verify_study(study).verified
        by_source = case_ids_by_source(study)
        blinded = {
            source: load_blinded_case(study, case_id, "case 1", with_demographics=False).amplitude_calibrated
            for source, case_id in by_source.items()
        }
        assert blinded == {"true": True, "rescaled": False, "also-true": True}
        session = ReadingSession(study, register_reader(study, "Dr A", "General doctor"))
        on_screen = [session.open(index).record.amplitude_calibrated for index in range(session.total)]
    assert sorted(on_screen) == [False, True, True]
