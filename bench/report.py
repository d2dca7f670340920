"""Report speed: a study of 1,000 cases x 20 readers in 2 groups x 10 labels with 0-100 ratings
and a network. The full analysis including MRMC (target <= 2 s) and each of the HTML, PDF and
CSV reports from the study file (target <= 5 s each), printed next to the same steps on a
baseline study of 100 cases x 2 readers measured in the same process.

    python bench/report.py [--cases 1000] [--readers 20] [--bootstrap 1000]
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ecgreader.analysis.engine import analyse  # noqa: E402
from ecgreader.analysis.figures import all_figures  # noqa: E402
from ecgreader.analysis.from_study import comparison_input  # noqa: E402
from ecgreader.analysis.mrmc_study import mrmc_rows  # noqa: E402
from ecgreader.analysis.report import cyclic_gc_paused, write_report  # noqa: E402
from ecgreader.store.database import open_study  # noqa: E402
from ecgreader.store.integrity import verify_study  # noqa: E402
from ecgreader.studies.external import ModelOutput, create_from_tables  # noqa: E402
from ecgreader.studies.tables import AnswerFormat  # noqa: E402

LABELS = tuple(f"L{k}" for k in range(10))


@dataclass(frozen=True)
class Size:
    cases: int
    readers: int

    def __str__(self) -> str:
        return f"{self.cases} cases x {self.readers} readers"


def _write(path: Path, header: list[str], rows) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def simulated_tables(folder: Path, size: Size, seed: int = 0) -> tuple[Path, Path, Path]:
    """GOLD.csv, READS.csv (0-100 ratings, two groups, unaided) and PROBS.csv of a simulated study."""
    rng = np.random.default_rng(seed)
    gold = rng.random((size.cases, len(LABELS))) < np.linspace(0.03, 0.4, len(LABELS))
    ids = [f"c{i}" for i in range(size.cases)]
    gold_csv = _write(
        folder / "gold.csv", ["case_id", *LABELS], [[i, *map(int, g)] for i, g in zip(ids, gold, strict=True)]
    )
    rows = []
    for r in range(size.readers):
        skill = rng.uniform(0.8, 2.0)
        ratings = np.clip(50 + 20 * (skill * (gold - 0.5) + rng.normal(0, 1, gold.shape)), 0, 100).round(1)
        group = "GP" if r < size.readers // 2 else "Specialist"
        rows += [[i, f"reader {r}", group, *values] for i, values in zip(ids, ratings, strict=True)]
    reads_csv = _write(folder / "reads.csv", ["case_id", "reader", "group", *LABELS], rows)
    probabilities = np.clip(gold * 0.35 + rng.random(gold.shape) * 0.65, 0, 1).round(4)
    probs_csv = _write(
        folder / "probs.csv", ["case_id", *LABELS], [[i, *p] for i, p in zip(ids, probabilities, strict=True)]
    )
    return gold_csv, reads_csv, probs_csv


def make_study(folder: Path, size: Size) -> Path:
    gold, reads, probs = simulated_tables(folder, size)
    model = ModelOutput(probs, "simulated network", threshold=0.5)
    return create_from_tables(folder / "bench.ecgstudy", gold, reads, model=model, answers=AnswerFormat("0-100", 50))


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def measure(study: Path, out: Path, bootstrap: int) -> dict[str, float]:
    """Seconds for the analysis (metrics, intervals, tests, MRMC) and each report format."""
    with open_study(study, read_only=True) as database:
        data = comparison_input(database)

        def analysis() -> None:
            analyse(data, bootstrap=bootstrap)
            mrmc_rows(data)

        times = {"analysis + MRMC": timed(analysis)}
        # every report re-verifies the study file (store.integrity), and the HTML and PDF draw the
        # figures: shown apart, as they are not analysis, and run as a report runs them
        result = analyse(data, bootstrap=bootstrap)
        with cyclic_gc_paused():
            times["verification"] = timed(lambda: verify_study(database))
            times["figures"] = timed(lambda: all_figures(result, data))
        for name, target in (("HTML", out / "r.html"), ("PDF", out / "r.pdf"), ("CSV", out / "csv")):
            times[name] = timed(lambda target=target: write_report(database, target, bootstrap))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--bootstrap", type=int, default=1000)
    args = parser.parse_args()
    targets = {"analysis + MRMC": 2.0, "HTML": 5.0, "PDF": 5.0, "CSV": 5.0, "verification": None, "figures": None}
    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        for size in (Size(100, 2), Size(args.cases, args.readers)):
            folder = Path(temporary) / f"{size.cases}x{size.readers}"
            folder.mkdir()
            setup = timed(lambda folder=folder, size=size: make_study(folder, size))
            print(f"{size}: study created from tables in {setup:.1f} s (not part of the targets)")
            results[size] = measure(folder / "bench.ecgstudy", folder, args.bootstrap)
    baseline, full = results.values()
    print(f"{len(LABELS)} labels, 0-100 ratings, network, {args.bootstrap} bootstrap resamples, 2 groups")
    print(f"{'step':<18}{'baseline ' + str(Size(100, 2)):>28}{str(Size(args.cases, args.readers)):>28}  target")
    for step, target in targets.items():
        part = "(part of each report)" if step == "verification" else "(part of HTML and PDF)"
        goal = part if target is None else f"<= {target:.0f} s " + ("ok" if full[step] <= target else "SLOW")
        print(f"{step:<18}{baseline[step]:>26.2f} s{full[step]:>26.2f} s  {goal}")


if __name__ == "__main__":
    main()
