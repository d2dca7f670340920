"""``ecgreader predict``: a model run and its per-case probabilities stored in the study."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select

from ecgreader.cli.main import main
from ecgreader.ecg.formats import read_image
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.labels import DEFAULT_VOCABULARY
from ecgreader.labels.vocabulary import Label, Vocabulary
from ecgreader.model.inference import EcgModel, predict_study
from ecgreader.store import CaseInput, StudyOptions, create_study, open_study, record_from_case
from ecgreader.store.cases import ExternalCase, case_ids
from ecgreader.store.model_runs import add_model_run, latest_model_run
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


def test_predict_with_a_file_that_is_not_a_model_is_one_line_naming_it(tmp_path, capsys):
    study = make_reading_study(tmp_path / "s.ecgstudy", n_cases=2)
    table = tmp_path / "vocab.csv"
    table.write_text("key,finding\nLVH,left ventricular hypertrophy\n")
    assert main(["predict", str(study), "--model", str(table)]) == 1
    error = capsys.readouterr().err
    assert error == f"ecgreader: error: {table}: not an ECG Reader model (not a PyTorch checkpoint file)\n"


def _model_runs(study) -> tuple[int, int, int | None]:
    """How many runs and predictions the study holds, and its current run's id."""
    with open_study(study) as database, database.reading() as session:
        runs = session.scalar(select(func.count()).select_from(ModelRun))
        predictions = session.scalar(select(func.count()).select_from(Prediction))
        latest = latest_model_run(database)
    return runs, predictions, None if latest is None else latest.id


def test_predict_refuses_a_study_with_labels_the_model_has_no_output_for_and_stores_nothing(tmp_path, capsys):
    vocabulary = Vocabulary((Label("LVH", "left ventricular hypertrophy"), Label("AFIB", "atrial fibrillation")))
    cases = [CaseInput(synthetic_ecg(60 + 10 * i, seed=i, record_id=f"r{i}"), frozenset({"LVH"})) for i in range(3)]
    study = tmp_path / "custom.ecgstudy"
    create_study(study, StudyOptions(name="Custom labels", vocabulary=vocabulary), cases)
    before = _model_runs(study)
    model_path = tiny_model(tmp_path / "tiny.pt")
    assert main(["predict", str(study), "--model", str(model_path)]) == 1
    error = capsys.readouterr().err
    assert f"{study}: the model {model_path} has no output for the study's labels AFIB (" in error
    assert error.count("\n") == 1 and "LVH" not in error
    assert _model_runs(study) == before == (0, 0, None)


def test_predict_refuses_a_study_built_from_tables_keeping_its_imported_run_current(tmp_path, capsys):
    cases = [CaseInput(ExternalCase(f"c{i}"), frozenset({"LVH"} if i % 2 else set())) for i in range(4)]
    study = tmp_path / "tables.ecgstudy"
    create_study(study, StudyOptions(name="Published study"), cases)
    with open_study(study) as database:
        imported = {case_id: {"LVH": 0.7} for case_id in case_ids(database)}
        add_model_run(database, "PubNet", "e" * 64, {}, {"LVH": 0.5}, imported)
    before = _model_runs(study)
    assert main(["predict", str(study), "--model", str(tiny_model(tmp_path / "tiny.pt"))]) == 1
    error = capsys.readouterr().err
    assert (
        error == f"ecgreader: error: {study}: its cases hold no ECG signals (built from tables); nothing to predict\n"
    )
    assert _model_runs(study) == before == (1, 4, 1)


def test_a_study_of_ecg_images_is_refused_as_such(tmp_path):
    scan = tmp_path / "scan.png"
    Image.new("RGB", (300, 200), (250, 240, 240)).save(scan)
    study = tmp_path / "images.ecgstudy"
    create_study(study, StudyOptions(name="Scanned ECGs"), [CaseInput(read_image(scan), frozenset(), "scan")])
    model = EcgModel.load(tiny_model(tmp_path / "tiny.pt"))
    with open_study(study) as database, pytest.raises(ValueError) as refusal:
        predict_study(database, model)
    assert str(refusal.value) == f"{study}: its cases hold no ECG signals (built from images); nothing to predict"
    assert _model_runs(study) == (0, 0, None)
