"""Writing small WFDB records into temporary folders, for tests of good and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import wfdb


def write_wfdb(folder: Path, name: str, signal_mv: np.ndarray, leads, fs: float = 500.0) -> Path:
    """Write ``signal_mv`` (samples × leads) as a WFDB format-16 record; return its header."""
    wfdb.wrsamp(
        name,
        fs=fs,
        units=["mV"] * len(leads),
        sig_name=list(leads),
        p_signal=signal_mv,
        fmt=["16"] * len(leads),
        adc_gain=[1000.0] * len(leads),
        baseline=[0] * len(leads),
        write_dir=str(folder),
    )
    return folder / f"{name}.hea"
