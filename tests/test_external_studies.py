"""External reader studies from CSV tables: validation that lists offending rows, then analysis."""

from __future__ import annotations

import csv
import json

import pytest

from ecgreader.cli.main import main

pytestmark = pytest.mark.qt


def write(path, header, rows):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def tables(tmp_path):
    gold = write(
        tmp_path / "gold.csv", ["case_id", "AF", "PVC"], [[f"c{i}", i % 2, int(i % 3 == 0)] for i in range(12)]
    )
    reads = write(
        tmp_path / "reads.csv",
        ["case_id", "reader", "group", "AF", "PVC"],
        [[f"c{i}", reader, group, (i + shift) % 2, 0] for i in range(12) for reader, group, shift in
         (("A", "GP", 0), ("B", "GP", 1), ("C", "Cardiology", 0))],
    )  # fmt: skip
    probs = write(
        tmp_path / "probs.csv", ["case_id", "AF", "PVC"], [[f"c{i}", 0.9 if i % 2 else 0.1, 0.2] for i in range(12)]
    )
    return gold, reads, probs


def test_create_from_tables_then_report(tmp_path, capsys):
    gold, reads, probs = tables(tmp_path)
    out = tmp_path / "ext.ecgstudy"
    args = ["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(reads)]
    assert main([*args, "--model-probs", str(probs), "--model-name", "PubNet", "--threshold", "0.5"]) == 0
    capsys.readouterr()
    assert main(["study", "info", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["cases"] == 12 and info["reads"] == 36 and info["groups"] == {"GP": 2, "Cardiology": 1}
    assert [label["key"] for label in info["labels"]] == ["AF", "PVC"]
    assert main(["report", str(out), "--out", str(tmp_path / "csv"), "--bootstrap", "100"]) == 0
    rows = list(csv.DictReader((tmp_path / "csv" / "metrics.csv").open()))
    reader_a = next(r for r in rows if r["rater"] == "A" and r["label"] == "AF")
    assert (reader_a["tp"], reader_a["fp"]) == ("6", "0") and reader_a["sensitivity"] == "1.0000"
    network = next(r for r in rows if r["rater"] == "PubNet" and r["label"] == "AF")
    assert network["f1"] == "1.0000"


def test_bad_tables_list_every_offending_row_and_write_nothing(tmp_path, capsys):
    gold, _, _ = tables(tmp_path)
    reads = write(
        tmp_path / "bad_reads.csv",
        ["case_id", "reader", "group", "AF", "PVC"],
        [["c1", "A", "GP", 1, 0], ["c99", "A", "GP", 1, 0], ["c2", "A", "GP", 2, 0], ["c1", "A", "GP", 0, 0]],
    )
    out = tmp_path / "bad.ecgstudy"
    assert main(["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(reads)]) == 1
    error = capsys.readouterr().err
    assert "3 problem(s); nothing written" in error
    assert "bad_reads.csv:3: case 'c99' is not in the gold standard" in error
    assert "bad_reads.csv:4: values other than 0/1 in AF" in error
    assert "bad_reads.csv:5: duplicate read of case c1 by A (first on line 2)" in error
    assert not out.exists() and not list(tmp_path.glob(".bad.ecgstudy*"))
    unknown = write(tmp_path / "unknown.csv", ["case_id", "reader", "group", "AF", "LBBB"], [["c1", "A", "GP", 1, 0]])
    assert main(["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(unknown)]) == 1
    assert "unknown label columns: LBBB" in capsys.readouterr().err


def test_import_reads_adds_to_an_existing_study_all_or_nothing(tmp_path, capsys):
    gold, reads, _ = tables(tmp_path)
    out = tmp_path / "ext.ecgstudy"
    assert main(["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(reads)]) == 0
    more = write(
        tmp_path / "more.csv",
        ["case_id", "reader", "group", "AF", "PVC"],
        [["c0", "D", "GP", 1, 0], ["c1", "D", "GP", 0, 0]],
    )
    assert main(["study", "import-reads", str(out), "--reads", str(more)]) == 0
    again = write(
        tmp_path / "again.csv",
        ["case_id", "reader", "group", "AF", "PVC"],
        [["c2", "D", "GP", 1, 0], ["c0", "D", "GP", 1, 0]],
    )
    assert main(["study", "import-reads", str(out), "--reads", str(again)]) == 1
    assert "case c0 already has a read by D" in capsys.readouterr().err
    assert main(["study", "info", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reads"] == 38  # c2 was not added either
