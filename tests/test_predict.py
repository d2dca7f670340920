"""``ecgreader predict``: a model run and its per-case probabilities stored in the study."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sqlalchemy import func, select

from ecgreader.cli.main import main
from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.model.inference import EcgModel
from ecgreader.store import open_study, record_from_case
from ecgreader.store.schema import Case, LabelDefinition, ModelRun, Prediction
from tests.helpers.models import tiny_hybrid_model, tiny_model
from tests.helpers.study_fixtures import make_reading_study


@pytest.mark.parametrize("make_model", [tiny_model, tiny_hybrid_model], ids=["cnn-only file", "hybrid file"])
def test_predict_stores_a_run_with_probabilities_matching_direct_inference(tmp_path, capsys, make_model):
    study = make_reading_study(tmp_path / "s.ecgstudy", n_cases=5)
    model_path = make_model(tmp_path / "tiny.pt")
    model = EcgModel.load(model_path)
    assert main(["predict", str(study), "--model", str(model_path)]) == 0
    assert f"stored model run 2 of {model.name}" in capsys.readouterr().out
    with open_study(study) as database, database.reading() as session:
        run = session.scalars(select(ModelRun).where(ModelRun.model_name == model.name)).one()
        assert run.model_sha256 == model.sha256 and json.loads(run.thresholds)["LVH"] == 0.5
        assert session.scalar(select(func.count()).select_from(Prediction).where(Prediction.run_id == run.id)) == 50
        case = session.scalars(select(Case).order_by(Case.position)).first()
        expected = model.probabilities([record_from_case(case)])[0]
        keys = {row.id: row.key for row in session.scalars(select(LabelDefinition))}
        stored = {keys[p.label_id]: p.probability for p in run.predictions if p.case_id == case.id}
    assert np.allclose([stored[key] for key in DEFAULT_VOCABULARY.keys], expected, atol=1e-6)


def test_predict_with_a_missing_model_is_one_line(tmp_path, capsys):
    study = make_reading_study(tmp_path / "s.ecgstudy", n_cases=2)
    assert main(["predict", str(study), "--model", str(tmp_path / "none.pt")]) == 1
    assert "none.pt: file missing" in capsys.readouterr().err
