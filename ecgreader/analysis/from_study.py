"""Turning a study's gold, reads and model run (plain data from the store) into the engine's arrays."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ecgreader.analysis.engine import ComparisonInput, Rater
from ecgreader.store.comparison_data import ComparisonData, comparison_data
from ecgreader.store.database import SessionOrDatabase, session_for_reading, study_path


def comparison_input(
    source: SessionOrDatabase, phase: str = "unaided", model_run_id: int | None = None
) -> ComparisonInput:
    """Cases with a gold standard, in study order; the latest model run unless one is named.

    ``source`` is the open study, or a snapshot of it that the caller reads more from.
    """
    with session_for_reading(source) as snapshot:
        return _assemble(comparison_data(snapshot, phase, model_run_id), study_path(snapshot))


def _assemble(data: ComparisonData, path: Path) -> ComparisonInput:
    """Gold (cases × labels), each reader's decisions and the network's probabilities as arrays."""
    if not data.cases:
        raise ValueError(f"{path}: no case has a gold standard; nothing to compare")
    column = {key: k for k, key in enumerate(data.labels)}
    row = {case.case_id: n for n, case in enumerate(data.cases)}
    gold = np.zeros((len(data.cases), len(data.labels)), dtype=bool)
    for case in data.cases:
        for key in case.gold:
            gold[row[case.case_id], column[key]] = True
    readers = []
    rating_scale = data.rating_scale
    for reader in data.readers:
        decisions = np.zeros_like(gold)
        rated = np.zeros(len(data.cases), dtype=bool)
        for case_id, keys in reader.reads.items():
            if case_id in row:
                rated[row[case_id]] = True
                for key in keys:
                    decisions[row[case_id], column[key]] = True
        ratings = None
        if rating_scale != "binary":
            ratings = np.full(gold.shape, np.nan)
            for case_id, values in reader.ratings.items():
                if case_id in row:
                    for key, rating in values.items():
                        ratings[row[case_id], column[key]] = rating
            # a read without a rating of some finding (not possible through the reading room or
            # table import) cannot enter a rating analysis: the case counts as not rated
            rated &= np.isfinite(ratings).all(axis=1)
        unassessable = sum(case_id in row for case_id in reader.unassessable)  # left out of rated
        if rated.any():
            readers.append(Rater(reader.name, "reader", decisions, rated, reader.group, ratings, unassessable))
    model = probabilities = None
    if data.network is not None:
        run = data.network.run
        missing = [key for key in data.labels if key not in run.thresholds]
        if missing:
            raise ValueError(f"model run {run.id} ({run.model_name}) has no output for {', '.join(missing)}")
        probabilities = np.full(gold.shape, np.nan)
        for case_id, values in data.network.probabilities.items():
            if case_id in row:
                for key, probability in values.items():
                    probabilities[row[case_id], column[key]] = probability
        rated = np.isfinite(probabilities).all(axis=1)
        cut = np.array([run.thresholds[key] for key in data.labels])
        decisions = np.nan_to_num(probabilities, nan=-1.0) >= cut[None, :]
        model = Rater(run.model_name, "model", decisions, rated)
        probabilities = np.nan_to_num(probabilities, nan=0.0)
    return ComparisonInput(
        labels=data.labels,
        gold=gold,
        readers=readers,
        model=model,
        model_probabilities=probabilities,
        case_positions=np.array([case.position for case in data.cases]),
        rating_scale=rating_scale,
    )
