"""Reads imported from tables keep the reading room's order of phases: an aided read only where
the study shows readers the network, only beside the same reader's unaided read of that case
(stored, or anywhere in the table), and never an unaided read after a stored aided one."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ecgreader.store.cases import case_ids_by_source
from ecgreader.store.database import open_study
from ecgreader.store.model_runs import add_model_run
from ecgreader.store.read_history import ReadContent, record_read, record_second_opinion_shown
from ecgreader.store.reads import ReadSealed, SubmittedRead, sealed_cases, submit_read
from ecgreader.store.settings import study_settings
from ecgreader.store.sign_in import list_readers, register_reader
from ecgreader.store.study import read_vocabulary, summarise_study
from ecgreader.store.table_import import TableRead, add_reads
from ecgreader.studies import create_from_tables
from ecgreader.studies.tables import TableError, read_reads_csv
from tests.helpers.study_fixtures import SECRET_SOURCE_PREFIX, make_reading_study

HEADER = ["case_id", "reader", "group", "phase", "AF", "PVC"]
CASES = [f"c{i}" for i in range(4)]


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


def gold_csv(folder: Path) -> Path:
    path = folder / "gold.csv"
    path.write_text("case_id,AF,PVC\n" + "".join(f"{case},{i % 2},0\n" for i, case in enumerate(CASES)))
    return path


def rows(reader: str, phase: str, cases=CASES) -> list[list]:
    return [[case, reader, "GP", phase, 1, 0] for case in cases]


def table_study(folder: Path, reads: list[list]) -> Path:
    out = folder / "study.ecgstudy"
    create_from_tables(out, gold_csv(folder), write_csv(folder / "reads.csv", reads))
    return out


def import_reads(study: Path, reads_csv: Path) -> int:
    """What ``ecgreader study import-reads`` does, without the command line."""
    with open_study(study) as database:
        reads = read_reads_csv(reads_csv, read_vocabulary(database), set(case_ids_by_source(database)), None)
        return add_reads(database, reads)


def state(study: Path) -> dict:
    with open_study(study, read_only=True) as database:
        return summarise_study(database).to_dict()


def refusal_of(study: Path, reads_csv: Path) -> list[str]:
    """The problems for which importing ``reads_csv`` is refused, once the study is seen unchanged."""
    before = state(study)
    with pytest.raises(TableError) as refusal:
        import_reads(study, reads_csv)
    assert state(study) == before
    return refusal.value.problems


def test_create_from_tables_refuses_aided_reads_without_the_readers_unaided_read(tmp_path):
    reads = rows("A", "unaided") + rows("A", "aided") + rows("Eve", "aided", ["c1"])
    with pytest.raises(TableError) as refusal:
        table_study(tmp_path, reads)
    assert str(refusal.value) == (
        f"{tmp_path / 'reads.csv'}:10: Eve's aided read of case c1 has no unaided read of that case "
        "(in the study or in this file); nothing written"
    )
    assert not list(tmp_path.glob("*.ecgstudy*"))


def test_create_from_tables_refuses_a_table_of_aided_reads_only_naming_every_row(tmp_path):
    with pytest.raises(TableError) as refusal:
        table_study(tmp_path, rows("A", "aided"))
    assert refusal.value.problems == [
        f"{tmp_path / 'reads.csv'}:{line}: A's aided read of case {case} has no unaided read of that case "
        "(in the study or in this file)"
        for line, case in enumerate(CASES, start=2)
    ]
    assert not list(tmp_path.glob("*.ecgstudy*"))


def test_a_two_condition_table_in_either_order_makes_a_study_showing_the_network(tmp_path):
    """A table is not a time line: aided rows may come first, as long as each has its unaided row."""
    study = table_study(tmp_path, rows("A", "aided") + rows("B", "unaided") + rows("A", "unaided") + rows("B", "aided"))
    summary = state(study)
    assert summary["reads"] == 4 * len(CASES) and summary["second_opinion_mode"] == "after_each_case"


def test_a_table_without_aided_reads_makes_a_study_without_second_opinion(tmp_path):
    with open_study(table_study(tmp_path, rows("A", "unaided")), read_only=True) as database:
        assert study_settings(database).second_opinion_mode == "off"


def test_import_refuses_aided_reads_into_a_study_whose_second_opinion_is_off(tmp_path):
    study = table_study(tmp_path, rows("A", "unaided"))
    more = write_csv(tmp_path / "more.csv", rows("A", "aided", ["c0", "c1", "c2"]))
    assert refusal_of(study, more) == [
        f"{more}:2: A's aided read of case c0 (and 2 more aided reads) cannot be added: this study's "
        "second-opinion mode is off, so its readers are never shown the network's opinion"
    ]


def test_import_pairs_aided_reads_with_unaided_reads_stored_or_in_the_same_file(tmp_path):
    study = table_study(tmp_path, rows("A", "unaided") + rows("A", "aided", ["c0"]))
    more = write_csv(
        tmp_path / "more.csv",
        rows("A", "aided", ["c1"])  # A's unaided read of c1 is stored
        + rows("D", "aided", ["c0"]) + rows("D", "unaided", ["c0"]),  # both in this file, aided first
    )  # fmt: skip
    assert import_reads(study, more) == 3
    assert state(study)["reads"] == len(CASES) + 4


def test_import_refuses_an_aided_read_whose_unaided_read_exists_nowhere(tmp_path):
    study = table_study(tmp_path, rows("A", "unaided") + rows("A", "aided", ["c0"]))
    more = write_csv(tmp_path / "more.csv", rows("D", "unaided", ["c1"]) + rows("D", "aided", ["c2"]))
    assert refusal_of(study, more) == [  # D's valid unaided read of c1 is not written either
        f"{more}:3: D's aided read of case c2 has no unaided read of that case (in the study or in this file)"
    ]


def test_import_refuses_an_unaided_read_after_the_readers_stored_aided_read(tmp_path):
    """A study written before this rule may hold an aided read without its unaided read: the
    reader has seen the network's opinion on that case, so no unaided read of it may follow."""
    study = table_study(tmp_path, rows("A", "unaided") + rows("A", "aided", ["c0"]))
    with open_study(study) as database:
        reader = register_reader(database, "Eve", "GP")
        now = datetime.now(UTC)
        with database.writing() as session:
            case_id = case_ids_by_source(session)["c3"]
            record_read(session, ReadContent(reader.id, case_id, "aided", 0, ("AF",), None, None, now, now, None))
    late = write_csv(tmp_path / "late.csv", rows("Eve", "unaided", ["c3"]))
    assert refusal_of(study, late) == [
        f"{late}:2: Eve's unaided read of case c3 comes after they were shown the network's opinion of it "
        "(recorded in the study): an unaided read is sealed once the reader has seen it"
    ]


def test_an_unaided_read_cannot_follow_a_recorded_showing_of_the_network_opinion(tmp_path):
    """A study written before the store refused it may record the network's opinion shown to a
    reader on a case they had not read: that seals the unaided read as an aided read does."""
    study = table_study(tmp_path, rows("A", "unaided") + rows("A", "aided", ["c0"]))
    with open_study(study) as database:
        reader = register_reader(database, "Eve", "GP")
        with database.writing() as session:
            case_id = case_ids_by_source(session)["c3"]
            run_id = add_model_run(session, "net", "e" * 64, {}, {"AF": 0.5}, {case_id: {"AF": 0.9}})
            record_second_opinion_shown(session, reader.id, case_id, run_id)
    late = write_csv(tmp_path / "late.csv", rows("Eve", "unaided", ["c3"]))
    assert refusal_of(study, late) == [
        f"{late}:2: Eve's unaided read of case c3 comes after they were shown the network's opinion of it "
        "(recorded in the study): an unaided read is sealed once the reader has seen it"
    ]


def test_an_imported_aided_read_seals_the_unaided_read_in_the_reading_room(tmp_path):
    """The reading room keeps the seal of an imported aided read, which has no record of the
    network's opinion being shown: the unaided read cannot change even where revisits are allowed."""
    path = make_reading_study(tmp_path / "s.ecgstudy", n_cases=2, second_opinion_mode="after_each_case",
                              allow_revisit=True)  # fmt: skip
    source = f"{SECRET_SOURCE_PREFIX}0"
    imported = [TableRead(source, "Eve", "Specialist", frozenset({"LVH"}), "reads.csv:2", phase)
                for phase in ("aided", "unaided")]  # fmt: skip
    with open_study(path) as database:
        assert add_reads(database, imported) == 2
        case_id = case_ids_by_source(database)[source]
        eve = next(reader for reader in list_readers(database) if reader.name == "Eve")
        assert sealed_cases(database, eve.id) == {case_id}
        now = datetime.now(UTC)
        change = SubmittedRead(case_id, frozenset(), None, None, now, now, 5.0, 0)
        with pytest.raises(ReadSealed):
            submit_read(database, eve.id, change)
