"""The measurement features a hybrid model reads, computed from the record itself, so that the app
and training measure every ECG with the same code (``ecgreader.measurements``).

A record the measurement code fails on is not refused: it is logged by name with the error and
enters the model as unmeasured (every feature missing), which the model was trained to handle
through its missing-value flags; training does the same (``model_training.measurement_cache``),
so a prediction never rests on a different rule than the model learned.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ecgreader.ecg.record import Record
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.measurements import FEATURE_NAMES, measure, measurement_features

log = logging.getLogger(__name__)


def feature_columns(names: Sequence[str]) -> list[int]:
    """Positions of ``names`` in ``FEATURE_NAMES``; ValueError naming any this version lacks."""
    unknown = [name for name in names if name not in FEATURE_NAMES]
    if unknown:
        raise ValueError(f"measurement features {', '.join(unknown)} are not computed by this version")
    return [FEATURE_NAMES.index(name) for name in names]


def record_features(record: Record) -> tuple[np.ndarray, str | None]:
    """All ``FEATURE_NAMES`` of one record (float32, NaN where unmeasurable), and the error when
    the measurement failed (then every value is NaN)."""
    honest = replace(record, amplitude_calibrated=False) if record.zscored else record  # z-scores hold no voltage
    try:
        return measurement_features(measure(honest)).astype(np.float32), None
    except (ValueError, IndexError) as error:
        log.warning("measurement failed on %s (%s): entered as unmeasured", record.record_id, error)
        return np.full(len(FEATURE_NAMES), np.nan, np.float32), str(error)


def measurement_matrix(records: Sequence[Record], names: Sequence[str] = FEATURE_NAMES) -> np.ndarray:
    """(N, len(names)) float32 features of ``records``, NaN where a value could not be measured."""
    columns = feature_columns(names)
    if not records:
        return np.zeros((0, len(columns)), np.float32)
    return np.stack([record_features(record)[0][columns] for record in records])


# The synthetic ECGs whose features fingerprint the measurement code: (heart rate bpm, noise mV,
# sampling rate Hz); half the training records are PTB-XL's 100 Hz ones.
FINGERPRINT_RECORDS = ((48.0, 0.0, 500.0), (75.0, 0.02, 500.0), (110.0, 0.05, 500.0), (75.0, 0.02, 100.0))
FINGERPRINT_TOLERANCE = 1e-3  # float32 round-off; a moved boundary changes a feature by a whole sample or more


def measurement_fingerprint() -> dict[str, list[float | None]]:
    """Each of ``FEATURE_NAMES`` on a slow, a normal and a fast synthetic ECG at 500 Hz and a normal
    one at 100 Hz (None where unmeasurable).

    A hybrid model learned its weights on the features this code computed when it was trained.
    Training stores this fingerprint in the model, and loading compares it (``measurement_drift``),
    so a model whose measurement code has since changed is reported instead of silently fed
    features it never learned.
    """
    records = [
        synthetic_ecg(rate, fs=fs, noise_mv=noise, seed=k, record_id=f"fingerprint-{k}")
        for k, (rate, noise, fs) in enumerate(FINGERPRINT_RECORDS)
    ]
    rows = np.stack([record_features(record)[0] for record in records])
    columns = zip(FEATURE_NAMES, rows.T, strict=True)
    return {name: [None if np.isnan(v) else float(v) for v in column] for name, column in columns}


def measurement_drift(recorded: dict[str, list[float | None]], names: Sequence[str]) -> list[str]:
    """Of the features ``names`` a model reads, those this code computes differently on the
    fingerprint ECGs from ``recorded`` (the model's ``measurement_fingerprint``, taken at training),
    or no longer computes; empty when the code measures them as it did."""
    now = measurement_fingerprint()
    drifted = []
    for name in names:
        if name not in now or name not in recorded:
            drifted.append(name)
            continue
        then, current = np.array(recorded[name], dtype=float), np.array(now[name], dtype=float)
        same = then.shape == current.shape and np.allclose(
            current, then, rtol=FINGERPRINT_TOLERANCE, atol=FINGERPRINT_TOLERANCE, equal_nan=True
        )
        if not same:
            drifted.append(name)
    return drifted
