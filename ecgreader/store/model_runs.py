"""Model runs: the network's probabilities for the study's cases, stored with the run's own
decision thresholds, and what readers and the coordinator are shown of them.

A run is written by ``add_model_run`` alone (``ecgreader predict`` and table imports both call
it), and read through ``ModelRunInfo``, the only place where its stored JSON is parsed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from ecgreader.store.database import SessionOrDatabase, StudyDatabase, session_for_reading, session_for_writing
from ecgreader.store.read_history import record_second_opinion_shown
from ecgreader.store.reads import has_read
from ecgreader.store.schema import LabelDefinition, ModelRun, Prediction, SecondOpinionView


@dataclass(frozen=True)
class ModelRunInfo:
    """A stored model run: which model, when, and its decision threshold per label."""

    id: int
    model_name: str
    model_sha256: str
    created_at: datetime
    thresholds: dict[str, float]  # label key → threshold; the run has output for these labels only
    metadata: dict  # as stored with the model (training data, representation, …)


@dataclass(frozen=True)
class NetworkOpinion:
    """A model run's output for one case, shown in second-opinion mode and in the case review."""

    run_id: int
    model_name: str
    model_sha256: str
    probabilities: dict[str, float]  # label key → probability; a label missing was not run on the case
    thresholds: dict[str, float]
    metadata: dict = field(default_factory=dict)  # the run's model card (ModelRunInfo.metadata)

    def decision(self, key: str) -> bool:
        return self.probabilities[key] >= self.thresholds[key]


def _info(row: ModelRun) -> ModelRunInfo:
    return ModelRunInfo(
        row.id,
        row.model_name,
        row.model_sha256,
        row.created_at,
        json.loads(row.thresholds),
        json.loads(row.model_metadata),
    )


def latest_model_run(source: SessionOrDatabase) -> ModelRunInfo | None:
    """The newest model run of the study, or None before the network has been run."""
    with session_for_reading(source) as session:
        row = session.scalars(select(ModelRun).order_by(ModelRun.id.desc()).limit(1)).first()
        return None if row is None else _info(row)


def model_run(source: SessionOrDatabase, run_id: int) -> ModelRunInfo | None:
    """The model run ``run_id``, or None if the study has none by that id."""
    with session_for_reading(source) as session:
        row = session.get(ModelRun, run_id)
        return None if row is None else _info(row)


def current_run_of_model(source: SessionOrDatabase, model_sha256: str) -> ModelRunInfo | None:
    """The study's current (latest) run if the model file with ``model_sha256`` made it.

    Running the same model again would store the same probabilities a second time, so callers
    reuse this run unless asked for a new one. A model whose run is no longer the latest (another
    model ran since) is not reused: running it again makes its output the one readers see.
    """
    latest = latest_model_run(source)
    return latest if latest is not None and latest.model_sha256 == model_sha256 else None


def has_model_run(source: SessionOrDatabase) -> bool:
    with session_for_reading(source) as session:
        return session.scalar(select(ModelRun.id).limit(1)) is not None


def run_probabilities(
    source: SessionOrDatabase, run: ModelRunInfo, case_id: int | None = None
) -> dict[int, dict[str, float]]:
    """The run's probabilities by case id and label key (of one case, if ``case_id`` is given)."""
    query = (
        select(Prediction.case_id, LabelDefinition.key, Prediction.probability)
        .join(LabelDefinition, Prediction.label_id == LabelDefinition.id)
        .where(Prediction.run_id == run.id)
    )
    if case_id is not None:
        query = query.where(Prediction.case_id == case_id)
    probabilities: dict[int, dict[str, float]] = {}
    with session_for_reading(source) as session:
        for case, key, probability in session.execute(query):
            if key in run.thresholds:
                probabilities.setdefault(case, {})[key] = probability
    return probabilities


def opinion_of_run(source: SessionOrDatabase, run: ModelRunInfo, case_id: int) -> NetworkOpinion:
    """What ``run`` said about ``case_id``; its probabilities are empty if it did not read the case."""
    probabilities = run_probabilities(source, run, case_id).get(case_id, {})
    return NetworkOpinion(run.id, run.model_name, run.model_sha256, probabilities, run.thresholds, run.metadata)


def network_opinion(source: SessionOrDatabase, case_id: int) -> NetworkOpinion | None:
    """What the latest model run said about ``case_id``, or None if it has not been run on it."""
    with session_for_reading(source) as session:
        run = latest_model_run(session)
        if run is None:
            return None
        opinion = opinion_of_run(session, run, case_id)
        return opinion if opinion.probabilities else None


def show_network_opinion(database: StudyDatabase, reader_id: int, case_id: int) -> NetworkOpinion | None:
    """The network's output for a case, recorded as seen by the reader before it is returned.

    From then on the reader's unaided read of the case is sealed; the record is committed first,
    so no crash can show the opinion without sealing the read. A reader who has seen it before
    sees the same run's output again, even if a newer run exists.
    """
    with database.writing() as session:
        seen = session.get(SecondOpinionView, (reader_id, case_id))
        if seen is None and not has_read(session, reader_id, case_id, "unaided"):
            raise ValueError(
                f"{database.path}: reader {reader_id} has no unaided read of case {case_id}; the network's opinion is "
                "shown only after it (showing it first would seal a read the reader has not made)"
            )
        run = model_run(session, seen.model_run_id) if seen is not None else latest_model_run(session)
        if run is None:
            return None
        opinion = opinion_of_run(session, run, case_id)
        if not opinion.probabilities:
            return None
        if seen is None:
            record_second_opinion_shown(session, reader_id, case_id, run.id)
    return opinion


def add_model_run(
    source: SessionOrDatabase,
    name: str,
    sha256: str,
    metadata: dict,
    thresholds: Mapping[str, float],
    probabilities: Mapping[int, Mapping[str, float]],
) -> int:
    """Store a model run: ``probabilities`` by case id and label key, decided at ``thresholds``.

    Every label with a probability needs a threshold, and every label must be in the study's
    vocabulary. Returns the new run's id.
    """
    unthresholded = sorted({key for values in probabilities.values() for key in values} - set(thresholds))
    if unthresholded:
        raise ValueError(f"model run {name}: no threshold for {', '.join(unthresholded)}")
    with session_for_writing(source) as session:
        labels = dict(session.execute(select(LabelDefinition.key, LabelDefinition.id)).all())
        unknown = sorted(set(thresholds) - set(labels))
        if unknown:
            raise ValueError(f"model run {name}: labels not in the study's vocabulary: {', '.join(unknown)}")
        run = ModelRun(
            model_name=name,
            model_sha256=sha256,
            thresholds=json.dumps(dict(thresholds)),
            model_metadata=json.dumps(metadata),
            created_at=datetime.now(UTC),
        )
        for case_id, values in probabilities.items():
            for key, probability in values.items():
                run.predictions.append(
                    Prediction(case_id=case_id, label_id=labels[key], probability=float(probability))
                )
        session.add(run)
        session.flush()
        return run.id
