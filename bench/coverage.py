"""Coverage of the 95 % CIs when readers *and* cases are redrawn: the MRMC analysis (Obuchowski–
Rockette, Hillis df, jackknife covariance, RRRC) next to a percentile bootstrap over cases
(readers fixed, as in the metric tables, whose intervals are BCa). Goal: RRRC coverage >= 0.93 for each quantity.

Each replication draws a study from one population: N cases at the given prevalence, each with a
case effect shared by every rater (how hard the ECG is), R readers with their own separation and
cut-off (reader variability), each reading with its own noise (reader × case), and a network that
shares the case effects. The true values are the population's: the mean over readers of the
reader's expected sensitivity / AUC, and the network's minus it. Printed per prevalence and
quantity (a group's sensitivity and AUC, network − readers for both): the share of replications
whose CI covers the truth for

- RRRC: the symmetric interval of ``mrmc.csv`` (RJafroc's and MRMCaov's), with the share of
  misses whose CI lies wholly above the truth (an even split is 0.50);
- logit: the same SE and df on the logit scale (``mrmc.logit_interval``; reader means only);
- bootstrap: the case-only percentile bootstrap;

and, to tell a wrong truth from a wrong interval, the mean estimate minus the truth and the
correlation of the RRRC estimate with its SE over the replications.

    python bench/coverage.py [--replications 1000] [--cases 1000] [--readers 10] [--bootstrap 200] [--seed 0]
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


def mrmc_results(truth, ratings, decisions) -> dict[str, tuple[mrmc.Inference, mrmc.Inference | None]]:
    """RRRC jackknife inferences of the readers' mean sensitivity and AUC and of network − readers,
    each with its logit-scale counterpart (None for the differences, which need none)."""
    results = {}
    for metric, scores in (("sensitivity", decisions), ("auc", ratings)):
        theta = mrmc.figures_of_merit(scores, truth, metric)
        sigma = mrmc.case_covariance(scores, truth, metric, "jackknife")
        single = mrmc.single_treatment(theta[1:], sigma[1:, 1:], "RRRC", "jackknife", test=False)
        results[metric] = (single, mrmc.logit_interval(single))
        results[f"network-readers {metric}"] = (mrmc.network_minus_readers(theta, sigma, "RRRC", "jackknife"), None)
    return results


def bootstrap_intervals(rng, truth, ratings, decisions, resamples: int) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap over cases (readers fixed, like the metric tables' BCa): same quantities."""
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


def covers(low: float, high: float, value: float) -> bool:
    return bool(low <= value <= high)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=1000, help="studies simulated per prevalence")
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=10)
    parser.add_argument("--bootstrap", type=int, default=200, help="resamples of the case-only bootstrap")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    truth_values = population_truth(rng)
    start = time.perf_counter()
    print(f"{args.replications} studies per prevalence: {args.cases} cases, {args.readers} readers (both redrawn)")
    print(f"{'prevalence':>10}  {'quantity':<28} {'true':>7}  {'RRRC':>6} {'high':>5}  {'logit':>6}  "
          f"{'bootstrap':>9}  {'bias':>7}  {'corr(est, SE)':>13}")  # fmt: skip
    for prevalence in PREVALENCES:
        rows: dict[str, list[tuple]] = {name: [] for name in truth_values}
        for _ in range(args.replications):
            truth, ratings, decisions = simulate(rng, args.cases, args.readers, prevalence)
            boot = bootstrap_intervals(rng, truth, ratings, decisions, args.bootstrap)
            for name, (rrrc, logit) in mrmc_results(truth, ratings, decisions).items():
                value = truth_values[name]
                logit_covers = logit is not None and covers(logit.ci_low, logit.ci_high, value)
                rrrc_covers = covers(rrrc.ci_low, rrrc.ci_high, value)
                rows[name].append(
                    (rrrc.estimate, rrrc.se, rrrc_covers, rrrc.ci_low > value, logit_covers, covers(*boot[name], value))
                )
        for name, values in rows.items():
            estimate, se, rrrc, above, logit, boot = np.array(values, float).T
            misses = int(len(rrrc) - rrrc.sum())
            high = f"{above.sum() / misses:.2f}" if misses else "-"
            logit_text = f"{logit.mean():.3f}" if name in ("sensitivity", "auc") else "-"
            flag = "" if rrrc.mean() >= 0.93 else "  RRRC < 0.93"
            print(f"{prevalence:>10.0%}  {name:<28} {truth_values[name]:>7.3f}  {rrrc.mean():>6.3f} {high:>5}  "
                  f"{logit_text:>6}  {boot.mean():>9.3f}  {np.nanmean(estimate) - truth_values[name]:>+7.4f}  "
                  f"{np.corrcoef(estimate, se)[0, 1]:>+13.2f}{flag}")  # fmt: skip
    print(f"({time.perf_counter() - start:.0f} s; coverage SE about {np.sqrt(0.95 * 0.05 / args.replications):.3f}; "
          "high: share of the RRRC misses whose CI lies above the truth)")  # fmt: skip


if __name__ == "__main__":
    main()
