"""Power and sample size of an Obuchowski–Rockette reader study: how many readers and cases a
study needs to detect a difference of figures of merit (two modalities, e.g. aided − unaided).

A pivotal study's variability is extrapolated from a pilot's OR variance components (Hillis,
Obuchowski & Berbaum 2011, "Power estimation for multireader ROC methods: an updated and unified
approach", Acad Radiol 18:129–142): the case-covariance terms scale with K*/K (pilot cases over
pivotal cases), the treatment × reader variance σ²_TR does not. Under the alternative the OR F
statistic follows a non-central F with λ = J·d²/(2·den) and Hillis's denominator df (Hillis &
Berbaum 2004 for the power formula; Hillis 2007 for the df):

    den  = σ²_TR + K*/K · (Var − Cov1 + (J − 1) · max(Cov2 − Cov3, 0))           (RRRC)
    ddf  = den² / ((σ²_TR + K*/K · (Var − Cov1 − max(Cov2 − Cov3, 0)))² / (J − 1))

FRRC drops σ²_TR and uses a χ²₁ (infinite df); RRFC uses den = E[MS(TR)] with J − 1 df. The
pilot's σ²_TR = MS(TR) − Var + Cov1 + max(Cov2 − Cov3, 0) (eqn 9), taken as 0 when negative.
This is RJafroc's ``SsPowerGivenJK`` / ``SsSampleSizeKGivenJ``, whose published outputs for the
Van Dyke data the tests assert.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ecgreader.analysis import mrmc
from ecgreader.analysis.engine import ComparisonInput

ALPHA = 0.05
TARGET_POWER = 0.8
MAX_CASES = 100_000  # beyond this a design is called infeasible rather than searched further


@dataclass(frozen=True)
class VarianceComponents:
    """OR variance components of one figure of merit, and the number of pilot cases K* they
    were estimated on (the case terms are per K* cases)."""

    var_tr: float  # σ²_TR, treatment × reader variance (≥ 0)
    var: float  # Var: variance of a reader's FOM over cases
    cov1: float  # same reader, other treatment
    cov2: float  # same treatment, other reader
    cov3: float  # other treatment and reader
    pilot_cases: int  # K*

    def __post_init__(self) -> None:
        if self.pilot_cases < 2:
            raise ValueError(f"the pilot needs at least 2 cases, not {self.pilot_cases}")
        if not all(math.isfinite(v) for v in (self.var_tr, self.var, self.cov1, self.cov2, self.cov3)):
            raise ValueError("variance components must be finite numbers")
        if self.var <= 0:
            raise ValueError(f"Var must be positive, not {self.var:g}")
        if self.var_tr < 0:
            raise ValueError(f"var_tr is a variance: it cannot be negative ({self.var_tr:g})")
        for name, value in (("Cov1", self.cov1), ("Cov2", self.cov2), ("Cov3", self.cov3)):
            if abs(value) > self.var:  # an average covariance beyond the variance is a correlation beyond 1
                raise ValueError(f"{name} ({value:g}) cannot exceed Var ({self.var:g}) in size")


@dataclass(frozen=True)
class Power:
    """The power of one design, with the quantities it came from."""

    design: str
    readers: int
    cases: int
    effect: float
    power: float
    noncentrality: float
    df: float  # denominator df (inf: χ² test)


def components_from_or(c: mrmc.ORComponents, pilot_cases: int) -> VarianceComponents:
    """σ²_TR (Hillis et al. 2011 eqn 9, negative estimates set to 0) and the covariances of a
    two-treatment pilot's OR components."""
    if c.treatments != 2 or c.readers < 2:
        raise ValueError("a pilot needs two modalities read by at least two readers")
    var_tr = c.ms_tr - c.var + c.cov1 + max(c.cov2 - c.cov3, 0.0)
    return VarianceComponents(max(var_tr, 0.0), c.var, c.cov1, c.cov2, c.cov3, pilot_cases)


@dataclass(frozen=True)
class Pilot:
    """What a pilot study gives a plan: its variance components and the observed effect."""

    components: VarianceComponents
    observed_effect: float  # modality 1 − modality 0 (aided − unaided), reader means
    readers: int


def pilot_from_study(
    unaided: ComparisonInput, aided: ComparisonInput, label: str, metric: str = "auc", covariance: str = "jackknife"
) -> Pilot:
    """Variance components of ``label``'s ``metric`` from a study's aided and unaided reads (the
    readers who read in both phases, on the cases they all rated in both), as ``mrmc`` computes
    them for the aided − unaided analysis."""
    if label not in unaided.labels:
        raise ValueError(f"label {label!r} is not in the study (labels: {', '.join(unaided.labels)})")
    if metric == "auc" and unaided.rating_scale == "binary":
        raise ValueError("AUC needs ratings; this study's readers answered present/absent")
    k = unaided.labels.index(label)
    after = {r.name: r for r in aided.readers}
    paired = [r for r in unaided.readers if r.name in after]
    if len(paired) < 2:
        raise ValueError("a pilot needs at least two readers who read both unaided and aided")
    raters = paired + [after[r.name] for r in paired]
    common = np.all([r.rated for r in raters], axis=0)
    truth = unaided.gold[common, k].astype(bool)
    if not common.any():
        raise ValueError("no case was read by every reader in both phases: a pilot needs cases they all read")
    if truth.all() or not truth.any():
        missing = "negative" if truth.any() else "positive"
        raise ValueError(f"label {label!r} has no {missing} case among the {int(common.sum())} cases every reader "
                         f"read in both phases: a pilot needs both")  # fmt: skip

    def scores(rater) -> np.ndarray:
        use_ratings = metric == "auc" and rater.ratings is not None
        return (rater.ratings[:, k] if use_ratings else rater.decisions[:, k].astype(float))[common]

    theta, sigmas = mrmc.foms_and_covariances(np.stack([scores(r) for r in raters]), truth, metric, (covariance,))
    theta = theta.reshape(2, len(paired))
    or_components = mrmc.or_components(theta, sigmas[covariance])
    if not or_components.var > 0:
        raise ValueError(
            f"label {label!r}: the readers' {metric} does not vary over the pilot's cases "
            f"(Var {or_components.var:g}; all ratings tied?), so the pilot gives no variance to plan with"
        )
    components = components_from_or(or_components, int(common.sum()))
    return Pilot(components, float(theta[1].mean() - theta[0].mean()), len(paired))


def power(
    components: VarianceComponents, readers: int, cases: int, effect: float, design: str = "RRRC", alpha: float = ALPHA
) -> Power:
    """Power of the OR test of two modalities with ``readers`` readers (J) and ``cases`` cases (K)
    to detect a difference ``effect`` in reader-mean FOM (two-sided, size ``alpha``)."""
    if readers < 2 and design != "FRRC":
        raise ValueError(f"random readers need at least 2 readers, not {readers}")
    if readers < 1 or cases < 1:
        raise ValueError("readers and cases must be positive")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha:g}")
    c, scale = components, components.pilot_cases / cases
    between = max(c.cov2 - c.cov3, 0.0)
    interaction = c.var_tr + scale * (c.var - c.cov1 - between)  # E[MS(TR)] in the pivotal study
    if design == "RRRC":
        den = c.var_tr + scale * (c.var - c.cov1 + (readers - 1) * between)
        df = den**2 / (interaction**2 / (readers - 1)) if interaction > 0 else math.inf
    elif design == "FRRC":
        den, df = scale * (c.var - c.cov1 + (readers - 1) * between), math.inf
    elif design == "RRFC":
        den, df = interaction, float(readers - 1)
    else:
        raise ValueError(f"unknown design {design!r} (one of {', '.join(mrmc.DESIGNS)})")
    if den <= 0:
        raise ValueError("the variance components give no variance for this design (Var − Cov1 ≤ 0?)")
    ncp = effect**2 * readers / 2 / den
    # scipy's non-central distributions misbehave at λ = 0, where power is the test's size
    if math.isinf(df):
        critical = stats.chi2.ppf(1 - alpha, 1)
        value = stats.ncx2.sf(critical, 1, ncp) if ncp > 0 else stats.chi2.sf(critical, 1)
    else:
        critical = stats.f.ppf(1 - alpha, 1, df)
        value = stats.ncf.sf(critical, 1, df, ncp) if ncp > 0 else stats.f.sf(critical, 1, df)
    return Power(design, readers, cases, effect, float(value), float(ncp), float(df))


def cases_needed(
    components: VarianceComponents,
    readers: int,
    effect: float,
    target: float = TARGET_POWER,
    design: str = "RRRC",
    alpha: float = ALPHA,
) -> Power | None:
    """The fewest cases giving at least ``target`` power with ``readers`` readers (RJafroc's
    ``SsSampleSizeKGivenJ``); None where no number of cases up to MAX_CASES does (with random
    readers, more cases cannot remove the reader variability σ²_TR)."""
    if not 0 < target < 1:
        raise ValueError(f"target power must be between 0 and 1, not {target}")
    if effect == 0:
        return None
    if power(components, readers, MAX_CASES, effect, design, alpha).power < target:
        return None
    low, high = 1, MAX_CASES  # power grows with K: bisect for the first K reaching the target
    while low < high:
        middle = (low + high) // 2
        if power(components, readers, middle, effect, design, alpha).power >= target:
            high = middle
        else:
            low = middle + 1
    return power(components, readers, low, effect, design, alpha)


def power_table(
    components: VarianceComponents,
    effect: float,
    readers: range = range(3, 21),
    target: float = TARGET_POWER,
    design: str = "RRRC",
    alpha: float = ALPHA,
) -> list[Power]:
    """For each number of readers, the fewest cases reaching ``target`` (designs that cannot are left out)."""
    rows = (cases_needed(components, j, effect, target, design, alpha) for j in readers)
    return [row for row in rows if row is not None]


def pilot_of_study(source, label: str, metric: str = "auc", covariance: str = "jackknife") -> Pilot:
    """:func:`pilot_from_study` on an open study file (``source``: a StudyDatabase or a snapshot)."""
    from ecgreader.analysis.from_study import comparison_input
    from ecgreader.store.database import session_for_reading

    with session_for_reading(source) as snapshot:
        return pilot_from_study(comparison_input(snapshot), comparison_input(snapshot, "aided"), label, metric,
                                covariance)  # fmt: skip
