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
from ecgreader.gui.display_names import designs

COMPONENTS = ("var_tr", "var", "cov1", "cov2", "cov3")
# The Van Dyke pilot (Wilcoxon AUC, jackknife; RJafroc's dataset02): a start where nothing is known
EXAMPLE = power.VarianceComponents(0.00020040, 0.00080229, 0.00034661, 0.00034407, 0.00023903, 114)


class PlanDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plan a reader study (Obuchowski–Rockette)"))
        self.pilot_path = QLineEdit()
        self.pilot_path.setPlaceholderText(self.tr("a pilot study with reads without and with the network (optional)"))
        self.pilot_path.setToolTip(self.tr("A finished pilot study whose variance components start the plan"))
        choose = QPushButton(self.tr("Choose…"))
        choose.setToolTip(self.tr("Choose the pilot study file"))
        choose.clicked.connect(self._choose_pilot)
        self.pilot_label = QLineEdit()
        self.pilot_label.setPlaceholderText(self.tr("label (empty: the first)"))
        self.pilot_label.setToolTip(self.tr("The finding of the pilot whose AUCs are analysed"))
        self.load_button = QPushButton(self.tr("Load pilot"))
        self.load_button.setToolTip(self.tr("Estimate the variance components from the pilot's reads"))
        self.load_button.clicked.connect(self.load_pilot)
        pilot_row = QHBoxLayout()
        for widget in (self.pilot_path, choose, self.pilot_label, self.load_button):
            pilot_row.addWidget(widget)
        self.fields: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("Pilot"), pilot_row)
        component_names = {
            "var_tr": self.tr("reader × modality variance (var_tr)"),
            "var": self.tr("error variance (var)"),
            "cov1": self.tr("same reader, other modality (cov1)"),
            "cov2": self.tr("other reader, same modality (cov2)"),
            "cov3": self.tr("other reader, other modality (cov3)"),
        }
        for name in COMPONENTS:
            field = QDoubleSpinBox()
            field.setDecimals(8)
            field.setRange(-1.0, 1.0)
            field.setSingleStep(1e-5)
            field.setValue(getattr(EXAMPLE, name))
            field.setToolTip(
                self.tr("Obuchowski–Rockette variance component of the AUC (the Van Dyke pilot's to start)")
            )
            self.fields[name] = field
            form.addRow(component_names[name], field)
        self.pilot_cases = QSpinBox()
        self.pilot_cases.setRange(2, 10**6)
        self.pilot_cases.setValue(EXAMPLE.pilot_cases)
        self.pilot_cases.setToolTip(self.tr("How many cases the variance components were estimated on"))
        form.addRow(self.tr("pilot cases (K*)"), self.pilot_cases)
        self.effect = _spin(0.001, 1.0, 0.05, 4)
        self.effect.setToolTip(self.tr("The AUC difference between reading with and without the network to detect"))
        self.target = _spin(0.5, 0.99, 0.8, 2)
        self.target.setToolTip(self.tr("The chance of detecting that difference (at a 5 % significance level)"))
        self.design = QComboBox()
        for code, name in designs().items():
            self.design.addItem(name, code)
        self.design.setToolTip(self.tr("Which of readers and cases the result should generalise to"))
        form.addRow(self.tr("difference to detect"), self.effect)
        form.addRow(self.tr("target power"), self.target)
        form.addRow(self.tr("generalise to"), self.design)
        compute = QPushButton(self.tr("Compute"))
        compute.setToolTip(self.tr("The fewest cases reaching the target power for 3 to 20 readers"))
        compute.clicked.connect(self.compute)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("readers"), self.tr("cases"), self.tr("power"), "df"])
        self.table.setToolTip(self.tr("For each number of readers, the fewest cases reaching the target power"))
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
                self.components(), self.effect.value(), target=self.target.value(), design=self.design.currentData()
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
            self.tr("fewest cases for power ≥ {power} to detect {effect}").format(
                power=f"{self.target.value():g}", effect=f"{self.effect.value():g}"
            )
            if rows
            else self.tr(
                "no design with 3–20 readers reaches the target: a larger difference or more readers are needed"
            )
        )

    def load_pilot(self) -> None:
        path, label = self.pilot_path.text().strip(), self.pilot_label.text().strip()
        if not path:
            self.message.setText(self.tr("choose a pilot study file first"))
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
            self.tr(
                "pilot: {readers} readers, {cases} cases, observed with − without the network {effect}; {plan}"
            ).format(
                readers=pilot.readers,
                cases=pilot.components.pilot_cases,
                effect=f"{pilot.observed_effect:+.4f}",
                plan=self.message.text(),
            )
        )

    def _choose_pilot(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Pilot study"), "", self.tr("ECG studies (*.ecgstudy)"))
        if path:
            self.pilot_path.setText(path)


def _spin(low: float, high: float, value: float, decimals: int) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setDecimals(decimals)
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
