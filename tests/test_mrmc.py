"""MRMC (Obuchowski–Rockette / Hillis) analysis against published reference results.

The Van Dyke et al. (1993) ratings (tests/data/README.md) are imported through
``ecgreader study create-from-tables`` and the report's ``mrmc.csv`` is compared, to the
published precision, with RJafroc's ``StSignificanceTesting(dataset02, "Wilcoxon", "OR")``
(jackknife covariance; RJafroc Book, "Obuchowski Rockette Applications") and MRMCaov's
user guide (DeLong covariance; ``binary_sens`` with ``rating >= 3``). Published differences are
trt0 − trt1; modality 0 is imported as unaided and 1 as aided, so aided − unaided flips the sign.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from ecgreader.analysis import mrmc
from ecgreader.analysis.mrmc_study import MRMC_COLUMNS
from ecgreader.cli.main import main

pytestmark = pytest.mark.qt  # the command line is involved

DATA = Path(__file__).parent / "data"


def published(value: str):
    """pytest.approx to the precision the value was published with (half a unit of its last digit)."""
    decimals = len(value.split(".")[1]) if "." in value else 0
    return pytest.approx(float(value), abs=0.5 * 10**-decimals + 1e-12)


@pytest.fixture(scope="module")
def vandyke(tmp_path_factory) -> list[dict]:
    folder = tmp_path_factory.mktemp("vandyke")
    study = folder / "vandyke.ecgstudy"
    gold, reads = DATA / "vandyke_gold.csv", DATA / "vandyke_reads.csv"
    args = ["study", "create-from-tables", str(study), "--gold", str(gold), "--reads", str(reads)]
    assert main([*args, "--rating-scale", "1-5", "--positive-at", "3"]) == 0
    assert main(["report", str(study), "--out", str(folder / "report"), "--bootstrap", "100"]) == 0
    with (folder / "report" / "mrmc.csv").open() as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == MRMC_COLUMNS
        return list(reader)


def find(rows, **where) -> dict:
    matches = [r for r in rows if all(r[k] == v for k, v in where.items())]
    assert len(matches) == 1, where
    return matches[0]


def number(row, column) -> float:
    return float(row[column])


AUC_CHANGE = {"label": "dissection", "metric": "auc", "contrast": "aided-unaided", "group": "Radiologist"}


def test_auc_aided_minus_unaided_rrrc_jackknife_matches_rjafroc(vandyke):
    row = find(vandyke, **AUC_CHANGE, design="RRRC", covariance="jackknife")
    # st1$RRRC$FTests: F 4.456, ddf 15.26, p 0.05167; ciDiffTrt: -0.0438, SE 0.0207, CI -0.0879595 .. 0.0003589
    assert number(row, "estimate") == published("0.0438")
    assert number(row, "se") == published("0.0207")
    assert number(row, "df") == published("15.26")
    assert number(row, "statistic") ** 2 == published("4.456")
    assert number(row, "statistic") == published("2.11")
    assert number(row, "p") == published("0.05167")
    assert (number(row, "ci_low"), number(row, "ci_high")) == (published("-0.0003589"), published("0.0879595"))
    assert number(row, "p_holm") == number(row, "p")  # one label: Holm changes nothing
    assert row["phase"] == ""


def test_auc_aided_minus_unaided_frrc_and_rrfc_match_rjafroc(vandyke):
    frrc = find(vandyke, **AUC_CHANGE, design="FRRC", covariance="jackknife")
    # FRRC: chi-square 5.476 (1 df), p 0.01928; SE 0.01872, z 2.34, CI 0.007115 .. 0.08049
    assert number(frrc, "se") == published("0.01872") and math.isinf(number(frrc, "df"))
    assert number(frrc, "statistic") ** 2 == published("5.476") and number(frrc, "statistic") == published("2.34")
    assert number(frrc, "p") == published("0.01928")
    assert (number(frrc, "ci_low"), number(frrc, "ci_high")) == (published("0.007115"), published("0.08049"))
    rrfc = find(vandyke, **AUC_CHANGE, design="RRFC", covariance="jackknife")
    # RRFC: F 8.704 (1, 4), p 0.04196; SE 0.01485, t 2.95, CI 0.00258 .. 0.08502
    assert number(rrfc, "se") == published("0.01485") and number(rrfc, "df") == 4.0
    assert number(rrfc, "statistic") ** 2 == published("8.704") and number(rrfc, "statistic") == published("2.95")
    assert number(rrfc, "p") == published("0.04196")
    assert (number(rrfc, "ci_low"), number(rrfc, "ci_high")) == (published("0.00258"), published("0.08502"))


@pytest.mark.parametrize(
    ("phase", "design", "expected"),
    [  # Estimate, StdErr, DF, CILower, CIUpper (RJafroc st1$RRRC / $FRRC / $RRFC $ciAvgRdrEachTrt)
        ("unaided", "RRRC", ("0.8970", "0.03317", "12.74", "0.8252", "0.9689")),
        ("aided", "RRRC", ("0.9408", "0.02157", "12.71", "0.8941", "0.9875")),
        ("unaided", "FRRC", ("0.8970", "0.02429", None, "0.8494", "0.9446")),
        ("aided", "FRRC", ("0.9408", "0.01678", None, "0.9080", "0.9737")),
        ("unaided", "RRFC", ("0.8970", "0.02483", "4", "0.8281", "0.9660")),
        ("aided", "RRFC", ("0.9408", "0.01615", "4", "0.8960", "0.9857")),
    ],
)
def test_auc_of_each_phase_matches_rjafroc(vandyke, phase, design, expected):
    row = find(vandyke, label="dissection", metric="auc", contrast="single", group="Radiologist", phase=phase,
               design=design, covariance="jackknife")  # fmt: skip
    estimate, se, df, low, high = expected
    assert number(row, "estimate") == published(estimate) and number(row, "se") == published(se)
    assert math.isinf(number(row, "df")) if df is None else number(row, "df") == published(df)
    assert (number(row, "ci_low"), number(row, "ci_high")) == (published(low), published(high))
    assert row["statistic"] == row["p"] == row["p_holm"] == ""  # a mean with its CI: nothing tested


def test_auc_with_delong_covariance_matches_mrmcaov(vandyke):
    row = find(vandyke, **AUC_CHANGE, design="RRRC", covariance="delong")
    # MRMCaov, cov = DeLong: F 4.484854, df2 15.06611, p 0.05123303; SE 0.0206825, t -2.117747,
    # CI -0.0878671960 .. 0.0002665519 (1 - 2)
    assert number(row, "statistic") ** 2 == published("4.484854")
    assert number(row, "statistic") == published("2.117747")
    assert number(row, "df") == published("15.06611") and number(row, "p") == published("0.05123303")
    assert number(row, "se") == published("0.0206825")
    assert (number(row, "ci_low"), number(row, "ci_high")) == (published("-0.0002665519"), published("0.0878671960"))
    for phase, expected in (
        ("unaided", ("0.8970370", "0.03307642", "12.59597", "0.8253461", "0.9687280")),
        ("aided", ("0.9408374", "0.02150464", "12.56530", "0.8942155", "0.9874592")),
    ):
        single = find(vandyke, label="dissection", metric="auc", contrast="single", group="Radiologist",
                      phase=phase, design="RRRC", covariance="delong")  # fmt: skip
        estimate, se, df, low, high = expected
        assert number(single, "estimate") == published(estimate) and number(single, "se") == published(se)
        assert number(single, "df") == published(df)
        assert (number(single, "ci_low"), number(single, "ci_high")) == (published(low), published(high))


def test_sensitivity_at_the_cut_off_matches_mrmcaov_binary_sens(vandyke):
    # MRMCaov: binary_sens(truth, rating >= 3): F 6.689493, df2 15.71732, p 0.02008822;
    # 1 - 2: -0.09777778, SE 0.03780451, CI -0.1780371 .. -0.0175185, t -2.586405
    row = find(vandyke, label="dissection", metric="sensitivity", contrast="aided-unaided", group="Radiologist",
               design="RRRC", covariance="jackknife")  # fmt: skip
    assert number(row, "estimate") == published("0.09777778") and number(row, "se") == published("0.03780451")
    assert number(row, "df") == published("15.71732") and number(row, "p") == published("0.02008822")
    assert number(row, "statistic") == published("2.586405")
    assert number(row, "statistic") ** 2 == published("6.689493")
    assert (number(row, "ci_low"), number(row, "ci_high")) == (published("0.0175185"), published("0.1780371"))
    for phase, expected in (  # each treatment: Estimate, StdErr, df, CI (MRMCaov clips the CI at 1)
        ("unaided", ("0.8222222", "0.05893747", "14.456811", "0.6961876", "0.9482568")),
        ("aided", ("0.9200000", "0.03741657", "7.575855", "0.8328691", "1.0000000")),
    ):
        single = find(vandyke, label="dissection", metric="sensitivity", contrast="single", group="Radiologist",
                      phase=phase, design="RRRC", covariance="jackknife")  # fmt: skip
        estimate, se, df, low, high = expected
        assert number(single, "estimate") == published(estimate) and number(single, "se") == published(se)
        assert number(single, "df") == published(df)
        assert (number(single, "ci_low"), number(single, "ci_high")) == (published(low), published(high))


def test_every_row_names_its_method_and_only_auc_has_delong(vandyke):
    assert {r["metric"] for r in vandyke} == {"auc", "sensitivity", "specificity"}
    assert {r["contrast"] for r in vandyke} == {"aided-unaided", "single"}  # no network, one group
    assert {r["design"] for r in vandyke} == {"RRRC", "FRRC", "RRFC"}
    assert {r["covariance"] for r in vandyke if r["metric"] != "auc"} == {"jackknife"}


# -- the steps on their own --------------------------------------------------------------------


def test_auc_counts_ties_as_half_and_jackknife_matches_leaving_each_case_out():
    rng = np.random.default_rng(0)
    truth = np.r_[np.ones(6, bool), np.zeros(9, bool)]
    ratings = rng.integers(1, 4, size=(3, 15)).astype(float)  # many ties
    auc = mrmc.figures_of_merit(ratings, truth, "auc")
    pairs = ratings[:, truth][:, :, None] - ratings[:, ~truth][:, None, :]
    assert auc == pytest.approx(((pairs > 0) + 0.5 * (pairs == 0)).mean(axis=(1, 2)))
    jack = mrmc.jackknife_foms(ratings, truth, "auc")
    for case in (0, 7):
        keep = np.arange(15) != case
        assert jack[:, case] == pytest.approx(mrmc.figures_of_merit(ratings[:, keep], truth[keep], "auc"))
    sens_jack = mrmc.jackknife_foms(ratings >= 2, truth, "sensitivity")
    assert sens_jack.shape == (3, 6)  # over the diseased cases only
    assert mrmc.jackknife_foms(ratings >= 2, truth, "specificity").shape == (3, 9)


def test_network_minus_readers_is_the_single_treatment_analysis_of_differences():
    theta = np.array([0.9, 0.8, 0.85, 0.7])  # network, then three readers
    sigma = np.diag([1e-3, 2e-3, 2e-3, 2e-3]) + 5e-4
    result = mrmc.network_minus_readers(theta, sigma, "RRRC", "jackknife")
    assert result.estimate == pytest.approx(0.9 - np.mean([0.8, 0.85, 0.7]))
    differences = 0.9 - theta[1:]
    ms_r = np.var(differences, ddof=1)
    contrast = mrmc.difference_contrast(3)
    d_sigma = contrast @ sigma @ contrast.T
    cov2 = d_sigma[~np.eye(3, dtype=bool)].mean()
    assert result.se == pytest.approx(np.sqrt((ms_r + 3 * cov2) / 3))
    assert result.df == pytest.approx((ms_r + 3 * cov2) ** 2 / ms_r**2 * 2)


def test_holm_adjusts_step_down_and_keeps_undefined():
    adjusted = mrmc.holm(np.array([0.01, 0.04, np.nan, 0.03]))
    assert adjusted[0] == pytest.approx(0.03) and adjusted[3] == pytest.approx(0.06)
    assert adjusted[1] == pytest.approx(0.06) and np.isnan(adjusted[2])


def test_one_reader_leaves_se_and_df_undefined_where_reader_variability_enters():
    theta, sigma = np.array([0.8]), np.array([[2e-3]])
    for design in ("RRRC", "RRFC"):
        result = mrmc.single_treatment(theta, sigma, design, "jackknife", test=True)
        assert result.estimate == 0.8 and math.isnan(result.se) and math.isnan(result.df), design
        change = mrmc.compare_treatments(np.array([[0.7], [0.8]]), np.diag([2e-3, 2e-3]), design, "jackknife")
        assert math.isnan(change.se) and math.isnan(change.df) and math.isnan(change.p), design
    fixed_readers = mrmc.single_treatment(theta, sigma, "FRRC", "jackknife", test=True)
    assert fixed_readers.se == pytest.approx(math.sqrt(2e-3)) and math.isinf(fixed_readers.df)
    with pytest.raises(ValueError, match="unknown design"):
        mrmc.single_treatment(theta, sigma, "XYZ", "jackknife", test=True)


def test_no_estimate_states_no_se_or_df():
    """Two groups without a case in common: nothing is estimated, so no df either (not ∞)."""
    nan = np.full(2, np.nan)
    result = mrmc.compare_groups(nan, nan, np.full((4, 4), np.nan), "RRRC", "jackknife")
    assert all(math.isnan(value) for value in (result.estimate, result.se, result.df, result.p))
