"""Where the public ECG data sets live.

The repository never holds the public records; they are found through one setting,
``ECGREADER_DATA``, which defaults to ``../shared/data`` beside the repository when present.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV = "ECGREADER_DATA"
REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
STUDY_DATA_DIR = REPOSITORY_ROOT / "study_data"


def data_dir() -> Path | None:
    """Return the data directory, or None when neither the setting nor the default exists."""
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured).expanduser()
    default = REPOSITORY_ROOT.parent / "shared" / "data"
    return default if default.is_dir() else None


def require_data_dir() -> Path:
    """Return the data directory or raise FileNotFoundError saying how to set it."""
    found = data_dir()
    if found is None or not found.is_dir():
        raise FileNotFoundError(
            f"no ECG data directory: set {DATA_ENV} to the folder holding ludb/, ptbxl-subset/ …"
            + (f" ({found} does not exist)" if found else "")
        )
    return found
