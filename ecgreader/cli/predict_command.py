"""``ecgreader predict``: run the network on every case of a study and store the model run.

The same model file run again on a study would store the same probabilities twice, so the
study's current run is reused when it came from this very file (same sha256), unless
``--new-run`` asks for another.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "predict",
        help="run the network on a study and store its predictions",
        description="Run the network on every case of a study and store the model run. A study without ECG signals"
        " (built from tables or images) is refused, and so is a study with a label the model has no output for (a"
        " network is only compared on the labels it was trained for); nothing is stored then.",
    )
    parser.add_argument("study", help="a study file")
    parser.add_argument("--model", help="model file (default: the shipped assets/models/default.pt)")
    parser.add_argument(
        "--new-run",
        action="store_true",
        help="store a new run even if the study's current run is of this same model file",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from tqdm import tqdm

    from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, predict_study
    from ecgreader.store.database import open_study
    from ecgreader.store.model_runs import current_run_of_model

    model = EcgModel.load(args.model or DEFAULT_MODEL)
    if (warning := model.drift_warning()) is not None:
        print(f"warning: {warning}", file=sys.stderr)
    with open_study(args.study) as database, ExitStack() as bars:
        existing = None if args.new_run else current_run_of_model(database, model.sha256)
        if existing is not None:
            print(
                f"model run {existing.id} of {existing.model_name} (sha256 {existing.model_sha256[:12]}…) is already"
                f" the current run of {args.study}; reusing it (--new-run stores another)"
            )
            return 0
        shown: list[tqdm] = []  # opened at the first progress, after predict_study's checks: a refusal is one line

        def progress(done: int, total: int) -> None:
            if not shown:
                shown.append(bars.enter_context(tqdm(total=total, desc="predicting", unit="case")))
            shown[0].update(done - shown[0].n)

        run_id = predict_study(database, model, progress)
    print(f"stored model run {run_id} of {model.name} (sha256 {model.sha256[:12]}…) in {args.study}")
    return 0
