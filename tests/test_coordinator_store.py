"""The coordinator's tools in the store: the schema-4 reading settings and their defaults, reader
management (new PIN, deactivation), the aided reads still owed, and reuse of a model's run."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from ecgreader.cli.main import main
from ecgreader.ecg.display_filters import DEFAULT_BASELINE_HZ, DEFAULT_MUSCLE_HZ
from ecgreader.ecg.synthetic import synthetic_ecg
from ecgreader.reading import ReadingSession
from ecgreader.store import CaseInput, create_study, open_study
from ecgreader.store.model_runs import add_model_run, current_run_of_model, latest_model_run
from ecgreader.store.progress import pending_aided_reads, reader_overview
from ecgreader.store.schema import AuditEvent, ModelRun
from ecgreader.store.settings import SettingsLocked, study_settings, update_settings
from ecgreader.store.sign_in import (
    SignInError,
    SignInLocked,
    list_readers,
    register_reader,
    reset_pin,
    set_reader_active,
    sign_in_reader,
)
from ecgreader.store.study import (
    DEFAULT_PROTOCOL,
    DEFAULT_UNASSESSABLE_REASONS,
    StudyOptions,
)
from tests.helpers.models import tiny_model
from tests.helpers.study_fixtures import make_reading_study


@pytest.fixture
def study(tmp_path):
    database = open_study(make_reading_study(tmp_path / "s.ecgstudy", n_cases=4))
    yield database
    database.close()


def read_cases(database, reader, count: int, aided: int = 0) -> None:
    """``reader`` reads the first ``count`` cases of their order, the first ``aided`` of them also
    with the network's opinion."""
    session = ReadingSession(database, reader)
    for index in range(count):
        session.open(index)
        session.submit(frozenset({"LVH"}))
        if index < aided:
            session.begin_aided_read()
            session.submit(frozenset())


# --- settings -------------------------------------------------------------------------------------
def test_a_new_study_gets_the_default_reading_settings(tmp_path):
    path = create_study(tmp_path / "d.ecgstudy", StudyOptions(name="defaults"), [CaseInput(synthetic_ecg())])
    with open_study(path) as database:
        settings = study_settings(database)
    assert settings.baseline_filter_hz == DEFAULT_BASELINE_HZ
    assert settings.muscle_filter_hz == DEFAULT_MUSCLE_HZ
    assert settings.mains_filter_hz is None and not settings.show_measurements
    assert settings.unassessable_reasons == DEFAULT_UNASSESSABLE_REASONS
    assert settings.protocol == DEFAULT_PROTOCOL and settings.finding_criteria is None
    assert settings.name == "defaults"


def test_every_reading_setting_changes_in_one_call(study):
    settings = update_settings(
        study,
        baseline_filter_hz=0.05,
        muscle_filter_hz=None,
        mains_filter_hz=60,
        show_measurements=True,
        protocol="  Read carefully.  ",
        unassessable_reasons=["noise", " lead off "],
        finding_criteria={"LVH": "Sokolow-Lyon only"},
        second_opinion_mode="after_study",
    )
    assert (settings.baseline_filter_hz, settings.muscle_filter_hz, settings.mains_filter_hz) == (0.05, None, 60)
    assert settings.show_measurements and settings.protocol == "Read carefully."
    assert settings.unassessable_reasons == ("noise", "lead off")
    assert json.loads(settings.finding_criteria) == {"LVH": "Sokolow-Lyon only"}
    assert settings.second_opinion_mode == "after_study" and settings.allow_revisit is False  # not named: kept
    cleared = update_settings(study, unassessable_reasons=[], finding_criteria=None)
    assert cleared.unassessable_reasons == () and cleared.finding_criteria is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"baseline_filter_hz": 5.0}, "baseline filter 5 Hz is outside"),
        ({"muscle_filter_hz": 10.0}, "muscle filter 10 Hz is outside"),
        ({"mains_filter_hz": 55}, "mains notch 55 Hz is not one of 50, 60"),
        ({"unassessable_reasons": ["noise", "Noise"]}, "repeat one another"),
        ({"unassessable_reasons": ["noise", " "]}, "cannot be empty"),
        ({"finding_criteria": {"NOPE": "x"}}, "not in the study's vocabulary: NOPE"),
        ({"second_opinion_mode": "sometimes"}, "'sometimes' is not one of"),
    ],
)
def test_a_bad_value_is_named_and_nothing_of_the_call_is_stored(study, change, message):
    before = study_settings(study)
    with pytest.raises(ValueError, match=re.escape(message)):
        update_settings(study, protocol="changed", **change)
    assert study_settings(study) == before


def test_an_unknown_setting_is_refused(study):
    with pytest.raises(TypeError, match="not a changeable study setting: seed"):
        update_settings(study, seed=3)


def test_settings_including_the_protocol_are_fixed_once_a_read_exists(study):
    update_settings(study, protocol="Read carefully.")
    read_cases(study, register_reader(study, "Dr A", "Specialist"), 1)
    for change in ({"protocol": "a correction"}, {"baseline_filter_hz": None}, {"show_measurements": True}):
        with pytest.raises(SettingsLocked):
            update_settings(study, **change)
    assert study_settings(study).protocol == "Read carefully."


def test_study_options_check_the_new_settings():
    with pytest.raises(ValueError, match="mains notch 45"):
        StudyOptions(name="x", mains_filter_hz=45)
    with pytest.raises(ValueError, match="a study needs a name"):
        StudyOptions(name="  ")


# --- readers --------------------------------------------------------------------------------------
def test_a_deactivated_reader_cannot_sign_in_until_reactivated(study):
    reader = register_reader(study, "Dr Gone", "Specialist", pin="1234")
    assert not set_reader_active(study, reader.id, False).active
    with pytest.raises(SignInError, match="Dr Gone was deactivated by the coordinator"):
        sign_in_reader(study, reader.id, "1234")  # the right PIN does not help
    assert [r.name for r in list_readers(study)] == []  # not offered at sign-in
    assert [(r.name, r.active) for r in list_readers(study, include_deactivated=True)] == [("Dr Gone", False)]
    with pytest.raises(SignInError, match="exists but was deactivated"):
        register_reader(study, "dr gone", "Specialist", pin="9999")  # nor back in under the same name
    set_reader_active(study, reader.id, True)
    assert sign_in_reader(study, reader.id, "1234").active
    with study.reading() as session:
        kinds = list(session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))
    assert kinds == ["reader_deactivated", "sign_in_refused_deactivated", "reader_reactivated"]


def test_a_new_pin_replaces_the_old_lifts_the_lock_out_and_is_audited_without_the_pin(study):
    reader = register_reader(study, "Dr Forgot", "Specialist", pin="1111")
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    for _ in range(5):
        with pytest.raises(SignInError):
            sign_in_reader(study, reader.id, "0000", now=moment)
    with pytest.raises(SignInLocked):
        sign_in_reader(study, reader.id, "1111", now=moment)
    with pytest.raises(SignInError, match="at least 4 characters"):
        reset_pin(study, reader.id, "12")  # the study's PIN rules hold for the coordinator too
    assert reset_pin(study, reader.id, "2468").has_pin
    assert sign_in_reader(study, reader.id, "2468", now=moment).name == "Dr Forgot"
    with pytest.raises(SignInError, match="wrong PIN"):
        sign_in_reader(study, reader.id, "1111", now=moment)
    with study.reading() as session:
        resets = list(session.scalars(select(AuditEvent.detail).where(AuditEvent.kind == "pin_reset")))
    assert resets == ["new PIN set by the coordinator"] and not any("2468" in d for d in resets)


def test_the_overview_counts_each_readers_reads_in_both_phases(tmp_path):
    path = make_reading_study(tmp_path / "aided.ecgstudy", n_cases=4, second_opinion_mode="after_each_case")
    with open_study(path) as database:
        read_cases(database, register_reader(database, "Dr Both", "Specialist"), 3, aided=1)
        read_cases(database, register_reader(database, "Dr None", "General doctor"), 0)
        overview = {row.name: row for row in reader_overview(database)}
        pending = pending_aided_reads(database)
    assert (overview["Dr Both"].cases_read, overview["Dr Both"].aided_reads, overview["Dr Both"].total_cases) == (
        3,
        1,
        4,
    )
    assert overview["Dr None"].cases_read == 0 and overview["Dr None"].median_active_seconds is None
    assert [(p.name, len(p.case_positions)) for p in pending] == [("Dr Both", 2)]
    assert all(1 <= position <= 4 for position in pending[0].case_positions)


def test_no_aided_reads_are_owed_where_the_network_is_never_shown(study):
    read_cases(study, register_reader(study, "Dr Plain", "Specialist"), 2)
    assert pending_aided_reads(study) == []


# --- model runs -----------------------------------------------------------------------------------
def test_only_the_current_run_of_the_same_model_file_is_reused(study):
    fixture_run = latest_model_run(study)
    assert current_run_of_model(study, fixture_run.model_sha256) == fixture_run
    assert current_run_of_model(study, "0" * 64) is None
    add_model_run(study, "other", "0" * 64, {}, {"LVH": 0.5}, {})
    assert current_run_of_model(study, fixture_run.model_sha256) is None  # another model ran since


def test_predict_reuses_the_run_of_the_same_model_unless_asked(tmp_path, capsys):
    path = make_reading_study(tmp_path / "p.ecgstudy", n_cases=2)
    model = str(tiny_model(tmp_path / "tiny.pt"))
    assert main(["predict", str(path), "--model", model]) == 0
    assert main(["predict", str(path), "--model", model]) == 0
    assert "is already the current run" in capsys.readouterr().out
    with open_study(path) as database, database.reading() as session:
        assert session.scalar(select(func.count(ModelRun.id))) == 2  # the fixture's run and one of tiny
    assert main(["predict", str(path), "--model", model, "--new-run"]) == 0
    with open_study(path) as database, database.reading() as session:
        assert session.scalar(select(func.count(ModelRun.id))) == 3


def test_study_create_sets_the_reading_aids_from_its_options(tmp_path, ludb, monkeypatch):
    monkeypatch.setenv("ECGREADER_COORDINATOR_PASSWORD", "")
    protocol = tmp_path / "protocol.txt"
    protocol.write_text("Read as in clinic.\n", encoding="utf-8")
    out = tmp_path / "aids.ecgstudy"
    record = str(ludb / "data" / "1.hea")
    options = ["--baseline-filter", "0", "--mains-filter", "60", "--show-measurements", "--protocol", str(protocol),
               "--unassessable-reasons", "noise;lead off"]  # fmt: skip
    assert main(["study", "create", str(out), "--name", "Aids", "--records", record, *options]) == 0
    with open_study(out) as database:
        settings = study_settings(database)
    assert (settings.name, settings.baseline_filter_hz, settings.muscle_filter_hz) == ("Aids", None, 150.0)
    assert settings.mains_filter_hz == 60 and settings.show_measurements and settings.protocol == "Read as in clinic."
    assert settings.unassessable_reasons == ("noise", "lead off")
