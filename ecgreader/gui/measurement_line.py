"""The measurement line an electrocardiograph prints above its tracing: rate, intervals, axes.

It is itself an aid to the reader, so the reading room shows it only where the study says so
(``StudySettingsView.show_measurements``); "—" stands for a value that could not be measured.
Where the measurements carry warnings (noise, a flat axis lead) the line is flagged, as a reader
would otherwise take noise's numbers for a cart's reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from ecgreader.measurements.result import MEASUREMENTS_UNRELIABLE, NO_AXIS, NO_BEAT_FOUND, Measurements

UNMEASURED = "—"


@dataclass(frozen=True)
class WarningShown:
    """What a reader is told of one kind of measurement warning: a flag on the line, a sentence in
    its tooltip."""

    flag: str
    explanation: str


def _warnings_shown() -> dict[str, WarningShown]:
    """The kinds of warning ``measure`` gives, keyed by the words that end (and so name) each one.

    A warning's own text opens with the record's source, which a blinded reader must never see, so
    the reader gets a fixed, translated text per kind instead (built per call: the translator may
    change while the application runs)."""
    translate = QCoreApplication.translate
    return {
        NO_BEAT_FOUND: WarningShown(
            translate("MeasurementLine", "⚠ no beat found"),
            translate("MeasurementLine", "No complete beat was found in this ECG, so nothing could be measured."),
        ),
        MEASUREMENTS_UNRELIABLE: WarningShown(
            translate("MeasurementLine", "⚠ measurements unreliable"),
            translate(
                "MeasurementLine",
                "Successive beats do not agree (noise or artefact?): these measurements are unreliable.",
            ),
        ),
        NO_AXIS: WarningShown(
            translate("MeasurementLine", "⚠ no axes"),
            translate("MeasurementLine", "Lead I or aVF is flat, so no P, QRS or T axis could be measured."),
        ),
    }


def warnings_shown(measured: Measurements) -> list[WarningShown]:
    """What to show a reader of ``measured.warnings``, once per kind, never the warnings' own text;
    a kind this table does not know yet still gets a general flag rather than passing unseen."""
    known = _warnings_shown()
    doubtful = WarningShown(
        QCoreApplication.translate("MeasurementLine", "⚠ measurements doubtful"),
        QCoreApplication.translate("MeasurementLine", "The measuring program found these measurements doubtful."),
    )
    shown: list[WarningShown] = []
    for warning in measured.warnings:
        kind = next((known[ending] for ending in known if warning.endswith(ending)), doubtful)
        if kind not in shown:
            shown.append(kind)
    return shown


def _value(value: float | None) -> str:
    return UNMEASURED if value is None else f"{value:.0f}"


def measurement_line_text(measured: Measurements) -> str:
    """e.g. "HR 72 bpm  PR 164 ms  QRS 92 ms  QT/QTc 380/412 ms  P/QRS/T axes 60/45/50°", followed
    by a flag per kind of warning (e.g. "⚠ measurements unreliable")."""
    translate = QCoreApplication.translate
    parts = [
        translate("MeasurementLine", "HR {rate} bpm").format(rate=_value(measured.heart_rate_bpm)),
        translate("MeasurementLine", "PR {pr} ms").format(pr=_value(measured.pr_ms)),
        translate("MeasurementLine", "QRS {qrs} ms").format(qrs=_value(measured.qrs_ms)),
        translate("MeasurementLine", "QT/QTc {qt}/{qtc} ms").format(
            qt=_value(measured.qt_ms), qtc=_value(measured.qtc_ms)
        ),
        translate("MeasurementLine", "P/QRS/T axes {p}/{qrs}/{t}°").format(
            p=_value(measured.p_axis_deg), qrs=_value(measured.qrs_axis_deg), t=_value(measured.t_axis_deg)
        ),
    ]
    return "  ".join(parts + [shown.flag for shown in warnings_shown(measured)])


class MeasurementLine(QLabel):
    """The cart's line for the case on screen, or what stands in its place while measuring."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("measurementLine")
        self.setStyleSheet("QLabel#measurementLine { font-family: monospace; padding: 2px 4px; }")
        self.setToolTip(self._about())

    def _about(self) -> str:
        return self.tr(
            "The electrocardiograph's automatic measurements of this ECG (QTc by Bazett; axes in the "
            "frontal plane). A machine's measurements: check them on the paper."
        )

    def show_measuring(self) -> None:
        self.setText(self.tr("Measuring…"))
        self.setToolTip(self._about())

    def show_measurements(self, measured: Measurements) -> None:
        """The line, and in its tooltip what each of its warning flags means."""
        self.setText(measurement_line_text(measured))
        self.setToolTip("\n\n".join([self._about(), *(shown.explanation for shown in warnings_shown(measured))]))

    def show_unmeasurable(self, reason: str) -> None:
        self.setText(self.tr("No measurements: {reason}").format(reason=reason))
        self.setToolTip(self._about())
