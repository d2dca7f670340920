"""The committed LUDB split: which of LUDB's 200 records are read in studies and which train the
network, so the network is never tested on a record it trained on.

The records are divided into a *study* half (the demo study; the network's test set) and a
*training* half, stratified so that each of the ten labels present in LUDB appears in both. The
split was computed once by :func:`split_ludb` and is committed as ``study_data/ludb_split.csv``;
a test recomputes it from LUDB's gold standard and checks the committed file is identical.

The demo study reads the study half *less its paced records* (:func:`demo_records`, the reasons
in ``ecgreader.demo``). They stay in the split file, so the training half is unchanged.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ecgreader.config import STUDY_DATA_DIR
from ecgreader.labels.csv_table import read_table
from ecgreader.labels.gold import LabelSet
from ecgreader.labels.split import stratified_split

LUDB_SPLIT_CSV = STUDY_DATA_DIR / "ludb_split.csv"
SPLIT_SEED = 20201005  # any fixed number; the split is computed once and committed
STUDY, TRAINING = "study", "training"
# ludb.csv's column naming a record's pacemaker and pacing mode ("Unipolar ventricular pacing",
# "P-synchrony" …); empty for unpaced records. A "wandering atrial pacemaker" is a rhythm, listed
# under Rhythms, not a device.
PACING_COLUMN = "Cardiac pacing"


def split_ludb(gold: dict[str, LabelSet], seed: int = SPLIT_SEED) -> dict[str, str]:
    """Assign each LUDB record to STUDY or TRAINING, half each, stratified by label."""
    study, training = stratified_split(gold, len(gold) - len(gold) // 2, seed)
    halves = {record_id: STUDY for record_id in study} | {record_id: TRAINING for record_id in training}
    return dict(sorted(halves.items(), key=lambda item: int(item[0])))


def read_split(path: Path = LUDB_SPLIT_CSV) -> dict[str, str]:
    """The committed LUDB split: record id → "study" or "training"."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: file missing (the committed LUDB split)")
    with path.open(newline="") as handle:
        return {row["record_id"]: row["split"] for row in csv.DictReader(handle)}


def records_in(half: str, path: Path = LUDB_SPLIT_CSV) -> list[str]:
    """The record ids of one half (STUDY or TRAINING) of the committed split, in file order."""
    if half not in (STUDY, TRAINING):
        raise ValueError(f"half must be {STUDY!r} or {TRAINING!r}, not {half!r}")
    return [record_id for record_id, side in read_split(path).items() if side == half]


def paced_records(ludb_csv: Path) -> frozenset[str]:
    """The ids of the LUDB records with cardiac pacing, from ``ludb.csv``'s pacing column."""
    table = read_table(ludb_csv)
    if "ID" not in table.columns or PACING_COLUMN not in table.columns:
        raise ValueError(f"{ludb_csv}: not LUDB's ludb.csv (needs the ID and {PACING_COLUMN!r} columns)")
    return frozenset(row.cells["ID"] for row in table.rows if row.cells[PACING_COLUMN].strip())


def demo_records(ludb_csv: Path, path: Path = LUDB_SPLIT_CSV) -> list[str]:
    """The record ids of the demo study: the study half without its paced records."""
    paced = paced_records(ludb_csv)
    return [record_id for record_id in records_in(STUDY, path) if record_id not in paced]
