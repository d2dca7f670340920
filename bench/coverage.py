"""Coverage of the 95 % CIs when readers *and* cases are redrawn: the MRMC analysis (Obuchowski–
Rockette, Hillis df, jackknife covariance, RRRC) next to the percentile bootstrap over cases
that the metric tables use (readers fixed). Goal: RRRC coverage >= 0.93 for each quantity.

Each replication draws a study from one population: N cases at the given prevalence, each with a
case effect shared by every rater (how hard the ECG is), R readers with their own separation and
cut-off (reader variability), each reading with its own noise (reader × case), and a network that
shares the case effects. The true values are the population's: the mean over readers of the
reader's expected sensitivity / AUC, and the network's minus it. Printed per prevalence: the
share of replications whose CI covers the truth, for a group's sensitivity, its AUC, and network −
readers (AUC and sensitivity).

    python bench/coverage.py [--replications 300] [--cases 1000] [--readers 10] [--bootstrap 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from scipy import stats

from ecgreader.analysis import mrmc

PREVALENCES = (0.02, 0.05, 0.10)
CASE_SD, NOISE_SD = np.sqrt(0.5), np.sqrt(0.5)  # case effect and reader × case noise; total SD 1
SEPARATION, SEPARATION_SD = 1.5, 0.3  # readers' mean shift of diseased cases, and its spread
CUT, CUT_SD = 1.0, 0.3  # readers' decision cut-offs
NETWORK_SEPARATION, NETWORK_CUT = 1.8, 1.0


def population_truth(rng: np.random.Generator, draws: int = 1_000_000) -> dict[str, float]:
    """Expected sensitivity and AUC of a random reader, and the network's differences from them."""
    separation = rng.normal(SEPARATION, SEPARATION_SD, draws)
    cut = rng.normal(CUT, CUT_SD, draws)
    total = np.hypot(CASE_SD, NOISE_SD)
    sensitivity = float(stats.norm.cdf((separation - cut) / total).mean())
    auc = float(stats.norm.cdf(separation / (np.sqrt(2) * total)).mean())
    network_sensitivity = float(stats.norm.cdf((NETWORK_SEPARATION - NETWORK_CUT) / total))
    network_auc = float(stats.norm.cdf(NETWORK_SEPARATION / (np.sqrt(2) * total)))
    return {
        "sensitivity": sensitivity,
        "auc": auc,
        "network-readers auc": network_auc - auc,
        "network-readers sensitivity": network_sensitivity - sensitivity,
    }


def simulate(rng: np.random.Generator, n_cases: int, n_readers: int, prevalence: float):
    """One study: truth (N,), ratings (R + 1, N) (network first), decisions (R + 1, N)."""
    truth = np.zeros(n_cases, bool)
    truth[: max(2, rng.binomial(n_cases, prevalence))] = True
    case_effect = rng.normal(0, CASE_SD, n_cases)
    separation = np.r_[NETWORK_SEPARATION, rng.normal(SEPARATION, SEPARATION_SD, n_readers)]
    cut = np.r_[NETWORK_CUT, rng.normal(CUT, CUT_SD, n_readers)]
    ratings = separation[:, None] * truth + case_effect + rng.normal(0, NOISE_SD, (n_readers + 1, n_cases))
    return truth, ratings, (ratings >= cut[:, None]).astype(float)


def mrmc_intervals(truth, ratings, decisions) -> dict[str, tuple[float, float]]:
    """RRRC jackknife CIs of the readers' mean sensitivity and AUC and of network − readers."""
    intervals = {}
    for metric, scores in (("sensitivity", decisions), ("auc", ratings)):
        theta = mrmc.figures_of_merit(scores, truth, metric)
        sigma = mrmc.case_covariance(scores, truth, metric, "jackknife")
        single = mrmc.single_treatment(theta[1:], sigma[1:, 1:], "RRRC", "jackknife", test=False)
        intervals[metric] = (single.ci_low, single.ci_high)
        difference = mrmc.network_minus_readers(theta, sigma, "RRRC", "jackknife")
        intervals[f"network-readers {metric}"] = (difference.ci_low, difference.ci_high)
    return intervals


def bootstrap_intervals(rng, truth, ratings, decisions, resamples: int) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap over cases (readers fixed), as the metric tables: same quantities."""
    n = len(truth)
    weights = np.zeros((resamples, n))
    np.add.at(weights, (np.arange(resamples)[:, None], rng.integers(0, n, (resamples, n))), 1)
    w_pos, w_neg = weights[:, truth], weights[:, ~truth]
    with np.errstate(invalid="ignore", divide="ignore"):
        sensitivity = (w_pos @ decisions[:, truth].T) / w_pos.sum(axis=1, keepdims=True)  # (B, R + 1)
        auc = np.empty_like(sensitivity)
        for p in range(ratings.shape[0]):
            diff = ratings[p, truth][:, None] - ratings[p, ~truth][None, :]
            psi = (diff > 0) + 0.5 * (diff == 0)  # (m, n)
            auc[:, p] = ((w_pos @ psi) * w_neg).sum(axis=1) / (w_pos.sum(axis=1) * w_neg.sum(axis=1))
    samples = {
        "sensitivity": np.nanmean(sensitivity[:, 1:], axis=1),
        "auc": np.nanmean(auc[:, 1:], axis=1),
        "network-readers sensitivity": sensitivity[:, 0] - np.nanmean(sensitivity[:, 1:], axis=1),
        "network-readers auc": auc[:, 0] - np.nanmean(auc[:, 1:], axis=1),
    }
    return {name: tuple(np.nanpercentile(values, [2.5, 97.5])) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=300, help="studies simulated per prevalence")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--bootstrap", type=int, default=200, help="resamples of the case-only bootstrap")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    truth_values = population_truth(rng)
    quantities = list(truth_values)
    start = time.perf_counter()
    print(f"{args.replications} studies per prevalence: {args.cases} cases, {args.readers} readers (both redrawn)")
    print(f"{'prevalence':>10}  {'quantity':<28} {'true':>7}  {'RRRC':>6}  {'bootstrap':>9}")
    for prevalence in PREVALENCES:
        covered = {method: dict.fromkeys(quantities, 0) for method in ("RRRC", "bootstrap")}
        for _ in range(args.replications):
            truth, ratings, decisions = simulate(rng, args.cases, args.readers, prevalence)
            for method, intervals in (
                ("RRRC", mrmc_intervals(truth, ratings, decisions)),
                ("bootstrap", bootstrap_intervals(rng, truth, ratings, decisions, args.bootstrap)),
            ):
                for name in quantities:
                    low, high = intervals[name]
                    covered[method][name] += bool(low <= truth_values[name] <= high)
        for name in quantities:
            rrrc, boot = (covered[m][name] / args.replications for m in ("RRRC", "bootstrap"))
            flag = "" if rrrc >= 0.93 else "  < 0.93"
            print(f"{prevalence:>10.0%}  {name:<28} {truth_values[name]:>7.3f}  {rrrc:>6.3f}  {boot:>9.3f}{flag}")
    print(f"({time.perf_counter() - start:.0f} s; coverage SE about {np.sqrt(0.95 * 0.05 / args.replications):.3f})")


if __name__ == "__main__":
    main()
