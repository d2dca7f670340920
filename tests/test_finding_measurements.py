"""Which measurement goes beside each finding: the criterion's own number, from the record's
measurements, and no amplitude where the record's amplitude is not calibrated."""

from __future__ import annotations

import dataclasses

import pytest

from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.labels.vocabulary import DEFAULT_VOCABULARY
from ecgreader.measurements import measure
from ecgreader.reading.finding_measurements import KEY_MEASUREMENTS, key_measurements


@pytest.fixture(scope="module")
def measured():
    return measure(synthetic_ecg(72, noise_mv=0.01, seed=3))


def test_every_default_finding_has_a_key_measurement():
    assert set(DEFAULT_VOCABULARY.keys) <= set(KEY_MEASUREMENTS)


def test_interval_and_axis_findings_take_the_global_value(measured):
    assert key_measurements("IAVB", measured)[0].value == measured.pr_ms
    for key in ("CRBBB", "IRBBB", "CLBBB"):
        assert [(m.kind, m.value) for m in key_measurements(key, measured)] == [("qrs", measured.qrs_ms)]
    assert key_measurements("LAFB", measured)[0].value == measured.qrs_axis_deg
    assert key_measurements("LAE", measured)[0].value == measured.p_ms


def test_lvh_shows_both_voltage_criteria(measured):
    found = {m.kind: m.value for m in key_measurements("LVH", measured)}
    assert found == {"sokolow_lyon": measured.sokolow_lyon_mv, "cornell": measured.cornell_mv}


def test_st_elevation_is_the_highest_j_point_and_names_its_lead(measured):
    (elevation,) = key_measurements("STE", measured)
    levels = {lead: a.st_j_mv for lead, a in measured.amplitudes.items() if a.st_j_mv is not None}
    assert elevation.lead == max(levels, key=levels.get) and elevation.value == max(levels.values())


def test_ischaemia_ignores_leads_whose_t_wave_is_normally_inverted(measured):
    depression, inversion = key_measurements("ISCH", measured)
    assert depression.kind == "st_depression" and inversion.kind == "t_inversion"
    assert inversion.lead not in {"aVR", "III", "V1"}
    upright = {lead: a.t_mv for lead, a in measured.amplitudes.items() if lead not in {"aVR", "III", "V1"}}
    assert inversion.value == min(v for v in upright.values() if v is not None)


def test_no_amplitude_where_the_record_is_not_calibrated():
    record = dataclasses.replace(synthetic_ecg(72), amplitude_calibrated=False)
    measured = measure(record)
    for key in ("LVH", "STE", "ISCH", "QWAVE"):
        found = key_measurements(key, measured)
        assert found and all(m.not_calibrated and m.value is None for m in found)
    assert not key_measurements("IAVB", measured)[0].not_calibrated  # intervals need no calibration


def test_unmeasurable_values_stay_none_and_unknown_findings_have_none(measured):
    without_pr = dataclasses.replace(measured, pr_ms=None)
    (pr,) = key_measurements("IAVB", without_pr)
    assert pr.value is None and not pr.not_calibrated
    assert key_measurements("a finding of a custom vocabulary", measured) == ()


def test_a_record_without_q_waves_says_so_rather_than_naming_a_lead(measured):
    flat = {lead: dataclasses.replace(a, q_mv=0.0) for lead, a in measured.amplitudes.items()}
    (q_wave,) = key_measurements("QWAVE", dataclasses.replace(measured, amplitudes=flat))
    assert q_wave.value == 0.0 and q_wave.lead is None
    deep = {
        **flat,
        "V2": dataclasses.replace(flat["V2"], q_mv=-0.4),
        "aVR": dataclasses.replace(flat["aVR"], q_mv=-0.9),
    }
    (q_wave,) = key_measurements("QWAVE", dataclasses.replace(measured, amplitudes=deep))
    assert (q_wave.value, q_wave.lead) == (-0.4, "V2")  # aVR's deep Q is normal
