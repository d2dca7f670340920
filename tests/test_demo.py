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


def test_demo_builds_the_study_half_only(tmp_path, monkeypatch, ludb, capsys):
    monkeypatch.setattr(demo, "DEMO_STUDY", tmp_path / "demo.ecgstudy")
    assert main(["demo", "--no-gui", "--source", str(ludb)]) == 0
    assert "Cases: 100 (0 image-only)" in capsys.readouterr().out
    with open_study(tmp_path / "demo.ecgstudy") as study, study.reading() as session:
        source_ids = set(session.scalars(select(Case.source_id)))
    study_half = {record_id for record_id, half in ludb_split.read_split().items() if half == ludb_split.STUDY}
    assert source_ids == study_half
    assert main(["demo", "--no-gui", "--source", str(ludb)]) == 0  # reuses the existing file
    assert "using the existing demo study" in capsys.readouterr().out


def test_demo_without_ludb_says_where_to_point_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(demo, "DEMO_STUDY", tmp_path / "demo.ecgstudy")
    assert main(["demo", "--no-gui", "--source", str(tmp_path)]) == 1
    assert "not an LUDB folder (needs ludb.csv and data/)" in capsys.readouterr().err
