"""Device, seeding, logging and training checkpoints shared by the training scripts."""

from __future__ import annotations

import json
import logging
import random
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import torch


def pick_device(name: str = "auto") -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"--device {name}: CUDA is not available on this machine")
    return device


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def autocast(device: torch.device):
    """bf16 mixed precision on CUDA; plain fp32 on the CPU (reproducible there)."""
    if device.type == "cuda":
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return nullcontext()


def log_to(run_dir: Path) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(run_dir / "train.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if not any(getattr(h, "baseFilename", None) == handler.baseFilename for h in root.handlers):
        root.addHandler(handler)


def save_checkpoint(path: Path, state: dict, config: dict) -> None:
    """Write a training checkpoint with the configuration that made it (as nanoGPT does).

    With the configuration inside, the model rebuilds from the checkpoint alone, and a run is
    never resumed under another one. Written to a side file and renamed, so a process killed
    while saving leaves the previous checkpoint intact.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    torch.save({**state, "config": json.dumps(config)}, partial)
    partial.replace(path)


def load_checkpoint(
    path: Path | None, device: torch.device, config: dict, may_change: tuple[str, ...] = ()
) -> dict | None:
    """The training state saved at ``path``, or None where there is none yet.

    Raises ValueError naming the settings that differ when the checkpoint was written under
    another configuration (other than the dotted names in ``may_change``): resuming would mix
    two runs. Checkpoints written before the configuration was stored are resumed as they are.
    """
    if path is None or not path.exists():
        return None
    state = torch.load(path, map_location=device, weights_only=True)
    if "config" in state:
        changed = _differences(json.loads(state["config"]), json.loads(json.dumps(config)))
        changed = [name for name in changed if name not in may_change]
        if changed:
            raise ValueError(
                f"{path}: written under another configuration ({', '.join(changed)} differ); "
                "use another run directory or remove the checkpoint"
            )
    return state


def _differences(saved: dict, wanted: dict, prefix: str = "") -> list[str]:
    """Dotted names of the settings whose values differ between two nested configurations."""
    names = []
    for key in sorted(set(saved) | set(wanted)):
        a, b = saved.get(key), wanted.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            names += _differences(a, b, f"{prefix}{key}.")
        elif a != b:
            names.append(f"{prefix}{key}")
    return names
