"""The comparison figures: what each shows and names, drawn once on a small rating-scale study."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import LineCollection

from ecgreader.analysis.engine import ComparisonInput, Rater, analyse
from ecgreader.analysis.figures import _roc, all_figures, draw_figures, kappa_matrix, roc_curves

READERS = (("Dr A", "GP"), ("Dr B", "GP"), ("Dr C", "Cardiology"))


@pytest.fixture(scope="module")
def study() -> tuple[ComparisonInput, object]:
    """Three readers in two groups rating two labels of 60 cases (0-100), and a network."""
    rng = np.random.default_rng(3)
    gold = rng.random((60, 2)) < 0.4
    everyone = np.ones(60, bool)

    def ratings(skill: float) -> np.ndarray:
        return np.clip(50 + 30 * (skill * (gold - 0.5) + rng.normal(0, 0.5, gold.shape)), 0, 100).round()

    readers = []
    for (name, group), skill in zip(READERS, (1.0, 1.5, 2.0), strict=True):
        rated = ratings(skill)
        readers.append(Rater(name, "reader", rated >= 50, everyone, group, rated))
    probabilities = np.clip(gold * 0.4 + rng.random(gold.shape) * 0.6, 0, 1)
    network = Rater("net", "model", probabilities >= 0.5, everyone)
    data = ComparisonInput(("LVH", "IAVB"), gold, readers, network, probabilities, rating_scale="0-100")
    return data, analyse(data, bootstrap=50)


def test_roc_points_are_sklearns_corners_with_ties_and_without():
    from sklearn.metrics import roc_curve

    rng = np.random.default_rng(0)
    for cases, distinct_scores in ((6, 2), (40, 5), (500, 1000)):
        truth = rng.random(cases) < 0.3
        truth[:2] = (True, False)  # both classes present
        scores = rng.integers(0, distinct_scores, cases).astype(float)
        expected_fpr, expected_tpr, _ = roc_curve(truth, scores)
        fpr, tpr = _roc(truth, scores)
        assert fpr == pytest.approx(expected_fpr) and tpr == pytest.approx(expected_tpr)


def test_the_roc_legend_names_every_reader_group_and_the_network(study):
    data, analysis = study
    figure = roc_curves(analysis, data)
    (legend,) = figure.legends
    names = [text.get_text() for text in legend.get_texts()]
    assert names[: len(READERS)] == [name for name, _ in READERS]  # each reader once: curve and point
    for group in ("GP", "Cardiology"):
        assert f"{group} (pooled)" in names and f"{group} (mean)" in names
    assert "network at its threshold" in names
    for panel in figure.axes:
        curves = [c for c in panel.collections if isinstance(c, LineCollection)]
        assert sorted(len(c.get_segments()) for c in curves) == [1, 2]  # one collection per group's readers
        assert panel.get_legend().get_texts()[0].get_text().startswith("network AUC")


def test_the_kappa_matrix_shows_each_pair_of_raters_once(study):
    _, analysis = study
    raters = len(READERS) + 1  # and the network
    values = [text.get_text() for text in kappa_matrix(analysis).axes[0].texts]
    assert len(values) == raters * (raters - 1) // 2


def test_every_figure_is_a_png(study):
    data, analysis = study
    figures = all_figures(analysis, data)
    assert set(figures) == {"f1", "sensitivity", "roc", "confusion", "kappa"}
    assert all(png.startswith(b"\x89PNG") for png in figures.values())


def test_figures_with_nothing_to_show_are_left_out(study):
    """No reader and no network: no figure (a grid of no raters once crashed the report); the
    network alone: its figures, and no kappa matrix, which needs two raters."""
    data, _ = study
    unread = ComparisonInput(data.labels, data.gold, [])
    assert draw_figures(analyse(unread, bootstrap=50), unread) == {}
    network_only = ComparisonInput(data.labels, data.gold, [], data.model, data.model_probabilities)
    figures = draw_figures(analyse(network_only, bootstrap=50), network_only)
    assert set(figures) == {"f1", "sensitivity", "roc", "confusion"}
