"""The committed LUDB split and the demo study built from its study half."""

from __future__ import annotations

from sqlalchemy import select

from ecgreader import demo
from ecgreader.cli.main import main
from ecgreader.labels import DEFAULT_VOCABULARY, read_ludb_gold
from ecgreader.store import open_study
from ecgreader.store.schema import Case
from ecgreader.studies import ludb_split


def test_committed_split_is_reproducible_and_stratified(ludb):
    gold = read_ludb_gold(ludb / "ludb.csv")
    committed = ludb_split.read_split()
    assert committed == ludb_split.split_ludb(gold)
    assert sorted(committed.values()).count(ludb_split.STUDY) == 100
    assert sorted(committed.values()).count(ludb_split.TRAINING) == 100
    for key in DEFAULT_VOCABULARY.keys:
        halves = {committed[record_id] for record_id, labels in gold.items() if key in labels}
        assert halves == {ludb_split.STUDY, ludb_split.TRAINING}, key


def test_paced_records_are_those_whose_header_names_a_pacing_mode(ludb):
    """ludb.csv's pacing column against the diagnoses in the WFDB headers ("UNIpolar ventricular
    pacing", "P-synchrony" …); a wandering atrial pacemaker is a rhythm, not a device."""
    headers = {path.stem: path.read_text().lower() for path in (ludb / "data").glob("*.hea")}
    by_header = {record_id for record_id, text in headers.items() if "pacing" in text or "p-synchrony" in text}
    paced = ludb_split.paced_records(ludb / "ludb.csv")
    assert paced == by_header
    assert not paced & {record_id for record_id, text in headers.items() if "wandering atrial pacemaker" in text}


def test_demo_builds_the_study_half_without_paced_records(tmp_path, monkeypatch, ludb, capsys):
    monkeypatch.setattr(demo, "DEMO_STUDY", tmp_path / "demo.ecgstudy")
    assert main(["demo", "--no-gui", "--source", str(ludb)]) == 0
    study_half = set(ludb_split.records_in(ludb_split.STUDY))
    paced_in_study_half = study_half & ludb_split.paced_records(ludb / "ludb.csv")
    assert paced_in_study_half  # LUDB's study half has paced records to leave out
    expected = study_half - paced_in_study_half
    printed = capsys.readouterr().out
    assert f"Cases: {len(expected)} (0 image-only)" in printed
    # what `study info` prints besides the summary: LUDB 1.0.1 rescaled each lead, so no case is at true mV
    assert f"Amplitude not calibrated ({len(expected)} cases;" in printed
    assert f"Integrity: verified: {len(expected)} cases, 0 reads" in printed
    with open_study(tmp_path / "demo.ecgstudy") as study, study.reading() as session:
        source_ids = set(session.scalars(select(Case.source_id)))
    assert source_ids == expected
    assert main(["demo", "--no-gui", "--source", str(ludb)]) == 0  # reuses the existing file
    assert "using the existing demo study" in capsys.readouterr().out


def test_demo_without_ludb_says_where_to_point_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(demo, "DEMO_STUDY", tmp_path / "demo.ecgstudy")
    assert main(["demo", "--no-gui", "--source", str(tmp_path)]) == 1
    assert "not an LUDB folder (needs ludb.csv and data/)" in capsys.readouterr().err
