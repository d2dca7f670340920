"""The hybrid classifier: the CNN's per-label evidence and the record's measurements side by side
in one calibrated linear decision per label.

The CNNs (an ensemble, one per cross-validation fold) read the ECG; their averaged logits are one
group of inputs. The measurements (intervals, axes, shapes from ``ecgreader.measurements``) are the
other: a value that could not be measured is replaced by the training median and flagged in a
missing-indicator column. Every input is standardised with the training mean and spread, a
linear layer gives one logit per label (logistic regressions fitted by ``model_training``), and a
per-label Platt scaling, fitted on out-of-fold predictions, makes the probabilities calibrated.

Everything is a parameter or buffer, so the model file stays a plain ``state_dict`` that loads
with ``torch.load(weights_only=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from ecgreader.model.network import ClassifierConfig, EcgClassifier


@dataclass(frozen=True)
class HybridConfig:
    cnn: ClassifierConfig
    measurement_names: tuple[str, ...]  # the measurement features the decision reads, in order
    n_cnns: int = 1  # fold models whose logits are averaged (0: measurements alone)

    def __post_init__(self) -> None:
        if self.n_cnns < 0:
            raise ValueError(f"n_cnns {self.n_cnns} must be 0 or more")
        if self.n_cnns == 0 and not self.measurement_names:
            raise ValueError("a hybrid model needs CNNs, measurements or both")

    @property
    def n_labels(self) -> int:
        return self.cnn.n_labels

    @property
    def n_inputs(self) -> int:
        """CNN logits (one per label, when there are CNNs), measurements and their missing flags."""
        return (self.n_labels if self.n_cnns else 0) + 2 * len(self.measurement_names)

    def to_dict(self) -> dict:
        return {"cnn": self.cnn.to_dict(), "measurement_names": list(self.measurement_names), "n_cnns": self.n_cnns}

    @classmethod
    def from_dict(cls, values: dict) -> HybridConfig:
        return cls(ClassifierConfig.from_dict(values["cnn"]), tuple(values["measurement_names"]), values["n_cnns"])


class HybridClassifier(nn.Module):
    """(signal (B, 12, T), amplitude (B, 12), has_amplitude (B,), measurements (B, M)) -> (B, K)
    calibrated logits; measurements hold NaN where a value could not be measured."""

    def __init__(self, config: HybridConfig):
        super().__init__()
        self.config = config
        k, m = config.n_labels, len(config.measurement_names)
        self.cnns = nn.ModuleList(EcgClassifier(config.cnn) for _ in range(config.n_cnns))
        self.register_buffer("measurement_median", torch.zeros(m))
        self.register_buffer("input_mean", torch.zeros(config.n_inputs))
        self.register_buffer("input_scale", torch.ones(config.n_inputs))
        self.decision = nn.Linear(config.n_inputs, k)
        self.register_buffer("calibration_slope", torch.ones(k))
        self.register_buffer("calibration_intercept", torch.zeros(k))

    def cnn_logits(self, signal: torch.Tensor, amplitude: torch.Tensor, has_amplitude: torch.Tensor) -> torch.Tensor:
        """The fold CNNs' mean logits (B, K)."""
        return torch.stack([cnn(signal, amplitude, has_amplitude).float() for cnn in self.cnns]).mean(dim=0)

    def decision_inputs(self, cnn_logits: torch.Tensor | None, measurements: torch.Tensor) -> torch.Tensor:
        """The standardised inputs (B, D) of the linear decision."""
        missing = torch.isnan(measurements)  # (B, M)
        imputed = torch.where(missing, self.measurement_median.expand_as(measurements), measurements)
        parts = ([cnn_logits] if cnn_logits is not None else []) + [imputed, missing.float()]
        return (torch.cat(parts, dim=1) - self.input_mean) / self.input_scale

    def forward(
        self,
        signal: torch.Tensor,
        amplitude: torch.Tensor,
        has_amplitude: torch.Tensor,
        measurements: torch.Tensor,
    ) -> torch.Tensor:
        cnn = self.cnn_logits(signal, amplitude, has_amplitude) if len(self.cnns) else None
        logits = self.decision(self.decision_inputs(cnn, measurements.float()))  # (B, K)
        return self.calibration_slope * logits + self.calibration_intercept
