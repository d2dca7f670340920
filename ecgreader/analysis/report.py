"""Study reports: a folder of CSV files, one self-contained HTML file, or a PDF of the same.

Cases are identified by their study position, never by source id, unless asked for.
"""

from __future__ import annotations

import base64
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, select_autoescape

from ecgreader.analysis.binary import METRICS
from ecgreader.analysis.engine import Analysis, ComparisonInput, analyse, phase_changes
from ecgreader.analysis.figures import all_figures
from ecgreader.analysis.formatting import format_difference, format_number, format_with_ci
from ecgreader.analysis.from_study import comparison_input
from ecgreader.analysis.mrmc_study import MRMC_COLUMNS, MrmcRow, mrmc_rows
from ecgreader.store.database import StudyDatabase
from ecgreader.store.integrity import Verification, verify_study
from ecgreader.store.model_runs import latest_model_run
from ecgreader.store.report_rows import CaseName, ReadRow, RevisionRow, read_rows, revision_rows
from ecgreader.store.study import StudySummary, summarise_study

METRIC_COLUMNS = ["label", "rater", "rater_kind", "tp", "fp", "fn", "tn"] + [
    f"{metric}{suffix}" for metric in METRICS for suffix in ("", "_lo", "_hi")
]
METHODS = [
    ("Sensitivity", "TP / (TP + FN)"),
    ("Specificity", "TN / (TN + FP)"),
    ("PPV", "TP / (TP + FP)"),
    ("NPV", "TN / (TN + FN)"),
    ("F1", "2 TP / (2 TP + FP + FN)"),
    ("Accuracy", "(TP + TN) / N"),
    (
        "Macro",
        "mean over one fixed label set, the same for every rater and bootstrap resample: the labels whose gold "
        "standard has positive and negative cases; undefined where the metric is undefined for one of them",
    ),
    ("Group (pooled)", "all reads of the group's readers counted together"),
    (
        "Group mean",
        "mean of the group's readers' metrics, with their minimum and maximum and the number of readers whose "
        "value is defined",
    ),
    (
        "95 % CI (tables)",
        "percentile bootstrap over cases (the same resamples for every rater, so differences are paired); it "
        "treats the readers as fixed: for claims about readers in general use the MRMC analysis",
    ),
    (
        "MRMC analysis",
        "Obuchowski-Rockette model (Obuchowski & Rockette, Commun Stat Simul Comput 1995;24:285-308) with Hillis's "
        "denominator degrees of freedom (Hillis, Stat Med 2007;26:596-619), as in MRMCaov and RJafroc: readers and "
        "cases random (RRRC), readers fixed (FRRC, normal z) or cases fixed (RRFC); figures of merit per reader: "
        "AUC (trapezoidal/Wilcoxon, ties 1/2; ratings studies only), sensitivity, specificity; covariance over cases "
        "by jackknife (sensitivity over the diseased cases only, specificity over the non-diseased) or DeLong "
        "(AUC); each analysis uses the cases every rater in it rated. Contrasts: aided - unaided (same readers, "
        "two treatments), network - readers (per-reader differences analysed as one treatment: the network has "
        "case but no reader variability, Chakraborty's 1T-RRRC), group - group (readers nested in groups, "
        "Satterthwaite df with the case covariance treated as known), single (a group's reader mean and CI). "
        "p_holm: Holm's adjustment across the labels of each contrast. Assumes readers and cases are random "
        "samples and the OR model's equal covariances; CIs are clipped to the metric's range",
    ),
    (
        "McNemar",
        "each reader vs the network per label on the cases both rated; exact binomial below 25 discordant pairs, "
        "else chi-square with continuity correction (no test pools a group's reads: those pairs are dependent)",
    ),
    ("Kappa", "Cohen's kappa for every pair of raters on the cases both rated; Fleiss' kappa within each group"),
    ("Operating point", "network sensitivity at the group's mean specificity (Hannun et al., Nat Med 2019)"),
    ("Undefined", "a metric with a zero denominator is undefined and shown empty, never as 0"),
]


@dataclass
class StudyReport:
    summary: StudySummary
    data: ComparisonInput
    analysis: Analysis
    model: dict | None  # the model run's identity and training-data description
    reads: list[dict]
    history: list[dict]
    aided: Analysis | None = None  # the same analysis of the aided reads (second-opinion mode)
    changes: list | None = None  # aided minus unaided, per reader and group
    verification: Verification | None = None  # the study file's integrity check, stated in the report
    mrmc: list[MrmcRow] | None = None  # the Obuchowski-Rockette analyses (mrmc.csv)


def build_report(
    database: StudyDatabase, bootstrap: int = 1000, seed: int = 0, include_source_ids: bool = False
) -> StudyReport:
    with database.reading() as snapshot:  # everything the report states, as of one moment
        summary = summarise_study(snapshot)
        data = comparison_input(snapshot)
        aided_data = comparison_input(snapshot, phase="aided")
        reads = [_read_columns(row, include_source_ids) for row in read_rows(snapshot)]
        history = [_revision_columns(row, include_source_ids) for row in revision_rows(snapshot)]
        run = latest_model_run(snapshot)
        verification = verify_study(snapshot)
    analysis = analyse(data, bootstrap=bootstrap, seed=seed)
    aided = analyse(aided_data, bootstrap=bootstrap, seed=seed) if aided_data.readers else None
    model = None
    if run is not None:
        model = {
            "name": run.model_name,
            "sha256": run.model_sha256,
            "date": run.created_at.isoformat(timespec="seconds"),
            "training_data": run.metadata.get("training_data"),
        }
    changes = phase_changes(analysis, aided) if aided is not None else None
    mrmc = mrmc_rows(data, aided_data if aided_data.readers else None)
    return StudyReport(summary, data, analysis, model, reads, history, aided, changes, verification, mrmc)


def _case_columns(case: CaseName, include_source_ids: bool) -> dict:
    return {"case": case.position, **({"source_id": case.source_id} if include_source_ids else {})}


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _read_columns(row: ReadRow, include_source_ids: bool) -> dict:
    """One row of reads.csv."""
    return {
        **_case_columns(row.case, include_source_ids),
        "reader": row.reader,
        "group": row.group,
        "phase": row.phase,
        "labels": ";".join(row.labels),
        "confidence": row.confidence,
        "comment": row.comment,
        "revision": row.revision,
        "shown_at": row.shown_at.isoformat(),
        "submitted_at": row.submitted_at.isoformat(),
        "active_seconds": _seconds(row.active_seconds),
    }


def _revision_columns(row: RevisionRow, include_source_ids: bool) -> dict:
    """One row of read_history.csv."""
    return {
        **_case_columns(row.case, include_source_ids),
        "reader": row.reader,
        "phase": row.phase,
        "revision": row.revision,
        "labels": ";".join(row.labels),
        "confidence": row.confidence,
        "comment": row.comment,
        "submitted_at": row.submitted_at.isoformat(),
        "active_seconds": _seconds(row.active_seconds),
    }


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def metric_table(analysis: Analysis) -> list[dict]:
    """Rows of metrics.csv: one per (label, rater); undefined values are None."""
    rows = []
    for row in analysis.rows:
        entry = {"label": row.label, "rater": row.rater, "rater_kind": row.rater_kind, **row.counts}
        for metric in METRICS:
            entry[metric] = row.values[metric]
            entry[f"{metric}_lo"] = row.low.get(metric)
            entry[f"{metric}_hi"] = row.high.get(metric)
        entry.update(row.extra)
        rows.append(entry)
    return rows


def _write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or (list(dict.fromkeys(k for row in rows for k in row)) if rows else ["empty"])
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})


def write_csv_folder(report: StudyReport, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    metrics = metric_table(report.analysis)
    extra = sorted({k for row in metrics for k in row} - set(METRIC_COLUMNS))
    _write_csv(folder / "metrics.csv", metrics, METRIC_COLUMNS + extra)
    analysis = report.analysis
    _write_csv(
        folder / "kappa.csv",
        [{"kind": "cohen", **vars(k)} for k in analysis.cohen]
        + [{"kind": "fleiss", **vars(k)} for k in analysis.fleiss],
    )
    _write_csv(folder / "mcnemar.csv", [vars(m) for m in analysis.mcnemar])
    _write_csv(folder / "differences.csv", [vars(d) for d in analysis.differences])
    _write_csv(folder / "auc.csv", [{"label": k, "auc": v} for k, v in analysis.auc.items()])
    _write_csv(folder / "operating_points.csv", [vars(p) for p in analysis.operating_points])
    if report.aided is not None:
        _write_csv(folder / "metrics_aided.csv", metric_table(report.aided), METRIC_COLUMNS + extra)
        _write_csv(folder / "phase_change.csv", [vars(c) for c in report.changes])
    _write_mrmc_csv(folder / "mrmc.csv", report.mrmc or [])
    _write_csv(folder / "reads.csv", report.reads)
    _write_csv(folder / "read_history.csv", report.history)
    if report.verification is not None:
        lines = [report.verification.summary(), *report.verification.problems]
        (folder / "verification.txt").write_text("\n".join(lines) + "\n")


def _full(value) -> str:
    """A value of mrmc.csv at full precision (a statistician compares it with other software)."""
    if value is None:
        return ""
    return repr(float(value)) if isinstance(value, float) else str(value)


def _write_mrmc_csv(path: Path, rows: list[MrmcRow]) -> None:
    """mrmc.csv: exactly MRMC_COLUMNS, one row per analysis; empty cells are undefined."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MRMC_COLUMNS)
        for row in rows:
            writer.writerow([_full(getattr(row, column)) for column in MRMC_COLUMNS])


TEMPLATE = Path(__file__).with_name("report_template.html")


def render_html(report: StudyReport) -> str:
    def num(value) -> str:
        return format_number(value)

    def ci(row, metric) -> str:
        return format_with_ci(row.values[metric], row.low.get(metric), row.high.get(metric))

    def diff(d) -> str:
        return format_difference(d.difference, d.low, d.high)

    figures = {
        name: base64.b64encode(data).decode() for name, data in all_figures(report.analysis, report.data).items()
    }
    environment = Environment(autoescape=select_autoescape(default=True))
    return environment.from_string(TEMPLATE.read_text()).render(
        s=report.summary,
        a=report.analysis,
        rows=report.analysis.rows,
        labels=[*report.analysis.labels, "macro"],
        groups=report.data.groups,
        model=report.model,
        changes=report.changes,
        verification=report.verification,
        mrmc=[r for r in report.mrmc or [] if r.design == "RRRC" and r.covariance == "jackknife"],
        methods=METHODS,
        metric_names=["sensitivity", "specificity", "ppv", "f1"],
        figures=figures,
        n_gold=len(report.data.gold),
        num=num,
        ci=ci,
        diff=diff,
        mci=lambda m: format_with_ci(m.estimate, m.ci_low, m.ci_high),
        inf=float("inf"),
        pct=lambda v: "undefined" if v is None else f"{100 * v:.1f} %",
    )


def write_pdf(html: str, path: Path) -> int:
    """The report's HTML laid out on A4 pages by Qt (QTextDocument) as a PDF; returns page count."""
    from PySide6.QtCore import QMarginsF, Qt, QUrl
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    from ecgreader.ecg.render import ensure_gui_application

    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(96)  # lay the HTML out at screen scale; text stays vector
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(12, 12, 12, 12)))
    writer.setTitle("Reader study report")
    document = QTextDocument()
    # Qt's rich text ignores the size of inline (data-URI) images: hand them over as resources
    # scaled to the text width instead.
    width = writer.pageLayout().paintRectPixels(writer.resolution()).width() - 20
    figures = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    for number, encoded in enumerate(figures):
        image = QImage.fromData(base64.b64decode(encoded), "PNG")
        if image.width() > width:
            image = image.scaledToWidth(width, Qt.SmoothTransformation)
        document.addResource(QTextDocument.ImageResource, QUrl(f"figure{number}.png"), image)
        html = html.replace(f"data:image/png;base64,{encoded}", f"figure{number}.png", 1)
    document.setHtml(html)
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    document.print_(writer)
    return document.pageCount()


def write_report(
    database: StudyDatabase, out: Path, bootstrap: int = 1000, seed: int = 0, include_source_ids: bool = False
) -> tuple[Path, Verification]:
    """``out`` ending in .html or .pdf writes that file; anything else is a folder of CSV files.
    Returns the path and the study's verification, which the report states."""
    report = build_report(database, bootstrap, seed, include_source_ids)
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        out.write_text(render_html(report))
    elif suffix == ".pdf":
        write_pdf(render_html(report), out)
    else:
        write_csv_folder(report, out)
    return out, report.verification
