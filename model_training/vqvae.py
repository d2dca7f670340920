"""A 1-D VQ-VAE for 12-lead ECGs (van den Oord et al., NeurIPS 2017), used as in Liu et al.,
Comput Methods Programs Biomed 2020;196:105639: positives of rare classes are encoded, their
latents interpolated, quantised and decoded into new training ECGs.

Encoder: (B, 12, T) -> (B, D, T/4). Quantiser: EMA codebook (K codes of D dims), commitment
loss, dead codes re-seeded from the batch. Decoder: back to (B, 12, T).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn


@dataclass(frozen=True)
class VQVAEConfig:
    n_leads: int = 12
    hidden: int = 96
    code_dim: int = 64
    n_codes: int = 256
    downsample: int = 4  # 1000 samples at 100 Hz -> 250 latent steps (25 per second)
    commitment: float = 0.25  # beta in the VQ-VAE loss
    ema_decay: float = 0.99
    dead_code_threshold: float = 1.0  # EMA uses per batch under which a code is re-seeded

    def __post_init__(self) -> None:
        if self.downsample not in (2, 4, 8):
            raise ValueError(f"downsample {self.downsample} must be 2, 4 or 8")
        if not 0 < self.ema_decay < 1:
            raise ValueError(f"ema_decay {self.ema_decay} must be in (0, 1)")

    def to_dict(self) -> dict:
        return asdict(self)


class _Residual(nn.Module):
    def __init__(self, channels: int):
        super().__init__()
        self.body = nn.Sequential(
            nn.ReLU(),
            nn.Conv1d(channels, channels, 3, padding=1),
            nn.ReLU(),
            nn.Conv1d(channels, channels, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class VectorQuantizerEMA(nn.Module):
    """Nearest-code quantisation with an exponential-moving-average codebook.

    The codebook and its EMA statistics are buffers, not parameters; they change only in
    training. Distances and the EMA update run in fp32 with autocast switched off, so that under
    bf16 mixed precision the codebook statistics are not rounded to 8 bits of mantissa.
    """

    def __init__(self, config: VQVAEConfig):
        super().__init__()
        self.config = config
        embedding = torch.randn(config.n_codes, config.code_dim)
        self.register_buffer("codebook", embedding)
        self.register_buffer("cluster_size", torch.ones(config.n_codes))
        self.register_buffer("embedding_sum", embedding.clone())
        self.register_buffer("initialised", torch.tensor(False))

    def nearest(self, z: torch.Tensor) -> torch.Tensor:
        """Code indices (B, T') of latents z (B, D, T')."""
        flat = z.permute(0, 2, 1).reshape(-1, z.shape[1]).float()  # (B*T', D)
        distances = torch.cdist(flat, self.codebook.float())  # (B*T', K)
        return distances.argmin(dim=1).view(z.shape[0], z.shape[2])

    def lookup(self, indices: torch.Tensor) -> torch.Tensor:
        """Codes (B, D, T') for indices (B, T')."""
        return self.codebook[indices].permute(0, 2, 1)

    def forward(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        z = z.float()
        with torch.autocast(device_type=z.device.type, enabled=False):
            if self.training and not bool(self.initialised):
                self._initialise(z.detach())
            indices = self.nearest(z)
            quantised = self.lookup(indices)
            if self.training:
                self._update(z, indices)
        commitment = F.mse_loss(z, quantised.detach())
        quantised = z + (quantised - z).detach()  # straight-through gradient
        return quantised, indices, commitment

    @torch.no_grad()
    def _initialise(self, z: torch.Tensor) -> None:
        """Seed the codebook with encoder outputs of the first training batch, so that codes
        start where the latents are (random codes far from them collapse onto one code)."""
        flat = z.permute(0, 2, 1).reshape(-1, z.shape[1]).float()
        picks = torch.randint(0, flat.shape[0], (self.config.n_codes,), device=flat.device)
        self.codebook.copy_(flat[picks])
        self.embedding_sum.copy_(flat[picks])
        self.cluster_size.fill_(1.0)
        self.initialised.fill_(True)

    @torch.no_grad()
    def _update(self, z: torch.Tensor, indices: torch.Tensor) -> None:
        decay = self.config.ema_decay
        flat = z.permute(0, 2, 1).reshape(-1, z.shape[1]).float()
        one_hot = F.one_hot(indices.reshape(-1), self.config.n_codes).float()  # (B*T', K)
        self.cluster_size.mul_(decay).add_(one_hot.sum(0), alpha=1 - decay)
        self.embedding_sum.mul_(decay).add_(one_hot.T @ flat, alpha=1 - decay)
        n = self.cluster_size.sum()
        smoothed = (self.cluster_size + 1e-5) / (n + self.config.n_codes * 1e-5) * n  # Laplace
        self.codebook.copy_(self.embedding_sum / smoothed[:, None])
        dead = self.cluster_size < self.config.dead_code_threshold
        if dead.any():
            picks = torch.randint(0, flat.shape[0], (int(dead.sum()),), device=flat.device)
            self.codebook[dead] = flat[picks]
            self.embedding_sum[dead] = flat[picks]
            self.cluster_size[dead] = 1.0


class VQVAE(nn.Module):
    def __init__(self, config: VQVAEConfig = VQVAEConfig()):
        super().__init__()
        self.config = config
        h, d = config.hidden, config.code_dim
        halvings = {2: 1, 4: 2, 8: 3}[config.downsample]
        down: list[nn.Module] = [nn.Conv1d(config.n_leads, h, 7, padding=3)]
        for _ in range(halvings):
            down += [nn.ReLU(), nn.Conv1d(h, h, 4, stride=2, padding=1)]
        self.encoder = nn.Sequential(*down, _Residual(h), _Residual(h), nn.ReLU(), nn.Conv1d(h, d, 1))
        self.quantiser = VectorQuantizerEMA(config)
        up: list[nn.Module] = [nn.Conv1d(d, h, 3, padding=1), _Residual(h), _Residual(h)]
        for _ in range(halvings):
            up += [nn.ReLU(), nn.ConvTranspose1d(h, h, 4, stride=2, padding=1)]
        self.decoder = nn.Sequential(*up, nn.ReLU(), nn.Conv1d(h, config.n_leads, 7, padding=3))

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)  # (B, 12, T) -> (B, D, T / downsample)

    def decode(self, quantised: torch.Tensor) -> torch.Tensor:
        return self.decoder(quantised)  # (B, D, T') -> (B, 12, T)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Reconstruction (B, 12, T), code indices (B, T'), and the commitment loss."""
        quantised, indices, commitment = self.quantiser(self.encode(x))
        return self.decode(quantised), indices, commitment

    def loss(self, x: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        reconstruction, indices, commitment = self(x)
        per_lead = ((reconstruction - x) ** 2).mean(dim=(0, 2))  # (12,)
        total = per_lead.mean() + self.config.commitment * commitment
        return total, {"reconstruction_per_lead": per_lead.detach(), "indices": indices}


def perplexity(counts: torch.Tensor) -> float:
    """exp(entropy) of code usage, from the number of uses of each code: how many codes are
    effectively in use."""
    counts = counts.float()
    p = counts / counts.sum()
    return float(torch.exp(-(p[p > 0] * p[p > 0].log()).sum()))
