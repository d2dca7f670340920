"""The ECG record types every layer of the product shares, and the checks a usable record passes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS, normalise_lead_name

MIN_DURATION_S = 2.5
MIN_SAMPLING_RATE_HZ = 100.0
# A lead whose peak-to-peak amplitude stays below this is a flat line (lead off, or a
# disconnected electrode): 10 µV is well under any real ECG deflection.
FLAT_LINE_MV = 0.01
FLAT_LINE_Z = 1e-3  # the same for z-scored sources, whose unit is no longer the mV


class RecordError(ValueError):
    """A record that cannot be used; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True, eq=False)
class Record:
    """A 12-lead ECG.

    Attributes
    ----------
    record_id : str
        The source's identifier (file stem, PTB-XL ecg_id …); never shown to blinded readers.
    fs : float
        Sampling rate in Hz.
    signal : np.ndarray
        float32, shape (12, n_samples), leads in ``STANDARD_LEADS`` order, in mV — or in
        per-lead z-scores when ``zscored`` is true (sources that lost absolute amplitude).
    derived_leads : tuple of str
        Leads computed from others rather than recorded (III, aVR, aVL, aVF of an 8-lead
        device, by Einthoven's and Goldberger's equations), in ``STANDARD_LEADS`` order.
    amplitude_calibrated : bool
        False when the source rescaled each lead (LUDB 1.0.1 scales every lead to 1 mV peak to
        peak; z-scored sources) or its gain is unknown: the paper is then not at 10 mm/mV and no
        voltage criterion may be judged or computed on it.
    """

    record_id: str
    fs: float
    signal: np.ndarray
    zscored: bool = False
    age: int | None = None
    sex: str | None = None
    source: str = ""
    warnings: tuple[str, ...] = field(default=())
    derived_leads: tuple[str, ...] = field(default=())
    amplitude_calibrated: bool = True

    lead_names = STANDARD_LEADS

    @property
    def n_samples(self) -> int:
        return int(self.signal.shape[1])

    @property
    def duration_s(self) -> float:
        return self.n_samples / self.fs

    def lead(self, name: str) -> np.ndarray:
        return self.signal[STANDARD_LEADS.index(name)]


@dataclass(frozen=True, eq=False)
class ImageRecord:
    """An image-only case (a scanned or photographed paper ECG) with its encoded bytes."""

    record_id: str
    image_bytes: bytes
    image_format: str  # "PNG", "JPEG" or "TIFF", as Pillow names it
    width: int
    height: int
    source: str = ""
    age: int | None = None
    sex: str | None = None
    warnings: tuple[str, ...] = field(default=())


def flat_line_threshold(zscored: bool) -> float:
    """The peak-to-peak amplitude under which a lead is a flat line, in the signal's unit."""
    return FLAT_LINE_Z if zscored else FLAT_LINE_MV


def flat_lines(signal: np.ndarray, zscored: bool) -> np.ndarray:
    """Which leads (rows of ``signal``) are flat lines: the intake's test, shared with the
    measurements so that a lead called flat on intake is flat for them too."""
    return np.ptp(signal, axis=-1) < flat_line_threshold(zscored)


def make_record(
    path: str | Path,
    record_id: str,
    fs: float,
    signal: np.ndarray,
    lead_names: list[str] | tuple[str, ...],
    *,
    zscored: bool = False,
    age: int | None = None,
    sex: str | None = None,
    derived_leads: tuple[str, ...] = (),
) -> Record:
    """Check a signal read from ``path`` and return it as a Record in standard lead order.

    ``signal`` has shape (n_leads, n_samples) in the order of ``lead_names``; ``derived_leads``
    names those of them computed from others.
    Raises RecordError naming ``path`` for anything that makes the record unusable.
    """
    signal = np.asarray(signal)
    if signal.ndim != 2 or signal.shape[0] != len(lead_names):
        raise RecordError(path, f"signal shape {signal.shape} does not match {len(lead_names)} leads")
    normalised = [normalise_lead_name(name) for name in lead_names]
    unknown = [raw for raw, name in zip(lead_names, normalised, strict=True) if name is None]
    if unknown:
        raise RecordError(path, f"unknown lead names: {', '.join(map(str, unknown))}")
    duplicated = sorted({n for n in normalised if normalised.count(n) > 1})
    if duplicated:
        raise RecordError(path, f"duplicated leads: {', '.join(duplicated)}")
    missing = [name for name in STANDARD_LEADS if name not in normalised]
    if missing:
        raise RecordError(path, f"missing leads: {', '.join(missing)} (has {len(lead_names)} of 12)")
    if not np.isfinite(fs) or fs < MIN_SAMPLING_RATE_HZ:
        raise RecordError(path, f"sampling rate {fs:g} Hz is under {MIN_SAMPLING_RATE_HZ:g} Hz")
    duration = signal.shape[1] / fs
    if duration < MIN_DURATION_S:
        raise RecordError(path, f"only {duration:.2f} s of signal; at least {MIN_DURATION_S} s needed")
    ordered = signal[[normalised.index(name) for name in STANDARD_LEADS]].astype(np.float32)
    bad = ~np.isfinite(ordered)
    if bad.any():
        leads = [STANDARD_LEADS[i] for i in np.flatnonzero(bad.any(axis=1))]
        raise RecordError(path, f"{int(bad.sum())} NaN/inf samples in leads {', '.join(leads)}")
    flat_threshold = flat_line_threshold(zscored)
    flat = [STANDARD_LEADS[i] for i in np.flatnonzero(flat_lines(ordered, zscored))]
    if len(flat) == len(STANDARD_LEADS):
        unit = "z" if zscored else "mV"
        raise RecordError(path, f"every lead is flat (peak-to-peak under {flat_threshold:g} {unit}): no ECG to read")
    warnings = (f"{path}: flat-line leads {', '.join(flat)}",) if flat else ()
    return Record(
        record_id=record_id,
        fs=float(fs),
        signal=ordered,
        zscored=zscored,
        age=age,
        sex=sex,
        source=str(path),
        warnings=warnings,
        derived_leads=tuple(name for name in STANDARD_LEADS if name in set(derived_leads)),
    )
