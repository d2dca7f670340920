"""Turning a study file into the engine's input: gold, every reader's reads, the network."""

from __future__ import annotations

import json

import numpy as np
from sqlalchemy import select

from ecgreader.analysis.engine import ComparisonInput, Rater
from ecgreader.store.database import StudyDatabase
from ecgreader.store.schema import Case, LabelDefinition, ModelRun, Prediction, Read, Reader


def comparison_input(
    database: StudyDatabase, phase: str = "unaided", model_run_id: int | None = None
) -> ComparisonInput:
    """Cases with a gold standard, in study order; the latest model run unless one is named."""
    with database.reading() as session:
        labels = session.scalars(select(LabelDefinition).order_by(LabelDefinition.position)).all()
        column = {label.id: k for k, label in enumerate(labels)}
        cases = session.scalars(select(Case).where(Case.gold_source.is_not(None)).order_by(Case.position)).all()
        if not cases:
            raise ValueError(f"{database.path}: no case has a gold standard; nothing to compare")
        row = {case.id: n for n, case in enumerate(cases)}
        gold = np.zeros((len(cases), len(labels)), dtype=bool)
        for case in cases:
            for link in case.gold_labels:
                gold[row[case.id], column[link.label_id]] = True
        readers = []
        for reader in session.scalars(select(Reader).order_by(Reader.name)):
            decisions = np.zeros_like(gold)
            rated = np.zeros(len(cases), dtype=bool)
            for read in session.scalars(select(Read).where(Read.reader_id == reader.id, Read.phase == phase)):
                if read.case_id in row:
                    rated[row[read.case_id]] = True
                    for link in read.labels:
                        decisions[row[read.case_id], column[link.label_id]] = True
            if rated.any():
                readers.append(Rater(reader.name, "reader", decisions, rated, reader.group.name))
        run = (
            session.get(ModelRun, model_run_id)
            if model_run_id is not None
            else session.scalars(select(ModelRun).order_by(ModelRun.id.desc())).first()
        )
        model = probabilities = None
        if run is not None:
            thresholds = json.loads(run.thresholds)
            missing = [label.key for label in labels if label.key not in thresholds]
            if missing:
                raise ValueError(f"model run {run.id} ({run.model_name}) has no output for {', '.join(missing)}")
            probabilities = np.full(gold.shape, np.nan)
            for prediction in session.scalars(select(Prediction).where(Prediction.run_id == run.id)):
                if prediction.case_id in row:
                    probabilities[row[prediction.case_id], column[prediction.label_id]] = prediction.probability
            rated = np.isfinite(probabilities).all(axis=1)
            cut = np.array([thresholds[label.key] for label in labels])
            decisions = np.nan_to_num(probabilities, nan=-1.0) >= cut[None, :]
            model = Rater(run.model_name, "model", decisions, rated)
            probabilities = np.nan_to_num(probabilities, nan=0.0)
        return ComparisonInput(
            labels=tuple(label.key for label in labels),
            gold=gold,
            readers=readers,
            model=model,
            model_probabilities=probabilities,
            case_positions=np.array([case.position for case in cases]),
        )
