"""The ECG classifier: a 1-D residual CNN in the xresnet1d style (Strodthoff et al., IEEE JBHI
2021, who found it among the best on PTB-XL), with multi-label sigmoid outputs.

Input: the shared representation, (B, 12, 1000) z-scored leads plus (B, 12) log-amplitudes and
a (B,) mask saying whether the amplitudes are known. Output: (B, K) logits.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass(frozen=True)
class ClassifierConfig:
    n_leads: int = 12
    n_labels: int = 10
    stem_width: int = 32
    widths: tuple[int, ...] = (64, 128, 192)
    blocks_per_stage: int = 2
    kernel_size: int = 5
    dropout: float = 0.3
    use_amplitude: bool = True

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> ClassifierConfig:
        values = dict(values)
        values["widths"] = tuple(values["widths"])
        return cls(**values)


def _conv(c_in: int, c_out: int, kernel: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv1d(c_in, c_out, kernel, stride=stride, padding=kernel // 2, bias=False),
        nn.BatchNorm1d(c_out),
    )


class ResidualBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, kernel: int, stride: int):
        super().__init__()
        self.body = nn.Sequential(
            _conv(c_in, c_out, kernel, stride), nn.ReLU(inplace=True), _conv(c_out, c_out, kernel)
        )
        nn.init.zeros_(self.body[-1][1].weight)  # each block starts as the identity (xresnet)
        shortcut: list[nn.Module] = []
        if stride > 1:
            shortcut.append(nn.AvgPool1d(stride, ceil_mode=True))
        if c_in != c_out:
            shortcut.append(_conv(c_in, c_out, 1))
        self.shortcut = nn.Sequential(*shortcut)
        self.activation = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.activation(self.body(x) + self.shortcut(x))


class EcgEncoder(nn.Module):
    """Stem and residual stages: (B, 12, T) -> (B, C, T / 16)."""

    def __init__(self, config: ClassifierConfig):
        super().__init__()
        k, w = config.kernel_size, config.stem_width
        layers: list[nn.Module] = [
            _conv(config.n_leads, w, 7, stride=2),
            nn.ReLU(inplace=True),
            _conv(w, w, k),
            nn.ReLU(inplace=True),
            nn.MaxPool1d(3, stride=2, padding=1),
        ]
        c_in = w
        for stage, width in enumerate(config.widths):
            for block in range(config.blocks_per_stage):
                stride = 2 if block == 0 and stage > 0 else 1
                layers.append(ResidualBlock(c_in, width, k, stride))
                c_in = width
        self.layers = nn.Sequential(*layers)
        self.out_channels = c_in

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)


class EcgClassifier(nn.Module):
    def __init__(self, config: ClassifierConfig):
        super().__init__()
        self.config = config
        self.encoder = EcgEncoder(config)
        features = 2 * self.encoder.out_channels  # average and max pooling
        self.amplitude = None
        if config.use_amplitude:
            self.amplitude = nn.Sequential(nn.Linear(config.n_leads + 1, 32), nn.ReLU(inplace=True))
            features += 32
        self.head = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(features, config.n_labels))

    def forward(self, signal: torch.Tensor, amplitude: torch.Tensor, has_amplitude: torch.Tensor) -> torch.Tensor:
        h = self.encoder(signal)  # (B, C, T')
        pooled = [h.mean(dim=2), h.amax(dim=2)]  # (B, C) each
        if self.amplitude is not None:
            known = has_amplitude[:, None]  # (B, 1)
            pooled.append(self.amplitude(torch.cat([amplitude * known, known], dim=1)))
        return self.head(torch.cat(pooled, dim=1))  # (B, K) logits
