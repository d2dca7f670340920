"""Study reports: a folder of CSV files, one self-contained HTML file, or a PDF of the same.

Cases are identified by their study position, never by source id, unless asked for. The HTML and
PDF speak the language of the running Qt application's translator (the GUI's chosen language,
or ``ecgreader report --language``): their headings, captions and notes are ``translate`` calls
in the "Report" context, collected into the GUI's catalogue. The CSV files are a data contract
and stay in English.
"""

from __future__ import annotations

import base64
import csv
import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, Template, select_autoescape
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ecgreader.analysis.binary import METRICS
from ecgreader.analysis.engine import Analysis, ComparisonInput, analyse, phase_changes
from ecgreader.analysis.figures import all_figures, draw_figures
from ecgreader.analysis.formatting import UNDEFINED, format_difference, format_number, format_with_ci
from ecgreader.analysis.from_study import comparison_input
from ecgreader.analysis.mrmc_study import MRMC_COLUMNS, MrmcRow, mrmc_rows
from ecgreader.analysis.report_output import check_output, staged_output
from ecgreader.store.database import StudyDatabase
from ecgreader.store.integrity import Verification, verify_study
from ecgreader.store.model_runs import ModelRunInfo, latest_model_run
from ecgreader.store.read_lookups import snapshot_reads
from ecgreader.store.report_rows import CaseName, ReadRow, RevisionRow, read_rows, revision_rows
from ecgreader.store.study import StudySummary, summarise_study

METRIC_COLUMNS = ["label", "rater", "rater_kind", "cases", "tp", "fp", "fn", "tn"] + [
    f"{metric}{suffix}" for metric in METRICS for suffix in ("", "_lo", "_hi")
]
# (name, definition) of each method, translated where the report is rendered (formulas are not).
METHODS = [
    (QT_TRANSLATE_NOOP("Report", "Sensitivity"), "TP / (TP + FN)"),
    (QT_TRANSLATE_NOOP("Report", "Specificity"), "TN / (TN + FP)"),
    (QT_TRANSLATE_NOOP("Report", "PPV"), "TP / (TP + FP)"),
    (QT_TRANSLATE_NOOP("Report", "NPV"), "TN / (TN + FN)"),
    (QT_TRANSLATE_NOOP("Report", "F1"), "2 TP / (2 TP + FP + FN)"),
    (QT_TRANSLATE_NOOP("Report", "Accuracy"), "(TP + TN) / N"),
    (
        QT_TRANSLATE_NOOP("Report", "Macro"),
        QT_TRANSLATE_NOOP(
            "Report",
            "mean over one fixed label set, the same for every rater and bootstrap resample: the labels whose gold "
            "standard has positive and negative cases; undefined where the metric is undefined for one of them",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "Group (pooled)"),
        QT_TRANSLATE_NOOP("Report", "all reads of the group's readers counted together; n is the number of reads"),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "Group mean"),
        QT_TRANSLATE_NOOP(
            "Report",
            "mean of the group's readers' metrics, with their minimum and maximum; a reader whose value is undefined "
            "(no case of the class read) is left out of the mean and the table says how many readers contributed",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "95 % CI (tables)"),
        QT_TRANSLATE_NOOP(
            "Report",
            "one reader's or the network's proportion (sensitivity, specificity, PPV, NPV, accuracy): Wilson's score "
            "interval (Wilson, J Am Stat Assoc 1927;22:209-212), not degenerate at 0 or 1. F1, macro averages, pooled"
            " reads, group means, differences and aided - unaided changes: BCa bootstrap over cases (bias-corrected "
            "and accelerated: Efron, J Am Stat Assoc 1987;82:171-185; bias from the share of resamples below the "
            "estimate, acceleration from the leave-one-case-out jackknife; the same resamples for every rater and "
            "both phases, so differences are paired); where every resample gives the same value (a degenerate "
            "bootstrap, e.g. an F1 of 1 from one true positive) there is no interval (undefined), except that a "
            "pooled proportion or group mean then gets Wilson's interval on one reader's worth of cases. These "
            "intervals treat the readers as fixed: for claims about readers in general use the MRMC "
            "analysis",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "Like with like"),
        QT_TRANSLATE_NOOP(
            "Report",
            "the network is compared with each reader, and with each group's pooled reads, on exactly the cases that "
            "reader read; n in every table is the number of cases (or reads) behind the value",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "Network AUC"),
        QT_TRANSLATE_NOOP(
            "Report",
            "trapezoidal (Wilcoxon) area under the ROC curve of the network's probabilities, ties 1/2, with DeLong's "
            "variance (DeLong, DeLong & Clarke-Pearson, Biometrics 1988;44:837-845) and a normal 95 % CI clipped to "
            "[0, 1]; the macro AUC's CI from the variance of the mean of the labels' correlated AUCs, 1'S1/L^2, S "
            "their DeLong covariance over the same cases (each case's placement values in every label)",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "MRMC analysis"),
        QT_TRANSLATE_NOOP(
            "Report",
            "Obuchowski-Rockette model (Obuchowski & Rockette, Commun Stat Simul Comput 1995;24:285-308) with "
            "Hillis's denominator degrees of freedom (Hillis, Stat Med 2007;26:596-619), as in MRMCaov and RJafroc: "
            "readers and cases random (RRRC), readers fixed (FRRC, normal z) or cases fixed (RRFC); figures of merit "
            "per reader: AUC (trapezoidal/Wilcoxon, ties 1/2; ratings studies only), sensitivity, specificity; "
            "covariance over cases by jackknife (sensitivity over the diseased cases only, specificity over the "
            "non-diseased) or DeLong (AUC); each analysis uses the cases every rater in it rated. Contrasts: aided - "
            "unaided (same readers, two treatments), network - readers (per-reader differences analysed as one "
            "treatment: the network has case but no reader variability, Chakraborty's 1T-RRRC), group - group "
            "(readers nested in groups, Satterthwaite df with the case covariance treated as known), single (a "
            "group's reader mean and CI). p_holm: Holm's adjustment across the labels of each contrast. Assumes "
            "readers and cases are random samples and the OR model's equal covariances; CIs are clipped to the "
            "metric's range. With few diseased cases (about 20) a reader mean's symmetric CI covers somewhat less "
            "than 95 % (simulation in bench/coverage.py: AUC about 0.93 at 2 % prevalence)",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "McNemar"),
        QT_TRANSLATE_NOOP(
            "Report",
            "each reader vs the network per label on the cases both rated; exact binomial below 25 discordant pairs, "
            "else chi-square with continuity correction (no test pools a group's reads: those pairs are dependent)",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "Kappa"),
        QT_TRANSLATE_NOOP(
            "Report",
            "Cohen's kappa for every pair of raters on the cases both rated, 95 % CI from the large-sample variance "
            "(Fleiss, Cohen & Everitt, Psychol Bull 1969;72:323-327); Fleiss' kappa (Psychol Bull 1971;76:378-382) "
            "within each group on the cases every member read, BCa bootstrap CI",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "Operating point"),
        QT_TRANSLATE_NOOP(
            "Report", "network sensitivity at the group's mean specificity (Hannun et al., Nat Med 2019)"
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Report", "Undefined"),
        QT_TRANSLATE_NOOP("Report", "a metric with a zero denominator is undefined and shown empty, never as 0"),
    ),
]


@dataclass
class StudyReport:
    summary: StudySummary
    data: ComparisonInput
    analysis: Analysis
    model: dict | None  # the model run's identity, training-data description and measurement drift
    reads: list[dict] | None  # reads.csv rows; this and history are None in a report built without CSV tables
    history: list[dict] | None  # read_history.csv rows
    aided: Analysis | None = None  # the same analysis of the aided reads (second-opinion mode)
    changes: list | None = None  # aided minus unaided, per reader and group
    verification: Verification | None = None  # the study file's integrity check, stated in the report
    mrmc: list[MrmcRow] | None = None  # the Obuchowski-Rockette analyses (mrmc.csv)
    read_list: list[ReadRow] | None = None  # the reads behind cases_long.csv (its rows are built as it is written)
    include_source_ids: bool = False


def build_report(
    database: StudyDatabase,
    bootstrap: int = 1000,
    seed: int = 0,
    include_source_ids: bool = False,
    csv_tables: bool = True,
) -> StudyReport:
    """Everything a report states. ``csv_tables=False`` leaves out the per-read tables only the CSV
    folder holds (reads, read history, cases_long): the HTML and PDF do not show them, and a large
    study spends seconds loading them."""
    with database.reading() as snapshot:  # everything the report states, as of one moment
        summary = summarise_study(snapshot)
        data = comparison_input(snapshot)
        read_list = read_rows(snapshot) if csv_tables else None
        reads = history = None
        if read_list is not None:
            reads = [_read_columns(row, include_source_ids) for row in read_list]
            history = [_revision_columns(row, include_source_ids) for row in revision_rows(snapshot)]
        # an empty aided phase still costs a pass over the reads: skip it where the reads show none
        any_aided = any(read.phase == "aided" for read in snapshot_reads(snapshot).reads)
        aided_data = comparison_input(snapshot, phase="aided") if any_aided else None
        run = latest_model_run(snapshot)
        verification = verify_study(snapshot)
    analysis = analyse(data, bootstrap=bootstrap, seed=seed)
    has_aided = aided_data is not None and bool(aided_data.readers)
    aided = analyse(aided_data, bootstrap=bootstrap, seed=seed) if has_aided else None
    model = None
    if run is not None:
        model = {
            "name": run.model_name,
            "sha256": run.model_sha256,
            "date": run.created_at.isoformat(timespec="seconds"),
            "training_data": _training_data_text(run.metadata.get("training_data")),
            "measurement_drift": _measurement_drift(run, database.path),
        }
    changes = phase_changes(data, aided_data, bootstrap=bootstrap, seed=seed) if aided is not None else None
    mrmc = mrmc_rows(data, aided_data if has_aided else None)
    return StudyReport(summary, data, analysis, model, reads, history, aided, changes, verification, mrmc,
                       read_list, include_source_ids)  # fmt: skip


def _training_data_text(training_data) -> str | None:
    """The model card's data in one sentence, from the ``training_data`` a trained model stores
    (``model_training``: its training records per source and its test sets); a run of a model that
    stores it in another form shows it as stored."""
    if training_data is None:
        return None
    described = isinstance(training_data, dict)
    train, tests = (training_data.get("train"), training_data.get("tests")) if described else (None, None)
    if not isinstance(train, dict) or not isinstance(tests, dict):
        text = training_data if isinstance(training_data, str) else json.dumps(training_data)
        return translate("Report", "Training data: {text}.").format(text=text)
    sources = train.get("sources", {})
    listed = (
        ", ".join(f"{name} {n}" for name, n in sources.items()) if isinstance(sources, dict) else ", ".join(sources)
    )
    return translate(
        "Report", "Training data: {records} labelled records ({sources}); test sets of the model card: {tests}."
    ).format(records=train.get("records"), sources=listed, tests=", ".join(tests))


def _measurement_drift(run: ModelRunInfo, study: Path) -> list[str]:
    """The features the run's measurement code computed differently from the model's training, as
    ``predict_study`` stored them; empty for a run stored before runs recorded it."""
    drift = run.metadata.get("measurement_drift", [])
    if not isinstance(drift, list) or not all(isinstance(name, str) for name in drift):
        raise ValueError(f"{study}: model run {run.id} stores measurement_drift {drift!r}, not a list of feature names")
    return drift


CASES_LONG_COLUMNS = ("case", "label", "gold", "reader", "group", "phase", "rating", "decision", "active_seconds",
                      "network_probability", "network_decision", "unassessable_reason")  # fmt: skip


def cases_long_rows(data: ComparisonInput, reads: list[ReadRow], include_source_ids: bool) -> list[list]:
    """cases_long.csv: one row per case × reader × phase × label, for analysis in other software.

    gold, decision and network_decision are 1/0 (gold empty for a case without a gold standard;
    decision empty for a read the reader judged could not be assessed, whose reason is given),
    rating is the reader's rating in rating-scale studies, the network's columns come from the
    latest model run (empty where it did not read the case); ``source_id`` is appended only when
    asked for."""
    labels = list(data.labels)
    row_of = {int(position): n for n, position in enumerate(data.case_positions if data.case_positions is not None
                                                                else ())}  # fmt: skip
    # per-case values as Python lists, looked up once: numpy scalar indexing per cell is the cost
    gold = data.gold.astype(int).tolist()
    blank = [""] * len(labels)
    network = {}  # case row → (probabilities as cases_long.csv states them, decisions), where the network read it
    if data.model is not None:
        probabilities, decisions = data.model_probabilities.tolist(), data.model.decisions.astype(int).tolist()
        network = {n: ([round(p, 6) for p in probabilities[n]], decisions[n])
                   for n in map(int, data.model.rated.nonzero()[0])}  # fmt: skip
    rows = []
    for read in reads:
        n = row_of.get(read.case.position)
        golds = blank if n is None else gold[n]
        probability, decision = network.get(n, (blank, blank))
        ticked, seconds, reason = set(read.labels), _seconds(read.active_seconds), read.unassessable_reason
        for k, key in enumerate(labels):
            answer = "" if reason else int(key in ticked)  # "cannot be assessed" decides nothing
            row = [read.case.position, key, golds[k], read.reader, read.group, read.phase, read.ratings.get(key, ""),
                   answer, seconds, probability[k], decision[k], reason or ""]  # fmt: skip
            if include_source_ids:
                row.append(read.case.source_id)
            rows.append(row)
    return rows


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
        "unassessable_reason": row.unassessable_reason,
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
        "unassessable_reason": row.unassessable_reason,
    }


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def metric_table(analysis: Analysis) -> list[dict]:
    """Rows of metrics.csv: one per (label, rater); undefined values are None."""
    rows = []
    for row in analysis.rows:
        entry = {"label": row.label, "rater": row.rater, "rater_kind": row.rater_kind, "cases": row.cases,
                 **row.counts}  # fmt: skip
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
    if report.reads is None or report.history is None or report.read_list is None:
        raise ValueError(f"{folder}: this report was built without its CSV tables (build_report(csv_tables=True))")
    folder.mkdir(exist_ok=True)  # its parent is not made: write_report checked that it exists
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
    _write_csv(
        folder / "auc.csv",
        [{"label": k, "auc": v, "auc_lo": analysis.auc_ci.get(k, (None, None))[0],
          "auc_hi": analysis.auc_ci.get(k, (None, None))[1]} for k, v in analysis.auc.items()],
    )  # fmt: skip
    _write_csv(folder / "operating_points.csv", [vars(p) for p in analysis.operating_points])
    if report.aided is not None:
        _write_csv(folder / "metrics_aided.csv", metric_table(report.aided), METRIC_COLUMNS + extra)
        _write_csv(folder / "phase_change.csv", [vars(c) for c in report.changes])
    _write_mrmc_csv(folder / "mrmc.csv", report.mrmc or [])
    _write_csv(folder / "reads.csv", report.reads)
    _write_csv(folder / "read_history.csv", report.history)
    _write_cases_long(folder / "cases_long.csv", report)
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


def _write_cases_long(path: Path, report: StudyReport) -> None:
    columns = [*CASES_LONG_COLUMNS, *(["source_id"] if report.include_source_ids else [])]
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(cases_long_rows(report.data, report.read_list, report.include_source_ids))


TEMPLATE = Path(__file__).with_name("report_template.html")
translate = QCoreApplication.translate  # pyside6-lupdate collects each translate("Report", "…") call


def report_texts() -> dict[str, str]:
    """The HTML report's headings, column captions and notes in the installed language; looked up
    at each call so that a translator installed later is honoured."""
    return {
        "title": translate("Report", "{name} — reader study report"),
        "heading": translate("Report", "{name}: readers and network against the gold standard"),
        "summary": translate("Report", "Summary"),
        "study": translate("Report", "Study"),
        "study_line": translate(
            "Report",
            "{cases} cases ({image_cases} image-only), {gold} with a gold standard; {reads} reads by {readers} "
            "readers in {groups} groups; randomisation seed {seed}; second-opinion mode {mode}.",
        ),
        "amplitude_not_calibrated": translate(
            "Report",
            "Amplitude not calibrated: {n} of {cases} cases (their paper is not at 10 mm/mV; no voltage criterion was "
            "judged).",
        ),
        "integrity": translate("Report", "Study file integrity"),
        "integrity_checks": translate("Report", "read-history hash chain, reads, case checksums"),
        "label": translate("Report", "label"),
        "finding": translate("Report", "finding"),
        "positives": translate("Report", "positives"),
        "prevalence": translate("Report", "prevalence"),
        "group": translate("Report", "group"),
        "readers": translate("Report", "readers"),
        "reader": translate("Report", "reader"),
        "cases_read": translate("Report", "cases read (of {n})"),
        "unassessable": translate("Report", "cannot be assessed"),
        "unassessable_note": translate(
            "Report",
            "Cannot be assessed: cases a reader judged could not be assessed (each with its reason in reads.csv); they "
            "are not among the cases read, are left out of that reader's sensitivity and specificity, and do not make "
            "the study incomplete.",
        ),
        "network": translate("Report", "Network"),
        "run_on": translate("Report", "run {date}"),
        "measurement_drift": translate(
            "Report",
            "Measurement drift: the measurement code used for this run computes {features} differently from the "
            "code the network was trained and validated with, so its probabilities and operating points in this "
            "report are not those validated in its model card.",
        ),
        "no_model": translate("Report", "No model run is stored in this study."),
        "methods": translate("Report", "Methods"),
        "bootstrap": translate("Report", "{n} bootstrap resamples, seed {seed}."),
        "metrics_per_label": translate("Report", "Metrics per label"),
        "n_note": translate(
            "Report",
            "n: cases rated (reader, network), reads pooled (group), cases read by any reader (group mean). "
            "[k/R readers]: a group mean over the k of R readers whose value is defined.",
        ),
        "rater": translate("Report", "rater"),
        "kind": translate("Report", "kind"),
        "with_ci": translate("Report", "{metric} (95 % CI)"),
        "mrmc": translate("Report", "MRMC analysis (readers and cases random)"),
        "mrmc_note": translate(
            "Report",
            "Obuchowski–Rockette with Hillis's degrees of freedom, jackknife covariance, RRRC; every design "
            "(RRRC, FRRC, RRFC) and DeLong's covariance for AUC are in {file}. Differences are aided − unaided "
            "and network − readers; p (Holm) is adjusted across the labels of each contrast. n: cases every "
            "rater of the analysis read; R: readers.",
        ),
        "metric": translate("Report", "metric"),
        "contrast": translate("Report", "contrast"),
        "phase": translate("Report", "phase"),
        "estimate": translate("Report", "estimate (95 % CI)"),
        "p_holm": translate("Report", "p (Holm)"),
        "network_minus_group": translate("Report", "Network minus group (pooled)"),
        "differences_note": translate(
            "Report",
            "The network counted on exactly the cases each reader read (n: reads compared); per-reader "
            "differences are in {file}.",
        ),
        "difference": translate("Report", "difference (95 % CI)"),
        "network_auc": translate("Report", "Network AUC and operating points"),
        "auc": translate("Report", "AUC (95 % CI, DeLong)"),
        "operating_point": translate("Report", "{group}: mean specificity → network sensitivity"),
        "mcnemar": translate("Report", "McNemar tests, network vs each reader"),
        "network_only_correct": translate("Report", "network only correct"),
        "reader_only_correct": translate("Report", "reader only correct"),
        "statistic": translate("Report", "statistic"),
        "method": translate("Report", "method"),
        "phase_changes": translate("Report", "Unaided vs aided reads (second opinion)"),
        "phase_changes_note": translate(
            "Report",
            "The same metrics computed on the aided reads (after seeing the network's output); change = aided − "
            "unaided on the cases each reader read in both phases (readers who read in one phase only are left "
            "out), with a paired BCa bootstrap 95 % CI.",
        ),
        "unaided": translate("Report", "unaided"),
        "aided": translate("Report", "aided"),
        "change": translate("Report", "change (95 % CI)"),
        "agreement": translate("Report", "Agreement"),
        "fleiss": translate("Report", "Fleiss' kappa (95 % CI)"),
        "cohen_note": translate(
            "Report", "Cohen's kappa of every pair of raters, with its 95 % CI and n, is in {file}."
        ),
        "figures": translate("Report", "Figures"),
        "no_figures": translate("Report", "None yet: no reader or network has rated a case with a gold standard."),
    }


def translated_methods() -> list[tuple[str, str]]:
    """METHODS in the installed language."""
    return [(translate("Report", name), translate("Report", text)) for name, text in METHODS]  # texts listed above


def finding_name(finding: str) -> str:
    """A finding of the default vocabulary in the installed language; a study's own as written."""
    return translate("Finding", finding)  # texts listed by ecgreader.gui.translations.update


def report_terms() -> dict[str, str]:
    """The codes the report's cells show (rater kinds, metrics, contrasts, phases), in the installed
    language; a code not listed is shown as stored."""
    return {
        "reader": translate("Report", "reader"),
        "model": translate("Report", "network"),
        "group": translate("Report", "group (pooled)"),
        "group_mean": translate("Report", "group mean"),
        "sensitivity": translate("Report", "sensitivity"),
        "specificity": translate("Report", "specificity"),
        "ppv": translate("Report", "PPV"),
        "npv": translate("Report", "NPV"),
        "f1": translate("Report", "F1"),
        "accuracy": translate("Report", "accuracy"),
        "auc": translate("Report", "AUC"),
        "macro": translate("Report", "macro"),
        "network-readers": translate("Report", "network - readers"),
        "aided-unaided": translate("Report", "aided - unaided"),
        "group-group": translate("Report", "group - group"),
        "single": translate("Report", "reader mean"),
        "unaided": translate("Report", "unaided"),
        "aided": translate("Report", "aided"),
        "off": translate("Report", "off"),
        "after_each_case": translate("Report", "after each case"),
        "after_study": translate("Report", "after the whole study"),
        "exact binomial": translate("Report", "exact binomial"),
        "chi-square with continuity correction": translate("Report", "chi-square with continuity correction"),
    }


def verification_summary(verification: Verification) -> str:
    """``Verification.summary`` in the installed language (its problems are listed as found)."""
    if not verification.verified:
        return translate("Report", "verification FAILED: {n} problem(s) found").format(n=len(verification.problems))
    return translate(
        "Report", "verified: {cases} cases, {reads} reads, {revisions} read revisions; history chain head {head}"
    ).format(
        cases=verification.cases,
        reads=verification.reads,
        revisions=verification.revisions,
        head=verification.chain_head or translate("Report", "empty"),
    )


def localised(text: str) -> str:
    """A formatted value in the installed language ("undefined" and the "to" of a difference's CI)."""
    return text.replace(UNDEFINED, translate("Report", "undefined")).replace(" to ", translate("Report", " to "))


def no_reads_note(report: StudyReport | ComparisonInput) -> str | None:
    """The warning at the top of a report (and the dashboard) of a study no reader has read yet (a
    case with a gold standard): its reader tables are empty and its figures left out, which alone
    could be taken for a fault of the report."""
    data = report.data if isinstance(report, StudyReport) else report
    if data.readers:
        return None
    return translate(
        "Report",
        "No reads yet: no reader has read a case with a gold standard, so the tables hold no reader and the figures "
        "with nothing to show are left out.",
    )


def incomplete_note(report: StudyReport | Analysis) -> str | None:
    """The warning an incomplete study gets at the top of the report and the dashboard: who has not
    read every case, and in a report with aided reads, who began the aided phase without finishing it."""
    analysis = report.analysis if isinstance(report, StudyReport) else report
    aided = report.aided if isinstance(report, StudyReport) else None
    missing = analysis.incomplete_readers
    aided_missing = aided.incomplete_readers if aided is not None else {}
    if not missing and not aided_missing:
        return None
    notes = []
    if missing:
        text = translate(
            "Report",
            "Incomplete study: {missing} of {readers} readers have not read every case with a gold standard ({who}).",
        )
        who = _cases_read(missing, analysis.n_cases)
        notes.append(text.format(missing=len(missing), readers=len(analysis.cases_read), who=who))
    if aided_missing:
        text = translate(
            "Report", "Aided phase incomplete: {missing} of {readers} readers have not read every case aided ({who})."
        )
        who = _cases_read(aided_missing, aided.n_cases)
        notes.append(text.format(missing=len(aided_missing), readers=len(aided.cases_read), who=who))
    notes.append(
        translate(
            "Report",
            "Each comparison uses the cases its raters read (n in every table); MRMC analyses use the cases every "
            "rater in them read, and an aided − unaided change the cases its reader read in both phases.",
        )
    )
    return " ".join(notes)


def _cases_read(missing: dict[str, int], total: int) -> str:
    return "; ".join(translate("Report", "{reader}: {read} of {total}").format(reader=name, read=n, total=total)
                     for name, n in sorted(missing.items()))  # fmt: skip


def _primary(report: StudyReport) -> tuple[str, str]:
    """The headline contrast and metric: network - readers where there is a network, else aided -
    unaided, else each group's mean; AUC where readers gave ratings, else sensitivity."""
    metric = "auc" if report.data.rating_scale != "binary" else "sensitivity"
    contrasts = {row.contrast for row in report.mrmc or []}
    for contrast in ("network-readers", "aided-unaided", "single"):
        if contrast in contrasts:
            return contrast, metric
    return "single", metric


def _headline(rows: list[MrmcRow], contrast: str) -> str:
    """One group's result across labels: the share significant after Holm, and the largest estimate."""
    defined = [r for r in rows if r.estimate is not None]
    if not defined:
        return translate("Report", "undefined (too few cases or readers)")
    if contrast == "single":
        best = max(defined, key=lambda r: r.estimate)
        worst = min(defined, key=lambda r: r.estimate)
        return translate("Report", "from {lowest} ({lowest_label}) to {highest} ({highest_label})").format(
            lowest=localised(format_with_ci(worst.estimate, worst.ci_low, worst.ci_high)),
            lowest_label=worst.label,
            highest=localised(format_with_ci(best.estimate, best.ci_low, best.ci_high)),
            highest_label=best.label,
        )
    tested = [r for r in defined if r.p_holm is not None]
    if not tested:
        return translate("Report", "no test possible (too few readers, or no variability)")
    significant = [r for r in tested if r.p_holm < 0.05]
    largest = max(tested, key=lambda r: abs(r.estimate))
    p_holm = f"{largest.p_holm:.3g}"
    return translate(
        "Report", "significant after Holm on {significant} of {labels} labels; largest {label} {difference}, Holm p {p}"
    ).format(
        significant=len(significant),
        labels=len(tested),
        label=largest.label,
        difference=localised(format_difference(largest.estimate, largest.ci_low, largest.ci_high)),
        p=p_holm,
    )


def summary_paragraph(report: StudyReport) -> str:
    """The report's opening paragraph: what was compared, the headline MRMC result of each group
    (RRRC, jackknife covariance) with its CI and Holm p, and the integrity verification."""
    data, analysis = report.data, report.analysis
    if data.model is not None:
        network = translate("Report", "the network {name}").format(name=data.model.name)
    else:
        network = translate("Report", "no network (no model run stored)")
    if not data.readers and data.model is None:
        compared = translate(
            "Report",
            "Nothing was compared with the gold standard of the {cases} cases and {labels} labels: no reader has read "
            "a case yet and no model run is stored.",
        )
    elif not data.readers:
        compared = translate(
            "Report",
            "No reader has read a case yet; {network} was compared with the gold standard on {cases} cases and "
            "{labels} labels.",
        )
    elif report.aided is None:
        compared = translate(
            "Report",
            "{readers} readers in {groups} groups ({names}) and {network} were compared with the gold standard "
            "on {cases} cases and {labels} labels.",
        )
    else:
        compared = translate(
            "Report",
            "{readers} readers in {groups} groups ({names}) and {network} were compared with the gold standard "
            "on {cases} cases and {labels} labels in unaided and aided reads.",
        )
    text = compared.format(
        readers=len(data.readers),
        groups=len(data.groups),
        names=", ".join(data.groups) or translate("Report", "none"),
        network=network,
        cases=analysis.n_cases,
        labels=len(analysis.labels),
    )
    contrast, metric = _primary(report)
    by_group: dict[tuple[str, str], list[MrmcRow]] = {}
    for row in report.mrmc or []:
        if (row.contrast, row.metric, row.design, row.covariance) == (contrast, metric, "RRRC", "jackknife"):
            by_group.setdefault((row.group, row.phase), []).append(row)
    if by_group:
        terms = report_terms()
        parts = [f"{group}{f' ({terms.get(phase, phase)})' if phase else ''}: {_headline(rows, contrast)}"
                 for (group, phase), rows in by_group.items()]  # fmt: skip
        text += " " + translate(
            "Report",
            "MRMC ({contrast}, {metric}, readers and cases random, Obuchowski-Rockette with Hillis df): {results}.",
        ).format(contrast=terms[contrast], metric=terms[metric], results="; ".join(parts))
    if report.verification is not None:
        text += " " + translate("Report", "Study file integrity: {summary}.").format(
            summary=verification_summary(report.verification)
        )
    note = incomplete_note(report)
    return f"{text} {note}" if note else text


def render_html(report: StudyReport, for_pdf: bool = False, figure_sources: dict[str, str] | None = None) -> str:
    """The report as one self-contained HTML page; ``for_pdf`` draws its tables as Qt lays them out
    quickly for :func:`write_pdf` (a table's own grid rather than collapsed cell borders).
    ``figure_sources`` (figure name → image source) replaces the figures embedded as PNG data."""

    def num(value) -> str:
        return localised(format_number(value))

    def ci(row, metric) -> str:
        return localised(format_with_ci(row.values[metric], row.low.get(metric), row.high.get(metric)))

    def diff(d) -> str:
        return localised(format_difference(d.difference, d.low, d.high))

    terms = report_terms()

    figures = figure_sources or {
        name: f"data:image/png;base64,{base64.b64encode(data).decode()}"
        for name, data in all_figures(report.analysis, report.data).items()
    }
    a = report.analysis
    return _template().render(
        s=report.summary,
        a=report.analysis,
        rows=report.analysis.rows,
        labels=[*report.analysis.labels, "macro"],
        groups=report.data.groups,
        model=report.model,
        changes=report.changes,
        verification=report.verification,
        mrmc=[r for r in report.mrmc or [] if r.design == "RRRC" and r.covariance == "jackknife"],
        methods=translated_methods(),
        finding=finding_name,
        metric_names=["sensitivity", "specificity", "ppv", "f1"],
        figures=figures,
        n_gold=len(report.data.gold),
        num=num,
        ci=ci,
        diff=diff,
        change=lambda c: localised(format_difference(c.change, c.low, c.high)),
        mci=lambda m: localised(
            format_with_ci(m.estimate, m.ci_low, m.ci_high)
            if m.contrast == "single"
            else format_difference(m.estimate, m.ci_low, m.ci_high)
        ),
        summary=summary_paragraph(report),
        verification_summary=verification_summary(report.verification) if report.verification else "",
        incomplete=incomplete_note(report),
        no_reads=no_reads_note(report),
        group_differences=[d for d in report.analysis.differences if not d.reader],
        cases_read=report.analysis.cases_read,
        kci=lambda k: localised(format_with_ci(k.kappa, k.low, k.high)),
        auc_ci=lambda label: localised(format_with_ci(a.auc.get(label), *a.auc_ci.get(label, (None, None)))),
        readers_note=_readers_note,
        inf=float("inf"),
        undefined=translate("Report", "undefined"),
        pct=lambda v: translate("Report", "undefined") if v is None else f"{100 * v:.1f} %",
        t=report_texts(),
        term=lambda code: terms.get(code, code),
        for_pdf=for_pdf,
    )


@cache
def _template() -> Template:
    """The report's template, compiled once (a noticeable part of rendering a small report)."""
    return Environment(autoescape=select_autoescape(default=True)).from_string(TEMPLATE.read_text())


def _readers_note(row, metric: str) -> str:
    """For a group-mean cell: "k/R readers" when a reader's value is undefined and left out."""
    total = row.extra.get("readers")
    defined = row.extra.get(f"{metric}_readers")
    if total is None or defined is None or defined == total:
        return ""
    return " " + translate("Report", "[{defined}/{total} readers]").format(defined=defined, total=total)


LANDSCAPE_START, LANDSCAPE_END = "<!--landscape-->", "<!--/landscape-->"  # wide tables, marked in the template
PDF_MARGIN_MM = 12


def pdf_sections(html: str) -> list[tuple[bool, str]]:
    """(landscape, complete HTML) of each run of the report: the wide tables between the
    template's landscape markers are laid out on landscape pages, the rest on portrait pages."""
    head, _, body = html.partition("<body>")
    body = body.replace("</body></html>", "")
    sections = []
    for n, part in enumerate(re.split(f"{LANDSCAPE_START}|{LANDSCAPE_END}", body)):
        if part.strip():
            sections.append((n % 2 == 1, f"{head}<body>{part}</body></html>"))
    return sections


def pdf_page_layout(landscape: bool):
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    orientation = QPageLayout.Landscape if landscape else QPageLayout.Portrait
    margins = QMarginsF(PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM)
    return QPageLayout(QPageSize(QPageSize.A4), orientation, margins)


PDF_RESOLUTION = 96  # lay the HTML out at screen scale; text stays vector
BODY_MARGIN_EM = 2  # report_template.html: body{margin:2em}


def paged_document(html: str, landscape: bool, images: dict | None = None):
    """A QTextDocument of ``html`` paginated for an A4 page: words wrap only between words (never
    broken), table headers repeat on every page. ``images`` (source → QImage) are the pictures
    ``html`` names by source, each scaled to the text width (Qt's rich text would not scale them)."""
    from PySide6.QtCore import QSizeF, Qt, QUrl
    from PySide6.QtGui import QTextDocument, QTextOption

    from ecgreader.ecg.render import ensure_gui_application

    ensure_gui_application()
    page = pdf_page_layout(landscape).paintRectPixels(PDF_RESOLUTION)
    document = QTextDocument()
    option = QTextOption()
    option.setWrapMode(QTextOption.WordWrap)
    document.setDefaultTextOption(option)
    # The text width: the page less the template's body margins (2em each side) and the document's.
    em = document.defaultFont().pointSizeF() * PDF_RESOLUTION / 72
    width = int(page.width() - 2 * (BODY_MARGIN_EM * em + document.documentMargin())) - 2
    for source, image in (images or {}).items():
        if f'src="{source}"' in html:
            if image.width() > width:
                image = image.scaledToWidth(width, Qt.SmoothTransformation)
            document.addResource(QTextDocument.ImageResource, QUrl(source), image)
    document.setHtml(html)
    document.setPageSize(QSizeF(page.width(), page.height()))
    return document


def pdf_content(report: StudyReport) -> tuple[str, dict]:
    """The report's HTML for :func:`write_pdf`, naming each figure by a source, and those sources'
    pictures: the figures' pixels, handed to Qt without a PNG round trip (encoding and decoding
    the PNGs took a tenth of a large report's PDF)."""
    figures = draw_figures(report.analysis, report.data)
    sources = {name: f"figure-{name}.png" for name in figures}
    html = render_html(report, for_pdf=True, figure_sources=sources)
    return html, {sources[name]: _figure_image(figure) for name, figure in figures.items()}


def _figure_image(figure):
    """A matplotlib figure's pixels as a QImage."""
    from PySide6.QtGui import QImage

    from ecgreader.ecg.render import ensure_gui_application

    ensure_gui_application()
    figure.canvas.draw()
    width, height = figure.canvas.get_width_height(physical=True)
    return QImage(bytes(figure.canvas.buffer_rgba()), width, height, QImage.Format_RGBA8888).copy()


def write_pdf(html: str, path: Path, images: dict | None = None) -> int:
    """The report's HTML laid out on A4 pages by Qt (QTextDocument) as a PDF, wide tables on
    landscape pages; ``images`` as in :func:`paged_document`. Returns the page count."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPdfWriter

    sections = [(landscape, paged_document(part, landscape, images)) for landscape, part in pdf_sections(html)]
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(translate("Report", "Reader study report"))
    writer.setPageLayout(pdf_page_layout(sections[0][0] if sections else False))
    painter = QPainter(writer)
    pages = 0
    try:
        for landscape, document in sections:
            size = document.pageSize()
            for page in range(document.pageCount()):
                if pages:
                    writer.setPageLayout(pdf_page_layout(landscape))  # applies to the next page
                    writer.newPage()
                painter.save()
                painter.translate(0, -page * size.height())
                document.drawContents(painter, QRectF(0, page * size.height(), size.width(), size.height()))
                painter.restore()
                pages += 1
    finally:
        painter.end()
    return pages


def write_report(
    database: StudyDatabase,
    out: Path,
    bootstrap: int = 1000,
    seed: int = 0,
    include_source_ids: bool = False,
    overwrite: bool = False,
) -> tuple[Path, Verification]:
    """``out`` ending in .html or .pdf writes that file; a name without a suffix is a
    folder of CSV files (``report_output.report_kind``). An existing report file, or a folder that
    is not empty, is replaced only with ``overwrite``, and a folder only when it holds nothing but a
    previous report, none of whose tables stays. The report is written beside ``out`` and moved
    over it once complete (``report_output.staged_output``), so a failure leaves the previous report
    as it was. Returns the path and the study's verification, which the report states."""
    kind = check_output(out, overwrite)
    with cyclic_gc_paused():
        report = build_report(database, bootstrap, seed, include_source_ids, csv_tables=kind == "csv")
        with staged_output(out, kind) as staging:
            if kind == "html":
                staging.write_text(render_html(report), encoding="utf-8")  # as its <meta charset> says
            elif kind == "pdf":
                html, images = pdf_content(report)
                write_pdf(html, staging, images)
            else:
                write_csv_folder(report, staging)
    return out, report.verification


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Python's cycle collector held off while a report is built, and restored as it was.

    A large study's report makes a few hundred thousand small objects that live until it is written
    (rows, reads, revisions, their hashes): they trigger full collections that walk the whole heap
    and find nothing, over a second of a 1,000-case × 20-reader CSV report (bench/report.py).
    Reference counting still frees everything that is not in a cycle; the few cycles made meanwhile
    (a figure, a session) are collected once the collector runs again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
