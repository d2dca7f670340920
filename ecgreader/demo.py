"""The demo study: LUDB's study half (the committed split, ``ecgreader.studies.ludb_split``)
without its paced records, with its cardiologists' diagnoses as the gold standard, and the
shipped network's run on it, so the network is only ever compared on records it never trained on.

Paced records are left out rather than kept with LUDB's gold of "no finding": a ventricular-paced
QRS is wide with a bundle-branch-block shape and secondary ST-T changes, so a reader who reads it
as it looks would be scored wrong, and none of the ten findings describes a paced rhythm.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ecgreader.config import STUDY_DATA_DIR, data_dir
from ecgreader.store.database import StudyDatabase, check_study_file
from ecgreader.store.study import StudyOptions
from ecgreader.studies.build import CancelCheck, Progress, RecordsRefused, build_study
from ecgreader.studies.intake import GoldStandard
from ecgreader.studies.ludb_split import demo_records

DEMO_STUDY = STUDY_DATA_DIR / "demo.ecgstudy"
DEMO_OPTIONS = StudyOptions(name="LUDB demo study", seed=2020, coordinator_password="demo")


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
    progress: Progress | None = None,
    download: Callable[[Path], None] | None = download_ludb,
    cancelled: CancelCheck | None = None,
) -> Path:
    """Create the demo study from LUDB's study half less its paced records, unless it exists;
    return its path.

    ``progress(done, total)`` and ``cancelled()`` are those of ``build_study``.
    """
    if DEMO_STUDY.exists():
        check_study_file(DEMO_STUDY)
        return DEMO_STUDY
    ludb = find_ludb(source, download=download)
    paths = [ludb / "data" / f"{record_id}.hea" for record_id in demo_records(ludb / "ludb.csv")]
    gold = GoldStandard("ludb", ludb / "ludb.csv")
    try:
        build_study(
            DEMO_STUDY,
            paths,
            gold,
            DEMO_OPTIONS,
            progress=progress,
            cancelled=cancelled,
            populate=_predict_with_shipped_model,
        )
    except RecordsRefused as refused:
        raise ValueError("the LUDB study half has unusable records: " + "; ".join(refused.intake.problems)) from None
    return DEMO_STUDY


def _predict_with_shipped_model(database: StudyDatabase) -> None:
    """Store the shipped network's run in the demo study, so its dashboard compares from the start.

    The network never saw these records: they are LUDB's study half, its test set.
    """
    from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, predict_study

    if DEFAULT_MODEL.exists():
        predict_study(database, EcgModel.load(DEFAULT_MODEL))
