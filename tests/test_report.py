"""A full report from a study with reads and a model run: HTML, PDF and CSV."""

from __future__ import annotations

import csv
import re

import pytest

from ecgreader.analysis.report import METRIC_COLUMNS, build_report, render_html, write_pdf
from ecgreader.cli.main import main
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import SECRET_SOURCE_PREFIX, make_reading_study

pytestmark = pytest.mark.qt


@pytest.fixture(scope="module")
def read_study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    path = make_reading_study(folder / "r.ecgstudy", n_cases=8)
    with open_study(path) as study:
        for name, group, labels in (
            ("Dr GP one", "General doctor", {"LVH"}),
            ("Dr GP two", "General doctor", {"IAVB"}),
            ("Dr Cardio", "Specialist", set()),
        ):
            session = ReadingSession(study, register_reader(study, name, group))
            for index in range(8):
                session.open(index)
                session.submit(frozenset(labels))
    assert main(["predict", str(path), "--model", str(tiny_model(folder / "tiny.pt"))]) == 0
    return path


def test_csv_report_has_the_promised_columns_and_empty_undefined_cells(read_study, tmp_path):
    out = tmp_path / "csv"
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "200"]) == 0
    with (out / "metrics.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[: len(METRIC_COLUMNS)] == METRIC_COLUMNS
    assert {r["rater_kind"] for r in rows} == {"reader", "group", "group_mean", "model"}
    gp_lvh = next(r for r in rows if r["rater"] == "Dr GP one" and r["label"] == "LVH")
    assert (gp_lvh["tp"], gp_lvh["fp"], gp_lvh["fn"], gp_lvh["tn"]) == ("4", "4", "0", "0")
    assert gp_lvh["sensitivity"] == "1.0000" and gp_lvh["specificity"] == "0.0000"
    cardio_ste = next(r for r in rows if r["rater"] == "Dr Cardio" and r["label"] == "STE")
    assert cardio_ste["sensitivity"] == "" and cardio_ste["ppv"] == ""  # undefined, not 0
    for name in ("kappa.csv", "mcnemar.csv", "reads.csv", "read_history.csv"):
        assert (out / name).stat().st_size > 0
    with (out / "mrmc.csv").open() as handle:
        mrmc = list(csv.DictReader(handle))
    assert list(mrmc[0]) == ["label", "metric", "contrast", "group", "phase", "design", "covariance", "estimate",
                             "se", "df", "statistic", "p", "p_holm", "ci_low", "ci_high"]  # fmt: skip
    assert {r["metric"] for r in mrmc} == {"sensitivity", "specificity"}  # present/absent reads: no AUC
    assert {r["contrast"] for r in mrmc} == {"single", "network-readers", "group-group"}
    lvh = next(r for r in mrmc if r["label"] == "LVH" and r["contrast"] == "single" and r["group"] == "General doctor"
               and r["metric"] == "sensitivity" and r["design"] == "RRRC")  # fmt: skip
    assert float(lvh["estimate"]) == pytest.approx(0.5)  # Dr GP one finds every LVH, Dr GP two none
    reads = (out / "reads.csv").read_text()
    assert SECRET_SOURCE_PREFIX not in reads and reads.splitlines()[0].startswith("case,")


def test_source_ids_only_on_request(read_study, tmp_path):
    out = tmp_path / "with-ids"
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "100", "--include-source-ids"]) == 0
    assert SECRET_SOURCE_PREFIX in (out / "reads.csv").read_text()


def test_html_and_pdf_reports(read_study, tmp_path):
    with open_study(read_study) as study:
        report = build_report(study, bootstrap=200)
    html = render_html(report)
    assert html.count("<table") >= 15 and html.count("data:image/png;base64,") >= 4
    assert "Metrics per label" in html and "McNemar" in html and "tiny-test-model" in html
    assert SECRET_SOURCE_PREFIX not in html
    pdf = tmp_path / "report.pdf"
    pages = write_pdf(html, pdf)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and pages >= 2
    assert len(re.findall(rb"/Type\s*/Page[^s]", content)) == pages
    assert main(["report", str(read_study), "--out", str(tmp_path / "r.html"), "--bootstrap", "100"]) == 0
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
