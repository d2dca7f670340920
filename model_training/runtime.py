"""Device, seeding, logging and training checkpoints shared by the training scripts."""

from __future__ import annotations

import json
import logging
import random
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import torch

_REMOVE_TO_RETRAIN = "remove it to retrain from the start"  # a checkpoint's run restarts without it


def pick_device(name: str = "auto") -> torch.device:
    """The torch device for ``--device``; ValueError naming the option for a bad or absent one."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(name)
    except RuntimeError as error:
        raise ValueError(f"--device {name}: not a device name (auto, cpu, cuda, cuda:1 …)") from error
    if device.type not in ("cpu", "cuda"):  # the training loops' mixed precision knows these two
        raise ValueError(f"--device {name}: training runs on cpu or cuda only")
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"--device {name}: CUDA is not available on this machine")
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise ValueError(f"--device {name}: this machine has {torch.cuda.device_count()} CUDA device(s)")
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

    Raises ValueError naming the file when it cannot be read (a disk filled or a copy cut short:
    the atomic save rules out a half-written file of our own), and naming the settings that differ
    when the checkpoint was written under another configuration (other than the dotted names in
    ``may_change``): resuming would mix two runs. Checkpoints written before the configuration was
    stored are resumed as they are.
    """
    if path is None or not path.exists():
        return None
    try:
        state = torch.load(path, map_location=device, weights_only=True)
    except Exception as error:  # torch raises many kinds for a truncated or foreign file
        raise ValueError(f"{path}: unreadable checkpoint ({_first_line(error)}); {_REMOVE_TO_RETRAIN}") from error
    if not isinstance(state, dict):
        raise ValueError(f"{path}: not a training checkpoint ({type(state).__name__}); {_REMOVE_TO_RETRAIN}")
    if "config" in state:
        changed = _differences(json.loads(state["config"]), json.loads(json.dumps(config)))
        changed = [name for name in changed if name not in may_change]
        if changed:
            raise ValueError(
                f"{path}: written under another configuration ({', '.join(changed)} differ); "
                "use another run directory or remove the checkpoint"
            )
    return state


def _first_line(error: Exception) -> str:
    """torch's load errors run to a paragraph of advice; their first line says what failed."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


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
