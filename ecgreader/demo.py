"""The demo study: half of LUDB, split once and for all so the network never trains on it.

LUDB's 200 records are divided into a *study* half (read by doctors and tested on the
network) and a *training* half. The split is stratified so that each of the ten labels present
in LUDB appears in both halves, and it is committed as ``study_data/ludb_split.csv``.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from ecgreader.config import STUDY_DATA_DIR, data_dir
from ecgreader.labels.gold import LabelSet
from ecgreader.labels.split import stratified_split
from ecgreader.store.database import check_study_file
from ecgreader.store.intake import gather_cases
from ecgreader.store.study import StudyOptions, create_study

LUDB_SPLIT_CSV = STUDY_DATA_DIR / "ludb_split.csv"
DEMO_STUDY = STUDY_DATA_DIR / "demo.ecgstudy"
SPLIT_SEED = 20201005  # any fixed number; the split is computed once and committed
STUDY, TRAINING = "study", "training"


def split_ludb(gold: dict[str, LabelSet], seed: int = SPLIT_SEED) -> dict[str, str]:
    """Assign each LUDB record to STUDY or TRAINING, half each, stratified by label."""
    study, training = stratified_split(gold, len(gold) - len(gold) // 2, seed)
    halves = {record_id: STUDY for record_id in study} | {record_id: TRAINING for record_id in training}
    return dict(sorted(halves.items(), key=lambda item: int(item[0])))


def write_split(split: dict[str, str], path: Path = LUDB_SPLIT_CSV) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "split"])
        writer.writerows(split.items())


def read_split(path: Path = LUDB_SPLIT_CSV) -> dict[str, str]:
    """The committed LUDB split: record id → "study" or "training"."""
    if not path.exists():
        raise FileNotFoundError(f"{path}: file missing (the committed LUDB split)")
    with path.open(newline="") as handle:
        return {row["record_id"]: row["split"] for row in csv.DictReader(handle)}


def find_ludb(source: str | Path | None, download: Callable[[Path], None] | None = None) -> Path:
    """The LUDB folder (holding ``ludb.csv`` and ``data/``): ``source``, the data directory's
    ``ludb/``, or a fresh PhysioNet download into ``study_data/ludb`` through ``download``."""
    candidates = [Path(source)] if source else []
    if not source and (shared := data_dir()):
        candidates.append(shared / "ludb")
    candidates.append(STUDY_DATA_DIR / "ludb")
    for folder in candidates:
        if (folder / "ludb.csv").exists() and (folder / "data").is_dir():
            return folder
    if source:
        raise FileNotFoundError(f"{source}: not an LUDB folder (needs ludb.csv and data/)")
    if download is None:
        raise FileNotFoundError(
            "LUDB not found: pass --source DIR, set ECGREADER_DATA, or run `ecgreader demo` to download it"
        )
    target = STUDY_DATA_DIR / "ludb"
    download(target)
    return target


def download_ludb(target: Path) -> None:
    """Download LUDB 1.0.1 from PhysioNet (about 90 MB): an explicit, announced network step."""
    import wfdb

    print(f"LUDB not found locally; downloading it from PhysioNet into {target} …")
    wfdb.dl_database("ludb", dl_dir=str(target))


def build_demo_study(
    source: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    download: Callable[[Path], None] | None = download_ludb,
) -> Path:
    """Create the demo study from LUDB's study half, unless it exists; return its path.

    ``progress(done, total)`` is called as records are read and then written.
    """
    if DEMO_STUDY.exists():
        check_study_file(DEMO_STUDY)
        return DEMO_STUDY
    ludb = find_ludb(source, download=download)
    study_ids = [record_id for record_id, half in read_split().items() if half == STUDY]
    paths = [ludb / "data" / f"{record_id}.hea" for record_id in study_ids]
    total = 2 * len(paths)
    done = 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    intake = gather_cases(paths, "ludb", ludb / "ludb.csv", progress=step)
    if intake.problems:
        raise ValueError("the LUDB study half has unusable records: " + "; ".join(intake.problems))
    options = StudyOptions(name="LUDB demo study", seed=2020, coordinator_password="demo")
    create_study(DEMO_STUDY, options, intake.cases, step, populate=_predict_with_shipped_model)
    return DEMO_STUDY


def _predict_with_shipped_model(database) -> None:
    """Store the shipped network's run in the demo study, so its dashboard compares from the start.

    The network never saw these records: they are LUDB's study half, its test set.
    """
    from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, predict_study

    if DEFAULT_MODEL.exists():
        predict_study(database, EcgModel.load(DEFAULT_MODEL))
