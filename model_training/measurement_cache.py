"""Measurement features of training records, cached on disk outside the repository.

Measuring a record (beat detection, median beats, delineation) costs far more than reading it,
and cross-validation and the ablation read the same records again and again. Each record's
features are kept in ``CACHE_DIR`` under a key made of its signal, sampling rate, calibration and
the measurement code itself, so a change to ``ecgreader/measurements`` never serves stale values.

A record the measurement code fails on enters as unmeasured, as in the app
(``ecgreader.model.measured``); the failures are listed in the model's metadata.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from tqdm import tqdm

import ecgreader.measurements
from ecgreader.ecg.record import Record
from ecgreader.measurements import FEATURE_NAMES
from ecgreader.model.measured import record_features

CACHE_DIR = Path(os.environ.get("ECGREADER_CACHE", Path.home() / ".cache" / "ecgreader")) / "measurements"


@cache
def _code_digest() -> str:
    """A digest of the measurement package's source and feature names."""
    digest = hashlib.sha256("\n".join(FEATURE_NAMES).encode())
    for path in sorted(Path(ecgreader.measurements.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(record: Record) -> str:
    digest = hashlib.sha256(np.ascontiguousarray(record.signal, dtype=np.float32).tobytes())
    digest.update(f"{record.fs}|{record.zscored}|{record.amplitude_calibrated}|{_code_digest()}".encode())
    return digest.hexdigest()


def cached_measurements(records: Sequence[Record], cache_dir: Path = CACHE_DIR) -> tuple[np.ndarray, list[str]]:
    """(N, len(FEATURE_NAMES)) features of ``records``, measured once and then read from disk, and
    the records the measurement failed on (``"record id: error"``)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    rows, failures = [], []
    for record in tqdm(records, desc="measuring", leave=False):
        path = cache_dir / f"{_key(record)}.npy"
        if path.exists():
            rows.append(np.load(path))
            continue
        row, error = record_features(record)
        if error is not None:
            failures.append(f"{record.record_id}: {error}")
            rows.append(row)
            continue  # not cached: a fixed measurement code measures it next time
        partial = path.with_suffix(".partial.npy")
        np.save(partial, row)
        partial.replace(path)
        rows.append(row)
    matrix = np.stack(rows).astype(np.float32) if rows else np.zeros((0, len(FEATURE_NAMES)), np.float32)
    return matrix, failures
