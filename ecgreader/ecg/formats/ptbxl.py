"""The z-scored 100 Hz PTB-XL array subset (``signals_100hz_zscored.npy`` + ``records.csv``)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import Record, RecordError, make_record

PTBXL_SUBSET_FILE = "signals_100hz_zscored.npy"


def read_ptbxl_subset(array_path: str | Path) -> Iterator[Record]:
    """Yield the records of the z-scored 100 Hz PTB-XL array (``signals_100hz_zscored.npy``).

    Its lead order is the standard one; ids come from ``records.csv`` beside it.
    """
    array_path = Path(array_path)
    ids_path = array_path.with_name("records.csv")
    for required in (array_path, ids_path):
        if not required.exists():
            raise RecordError(required, "file missing")
    signals = np.load(array_path, mmap_mode="r")
    with ids_path.open(newline="") as handle:
        ecg_ids = [row["ecg_id"] for row in csv.DictReader(handle)]
    if signals.ndim != 3 or signals.shape[0] != len(ecg_ids) or signals.shape[2] != 12:
        raise RecordError(
            array_path,
            f"array shape {signals.shape} does not match {len(ecg_ids)} ids × samples × 12 leads",
        )
    for index, ecg_id in enumerate(ecg_ids):
        yield make_record(
            f"{array_path}[{index}]",
            record_id=f"ptbxl-{ecg_id}",
            fs=100.0,
            signal=np.asarray(signals[index], dtype=np.float32).T,
            lead_names=STANDARD_LEADS,
            zscored=True,
        )
