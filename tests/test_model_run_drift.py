"""A model run remembers whether its measurements were those the model was trained on, and the
report written from it later says so.

A hybrid model's probabilities rest on measurement features; when the measurement code has moved
since training (its stored fingerprint differs), the run's probabilities and operating points are
not those of the model card. ``ecgreader predict`` warns at the time; these tests check that the
stored run keeps that fact for a report written weeks later.
"""

from __future__ import annotations

import sqlite3

import pytest

from ecgreader.analysis.report import build_report, render_html
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.store import open_study
from ecgreader.store.model_runs import latest_model_run
from tests.helpers.models import fingerprinted_hybrid_model, tiny_model
from tests.helpers.study_fixtures import make_read_study, make_reading_study

WARNING = "Measurement drift"
NO_FIGURES = {"figures": "not-drawn.png"}  # drawing the figures is most of a report's time, and beside the point


def hybrid_with_fingerprint(path, drifted: bool) -> tuple[EcgModel, str]:
    """``fingerprinted_hybrid_model`` loaded, and the feature whose fingerprint it may have moved."""
    path, name = fingerprinted_hybrid_model(path, drifted)
    return EcgModel.load(path), name


@pytest.mark.parametrize("drifted", [True, False], ids=["fingerprint moved", "fingerprint unchanged"])
def test_a_model_run_stores_the_features_measured_differently_from_training(tmp_path, drifted):
    model, name = hybrid_with_fingerprint(tmp_path / "hybrid.pt", drifted)
    with open_study(make_reading_study(tmp_path / "s.ecgstudy", n_cases=2)) as study:
        run_id = predict_study(study, model)
        run = latest_model_run(study)
    assert run.id == run_id
    assert run.metadata["measurement_drift"] == ([name] if drifted else [])
    assert "measurement_drift" not in model.metadata  # the model file's own card is left as it was
    assert run.metadata["measurement_fingerprint"] == model.metadata["measurement_fingerprint"]


def test_a_model_without_measurements_stores_an_empty_drift(tmp_path):
    model = EcgModel.load(tiny_model(tmp_path / "cnn.pt"))
    with open_study(make_reading_study(tmp_path / "s.ecgstudy", n_cases=2)) as study:
        predict_study(study, model)
        assert latest_model_run(study).metadata["measurement_drift"] == []


@pytest.mark.qt
def test_the_report_of_a_drifted_run_warns_in_its_network_section_and_names_the_features(tmp_path):
    model, name = hybrid_with_fingerprint(tmp_path / "hybrid.pt", drifted=True)
    with open_study(make_read_study(tmp_path / "s.ecgstudy", n_cases=4)) as study:
        predict_study(study, model)
        report = build_report(study, bootstrap=20, csv_tables=False)
    assert report.model["measurement_drift"] == [name]
    for for_pdf in (False, True):  # the PDF is laid out from the HTML rendered for it (pdf_content)
        html = render_html(report, for_pdf=for_pdf, figure_sources=NO_FIGURES)
        network_section = html[html.index("Network: <b>tiny-hybrid-model</b>") : html.index("<h2>Methods</h2>")]
        assert f"{WARNING}: the measurement code used for this run computes {name} differently" in network_section
        assert "not those validated in its model card" in network_section


def edit_latest_run_metadata(path, json_edit: str) -> None:
    """Rewrite the study's latest model run's stored metadata with an SQLite JSON function applied
    to ``model_metadata``, as an older version or a damaged file would have stored it."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            f"UPDATE model_runs SET model_metadata = {json_edit} WHERE id = (SELECT max(id) FROM model_runs)"
        )
    connection.close()


@pytest.mark.qt
@pytest.mark.parametrize("stored_by", ["this version", "an older version"])
def test_the_report_says_nothing_of_drift_when_the_run_has_none_or_predates_it(tmp_path, stored_by):
    path = make_read_study(tmp_path / "s.ecgstudy", n_cases=4)
    with open_study(path) as study:
        predict_study(study, hybrid_with_fingerprint(tmp_path / "hybrid.pt", drifted=False)[0])
    if stored_by == "an older version":
        edit_latest_run_metadata(path, "json_remove(model_metadata, '$.measurement_drift')")
    with open_study(path) as study:
        report = build_report(study, bootstrap=20, csv_tables=False)
    assert report.model["measurement_drift"] == []
    html = render_html(report, figure_sources=NO_FIGURES)
    assert "Network: <b>tiny-hybrid-model</b>" in html and WARNING not in html


def test_a_run_storing_something_else_than_feature_names_is_a_clear_error(tmp_path):
    path = make_read_study(tmp_path / "s.ecgstudy", n_cases=4)
    with open_study(path) as study:
        predict_study(study, EcgModel.load(tiny_model(tmp_path / "cnn.pt")))
    edit_latest_run_metadata(path, "json_set(model_metadata, '$.measurement_drift', 'QT_ms')")
    with open_study(path) as study, pytest.raises(ValueError, match="stores measurement_drift 'QT_ms'") as error:
        build_report(study, bootstrap=20, csv_tables=False)
    assert str(path) in str(error.value)
