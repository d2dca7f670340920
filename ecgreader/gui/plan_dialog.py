"""The "Plan…" dialog of study creation: how many readers and cases a study needs
(``analysis.power``, the same calculator as ``ecgreader plan``).

The variance components are typed in (assumed) or loaded from a pilot study file; each number
of readers gets the fewest cases reaching the target power.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ecgreader.analysis import power
from ecgreader.gui.background import Worker

COMPONENTS = ("var_tr", "var", "cov1", "cov2", "cov3")
# The Van Dyke pilot (Wilcoxon AUC, jackknife; RJafroc's dataset02): a start where nothing is known
EXAMPLE = power.VarianceComponents(0.00020040, 0.00080229, 0.00034661, 0.00034407, 0.00023903, 114)


class PlanDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Plan a reader study (Obuchowski–Rockette)")
        self.pilot_path = QLineEdit()
        self.pilot_path.setPlaceholderText("a pilot study with unaided and aided reads (optional)")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_pilot)
        self.pilot_label = QLineEdit()
        self.pilot_label.setPlaceholderText("label (empty: the first)")
        self.load_button = QPushButton("Load pilot")
        self.load_button.clicked.connect(self.load_pilot)
        pilot_row = QHBoxLayout()
        for widget in (self.pilot_path, choose, self.pilot_label, self.load_button):
            pilot_row.addWidget(widget)
        self.fields: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        form.addRow("Pilot", pilot_row)
        for name in COMPONENTS:
            field = QDoubleSpinBox()
            field.setDecimals(8)
            field.setRange(-1.0, 1.0)
            field.setSingleStep(1e-5)
            field.setValue(getattr(EXAMPLE, name))
            self.fields[name] = field
            form.addRow(name, field)
        self.pilot_cases = QSpinBox()
        self.pilot_cases.setRange(2, 10**6)
        self.pilot_cases.setValue(EXAMPLE.pilot_cases)
        form.addRow("pilot cases (K*)", self.pilot_cases)
        self.effect = _spin(0.001, 1.0, 0.05, 4)
        self.target = _spin(0.5, 0.99, 0.8, 2)
        self.design = QComboBox()
        self.design.addItems(["RRRC", "FRRC", "RRFC"])
        form.addRow("difference to detect", self.effect)
        form.addRow("target power", self.target)
        form.addRow("design", self.design)
        compute = QPushButton("Compute")
        compute.clicked.connect(self.compute)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["readers", "cases", "power", "df"])
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(compute)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.worker = Worker(self, "pilot")
        self.worker.succeeded.connect(self._pilot_loaded)
        self.worker.failed.connect(lambda error: self.message.setText(str(error)))

    def components(self) -> power.VarianceComponents:
        values = {name: field.value() for name, field in self.fields.items()}
        return power.VarianceComponents(**values, pilot_cases=self.pilot_cases.value())

    def compute(self) -> None:
        try:
            rows = power.power_table(
                self.components(), self.effect.value(), target=self.target.value(), design=self.design.currentText()
            )
        except ValueError as error:
            self.message.setText(str(error))
            return
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            df = "inf" if math.isinf(row.df) else f"{row.df:.1f}"
            for j, text in enumerate((str(row.readers), str(row.cases), f"{row.power:.3f}", df)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.message.setText(
            f"fewest cases for power ≥ {self.target.value():g} to detect {self.effect.value():g}"
            if rows
            else "no design with 3–20 readers reaches the target: a larger difference or more readers are needed"
        )

    def load_pilot(self) -> None:
        path, label = self.pilot_path.text().strip(), self.pilot_label.text().strip()
        if not path:
            self.message.setText("choose a pilot study file first")
            return

        def work(_progress, _cancelled):
            from ecgreader.store.database import open_study
            from ecgreader.store.study import read_vocabulary

            with open_study(Path(path), read_only=True) as database:
                return power.pilot_of_study(database, label or read_vocabulary(database).keys[0])

        self.worker.start(work)

    def _pilot_loaded(self, pilot: power.Pilot) -> None:
        for name, field in self.fields.items():
            field.setValue(getattr(pilot.components, name))
        self.pilot_cases.setValue(pilot.components.pilot_cases)
        self.effect.setValue(max(abs(pilot.observed_effect), self.effect.minimum()))
        self.compute()
        self.message.setText(
            f"pilot: {pilot.readers} readers, {pilot.components.pilot_cases} cases,"
            f" observed aided − unaided {pilot.observed_effect:+.4f}; {self.message.text()}"
        )

    def _choose_pilot(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Pilot study", "", "ECG studies (*.ecgstudy)")
        if path:
            self.pilot_path.setText(path)


def _spin(low: float, high: float, value: float, decimals: int) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setDecimals(decimals)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
