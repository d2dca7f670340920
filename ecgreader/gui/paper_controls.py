"""The paper's controls above the ECG: layout, gain, speed, fit, true size, calipers.

A row of its own so the reading page only places it: the choices persist in QSettings (a view
option, not study data) and the study's display filters, which the reader cannot change, are
handed to the view from here.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton, QWidget

from ecgreader.ecg.paper import GAINS_MM_PER_MV, LAYOUTS, SPEEDS_MM_PER_S
from ecgreader.gui.ecg_view import EcgView, format_measurement
from ecgreader.gui.screen_calibration_dialog import ScreenCalibrationDialog
from ecgreader.store.settings import StudySettingsView

LAYOUT_KEY, GAIN_KEY, SPEED_KEY = "view/layout", "view/gain_mm_per_mv", "view/speed_mm_per_s"  # QSettings


class PaperControls(QWidget):
    def __init__(self, view: EcgView, study_settings: StudySettingsView | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.settings = QSettings()
        self.layout_choice = _combo({name: name for name in LAYOUTS}, self.settings.value(LAYOUT_KEY, "3x4+II"))
        self.layout_choice.setToolTip(self.tr("How the twelve leads are arranged on the paper"))
        self.gain_choice = _combo(
            {self.tr("{gain} mm/mV").format(gain=f"{gain:g}"): gain for gain in GAINS_MM_PER_MV},
            float(self.settings.value(GAIN_KEY, 10.0)),
        )
        self.gain_choice.setToolTip(self.tr("Gain: millimetres of paper per millivolt (standard 10 mm/mV)"))
        self.speed_choice = _combo(
            {self.tr("{speed} mm/s").format(speed=f"{speed:g}"): speed for speed in SPEEDS_MM_PER_S},
            float(self.settings.value(SPEED_KEY, 25.0)),
        )
        self.speed_choice.setToolTip(
            self.tr("Paper speed: 50 mm/s spreads each second over twice the paper (scroll sideways)")
        )
        for combo in (self.layout_choice, self.gain_choice, self.speed_choice):
            combo.currentIndexChanged.connect(self._apply_paper)
        self.fit_button = QPushButton(self.tr("Fit page"))
        self.fit_button.setToolTip(self.tr("Show the whole page (undo zoom); the wheel or a pinch zooms"))
        self.fit_button.clicked.connect(view.reset_view)
        self.true_size_button = QPushButton(self.tr("True size"))
        self.true_size_button.setToolTip(
            self.tr("Show the paper at its real size: 1 mm of paper is 1 mm on this monitor")
        )
        self.true_size_button.clicked.connect(view.show_true_size)
        self.calibrate_button = QToolButton()
        self.calibrate_button.setText(self.tr("Calibrate…"))
        self.calibrate_button.setToolTip(
            self.tr("Measure a bar on the screen with a ruler when true size is not the size on paper")
        )
        self.calibrate_button.clicked.connect(self._calibrate)
        self.calipers_button = QToolButton()
        self.calipers_button.setText(self.tr("Calipers"))
        self.calipers_button.setCheckable(True)
        self.calipers_button.setShortcut("C")
        self.calipers_button.setToolTip(self.tr("Drag on the ECG to measure time, voltage and rate (C)"))
        self.calipers_button.toggled.connect(view.set_caliper_mode)
        self.caliper_readout = QLabel("")
        self.caliper_readout.setObjectName("caliperReadout")
        self.caliper_readout.setToolTip(self.tr("What the calipers measure; no rate under 200 ms"))
        # Asks for its whole text but, where the row is short of room, is cut at its end instead of
        # the combos beside it: an explicit minimum replaces the label's minimum of its whole text.
        self.caliper_readout.setMinimumWidth(1)
        view.calipers_measured.connect(self._show_measurement)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel(self.tr("Layout")),
            self.layout_choice,
            QLabel(self.tr("Gain")),
            self.gain_choice,
            QLabel(self.tr("Speed")),
            self.speed_choice,
            self.fit_button,
            self.true_size_button,
            self.calibrate_button,
            self.calipers_button,
        ):
            row.addWidget(widget)
        row.addWidget(self.caliper_readout, 1)
        if study_settings is not None:
            view.set_display_filters(study_settings.display_filters)
        self._apply_paper()

    def _apply_paper(self) -> None:
        layout, gain, speed = (
            choice.currentData() for choice in (self.layout_choice, self.gain_choice, self.speed_choice)
        )
        self.settings.setValue(LAYOUT_KEY, layout)
        self.settings.setValue(GAIN_KEY, gain)
        self.settings.setValue(SPEED_KEY, speed)
        self.view.set_paper(layout, gain, speed)

    def _calibrate(self) -> None:
        dialog = ScreenCalibrationDialog(self.view.screen(), self)
        if dialog.exec():
            self.view.show_true_size()

    def _show_measurement(self, measured) -> None:
        self.caliper_readout.setText(format_measurement(measured) if measured else "")


def _combo(choices: dict[str, object], current: object) -> QComboBox:
    """A combo box of ``choices`` (shown text: value) on the one whose value is ``current``, at
    the width of its longest choice so that a crowded row never cuts "10 mm/mV" to "10 mm/"."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
    combo.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)  # always wide enough for its longest choice
    for text, value in choices.items():
        combo.addItem(text, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
