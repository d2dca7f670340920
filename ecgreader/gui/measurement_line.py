"""The measurement line an electrocardiograph prints above its tracing: rate, intervals, axes.

It is itself an aid to the reader, so the reading room shows it only where the study says so
(``StudySettingsView.show_measurements``); "—" stands for a value that could not be measured.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from ecgreader.measurements.result import Measurements

UNMEASURED = "—"


def _value(value: float | None) -> str:
    return UNMEASURED if value is None else f"{value:.0f}"


def measurement_line_text(measured: Measurements) -> str:
    """e.g. "HR 72 bpm  PR 164 ms  QRS 92 ms  QT/QTc 380/412 ms  P/QRS/T axes 60/45/50°"."""
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
    return "  ".join(parts)


class MeasurementLine(QLabel):
    """The cart's line for the case on screen, or what stands in its place while measuring."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("measurementLine")
        self.setStyleSheet("QLabel#measurementLine { font-family: monospace; padding: 2px 4px; }")
        self.setToolTip(
            self.tr(
                "The electrocardiograph's automatic measurements of this ECG (QTc by Bazett; axes in the "
                "frontal plane). A machine's measurements: check them on the paper."
            )
        )

    def show_measuring(self) -> None:
        self.setText(self.tr("Measuring…"))

    def show_measurements(self, measured: Measurements) -> None:
        self.setText(measurement_line_text(measured))

    def show_unmeasurable(self, reason: str) -> None:
        self.setText(self.tr("No measurements: {reason}").format(reason=reason))
