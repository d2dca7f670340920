"""The single-treatment (reader-mean) interval of ``analysis.mrmc`` and its logit-scale variant,
each against a hand computation from the formulas (Hillis 2007; the delta method on the logit)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from ecgreader.analysis import mrmc


def hand_logit_interval(estimate: float, se: float, df: float) -> tuple[float, float]:
    """expit(logit θ ± q·SE/(θ(1 − θ))), q the 97.5 % quantile of t(df), or of the normal."""
    q = stats.norm.ppf(0.975) if math.isinf(df) else stats.t.ppf(0.975, df)
    centre = math.log(estimate / (1 - estimate))
    half = q * se / (estimate * (1 - estimate))
    return 1 / (1 + math.exp(-(centre - half))), 1 / (1 + math.exp(-(centre + half)))


def inference(estimate: float, se: float, df: float) -> mrmc.Inference:
    q = stats.norm.ppf(0.975) if math.isinf(df) else stats.t.ppf(0.975, df)
    return mrmc.Inference("RRRC", "jackknife", estimate, se, df, math.nan, math.nan, estimate - q * se,
                          estimate + q * se)  # fmt: skip


@pytest.mark.parametrize(
    ("estimate", "se", "df"),
    [  # RJafroc's Van Dyke unaided reader-mean AUC: RRRC (t, 12.74 df) and FRRC (normal)
        (0.8970, 0.03317, 12.74),
        (0.8970, 0.02429, math.inf),
        (0.3, 0.05, 20.0),
    ],
)
def test_logit_interval_matches_the_delta_method_by_hand(estimate, se, df):
    result = mrmc.logit_interval(inference(estimate, se, df))
    low, high = hand_logit_interval(estimate, se, df)
    assert (result.ci_low, result.ci_high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))
    assert 0 < result.ci_low < estimate < result.ci_high < 1
    lower_arm, upper_arm = estimate - result.ci_low, result.ci_high - estimate
    assert (lower_arm > upper_arm) == (estimate > 0.5)  # the longer arm points away from the nearer bound


def test_logit_interval_keeps_estimate_se_df_and_test():
    theta = np.array([0.91, 0.86, 0.95, 0.88])
    sigma = np.diag([4e-4, 5e-4, 3e-4, 4e-4]) + 1e-4
    symmetric = mrmc.single_treatment(theta, sigma, "RRRC", "jackknife", test=True)
    logit = mrmc.logit_interval(symmetric)
    for field in ("design", "covariance", "estimate", "se", "df", "statistic", "p"):
        assert getattr(logit, field) == getattr(symmetric, field)
    assert (logit.ci_low, logit.ci_high) != (symmetric.ci_low, symmetric.ci_high)


@pytest.mark.parametrize(
    "symmetric",
    [
        inference(1.0, 0.01, 10.0),
        inference(0.0, 0.01, 10.0),
        mrmc.Inference("RRRC", "jackknife", 0.8, math.nan, math.nan, *[math.nan] * 4),  # no SE: no interval
    ],
)
def test_logit_interval_is_undefined_at_the_bounds_or_without_an_interval(symmetric):
    result = mrmc.logit_interval(symmetric)
    assert math.isnan(result.ci_low) and math.isnan(result.ci_high)
    assert result.estimate == symmetric.estimate


def test_single_treatment_rrrc_follows_hillis_2007_by_hand():
    theta = np.array([0.80, 0.86, 0.75, 0.90, 0.83])
    off_diagonal = 3e-4
    sigma = np.diag(np.full(5, 9e-4 - off_diagonal)) + off_diagonal
    result = mrmc.single_treatment(theta, sigma, "RRRC", "jackknife", test=False)
    ms_r = theta.var(ddof=1)
    den = ms_r + 5 * off_diagonal
    assert result.se == pytest.approx(math.sqrt(den / 5))
    assert result.df == pytest.approx(den**2 / (ms_r**2 / 4))
    q = stats.t.ppf(0.975, result.df)
    assert (result.ci_low, result.ci_high) == (pytest.approx(theta.mean() - q * result.se),
                                               pytest.approx(theta.mean() + q * result.se))  # fmt: skip


def test_single_treatment_rrrc_drops_a_negative_cov2_and_keeps_r_minus_1_df():
    theta = np.array([0.80, 0.86, 0.75, 0.90, 0.83])
    sigma = np.diag(np.full(5, 1e-3)) - 2e-4 * (1 - np.eye(5))  # Cov2 < 0: constrained to 0 (Hillis 2007)
    result = mrmc.single_treatment(theta, sigma, "RRRC", "jackknife", test=False)
    assert result.se == pytest.approx(math.sqrt(theta.var(ddof=1) / 5))
    assert result.df == pytest.approx(4.0)
