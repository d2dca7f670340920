"""Small studies made from synthetic ECGs, with secrets a blinded reader must never see."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.store import CaseInput, StudyOptions, create_study, open_study
from ecgreader.store.schema import Case, LabelDefinition, ModelRun, Prediction

SECRET_SOURCE_PREFIX = "SRC-SECRET-"
SECRET_PROBABILITY = 0.8731
COORDINATOR_PASSWORD = "coord-pass"


def make_reading_study(path: Path, n_cases: int = 6, **options) -> Path:
    """A study of ``n_cases`` synthetic ECGs with gold labels and one model run."""
    cases = [
        CaseInput(
            synthetic_ecg(55 + 7 * i, record_id=f"{SECRET_SOURCE_PREFIX}{i}", noise_mv=0.01, seed=i),
            frozenset({"LVH"} if i % 2 else {"IAVB"}),
            "synthetic",
        )
        for i in range(n_cases)
    ]
    options.setdefault("coordinator_password", COORDINATOR_PASSWORD)
    create_study(path, StudyOptions(name="Synthetic study", seed=11, **options), cases)
    with open_study(path) as study, study.writing() as session:
        run = ModelRun(
            model_name="test-model",
            model_sha256="f" * 64,
            thresholds=json.dumps({"LVH": 0.5}),
            model_metadata="{}",
            created_at=datetime.now(UTC),
        )
        label = session.scalars(select(LabelDefinition).where(LabelDefinition.key == "LVH")).one()
        for case in session.scalars(select(Case)):
            run.predictions.append(Prediction(case_id=case.id, label_id=label.id, probability=SECRET_PROBABILITY))
        session.add(run)
    return path
