"""The analysis engine against hand-computed examples and library reference values."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from ecgreader.analysis.binary import binary_metrics, f1_from_counts, metrics_from_counts
from ecgreader.analysis.engine import (
    ComparisonInput,
    Rater,
    analyse,
    fleiss_kappa,
    mcnemar_test,
    sensitivity_at_specificity,
)
from ecgreader.analysis.formatting import format_difference, format_number, format_with_ci

# Ten cases, two labels. Label A: 4 positives. Label B: no positives at all (undefined metrics).
GOLD = np.array([[1, 0]] * 4 + [[0, 0]] * 6, dtype=bool)
# Reader 1 on label A: TP 3, FN 1, FP 1, TN 5.
R1 = np.array([[1, 0], [1, 0], [1, 0], [0, 0], [1, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], dtype=bool)
# Reader 2 on label A: TP 2, FN 2, FP 0, TN 6; never says B.
R2 = np.array([[1, 0], [1, 0], [0, 0], [0, 0]] + [[0, 0]] * 6, dtype=bool)
MODEL = np.array([[1, 1], [1, 0], [1, 0], [1, 0], [1, 1], [1, 0], [0, 0], [0, 0], [0, 0], [0, 0]], dtype=bool)
ALL = np.ones(10, dtype=bool)


def small_study() -> ComparisonInput:
    return ComparisonInput(
        labels=("A", "B"),
        gold=GOLD,
        readers=[Rater("R1", "reader", R1, ALL, "GP"), Rater("R2", "reader", R2, ALL, "GP")],
        model=Rater("net", "model", MODEL, ALL),
        model_probabilities=np.c_[np.linspace(0.95, 0.05, 10), np.full(10, 0.3)],
    )


def row(analysis, rater, label):
    return next(r for r in analysis.rows if r.rater == rater and r.label == label and r.rater_kind != "group_mean")


def test_metrics_match_hand_computation():
    analysis = analyse(small_study(), bootstrap=200, seed=1)
    r1 = row(analysis, "R1", "A")
    assert r1.counts == {"tp": 3, "fp": 1, "fn": 1, "tn": 5}
    assert r1.values["sensitivity"] == pytest.approx(3 / 4)
    assert r1.values["specificity"] == pytest.approx(5 / 6)
    assert r1.values["ppv"] == pytest.approx(3 / 4)
    assert r1.values["npv"] == pytest.approx(5 / 6)
    assert r1.values["f1"] == pytest.approx(2 * 3 / (2 * 3 + 1 + 1))
    assert r1.values["accuracy"] == pytest.approx(8 / 10)
    pooled = row(analysis, "GP", "A")
    assert pooled.counts == {"tp": 5, "fp": 1, "fn": 3, "tn": 11}
    assert pooled.values["sensitivity"] == pytest.approx(5 / 8)
    mean = next(r for r in analysis.rows if r.rater == "GP" and r.label == "A" and r.rater_kind == "group_mean")
    assert mean.values["sensitivity"] == pytest.approx((3 / 4 + 2 / 4) / 2)
    assert (mean.extra["sensitivity_min"], mean.extra["sensitivity_max"]) == (0.5, 0.75)
    model = row(analysis, "net", "A")
    assert model.counts == {"tp": 4, "fp": 2, "fn": 0, "tn": 4}


def test_undefined_metrics_stay_undefined():
    analysis = analyse(small_study(), bootstrap=100, seed=1)
    r2_b = row(analysis, "R2", "B")  # no positives and no predicted positives
    assert r2_b.values["sensitivity"] is None and r2_b.values["ppv"] is None and r2_b.values["f1"] is None
    assert r2_b.low["sensitivity"] is None and r2_b.high["sensitivity"] is None
    assert r2_b.values["specificity"] == 1.0
    model_b = row(analysis, "net", "B")
    assert model_b.values["ppv"] == 0.0  # 2 predicted positives, none true: defined, and 0
    assert analysis.auc["B"] is None  # AUC needs both classes
    # Macro averages only the labels where a metric is defined.
    assert row(analysis, "R1", "macro").values["sensitivity"] == pytest.approx(0.75)
    assert np.isnan(metrics_from_counts(0, 0, 0, 5)["sensitivity"])


def test_intervals_contain_the_point_estimate_and_differences_are_paired():
    analysis = analyse(small_study(), bootstrap=500, seed=3)
    r1 = row(analysis, "R1", "A")
    assert r1.low["sensitivity"] <= r1.values["sensitivity"] <= r1.high["sensitivity"]
    difference = next(d for d in analysis.differences if d.label == "A" and d.metric == "sensitivity")
    assert difference.difference == pytest.approx(1.0 - 5 / 8)
    assert difference.low <= difference.difference <= difference.high


def test_mcnemar_matches_statsmodels_exact_and_asymptotic():
    statistic, p_value, method = mcnemar_test(6, 1)
    reference = mcnemar([[0, 6], [1, 0]], exact=True)
    assert method == "exact binomial" and p_value == pytest.approx(reference.pvalue)
    statistic, p_value, method = mcnemar_test(30, 12)
    reference = mcnemar([[0, 30], [12, 0]], exact=False, correction=True)
    assert method.startswith("chi-square") and statistic == pytest.approx((abs(30 - 12) - 1) ** 2 / 42)
    assert p_value == pytest.approx(reference.pvalue)
    assert mcnemar_test(0, 0)[1] is None


def test_mcnemar_counts_in_the_study():
    analysis = analyse(small_study(), bootstrap=50)
    # Issue 10 removes McNemar on a group's pooled reads (dependent pairs): one test per reader.
    r1, r2 = (next(m for m in analysis.mcnemar if m.label == "A" and m.reader == name) for name in ("R1", "R2"))
    # Network right where R1 is wrong: case 4 (R1 FN); R2 wrong on cases 3, 4.
    # R1 right where the network is wrong: case 6 (network FP); R2 right on cases 5, 6.
    assert (r1.network_only_correct, r1.reader_only_correct) == (1, 1)
    assert (r2.network_only_correct, r2.reader_only_correct) == (2, 2)
    assert r1.group == r2.group == "GP"


def test_kappas_match_library_values():
    analysis = analyse(small_study(), bootstrap=50)
    pair = next(k for k in analysis.cohen if k.label == "A" and {k.rater_a, k.rater_b} == {"R1", "R2"})
    assert pair.kappa == pytest.approx(cohen_kappa_score(R1[:, 0], R2[:, 0]))
    decisions = np.stack([R1[:, 0], R2[:, 0]], axis=1).astype(int)
    table = np.stack([2 - decisions.sum(1), decisions.sum(1)], axis=1)
    assert fleiss_kappa(decisions) == pytest.approx(statsmodels_fleiss(table))


def test_kappas_of_every_label_at_once_keep_the_labels_apart():
    from ecgreader.analysis.engine import cohen_kappa_with_ci, cohen_kappas_with_ci

    rng = np.random.default_rng(3)
    a = rng.random((150, 3)) < [0.3, 0.6, 0.0]
    b = a ^ (rng.random((150, 3)) < [0.1, 0.4, 0.0])  # label C: nobody says yes, so p_e = 1
    values, lows, highs = cohen_kappas_with_ci(a, b)
    for k in range(2):
        assert values[k] == pytest.approx(cohen_kappa_score(a[:, k], b[:, k]))
        assert (values[k], lows[k], highs[k]) == pytest.approx(cohen_kappa_with_ci(a[:, k], b[:, k]))
    assert values[0] > values[1] and (values[2], lows[2], highs[2]) == (None, None, None)


def test_network_sensitivity_at_the_groups_mean_specificity():
    truth = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
    scores = np.linspace(0.95, 0.05, 10)
    assert sensitivity_at_specificity(truth, scores, 1.0) == 1.0
    scores = np.array([0.9, 0.2, 0.8, 0.7, 0.85, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert sensitivity_at_specificity(truth, scores, 1.0) == pytest.approx(0.25)
    assert sensitivity_at_specificity(truth, scores, 5 / 6) == 1.0  # one FP (0.85) allowed: down to 0.2


def test_wilson_and_bca_intervals_cover_the_true_values_about_95_percent_of_the_time():
    rng = np.random.default_rng(0)
    true_sensitivity, covered, covered_f1, simulations = 0.7, 0, 0, 200
    true_f1 = 2 * 80 * 0.7 / (2 * 80 * 0.7 + 120 * 0.1 + 80 * 0.3)  # from the expected TP, FP, FN
    for i in range(simulations):
        gold = np.zeros((200, 1), dtype=bool)
        gold[:80] = True
        decisions = gold & (rng.random((200, 1)) < true_sensitivity)
        decisions |= ~gold & (rng.random((200, 1)) < 0.1)
        data = ComparisonInput(("X",), gold, [Rater("r", "reader", decisions, np.ones(200, bool), "G")])
        result = row(analyse(data, bootstrap=400, seed=i), "r", "X")
        covered += result.low["sensitivity"] <= true_sensitivity <= result.high["sensitivity"]  # Wilson
        covered_f1 += result.low["f1"] <= true_f1 <= result.high["f1"]  # BCa
    assert 0.90 <= covered / simulations <= 0.99 and 0.90 <= covered_f1 / simulations <= 0.99


def test_single_rater_metrics_use_the_same_formulas():
    metrics = binary_metrics(GOLD[:, 0], R1[:, 0])
    assert (metrics.tp, metrics.fp, metrics.fn, metrics.tn) == (3, 1, 1, 5)
    assert metrics.f1 == pytest.approx(0.75) and binary_metrics(GOLD[:, 1], R2[:, 1]).sensitivity is None


def test_one_f1_formula_matches_scikit_learn_and_is_undefined_only_when_nothing_was_found_or_called():
    from sklearn.metrics import f1_score

    assert f1_from_counts(3, 1, 1) == pytest.approx(f1_score(GOLD[:, 0], R1[:, 0]))
    values = f1_from_counts([3, 0, 0], [1, 2, 0], [1, 0, 0])  # counts of any shape, element-wise
    # Issue 10 fixes the formula: false positives without gold positives give F1 = 0 (textbook
    # 2TP / (2TP + FP + FN)); it is undefined only when TP + FP + FN = 0.
    assert values[0] == pytest.approx(0.75) and values[1] == 0.0 and np.isnan(values[2])
    assert f1_from_counts(0, 2, 3) == 0.0  # positives all missed: defined, and 0


def test_values_with_intervals_are_written_one_way():
    assert format_number(None) == "undefined" and format_number(0.5) == "0.500"
    assert format_with_ci(0.75, 0.5, 0.9) == "0.750 (0.500–0.900)"
    assert format_with_ci(0.75, None, None) == "0.750"  # no interval: the value alone
    assert format_with_ci(None, 0.1, 0.2) == "undefined"
    assert format_difference(0.125, -0.05, 0.3) == "+0.125 (-0.050 to 0.300)"
    assert format_difference(-0.2, None, None) == "-0.200 (undefined to undefined)"
    assert format_difference(None, 0.1, 0.2) == "undefined"


# -- issue 10: intervals, like with like -----------------------------------------------------


def test_single_rater_proportions_at_one_get_a_wilson_interval_not_a_point():
    from statsmodels.stats.proportion import proportion_confint

    gold = np.array([[1]] * 10 + [[0]] * 10, dtype=bool)
    perfect = Rater("perfect", "reader", gold.copy(), np.ones(20, bool), "G")
    analysis = analyse(ComparisonInput(("X",), gold, [perfect]), bootstrap=200)
    result = row(analysis, "perfect", "X")
    low, high = proportion_confint(10, 10, method="wilson")
    assert result.values["sensitivity"] == 1.0 and result.high["sensitivity"] == pytest.approx(high)
    assert result.low["sensitivity"] == pytest.approx(low) and result.low["sensitivity"] < 0.75
    low, high = proportion_confint(3, 4, method="wilson")  # R1 on label A: 3 of 4
    r1 = row(analyse(small_study(), bootstrap=100), "R1", "A")
    assert (r1.low["sensitivity"], r1.high["sensitivity"]) == (pytest.approx(low), pytest.approx(high))
    pooled = row(analysis, "G", "X")  # a group at 1.0: the bootstrap collapses, Wilson does not
    assert pooled.low["sensitivity"] < 1.0 and pooled.high["sensitivity"] == 1.0


def test_network_is_compared_with_each_reader_on_the_cases_that_reader_read():
    half = np.r_[np.ones(5, bool), np.zeros(5, bool)]  # R2 read cases 0-4 only
    data = ComparisonInput(
        labels=("A", "B"),
        gold=GOLD,
        readers=[Rater("R1", "reader", R1, ALL, "GP"), Rater("R2", "reader", R2, half, "GP")],
        model=Rater("net", "model", MODEL, ALL),
        model_probabilities=np.c_[np.linspace(0.95, 0.05, 10), np.full(10, 0.3)],
    )
    analysis = analyse(data, bootstrap=100)
    r2 = next(d for d in analysis.differences if d.reader == "R2" and d.label == "A" and d.metric == "specificity")
    # on cases 0-4 (one negative, case 4): the network calls it positive (spec 0), R2 negative (spec 1)
    assert r2.difference == pytest.approx(0.0 - 1.0) and r2.cases == 5
    pooled = next(d for d in analysis.differences if not d.reader and d.label == "A" and d.metric == "specificity")
    # pooled over the same reads: network 4/6 on R1's cases + 0/1 on R2's; readers 5/6 + 1/1
    assert pooled.difference == pytest.approx(4 / 7 - 6 / 7) and pooled.cases == 15
    assert analysis.incomplete_readers == {"R2": 5}
    assert row(analysis, "R2", "A").cases == 5 and row(analysis, "net", "A").cases == 10


def test_network_auc_has_a_delong_interval_and_kappas_have_intervals():
    from ecgreader.analysis.engine import cohen_kappa_with_ci

    analysis = analyse(small_study(), bootstrap=200)
    low, high = analysis.auc_ci["A"]
    # perfectly separated: DeLong's variance is 0, and a point interval would claim certainty
    assert analysis.auc["A"] == 1.0 and (low, high) == (None, None)
    rng = np.random.default_rng(1)
    a, b = rng.random(200) < 0.4, rng.random(200) < 0.4
    b[:120] = a[:120]
    kappa, low, high = cohen_kappa_with_ci(a, b)
    assert kappa == pytest.approx(cohen_kappa_score(a, b)) and low < kappa < high
    # Fleiss, Cohen & Everitt's large-sample SE, here against a bootstrap of the same data
    draws = rng.integers(0, 200, size=(2000, 200))
    a_drawn, b_drawn = a[draws], b[draws]  # (2000, 200): kappa's definition on every resample at once
    agreement, p_a, p_b = (a_drawn == b_drawn).mean(axis=1), a_drawn.mean(axis=1), b_drawn.mean(axis=1)
    chance = p_a * p_b + (1 - p_a) * (1 - p_b)
    boot = (agreement - chance) / (1 - chance)
    assert (high - low) / (2 * 1.96) == pytest.approx(boot.std(), rel=0.1)
    fleiss = next(k for k in analysis.fleiss if k.label == "A")
    assert fleiss.low <= fleiss.kappa <= fleiss.high


def test_group_means_say_how_many_readers_contributed():
    analysis = analyse(small_study(), bootstrap=100)
    mean = next(r for r in analysis.rows if r.rater == "GP" and r.label == "B" and r.rater_kind == "group_mean")
    assert mean.extra["readers"] == 2 and mean.extra["sensitivity_readers"] == 0 and mean.values["sensitivity"] is None
    assert mean.extra["specificity_readers"] == 2


def test_aided_minus_unaided_changes_have_paired_intervals():
    from ecgreader.analysis.engine import phase_changes

    better = ComparisonInput(("A", "B"), GOLD, [Rater("R1", "reader", GOLD.copy(), ALL, "GP"),
                                               Rater("R2", "reader", R2, ALL, "GP")])  # fmt: skip
    changes = phase_changes(small_study(), better, bootstrap=300, seed=2)
    r1 = next(c for c in changes if c.rater == "R1" and c.label == "A" and c.metric == "sensitivity")
    assert r1.change == pytest.approx(0.25) and r1.low <= r1.change <= r1.high
    r2 = next(c for c in changes if c.rater == "R2" and c.label == "A" and c.metric == "sensitivity")
    # The same reads in both phases: every resample changes nothing, a degenerate bootstrap, no interval.
    assert (r2.change, r2.low, r2.high) == (0.0, None, None)
    assert not any(c.rater_kind == "model" for c in changes)  # the network has no aided phase


def test_a_change_is_measured_on_the_cases_read_in_both_phases():
    """R1 answers exactly as before but skips, aided, the cases they got wrong (3 and 4): compared
    on different cases their sensitivity and specificity would rise; on the same cases nothing changes.
    R2 reads in the aided phase only and has no change."""
    from ecgreader.analysis.engine import phase_changes

    skipped_wrong = ALL.copy()
    skipped_wrong[[3, 4]] = False
    aided = ComparisonInput(("A", "B"), GOLD, [Rater("R1", "reader", R1, skipped_wrong, "GP")])
    changes = phase_changes(ComparisonInput(("A", "B"), GOLD, [Rater("R1", "reader", R1, ALL, "GP")]), aided,
                            bootstrap=200, seed=1)  # fmt: skip
    r1 = {c.metric: c for c in changes if c.rater == "R1" and c.rater_kind == "reader" and c.label == "A"}
    assert r1["sensitivity"].unaided == r1["sensitivity"].aided == 1.0  # 3 of 3 on the cases read twice
    assert r1["sensitivity"].change == 0.0 and r1["specificity"].change == 0.0
    with_r2 = ComparisonInput(("A", "B"), GOLD, [Rater("R1", "reader", R1, ALL, "GP"),
                                                 Rater("R2", "reader", R2, ALL, "GP")])  # fmt: skip
    assert {c.rater for c in phase_changes(aided, with_r2, bootstrap=50)} == {"R1", "GP"}
