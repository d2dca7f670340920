"""``ecgreader predict``: run the network on every case of a study and store the model run."""

from __future__ import annotations


def add_parser(commands) -> None:
    parser = commands.add_parser("predict", help="run the network on a study and store its predictions")
    parser.add_argument("study", help="a study file")
    parser.add_argument("--model", help="model file (default: the shipped assets/models/default.pt)")
    parser.set_defaults(run=run)


def run(args) -> int:
    from tqdm import tqdm

    from ecgreader.model.inference import DEFAULT_MODEL, EcgModel, predict_study
    from ecgreader.store.database import open_study

    model = EcgModel.load(args.model or DEFAULT_MODEL)
    with open_study(args.study) as database, tqdm(desc="predicting", unit="case") as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        run_id = predict_study(database, model, progress)
    print(f"stored model run {run_id} of {model.name} (sha256 {model.sha256[:12]}…) in {args.study}")
    return 0
