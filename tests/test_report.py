"""A full report from a study with reads and a model run: HTML, PDF and CSV."""

from __future__ import annotations

import csv
import re
import sqlite3

import pytest

from ecgreader.analysis.report import METRIC_COLUMNS, build_report, pdf_content, pdf_sections, render_html, write_pdf
from ecgreader.cli.main import main
from ecgreader.reading import ReadingSession
from ecgreader.store import open_study
from ecgreader.store.sign_in import register_reader
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import SECRET_SOURCE_PREFIX, make_reading_study, read_unaided_then_aided

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
    html, images = pdf_content(report)
    pages = write_pdf(html, pdf, images)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and pages >= 2
    assert len(re.findall(rb"/Type\s*/Page[^s]", content)) == pages
    assert main(["report", str(read_study), "--out", str(tmp_path / "r.html"), "--bootstrap", "100"]) == 0
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")


def test_the_pdf_report_hands_every_figure_to_qt_inside_the_text_width(read_study, tmp_path):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    from ecgreader.analysis.figures import draw_figures
    from ecgreader.analysis.report import PDF_RESOLUTION, paged_document, pdf_content, pdf_page_layout, write_report

    with open_study(read_study) as study:
        report = build_report(study, bootstrap=100)
        pdf, _ = write_report(study, tmp_path / "r.pdf", bootstrap=100)
    html, images = pdf_content(report)
    assert len(images) == len(draw_figures(report.analysis, report.data))
    widths = {}
    for landscape, part in pdf_sections(html):
        document = paged_document(part, landscape, images)
        for source in images:
            if f'src="{source}"' in part:
                widths[source] = document.resource(QTextDocument.ImageResource, QUrl(source)).width()
    page = pdf_page_layout(False).paintRectPixels(PDF_RESOLUTION).width()
    assert set(widths) == set(images)  # every figure named in the HTML and handed over as pixels
    assert all(0 < width <= page - 2 * 20 for width in widths.values())  # inside the body margins: no legend cut
    assert len(re.findall(rb"/Subtype\s*/Image", pdf.read_bytes())) >= len(images)


def test_cases_long_has_one_row_per_case_reader_phase_and_label(read_study, tmp_path):
    from ecgreader.analysis.report import CASES_LONG_COLUMNS

    out = tmp_path / "long"
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "100"]) == 0
    with (out / "cases_long.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CASES_LONG_COLUMNS  # no source id unless asked
    assert len(rows) == 8 * 3 * 10  # 8 cases x 3 readers x 1 phase x 10 labels
    lvh = [r for r in rows if r["reader"] == "Dr GP one" and r["label"] == "LVH"]
    assert {r["decision"] for r in lvh} == {"1"} and {r["phase"] for r in lvh} == {"unaided"}
    assert {r["gold"] for r in rows} == {"0", "1"} and all(r["network_probability"] != "" for r in rows)
    assert {r["network_decision"] for r in rows} <= {"0", "1"} and all(r["rating"] == "" for r in rows)
    assert SECRET_SOURCE_PREFIX not in (out / "cases_long.csv").read_text()
    with_ids = tmp_path / "long-ids"
    assert main(["report", str(read_study), "--out", str(with_ids), "--bootstrap", "100", "--include-source-ids"]) == 0
    text = (with_ids / "cases_long.csv").read_text()
    assert text.splitlines()[0].endswith(",source_id") and SECRET_SOURCE_PREFIX in text


def test_report_opens_with_a_summary_and_names_n_per_rater(read_study):
    from ecgreader.analysis.report import incomplete_note, summary_paragraph

    with open_study(read_study) as study:
        report = build_report(study, bootstrap=100)
    summary = summary_paragraph(report)
    assert summary.startswith("3 readers in 2 groups") and "tiny-test-model" in summary
    assert "network - readers" in summary and "Holm p" in summary and "verified" in summary
    assert incomplete_note(report) is None  # everyone read every case
    html = render_html(report)
    assert html.index("Summary") < html.index("Methods") < html.index("Metrics per label")
    assert "Wilson" in html and "DeLong" in html and "Hillis" in html and "Obuchowski" in html
    assert "<th>n</th>" in html and "Incomplete study" not in html


def test_an_incomplete_study_says_so_at_the_top(tmp_path):
    from ecgreader.analysis.report import summary_paragraph

    path = make_reading_study(tmp_path / "incomplete.ecgstudy", n_cases=6)
    assert main(["predict", str(path), "--model", str(tiny_model(tmp_path / "tiny.pt"))]) == 0
    with open_study(path) as study:
        for name, group, cases in (("Dr All", "General doctor", 6), ("Dr Half", "Specialist", 3)):
            session = ReadingSession(study, register_reader(study, name, group))
            for index in range(cases):
                session.open(index)
                session.submit(frozenset({"LVH"}))
        report = build_report(study, bootstrap=100)
    assert report.analysis.incomplete_readers == {"Dr Half": 3}
    html = render_html(report)
    assert "Incomplete study: 1 of 2 readers" in html and "Dr Half: 3 of 6" in html
    assert html.index("Incomplete study") < html.index("<h2>Summary")
    # one reader per group: no RRRC test exists, and the summary does not count labels as "not significant"
    assert summary_paragraph(report).count("no test possible") == 2 and "significant after Holm" not in html


def test_the_real_report_pdf_splits_no_table_row(read_study):
    from ecgreader.analysis.report import paged_document
    from tests.helpers.pdf_layout import rows_split_between_pages

    with open_study(read_study) as study:
        html, images = pdf_content(build_report(study, bootstrap=100))
    sections = pdf_sections(html)
    assert [landscape for landscape, _ in sections] == [False, True, False, True, False]
    for landscape, part in sections:
        assert rows_split_between_pages(paged_document(part, landscape, images)) == []


def test_a_chinese_report_has_chinese_headings_and_english_csv_columns(read_study, tmp_path, monkeypatch):
    from ecgreader.analysis.report import summary_paragraph
    from ecgreader.gui.translation import ENGLISH, install_language

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    html_path, folder = tmp_path / "zh.html", tmp_path / "zh-csv"
    try:
        for out in (html_path, folder):
            assert (
                main(["report", str(read_study), "--out", str(out), "--bootstrap", "100", "--language", "zh_CN"]) == 0
            )
    finally:
        install_language(ENGLISH)
    html = html_path.read_text()
    for heading in ("<h2>摘要</h2>", "<h2>方法</h2>", "<h2>各标签指标</h2>", "<h2>一致性</h2>"):
        assert heading in html
    assert "灵敏度 (95 % CI)" in html and "判读者" in html and "左心室肥厚" in html  # a finding of the vocabulary
    assert "Metrics per label" not in html and "Summary" not in html
    with (folder / "metrics.csv").open() as handle:
        assert next(csv.reader(handle))[: len(METRIC_COLUMNS)] == METRIC_COLUMNS  # a data contract: English
    with open_study(read_study) as study:
        assert summary_paragraph(build_report(study, bootstrap=100)).startswith("3 readers")  # English again


def test_the_report_offers_every_interface_language():
    from ecgreader.cli.main import build_parser
    from ecgreader.cli.report_command import REPORT_LANGUAGES
    from ecgreader.gui.translation import LANGUAGES

    assert REPORT_LANGUAGES == tuple(LANGUAGES)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["report", "s.ecgstudy", "--out", "r.html", "--language", "fr"])


def test_the_reports_verification_line_is_the_stores_in_english():
    from ecgreader.analysis.report import verification_summary
    from ecgreader.store.integrity import Verification

    for verification in (Verification((), 3, 4, 5, "ab12"), Verification(("a revision was altered",), 3, 4, 5, None)):
        assert verification_summary(verification) == verification.summary()


def test_a_report_without_csv_tables_states_the_same_and_refuses_the_csv_folder(read_study, tmp_path):
    """The HTML and PDF skip loading the per-read tables: what they show must not change."""
    from ecgreader.analysis.report import write_csv_folder

    with open_study(read_study) as study:
        full = build_report(study, bootstrap=100)
        lean = build_report(study, bootstrap=100, csv_tables=False)
    assert lean.reads is None and lean.history is None and lean.read_list is None
    assert render_html(lean) == render_html(full)
    with pytest.raises(ValueError, match="without its CSV tables"):
        write_csv_folder(lean, tmp_path / "csv")
    assert not (tmp_path / "csv").exists()


def test_the_pdfs_tables_are_drawn_with_their_own_grid_and_the_htmls_collapsed(read_study):
    """Qt lays out collapsed cell borders several times slower; browsers draw the grid doubled."""
    with open_study(read_study) as study:
        report = build_report(study, bootstrap=100, csv_tables=False)
    html, for_pdf = render_html(report), render_html(report, for_pdf=True)
    assert "border-collapse:collapse" in html and '<table cellspacing="0" border="1">' not in html
    assert "border-collapse" not in for_pdf and for_pdf.count('<table cellspacing="0" border="1">') == html.count(
        "<table>"
    )


def test_the_report_counts_each_readers_cases_that_cannot_be_assessed(tmp_path):
    path = make_reading_study(tmp_path / "u.ecgstudy", n_cases=4, unassessable_reasons=("poor quality",))
    _remove_model_runs(path)
    with open_study(path) as study:
        for name, unassessable in (("Dr Q", 1), ("Dr R", 0)):
            session = ReadingSession(study, register_reader(study, name, "Specialist"))
            for index in range(4):
                session.open(index)
                if index < unassessable:
                    session.submit(unassessable_reason="poor quality")
                else:
                    session.submit(frozenset({"LVH"}))
        report = build_report(study, bootstrap=50, csv_tables=False)
    html = render_html(report)
    assert "<th>cannot be assessed</th>" in html
    assert '<td class="l">Dr Q</td><td>3</td><td>1</td>' in html
    assert '<td class="l">Dr R</td><td>4</td><td>0</td>' in html


def _remove_model_runs(path):
    """The reading-study fixture's one-label model run cannot be reported: a study without it."""
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM predictions")
    connection.execute("DELETE FROM model_runs")
    connection.commit()
    connection.close()


def test_a_study_nobody_has_read_yet_gets_a_report_saying_so(tmp_path, capsys):
    """No reads and no model run: the HTML and PDF are written (an empty figure grid once crashed
    them), say why they hold no reader, and leave out the figures; a network run alone is shown."""
    path = make_reading_study(tmp_path / "unread.ecgstudy", n_cases=3)
    _remove_model_runs(path)
    for out in (tmp_path / "r.html", tmp_path / "r.pdf"):
        assert main(["report", str(path), "--out", str(out), "--bootstrap", "100"]) == 0, capsys.readouterr().err
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    html = (tmp_path / "r.html").read_text()
    assert "No reads yet: no reader has read a case" in html and html.index("No reads yet") < html.index("<h2>Summary")
    assert "Nothing was compared with the gold standard of the 3 cases" in html
    assert "<img" not in html and "None yet: no reader or network has rated a case" in html
    assert main(["predict", str(path), "--model", str(tiny_model(tmp_path / "tiny.pt"))]) == 0
    with open_study(path) as study:
        html = render_html(build_report(study, bootstrap=100, csv_tables=False))
    assert "No reads yet" in html and "the network tiny-test-model was compared with the gold standard" in html
    assert html.count("<img") == 4  # f1, sensitivity, ROC and confusion of the network; no kappa of one rater


def test_the_report_says_how_many_cases_are_not_amplitude_calibrated(tmp_path):
    from dataclasses import replace

    from ecgreader.ecg.synthetic import synthetic_ecg
    from ecgreader.store import CaseInput, StudyOptions, create_study

    cases = [
        CaseInput(replace(synthetic_ecg(60, record_id=f"r{i}", seed=i), amplitude_calibrated=i != 1), frozenset(),
                  "synthetic")
        for i in range(3)
    ]  # fmt: skip
    path = create_study(tmp_path / "a.ecgstudy", StudyOptions(name="Rescaled", protocol=""), cases)
    with open_study(path) as study:
        html = render_html(build_report(study, bootstrap=100, csv_tables=False))
    assert "Amplitude not calibrated: 1 of 3 cases (their paper is not at 10 mm/mV" in html
    assert html.index("Amplitude not calibrated") < html.index("<h2>Methods")


def test_an_existing_report_file_is_replaced_only_when_asked(read_study, tmp_path, capsys):
    out = tmp_path / "r.html"
    out.write_text("someone's notes")
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "100"]) == 1
    refusal = f"--out {out}: already exists, and replacing it was not asked for; use --overwrite"
    assert refusal in capsys.readouterr().err
    assert out.read_text() == "someone's notes"
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "100", "--overwrite"]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]  # no temporary sibling stays


def test_a_missing_parent_folder_is_refused_for_every_kind_of_report(read_study, tmp_path, capsys):
    """Neither a report file nor a CSV folder creates the folders above it: a mistyped parent is
    said at once, naming it."""
    for name in ("r.pdf", "r.html", "tables"):
        out = tmp_path / "missing" / name
        assert main(["report", str(read_study), "--out", str(out)]) == 1
        assert f"--out {out}: the folder {tmp_path / 'missing'} does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_librarys_refusals_name_no_command_line_option(tmp_path):
    """The dashboard's export shares these checks; only ``ecgreader report`` speaks of --out."""
    from ecgreader.analysis.report_output import ReportPathError, check_output

    (tmp_path / "r.html").write_text("")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "metrics.csv").write_text("")
    (tmp_path / "full" / "notes.txt").write_text("")
    refusals = [
        (tmp_path / "r.html", False, True),
        (tmp_path / "full", False, True),
        (tmp_path / "full", True, False),
        (tmp_path / "r.docx", True, False),
        (tmp_path / "missing" / "r.pdf", True, False),
    ]
    for out, overwrite, needs_overwrite in refusals:
        with pytest.raises(ReportPathError) as refused:
            check_output(out, overwrite)
        assert str(refused.value).startswith(f"{out}: ") and "--" not in str(refused.value)
        assert refused.value.needs_overwrite is needs_overwrite


def test_overwriting_a_csv_folder_leaves_no_table_of_the_previous_report(read_study, tmp_path, capsys):
    out = tmp_path / "csv"
    out.mkdir()
    for name in ("metrics.csv", "metrics_aided.csv", "phase_change.csv"):  # another study's aided report
        (out / name).write_text("stale\n")
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "100"]) == 1
    assert "the folder is not empty, and replacing the report in it was not asked for; use --overwrite" in (
        capsys.readouterr().err
    )
    assert (out / "metrics.csv").read_text() == "stale\n"
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "100", "--overwrite"]) == 0
    assert not (out / "metrics_aided.csv").exists() and not (out / "phase_change.csv").exists()
    assert (out / "metrics.csv").read_text().startswith("label,rater,")


def test_a_folder_holding_other_files_is_never_written_into(read_study, tmp_path, capsys):
    out = tmp_path / "papers"
    out.mkdir()
    (out / "metrics.csv").write_text("a table of one's own\n")
    (out / "notes.txt").write_text("keep me\n")
    assert main(["report", str(read_study), "--out", str(out), "--bootstrap", "100", "--overwrite"]) == 1
    assert "holds notes.txt, which a report does not write" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["metrics.csv", "notes.txt"]
    assert (out / "metrics.csv").read_text() == "a table of one's own\n"


def test_an_out_with_another_file_suffix_is_refused_not_made_a_folder(read_study, tmp_path, capsys):
    from pathlib import Path

    from ecgreader.analysis.report_output import report_kind

    for name in ("out.docx", "r.htm1", "tables.csv", "r.final", "r.report", "results.2026"):
        assert main(["report", str(read_study), "--out", str(tmp_path / name)]) == 1
        assert (
            f"--out {tmp_path / name}: a report path must end in .html, .htm or .pdf, or name a folder for CSV files"
            in capsys.readouterr().err
        )
        assert not (tmp_path / name).exists()
    for name in ("old.v2", "r.report"):  # an existing folder is one whatever its name
        (tmp_path / name).mkdir()
        assert report_kind(tmp_path / name) == "csv"
    assert report_kind(Path("run_v2")) == "csv" and report_kind(Path("csv")) == "csv"
    assert report_kind(Path("R.PDF")) == "pdf" and report_kind(Path("r.htm")) == "html"


def test_a_csv_report_failing_part_way_keeps_the_previous_report(read_study, tmp_path, monkeypatch):
    """The new tables are written beside the folder; a failure after some of them leaves the
    previous report's tables as they were and no half-written folder."""
    from ecgreader.analysis import report
    from ecgreader.analysis.report_output import STAGING_PREFIX

    out = tmp_path / "csv"
    with open_study(read_study, read_only=True) as study:
        report.write_report(study, out, bootstrap=20)
    previous = {path.name: path.read_bytes() for path in out.iterdir()}

    def full_disk(path, _report):
        assert path.parent.name.startswith(STAGING_PREFIX) and (path.parent / "metrics.csv").exists()
        raise OSError(f"{path}: no space left on device")

    monkeypatch.setattr(report, "_write_cases_long", full_disk)
    with open_study(read_study, read_only=True) as study, pytest.raises(OSError, match="no space left"):
        report.write_report(study, out, bootstrap=20, overwrite=True)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == previous
    assert [path.name for path in tmp_path.iterdir()] == ["csv"]


def test_a_pdf_report_failing_part_way_keeps_the_previous_report(read_study, tmp_path, monkeypatch):
    from ecgreader.analysis import report

    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF- the previous report")

    def fails_part_way(_html, path, _images=None):
        path.write_bytes(b"%PDF- half a report")
        raise OSError(f"{path}: no space left on device")

    monkeypatch.setattr(report, "write_pdf", fails_part_way)
    with open_study(read_study, read_only=True) as study, pytest.raises(OSError, match="no space left"):
        report.write_report(study, out, bootstrap=20, overwrite=True)
    assert out.read_bytes() == b"%PDF- the previous report"
    assert [path.name for path in tmp_path.iterdir()] == ["r.pdf"]


def test_the_readme_lists_every_file_a_csv_report_writes():
    from pathlib import Path

    from ecgreader.analysis.report_output import CSV_FOLDER_FILES

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    report_row = next(line for line in readme.splitlines() if line.startswith("| `ecgreader report "))
    assert {name for name in CSV_FOLDER_FILES if f"`{name}`" not in report_row} == set()


def test_the_help_states_what_predict_and_the_read_imports_refuse(capsys):
    helps = {}
    for command in (["predict"], ["study", "import-reads"], ["study", "create-from-tables"]):
        with pytest.raises(SystemExit):
            main([*command, "--help"])
        helps[command[-1]] = " ".join(capsys.readouterr().out.split())
    assert "without ECG signals" in helps["predict"] and "a label the model has no output for" in helps["predict"]
    assert "the reader's unaided read of that case" in helps["import-reads"]
    assert "same reader's unaided row of that case" in helps["create-from-tables"]
    assert "second-opinion mode is after_each_case" in helps["create-from-tables"]


def test_the_files_overwrite_may_remove_are_those_a_report_writes(tmp_path):
    """A report with aided reads writes every table; --overwrite removes exactly these names."""
    from ecgreader.analysis.report import write_report
    from ecgreader.analysis.report_output import CSV_FOLDER_FILES
    from ecgreader.model.inference import EcgModel, predict_study

    path = make_reading_study(tmp_path / "aided.ecgstudy", n_cases=3, second_opinion_mode="after_each_case")
    with open_study(path) as study:
        predict_study(study, EcgModel.load(tiny_model(tmp_path / "tiny.pt")))
        read_unaided_then_aided(study, "Dr Aided", "Specialist", n_cases=3)
        write_report(study, tmp_path / "csv", bootstrap=50)
    assert {p.name for p in (tmp_path / "csv").iterdir()} == CSV_FOLDER_FILES


def test_the_cycle_collector_is_paused_only_while_a_report_is_built():
    import gc

    from ecgreader.analysis.report import cyclic_gc_paused

    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()  # a caller's own choice is left as it was
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_study_read_by_the_shipped_model_reports_its_training_data(tmp_path):
    """The shipped model's metadata (two test sets), not a tiny test model's, through the whole
    HTML and PDF report, as the demo study has it."""
    from ecgreader.model.inference import DEFAULT_MODEL, EcgModel

    path = make_reading_study(tmp_path / "shipped.ecgstudy", n_cases=3)
    assert main(["predict", str(path), "--model", str(DEFAULT_MODEL)]) == 0
    with open_study(path) as study:
        session = ReadingSession(study, register_reader(study, "Dr Card", "Specialist"))
        for index in range(3):
            session.open(index)
            session.submit(frozenset({"LVH"}))
        report = build_report(study, bootstrap=50)
    html = render_html(report)
    sentence = re.search(
        r"Training data: (\d+) labelled records \(([^)]*)\); test sets of the model card: ([^.<]*)\.", html
    )
    trained_on = EcgModel.load(DEFAULT_MODEL).metadata["training_data"]["train"]["records"]
    assert sentence is not None and int(sentence[1]) == trained_on
    assert "LUDB training half" in sentence[2] and sentence[3] == "LUDB study half, PTB-XL fold 10"
    html, images = pdf_content(report)
    assert "test sets of the model card: LUDB study half, PTB-XL fold 10" in html
    assert write_pdf(html, tmp_path / "shipped.pdf", images) >= 1
