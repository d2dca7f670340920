"""The analysis's intervals: BCa against hand-computed z0 and a and against SciPy's independent
implementation, the vectorised jackknife against deleting each case, and the macro AUC's DeLong
interval against DeLong's own covariance and a bootstrap."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from ecgreader.analysis.engine import ComparisonInput, Rater, analyse, macro_label_set, rater_statistics
from ecgreader.analysis.intervals import (
    acceleration,
    bca_interval,
    bca_levels,
    bias_correction,
    bootstrap_weights,
    degenerate,
    percentile_interval,
    wilson_interval,
)
from ecgreader.analysis.label_aucs import label_aucs_and_covariance, macro_auc_interval
from ecgreader.analysis.mrmc import delong_covariance

NORMAL = NormalDist()


def test_bias_correction_counts_ties_half_by_hand():
    samples = np.array([[1.0], [2.0], [3.0], [3.0], [5.0]])
    # below 3: two resamples; equal: two, counted half -> (2 + 1) / 5
    assert bias_correction(samples, np.array([3.0]))[0] == pytest.approx(NORMAL.inv_cdf(3 / 5))
    with_undefined = np.array([[1.0], [np.nan], [4.0], [5.0]])  # undefined resamples are not counted
    assert bias_correction(with_undefined, np.array([3.0]))[0] == pytest.approx(NORMAL.inv_cdf(1 / 3))
    assert bias_correction(samples, np.array([9.0]))[0] == np.inf  # the point beyond every resample


def test_acceleration_of_the_mean_by_hand():
    # the mean of [1, 2, 6] without each case: 4, 3.5, 1.5; their mean 3; d = -1, -0.5, 1.5
    leave_one_out = np.array([[4.0], [3.5], [1.5]])
    by_hand = (-1 - 0.125 + 3.375) / (6 * (1 + 0.25 + 2.25) ** 1.5)
    assert acceleration(leave_one_out)[0] == pytest.approx(by_hand)
    assert acceleration(np.array([[2.0], [2.0], [np.nan]]))[0] == 0.0  # no variation: the BC interval


def test_bca_levels_follow_efrons_formula_and_fall_back_to_the_percentile_interval():
    z0, a = np.array([NORMAL.inv_cdf(0.6)]), np.array([0.05])
    lower, upper = bca_levels(z0, a)
    for level, z in ((lower, -1.959963984540054), (upper, 1.959963984540054)):
        by_hand = 100 * NORMAL.cdf(z0[0] + (z0[0] + z) / (1 - a[0] * (z0[0] + z)))
        assert level[0] == pytest.approx(by_hand)
    assert [v[0] for v in bca_levels(np.zeros(1), np.zeros(1))] == pytest.approx([2.5, 97.5])
    # z0 infinite, or 1 - a (z0 + z) <= 0: the percentile interval's levels
    assert [v[0] for v in bca_levels(np.array([np.inf]), np.zeros(1))] == [2.5, 97.5]
    assert [v[0] for v in bca_levels(np.zeros(1), np.array([0.6]))] == [2.5, 97.5]


def test_bca_interval_takes_those_percentiles_of_the_resamples():
    rng = np.random.default_rng(0)
    samples = rng.gamma(2.0, size=(999, 2))
    point = np.array([1.7, np.nan])
    leave_one_out = rng.gamma(2.0, size=(30, 2))
    low, high = bca_interval(samples, point, leave_one_out)
    lower, upper = bca_levels(bias_correction(samples, point), acceleration(leave_one_out))
    assert low[0] == pytest.approx(np.percentile(samples[:, 0], lower[0]))
    assert high[0] == pytest.approx(np.percentile(samples[:, 0], upper[0]))
    assert np.isnan(low[1]) and np.isnan(high[1])  # undefined point: no interval


def test_vectorised_percentiles_equal_numpy():
    rng = np.random.default_rng(0)
    samples = rng.random((101, 7))
    samples[rng.random((101, 7)) < 0.2] = np.nan
    samples[:, 3] = np.nan
    low, high = percentile_interval(samples, np.ones(7))
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        reference = np.nanpercentile(samples, [2.5, 97.5], axis=0)
    assert np.allclose(low, reference[0], equal_nan=True) and np.allclose(high, reference[1], equal_nan=True)


def test_bca_agrees_with_scipy_on_a_skewed_mean_where_the_percentile_interval_does_not():
    rng = np.random.default_rng(5)
    values = rng.lognormal(0.0, 1.0, 40)
    resamples = 20_000
    samples = (bootstrap_weights(40, resamples, seed=1) @ values / 40)[:, None]
    leave_one_out = ((values.sum() - values) / 39)[:, None]
    low, high = bca_interval(samples, np.array([values.mean()]), leave_one_out)
    scipy_bca = stats.bootstrap((values,), np.mean, method="BCa", n_resamples=resamples, random_state=0)
    tolerance = 0.02  # Monte-Carlo: SciPy draws its own resamples (its endpoints move ~0.005 between seeds)
    assert low[0] == pytest.approx(scipy_bca.confidence_interval.low, abs=tolerance)
    assert high[0] == pytest.approx(scipy_bca.confidence_interval.high, abs=tolerance)
    _, percentile_high = percentile_interval(samples, np.array([values.mean()]))
    assert abs(percentile_high[0] - scipy_bca.confidence_interval.high) > 3 * tolerance  # the test can tell


def test_a_readers_f1_interval_agrees_with_scipys_bca():
    rng = np.random.default_rng(5)
    gold = np.r_[np.ones(20, bool), np.zeros(40, bool)]
    decisions = np.where(gold, rng.random(60) < 0.6, rng.random(60) < 0.15)
    resamples = 20_000
    weights = bootstrap_weights(60, resamples, seed=2)
    statistics = rater_statistics(gold[:, None], [decisions[:, None]], [np.ones(60, bool)], weights)
    low, high = statistics.interval("f1")

    def f1(truth, called, axis=-1):
        tp, fp, fn = ((truth & called).sum(axis), (~truth & called).sum(axis), (truth & ~called).sum(axis))
        return 2 * tp / (2 * tp + fp + fn)

    reference = stats.bootstrap(
        (gold, decisions), f1, paired=True, vectorized=True, method="BCa", n_resamples=resamples, random_state=0
    ).confidence_interval
    assert (low[0], high[0]) == (pytest.approx(reference.low, abs=0.02), pytest.approx(reference.high, abs=0.02))


def test_leave_one_out_counts_equal_deleting_each_case():
    rng = np.random.default_rng(1)
    gold = rng.random((25, 3)) < [0.3, 0.5, 0.1]
    readers = [rng.random((25, 3)) < 0.4 for _ in range(2)]
    rated = [np.ones(25, bool), rng.random(25) < 0.8]
    statistics = rater_statistics(gold, readers, rated, bootstrap_weights(25, 5, 0))
    label_set = macro_label_set(gold)
    for case in range(25):
        keep = np.arange(25) != case
        deleted = rater_statistics(gold[keep], [r[keep] for r in readers], [r[keep] for r in rated], np.ones((1, 24)))
        # the macro keeps the data's label set, which deleting the one positive of a label would change
        columns = slice(None) if (macro_label_set(gold[keep]) == label_set).all() else slice(0, 3)
        for metric in ("sensitivity", "f1", "accuracy"):
            expected = deleted.point[metric][columns]
            assert np.allclose(statistics.leave_one_out[metric][case, columns], expected, equal_nan=True)


def test_fleiss_kappa_interval_is_bca_of_its_resamples_and_deletions():
    rng = np.random.default_rng(2)
    gold = rng.random((30, 1)) < 0.4
    readers = [Rater(f"R{i}", "reader", gold ^ (rng.random((30, 1)) < 0.2), np.ones(30, bool), "G") for i in range(3)]
    analysis = analyse(ComparisonInput(("X",), gold, readers), bootstrap=150, seed=4)
    fleiss = analysis.fleiss[0]
    decisions = np.stack([r.decisions[:, 0] for r in readers], axis=1).astype(int)

    def kappa(matrix):
        positives = matrix.sum(axis=1)
        return statsmodels_fleiss(np.stack([3 - positives, positives], axis=1))

    weights = bootstrap_weights(30, 150, 4)
    resampled = np.array([kappa(np.repeat(decisions, w, axis=0)) for w in weights])
    deleted = np.array([kappa(np.delete(decisions, i, axis=0)) for i in range(30)])
    low, high = bca_interval(resampled[:, None], np.array([fleiss.kappa]), deleted[:, None])
    assert (fleiss.low, fleiss.high) == (pytest.approx(low[0]), pytest.approx(high[0]))


def test_label_auc_covariance_is_delongs():
    rng = np.random.default_rng(3)
    truth = rng.random(80) < 0.4
    scores = truth[:, None] * 0.6 + rng.random((80, 3))
    _, shared = label_aucs_and_covariance(scores, np.repeat(truth[:, None], 3, axis=1))
    assert np.allclose(shared, delong_covariance(scores.T, truth))  # one truth: DeLong's correlated AUCs
    gold = rng.random((80, 3)) < [0.2, 0.4, 0.6]
    aucs, covariance = label_aucs_and_covariance(scores, gold)
    for k in range(3):  # different diseased cases: each diagonal is still that label's DeLong variance
        assert covariance[k, k] == pytest.approx(delong_covariance(scores[None, :, k], gold[:, k])[0, 0])
        diseased, healthy = scores[gold[:, k], k], scores[~gold[:, k], k]
        u = stats.mannwhitneyu(diseased, healthy).statistic  # the Wilcoxon AUC, by SciPy
        assert aucs[k] == pytest.approx(u / (len(diseased) * len(healthy)))


def test_macro_auc_interval_matches_the_bootstrap_spread_of_correlated_labels():
    rng = np.random.default_rng(4)
    shared = rng.normal(size=300)  # one latent severity behind every label
    gold = (shared[:, None] + rng.normal(size=(300, 4))) > [0.5, 1.0, 1.5, 0.0]
    scores = shared[:, None] + rng.normal(size=(300, 1)) + 0.3 * rng.normal(size=(300, 4))  # one error: correlated
    aucs, covariance = label_aucs_and_covariance(scores, gold)
    low, high = macro_auc_interval(aucs, covariance)
    draws = rng.integers(0, 300, size=(400, 300))
    macro = np.array([label_aucs_and_covariance(scores[d], gold[d])[0].mean() for d in draws])
    assert (high - low) / (2 * 1.959963984540054) == pytest.approx(macro.std(), rel=0.15)
    independent = np.sqrt(np.trace(covariance)) / 4  # what ignoring the correlation would claim (~20 % less)
    assert (high - low) / (2 * 1.959963984540054) > 1.15 * independent
    undefined = aucs.copy()
    undefined[1] = np.nan  # a label without both classes leaves the macro, not the interval
    assert macro_auc_interval(undefined, covariance)[0] is not None
    no_variance = covariance.copy()
    no_variance[0, :] = no_variance[:, 0] = np.nan  # a label with one diseased case: no variance
    assert macro_auc_interval(aucs, no_variance) == (None, None)


def test_the_network_macro_auc_gets_its_interval_in_the_analysis():
    rng = np.random.default_rng(6)
    gold = rng.random((120, 3)) < [0.3, 0.5, 0.0]  # label 3 has no positives: no AUC
    probabilities = np.clip(gold * 0.3 + rng.random((120, 3)) * 0.7, 0, 1)
    model = Rater("net", "model", probabilities >= 0.5, np.ones(120, bool))
    reader = Rater("R", "reader", gold ^ (rng.random((120, 3)) < 0.2), np.ones(120, bool), "G")
    analysis = analyse(ComparisonInput(("A", "B", "C"), gold, [reader], model, probabilities), bootstrap=100)
    aucs, covariance = label_aucs_and_covariance(probabilities, gold)
    assert analysis.auc["macro"] == pytest.approx((analysis.auc["A"] + analysis.auc["B"]) / 2)
    assert analysis.auc["C"] is None and analysis.auc_ci["C"] == (None, None)
    assert analysis.auc_ci["macro"] == pytest.approx(macro_auc_interval(aucs, covariance))
    low, high = analysis.auc_ci["macro"]
    assert low < analysis.auc["macro"] < high


def test_a_degenerate_bootstrap_gives_no_interval():
    rng = np.random.default_rng(7)
    varying = rng.random(200)
    constant = np.full(200, 0.4)
    constant_or_undefined = np.where(rng.random(200) < 0.3, np.nan, 1.0)  # F1 of one case: 1, or 0/0
    samples = np.stack([varying, constant, constant_or_undefined], axis=1)
    point = np.array([0.5, 0.4, 1.0])
    leave_one_out = rng.random((20, 3))
    assert list(degenerate(samples)) == [False, True, True]
    low, high = bca_interval(samples, point, leave_one_out)
    assert low[0] < high[0]
    assert np.isnan(low[1:]).all() and np.isnan(high[1:]).all()
    assert not degenerate(np.full((5, 1), np.nan))[0]  # nothing defined: not degenerate, but undefined anyway


def test_f1_of_a_single_positive_case_has_no_interval_while_proportions_keep_wilsons():
    """Eight cases, one positive: reader A misses it (F1 0), reader B and the network find it (F1 1).
    Every resample gives the same F1 (or none), so a 95 % CI of [0, 0] or [1, 1] would be an
    artefact; sensitivity keeps Wilson's interval, and the group's pooled 1 of 2 (every resample
    0.5) gets Wilson's on one reader's worth of cases."""
    gold = np.zeros((8, 1), bool)
    gold[0] = True
    everything = np.ones(8, bool)
    readers = [Rater("A", "reader", np.zeros((8, 1), bool), everything, "G"),
               Rater("B", "reader", gold.copy(), everything, "G")]  # fmt: skip
    analysis = analyse(ComparisonInput(("X",), gold, readers, Rater("net", "model", gold.copy(), everything)), 200)
    rows = {(r.rater, r.rater_kind): r for r in analysis.rows if r.label == "X"}
    for key, f1 in ((("A", "reader"), 0.0), (("net", "model"), 1.0)):
        assert rows[key].values["f1"] == f1
        assert rows[key].low["f1"] is None and rows[key].high["f1"] is None
    low, high = wilson_interval(np.array([0.0]), np.array([1.0]))
    assert (rows["A", "reader"].low["sensitivity"], rows["A", "reader"].high["sensitivity"]) == (low[0], high[0])
    pooled = next(r for key, r in rows.items() if key[1] == "group")
    assert pooled.values["sensitivity"] == 0.5
    low, high = wilson_interval(np.array([0.5]), np.array([1.0]))
    assert (pooled.low["sensitivity"], pooled.high["sensitivity"]) == pytest.approx((low[0], high[0]))
