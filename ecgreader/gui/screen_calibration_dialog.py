"""How many pixels make a millimetre on this monitor, and a dialog to correct it with a ruler.

"True size" draws 1 mm of paper as 1 mm of glass, so a reader can judge a 2 mm ST elevation by
eye. The monitor's own report (EDID, through QScreen.physicalDotsPerInch, in device-independent
pixels) is often wrong or missing (projectors, some laptops, virtual displays), so the reader
can measure a drawn bar and type its length; the corrected figure is kept per screen in QSettings
(a view option, not study data).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPainter, QScreen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MM_PER_INCH = 25.4
BAR_MM = 100.0  # long enough for a 1 % reading error with a ruler marked in mm
# Outside this range the monitor's report is no physical size at all (0 mm, a default).
PLAUSIBLE_DPI = (50.0, 1000.0)


def _settings_key(screen: QScreen) -> str:
    size = screen.size()
    return f"screen/{screen.name() or 'screen'}-{size.width()}x{size.height()}/px_per_mm"


def reported_px_per_mm(screen: QScreen) -> float | None:
    """Device-independent pixels per mm as the monitor reports it, or None if the report is absent."""
    dpi = screen.physicalDotsPerInch()
    if not math.isfinite(dpi) or not PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
        return None
    return dpi / MM_PER_INCH


def screen_px_per_mm(screen: QScreen) -> float:
    """Pixels per millimetre for true size: the reader's calibration if any, else the monitor's
    report, else the logical DPI (what the system assumes, usually 96)."""
    calibrated = QSettings().value(_settings_key(screen))
    if calibrated is not None:
        return float(calibrated)
    return reported_px_per_mm(screen) or screen.logicalDotsPerInch() / MM_PER_INCH


def forget_calibration(screen: QScreen) -> None:
    QSettings().remove(_settings_key(screen))


class _Bar(QWidget):
    """A black bar ``length_px`` device-independent pixels long."""

    def __init__(self, length_px: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.length_px = length_px
        self.setFixedSize(round(length_px) + 20, 40)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(10, 10, round(self.length_px), 20, QColor(0, 0, 0))
        painter.end()


class ScreenCalibrationDialog(QDialog):
    def __init__(self, screen: QScreen, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Calibrate true size"))
        self.screen_to_calibrate = screen
        self.bar_px = BAR_MM * screen_px_per_mm(screen)
        self.bar = _Bar(self.bar_px)
        self.measured = QDoubleSpinBox()
        self.measured.setRange(10.0, 1000.0)
        self.measured.setDecimals(1)
        self.measured.setSuffix(" mm")
        self.measured.setValue(BAR_MM)
        self.measured.setToolTip(self.tr("The bar's length on the glass, measured with a ruler"))
        explanation = QLabel(
            self.tr(
                "Hold a ruler against the screen and measure the black bar. "
                "Type its length: the paper will then be drawn at its real size on this monitor."
            )
        )
        explanation.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        forget = QPushButton(self.tr("Use the monitor's report"))
        forget.setToolTip(self.tr("Forget this calibration and trust the size the monitor reports"))
        forget.clicked.connect(self._forget)
        buttons.addButton(forget, QDialogButtonBox.ResetRole)
        form = QFormLayout()
        form.addRow(self.tr("Measured length:"), self.measured)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.bar, 0, Qt.AlignHCenter)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def corrected_px_per_mm(self) -> float:
        return self.bar_px / self.measured.value()

    def accept(self) -> None:
        QSettings().setValue(_settings_key(self.screen_to_calibrate), self.corrected_px_per_mm())
        super().accept()

    def _forget(self) -> None:
        forget_calibration(self.screen_to_calibrate)
        super().accept()
