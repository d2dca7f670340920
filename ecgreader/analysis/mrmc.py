"""Multi-reader multi-case (MRMC) inference: Obuchowski–Rockette (1995) with Hillis's (2007)
degrees of freedom, readers and cases both random (RRRC), or one of them fixed (FRRC, RRFC).

The analysis is a pipeline of small steps, as in MRMCaov and RJafroc, each on plain arrays:

1. figures of merit ``θ`` (P,) of P rating rows (a reader in a phase, or the network) on the
   same N cases: :func:`figures_of_merit` — AUC (trapezoidal / Wilcoxon, ties count ½),
   sensitivity (decisions on the diseased cases), specificity (on the non-diseased cases);
2. their covariance over cases ``Σ`` (P, P): :func:`jackknife_covariance` of the
   leave-one-case-out figures (:func:`jackknife_foms`; for sensitivity over the diseased cases
   only, for specificity over the non-diseased only, as MRMCaov does) or, for AUC,
   :func:`delong_covariance` (DeLong, DeLong & Clarke-Pearson 1988);
3. the OR components of a treatment × reader layout: :func:`or_components` — MS(T), MS(R),
   MS(TR), Var, Cov1 (same reader, other treatment), Cov2 (same treatment, other reader), Cov3
   (other treatment and reader);
4. the test, df and CI of one contrast and design: :func:`compare_treatments` (two treatments,
   the same readers: aided − unaided), :func:`single_treatment` (a reader mean with its CI;
   applied to the differences network − reader it is the single-treatment comparison of an
   algorithm with readers, Chakraborty's "CAD vs radiologists" 1T-RRRC) and
   :func:`compare_groups` (two groups of different readers on the same cases).

Every result is an :class:`Inference` whose fields spell out the design, the covariance method,
the df and the statistic (t, or z where the df are infinite). :func:`logit_interval` rebuilds the
CI of a figure of merit (not of a difference) on the logit scale, for few diseased cases near an
end of the scale, where the symmetric interval misses on that end's side (``bench/coverage.py``).
:func:`holm` adjusts p-values. Undefined values (too few cases of a class, one reader where
readers are random) are NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy import special

METRICS = ("auc", "sensitivity", "specificity")
DESIGNS = ("RRRC", "FRRC", "RRFC")
COVARIANCES = ("jackknife", "delong")
ALPHA = 0.05


# -- 1. figures of merit ---------------------------------------------------------------------


def auc_placements(ratings: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Wilcoxon AUC and its placement values.

    ``ratings`` (P, N), higher = more suspicious; ``truth`` (N,) bool. Returns the AUC (P,),
    V10 (P, m): for each diseased case the share of non-diseased cases rated lower (ties ½), and
    V01 (P, n): for each non-diseased case the share of diseased cases rated higher (ties ½).
    """
    truth = np.asarray(truth, bool)
    diseased, healthy = ratings[:, truth], ratings[:, ~truth]
    m, n = diseased.shape[1], healthy.shape[1]
    v10 = np.empty((ratings.shape[0], m))
    v01 = np.empty((ratings.shape[0], n))
    for p in range(ratings.shape[0]):
        sorted_healthy, sorted_diseased = np.sort(healthy[p]), np.sort(diseased[p])
        below = np.searchsorted(sorted_healthy, diseased[p], "left")
        tied = np.searchsorted(sorted_healthy, diseased[p], "right") - below
        v10[p] = (below + 0.5 * tied) / max(n, 1)
        at_or_below = np.searchsorted(sorted_diseased, healthy[p], "right")
        tied = at_or_below - np.searchsorted(sorted_diseased, healthy[p], "left")
        v01[p] = (m - at_or_below + 0.5 * tied) / max(m, 1)
    with np.errstate(invalid="ignore"):
        auc = v10.mean(axis=1) if m and n else np.full(ratings.shape[0], np.nan)
    return auc, v10, v01


def _cases_of(metric: str, truth: np.ndarray) -> np.ndarray:
    """The cases a metric is computed (and jackknifed) over: (N,) bool."""
    if metric == "sensitivity":
        return truth
    if metric == "specificity":
        return ~truth
    if metric == "auc":
        return np.ones_like(truth)
    raise ValueError(f"unknown metric {metric!r} (one of {', '.join(METRICS)})")


def figures_of_merit(ratings: np.ndarray, truth: np.ndarray, metric: str) -> np.ndarray:
    """θ (P,) of each rating row (P, N) against ``truth`` (N,); sensitivity and specificity read
    the ratings as 0/1 decisions."""
    truth = np.asarray(truth, bool)
    if metric == "auc":
        return auc_placements(ratings, truth)[0]
    cases = _cases_of(metric, truth)
    if not cases.any():
        return np.full(ratings.shape[0], np.nan)
    positive = ratings[:, cases] > 0
    return (positive if metric == "sensitivity" else ~positive).mean(axis=1)


# -- 2. covariance over cases ----------------------------------------------------------------


def jackknife_foms(ratings: np.ndarray, truth: np.ndarray, metric: str) -> np.ndarray:
    """Leave-one-case-out figures of merit (P, K) over the K cases the metric is jackknifed over
    (all N for AUC, the diseased for sensitivity, the non-diseased for specificity)."""
    truth = np.asarray(truth, bool)
    if metric == "auc":
        return auc_jackknife(truth, *auc_placements(ratings, truth))
    cases = _cases_of(metric, truth)
    k = int(cases.sum())
    if k < 2:
        return np.full((ratings.shape[0], 0), np.nan)
    positive = (ratings[:, cases] > 0).astype(float)
    hits = positive if metric == "sensitivity" else 1.0 - positive
    return (hits.sum(axis=1, keepdims=True) - hits) / (k - 1)


def auc_jackknife(truth: np.ndarray, auc: np.ndarray, v10: np.ndarray, v01: np.ndarray) -> np.ndarray:
    """Leave-one-case-out AUCs (P, N) from the placements: without diseased case i
    (m·AUC − V10_i)/(m − 1), without non-diseased case j (n·AUC − V01_j)/(n − 1)."""
    m, n = v10.shape[1], v01.shape[1]
    if m < 2 or n < 2:
        return np.full((len(auc), 0), np.nan)
    jack = np.empty((len(auc), len(truth)))
    jack[:, truth] = (m * auc[:, None] - v10) / (m - 1)
    jack[:, ~truth] = (n * auc[:, None] - v01) / (n - 1)
    return jack


def jackknife_covariance(jack: np.ndarray) -> np.ndarray:
    """Σ (P, P) = (K − 1) / K · Σ_k (θ_(k) − θ̄_(·))(θ_(k) − θ̄_(·))ᵀ from leave-one-out FOMs (P, K)."""
    k = jack.shape[1]
    if k < 2:
        return np.full((jack.shape[0], jack.shape[0]), np.nan)
    centred = jack - jack.mean(axis=1, keepdims=True)
    return (k - 1) / k * centred @ centred.T


def delong_covariance(ratings: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """DeLong's covariance (P, P) of the Wilcoxon AUCs of rating rows (P, N): S10 / m + S01 / n
    with S10, S01 the covariances of the placement values over diseased / non-diseased cases."""
    return placement_covariance(*auc_placements(ratings, np.asarray(truth, bool))[1:])


def placement_covariance(v10: np.ndarray, v01: np.ndarray) -> np.ndarray:
    """DeLong's S10 / m + S01 / n from placement values V10 (P, m) and V01 (P, n)."""
    m, n = v10.shape[1], v01.shape[1]
    if m < 2 or n < 2:
        return np.full((v10.shape[0], v10.shape[0]), np.nan)
    return np.atleast_2d(np.cov(v10)) / m + np.atleast_2d(np.cov(v01)) / n


def foms_and_covariances(
    ratings: np.ndarray, truth: np.ndarray, metric: str, covariances: tuple[str, ...]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """θ (P,) and Σ (P, P) by each method of ``covariances``, computing AUC placements once."""
    truth = np.asarray(truth, bool)
    if metric != "auc":
        return figures_of_merit(ratings, truth, metric), {
            c: case_covariance(ratings, truth, metric, c) for c in covariances
        }
    auc, v10, v01 = auc_placements(ratings, truth)
    sigma = {}
    for covariance in covariances:
        if covariance == "delong":
            sigma[covariance] = placement_covariance(v10, v01)
        else:
            sigma[covariance] = jackknife_covariance(auc_jackknife(truth, auc, v10, v01))
    return auc, sigma


def case_covariance(ratings: np.ndarray, truth: np.ndarray, metric: str, covariance: str) -> np.ndarray:
    """Σ (P, P) of the FOMs of rating rows (P, N) by ``covariance`` ("jackknife" or "delong")."""
    if covariance == "delong":
        if metric != "auc":
            raise ValueError("DeLong's covariance is for AUC only")
        return delong_covariance(ratings, truth)
    if covariance != "jackknife":
        raise ValueError(f"unknown covariance method {covariance!r}")
    return jackknife_covariance(jackknife_foms(ratings, truth, metric))


# -- 3. Obuchowski–Rockette components -------------------------------------------------------


@dataclass(frozen=True)
class ORComponents:
    """Mean squares of the FOM matrix θ (T, R) and the OR covariances of Σ (T·R, T·R), index
    t·R + r. With one treatment MS(T), MS(TR), Cov1 and Cov3 are NaN; with one reader MS(R),
    MS(TR), Cov2 and Cov3 are."""

    treatments: int
    readers: int
    ms_t: float
    ms_r: float
    ms_tr: float
    var: float
    cov1: float
    cov2: float
    cov3: float


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if values.size else math.nan


def or_components(theta: np.ndarray, sigma: np.ndarray) -> ORComponents:
    """OR components of θ (T, R) and its case covariance Σ (T·R, T·R)."""
    n_t, n_r = theta.shape
    grand = theta.mean()
    ms_t = n_r * ((theta.mean(axis=1) - grand) ** 2).sum() / (n_t - 1) if n_t > 1 else math.nan
    ms_r = n_t * ((theta.mean(axis=0) - grand) ** 2).sum() / (n_r - 1) if n_r > 1 else math.nan
    interaction = theta - theta.mean(axis=1, keepdims=True) - theta.mean(axis=0, keepdims=True) + grand
    ms_tr = (interaction**2).sum() / ((n_t - 1) * (n_r - 1)) if n_t > 1 and n_r > 1 else math.nan
    t = np.repeat(np.arange(n_t), n_r)
    r = np.tile(np.arange(n_r), n_t)
    same_t, same_r = t[:, None] == t[None, :], r[:, None] == r[None, :]
    return ORComponents(
        n_t,
        n_r,
        float(ms_t),
        float(ms_r),
        float(ms_tr),
        _mean(np.diag(sigma)),
        _mean(sigma[~same_t & same_r]),
        _mean(sigma[same_t & ~same_r]),
        _mean(sigma[~same_t & ~same_r]),
    )


# -- 4. tests and intervals ------------------------------------------------------------------


@dataclass(frozen=True)
class Inference:
    """One estimate with its standard error, df (inf: normal), statistic (t, or z when df is
    inf; NaN where no hypothesis is tested), two-sided p and 95 % CI."""

    design: str
    covariance: str
    estimate: float
    se: float
    df: float
    statistic: float
    p: float
    ci_low: float
    ci_high: float


def _inference(design: str, covariance: str, estimate: float, variance: float, df: float, test: bool) -> Inference:
    """The t (df finite) or z (df infinite) interval and test of ``estimate`` with ``variance``."""
    se = math.sqrt(variance) if np.isfinite(variance) and variance >= 0 else math.nan
    if not np.isfinite(estimate) or not np.isfinite(se):
        se = df = math.nan  # nothing estimated (no case every rater read), or no variance: no SE or df to state
    if not (np.isfinite(se) and se > 0 and df > 0):
        return Inference(design, covariance, estimate, se, df, math.nan, math.nan, math.nan, math.nan)
    critical = _critical(df)
    statistic = p = math.nan
    if test:
        statistic = estimate / se
        p = float(2 * (special.ndtr(-abs(statistic)) if math.isinf(df) else special.stdtr(df, -abs(statistic))))
    return Inference(design, covariance, estimate, se, df, statistic, p, estimate - critical * se,
                     estimate + critical * se)  # fmt: skip


def _critical(df: float) -> float:
    """The two-sided 1 − ALPHA quantile: normal where df is infinite, else Student's t (scipy.special's
    functions: fast enough for thousands of rows)."""
    return float(special.ndtri(1 - ALPHA / 2) if math.isinf(df) else special.stdtrit(df, 1 - ALPHA / 2))


def logit_interval(result: Inference) -> Inference:
    """``result`` with its CI rebuilt on the logit scale, for a figure of merit in (0, 1) such as a
    reader-mean AUC or sensitivity (not a difference): expit(logit θ ± c·SE / (θ(1 − θ))), the same
    SE and critical value c (t with the same df, or z) carried over by the delta method; estimate,
    SE, df and any test are unchanged. NaN CI where θ is 0 or 1 or the symmetric CI is undefined.

    Why: with few diseased cases near an end of the scale (AUC or sensitivity near 1) the estimated
    SE shrinks as the estimate moves towards that end, so the symmetric interval is too short
    exactly when the estimate overshoots and misses mostly on that side (``bench/coverage.py``
    prints the coverage, where the misses fall and the correlation of estimate and SE). The logit
    interval is the usual remedy for one AUC or proportion (Brown, Cai & DasGupta, Stat Sci 2001;
    Pepe, The Statistical Evaluation of Medical Tests, 2003; Kottas, Kuss & Zapf, BMC Med Res
    Methodol 2014); here it is applied to the Obuchowski–Rockette reader mean. RJafroc and MRMCaov
    print the symmetric interval.
    """
    theta, se = result.estimate, result.se
    if not (0 < theta < 1 and np.isfinite(result.ci_low) and np.isfinite(result.ci_high)):
        return replace(result, ci_low=math.nan, ci_high=math.nan)
    centre, half = float(special.logit(theta)), _critical(result.df) * se / (theta * (1 - theta))
    return replace(result, ci_low=float(special.expit(centre - half)), ci_high=float(special.expit(centre + half)))


def hillis_df(denominator: float, mean_square: float, df_mean_square: float) -> float:
    """Hillis (2007): ddf = den² / (MS² / df_MS), the df of a denominator that is a mean square
    plus a (treated as known) case covariance term; infinite when the mean square is 0."""
    if not np.isfinite(mean_square) or not np.isfinite(denominator):
        return math.nan
    if mean_square <= 0:
        return math.inf
    return denominator**2 / (mean_square**2 / df_mean_square)


def compare_treatments(theta: np.ndarray, sigma: np.ndarray, design: str, covariance: str) -> Inference:
    """Mean over readers of treatment 1 minus treatment 0: θ (2, R), Σ (2R, 2R) (index t·R + r).

    RRRC: den = MS(TR) + R·max(Cov2 − Cov3, 0), SE = √(2·den/R), df = den² / (MS(TR)² / (R − 1))
    (Hillis 2007); FRRC: den = Var − Cov1 + (R − 1)·max(Cov2 − Cov3, 0), z; RRFC: den = MS(TR),
    df = R − 1 (Obuchowski & Rockette 1995). For two treatments t² is the OR F statistic.
    """
    c = or_components(theta, sigma)
    n_r = c.readers
    estimate = float(theta[1].mean() - theta[0].mean())
    if design not in DESIGNS:
        raise ValueError(f"unknown design {design!r}")
    if n_r < 2 and design != "FRRC":  # one reader: the readers' variability cannot be estimated
        return _inference(design, covariance, estimate, math.nan, math.nan, test=True)
    if design == "RRRC":
        den = c.ms_tr + n_r * max(c.cov2 - c.cov3, 0.0)
        df = hillis_df(den, c.ms_tr, n_r - 1)
    elif design == "FRRC":
        den = c.var - c.cov1 + (n_r - 1) * max(c.cov2 - c.cov3, 0.0) if n_r > 1 else c.var - c.cov1
        df = math.inf
    else:  # RRFC
        den, df = c.ms_tr, float(n_r - 1)
    return _inference(design, covariance, estimate, 2 * den / n_r, df, test=True)


def single_treatment(theta: np.ndarray, sigma: np.ndarray, design: str, covariance: str, test: bool) -> Inference:
    """Mean over readers of θ (R,) with Σ (R, R); ``test``: also test mean = 0 (use it on
    differences such as network − reader).

    RRRC: den = MS(R) + R·max(Cov2, 0), SE = √(den/R), df = den² / (MS(R)² / (R − 1)) (Hillis
    2007); FRRC: SE = √((Var + (R − 1)·max(Cov2, 0)) / R), normal; RRFC: SE = √(MS(R)/R),
    df = R − 1.
    """
    c = or_components(theta[None, :], sigma)
    n_r = c.readers
    estimate = float(theta.mean())
    if design not in DESIGNS:
        raise ValueError(f"unknown design {design!r}")
    if n_r < 2 and design != "FRRC":  # one reader: the readers' variability cannot be estimated
        return _inference(design, covariance, estimate, math.nan, math.nan, test)
    cov2 = max(c.cov2, 0.0) if n_r > 1 else 0.0
    if design == "RRRC":
        den = c.ms_r + n_r * cov2
        df = hillis_df(den, c.ms_r, n_r - 1)
    elif design == "FRRC":
        den, df = c.var + (n_r - 1) * cov2, math.inf
    else:  # RRFC
        den, df = c.ms_r, float(n_r - 1)
    return _inference(design, covariance, estimate, den / n_r, df, test)


def difference_contrast(n_readers: int) -> np.ndarray:
    """A (R, R + 1): row r gives θ_network − θ_reader r from FOMs ordered [network, readers…]."""
    contrast = np.zeros((n_readers, n_readers + 1))
    contrast[:, 0] = 1.0
    contrast[np.arange(n_readers), np.arange(n_readers) + 1] = -1.0
    return contrast


def network_minus_readers(theta: np.ndarray, sigma: np.ndarray, design: str, covariance: str) -> Inference:
    """θ_network − mean reader θ: θ (R + 1,) ordered [network, readers…], Σ (R + 1, R + 1).

    The per-reader differences d = A θ (covariance A Σ Aᵀ) are analysed as one treatment
    (:func:`single_treatment`): the network's case variability is in Σ, and it has no reader
    variability (Chakraborty's 1T-RRRC comparison of an algorithm with radiologists).
    """
    contrast = difference_contrast(len(theta) - 1)
    return single_treatment(contrast @ theta, contrast @ sigma @ contrast.T, design, covariance, test=True)


def compare_groups(
    theta_a: np.ndarray, theta_b: np.ndarray, sigma: np.ndarray, design: str, covariance: str
) -> Inference:
    """Mean θ of group A (R_A,) minus group B (R_B,), readers nested in groups, cases crossed;
    Σ (R_A + R_B, R_A + R_B) ordered [A…, B…].

    Case part C = wᵀ Σ w − (Var_A − Cov2_A)/R_A − (Var_B − Cov2_B)/R_B = Cov2_A + Cov2_B − 2·Cov_AB
    (w the ±1/R weights), the reader-and-error part MS(R)_A/R_A + MS(R)_B/R_B:
    RRRC: variance = MS(R)_A/R_A + MS(R)_B/R_B + max(C, 0), Satterthwaite df treating C as known
    (Hillis 2007's approach); FRRC: variance = wᵀ Σ w, normal; RRFC: the MS part alone, Welch df.
    """
    n_a, n_b = len(theta_a), len(theta_b)
    estimate = float(theta_a.mean() - theta_b.mean())
    weights = np.r_[np.full(n_a, 1 / n_a), np.full(n_b, -1 / n_b)]
    if design == "FRRC":
        return _inference(design, covariance, estimate, float(weights @ sigma @ weights), math.inf, test=True)
    if n_a < 2 or n_b < 2:
        return _inference(design, covariance, estimate, math.nan, math.nan, test=True)
    part_a, part_b = np.var(theta_a, ddof=1) / n_a, np.var(theta_b, ddof=1) / n_b
    reader_df = part_a**2 / (n_a - 1) + part_b**2 / (n_b - 1)  # Satterthwaite: Σ (MS/R)² / (R − 1)
    welch = (part_a + part_b) ** 2 / reader_df if reader_df > 0 else math.inf
    if design == "RRFC":
        return _inference(design, covariance, estimate, part_a + part_b, welch, test=True)
    if design != "RRRC":
        raise ValueError(f"unknown design {design!r}")
    block_a, block_b = sigma[:n_a, :n_a], sigma[n_a:, n_a:]
    cov2_a = _mean(block_a[~np.eye(n_a, dtype=bool)])
    cov2_b = _mean(block_b[~np.eye(n_b, dtype=bool)])
    case_part = cov2_a + cov2_b - 2 * _mean(sigma[:n_a, n_a:])
    variance = part_a + part_b + max(case_part, 0.0)
    df = variance**2 / reader_df if reader_df > 0 else math.inf
    return _inference(design, covariance, estimate, variance, df, test=True)


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values (NaN stays NaN, not counted)."""
    p_values = np.asarray(p_values, float)
    adjusted = np.full_like(p_values, np.nan)
    defined = np.flatnonzero(np.isfinite(p_values))
    order = defined[np.argsort(p_values[defined], kind="stable")]
    m = len(order)
    running = 0.0
    for i, index in enumerate(order):
        running = max(running, min(1.0, (m - i) * p_values[index]))
        adjusted[index] = running
    return adjusted
