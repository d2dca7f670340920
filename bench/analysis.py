"""Analysis speed: the full comparison for 10 labels x 10 readers in 2 groups x 1000 cases plus
the network, 1000 bootstrap resamples with BCa intervals (target <= 2 s), against a naive per-resample Python loop
with scikit-learn computing the same sensitivities (timed on --naive-resamples resamples and
scaled to 1000; the two are checked to agree on those resamples).

    python bench/analysis.py [--naive-resamples 40]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.metrics import confusion_matrix

from ecgreader.analysis.engine import ComparisonInput, Rater, analyse, rater_statistics
from ecgreader.analysis.intervals import bootstrap_weights
from ecgreader.analysis.mrmc_study import mrmc_rows

N_CASES, N_LABELS, N_READERS, RESAMPLES = 1000, 10, 10, 1000


def simulated_study(seed: int = 0, rating_scale: str = "binary") -> ComparisonInput:
    rng = np.random.default_rng(seed)
    gold = rng.random((N_CASES, N_LABELS)) < np.linspace(0.03, 0.4, N_LABELS)
    readers = []
    for r in range(N_READERS):
        sensitivity, false_positive = rng.uniform(0.5, 0.9), rng.uniform(0.02, 0.15)
        decisions = np.where(gold, rng.random(gold.shape) < sensitivity, rng.random(gold.shape) < false_positive)
        ratings = np.clip(decisions * 50 + rng.random(gold.shape) * 50, 0, 100) if rating_scale != "binary" else None
        group = "GP" if r < 5 else "Specialist"
        readers.append(Rater(f"reader {r}", "reader", decisions, np.ones(N_CASES, bool), group, ratings))
    scores = np.clip(gold * 0.35 + rng.random(gold.shape) * 0.65, 0, 1)
    model = Rater("network", "model", scores >= 0.5, np.ones(N_CASES, bool))
    labels = tuple(f"L{k}" for k in range(N_LABELS))
    return ComparisonInput(labels, gold, readers, model, scores, rating_scale=rating_scale)


def naive_sensitivities(data: ComparisonInput, weights: np.ndarray) -> np.ndarray:
    """Per resample, per rater, per label: expand the resample and call scikit-learn."""
    raters = [*data.readers, data.model]
    out = np.full((len(weights), len(raters), N_LABELS), np.nan)
    for b, w in enumerate(weights):
        index = np.repeat(np.arange(N_CASES), w)
        for r, rater in enumerate(raters):
            for k in range(N_LABELS):
                tn, fp, fn, tp = confusion_matrix(data.gold[index, k], rater.decisions[index, k], labels=[0, 1]).ravel()
                out[b, r, k] = tp / (tp + fn) if tp + fn else np.nan
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-resamples", type=int, default=40)
    args = parser.parse_args()
    data = simulated_study()
    analyse(data, bootstrap=20)  # warm-up (imports)
    start = time.perf_counter()
    analysis = analyse(data, bootstrap=RESAMPLES, seed=0)
    ours = time.perf_counter() - start
    assert len(analysis.rows) > 0

    weights = bootstrap_weights(N_CASES, RESAMPLES, 0)[: args.naive_resamples]
    start = time.perf_counter()
    naive = naive_sensitivities(data, weights)
    naive_seconds = (time.perf_counter() - start) * RESAMPLES / args.naive_resamples
    for r, rater in enumerate([*data.readers, data.model]):
        stats = rater_statistics(data.gold, [rater.decisions], [rater.rated], weights)
        assert np.allclose(stats.resamples["sensitivity"][:, :N_LABELS], naive[:, r], equal_nan=True)
    print(f"{N_LABELS} labels x {N_READERS} readers in 2 groups x {N_CASES} cases + network, {RESAMPLES} resamples")
    print(f"vectorised analysis (every metric, BCa/Wilson/DeLong CI, difference, test, kappa): {ours:.2f} s "
          "(target <= 2 s)")  # fmt: skip
    print(
        f"naive per-resample scikit-learn loop, sensitivity only: {naive_seconds:.1f} s "
        f"(timed on {args.naive_resamples} resamples, scaled to {RESAMPLES}; results identical)"
    )
    print(f"ratio: {naive_seconds / ours:.0f}x")
    rated = simulated_study(rating_scale="0-100")
    start = time.perf_counter()
    rows = mrmc_rows(rated, rated)  # the aided phase: the same reads again, for timing
    mrmc_seconds = time.perf_counter() - start
    print(f"MRMC analysis with 0-100 ratings, both phases ({len(rows)} rows: AUC, sensitivity, specificity; "
          f"every contrast, design and covariance): {mrmc_seconds:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
