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


def rating_tables(tmp_path):
    """12 cases, two labels, readers A, B (GP) and C (Cardiology) rating 0-100, unaided and aided."""
    gold, _, probs = tables(tmp_path)
    rows = []
    for phase, boost in (("unaided", 0), ("aided", 10)):
        for reader, group, shift in (("A", "GP", 0), ("B", "GP", 7), ("C", "Cardiology", 3)):
            for i in range(12):
                af = min(100, (80 if i % 2 else 20) + (i * 13 + shift) % 25 - 12 + (boost if i % 2 else -boost))
                rows.append([f"c{i}", reader, group, phase, max(0, af), (i * 7 + shift) % 100])
    reads = write(tmp_path / "ratings.csv", ["case_id", "reader", "group", "phase", "AF", "PVC"], rows)
    return gold, reads, probs


def test_ratings_and_phases_are_imported_with_the_cut_off_and_analysed(tmp_path, capsys):
    gold, reads, probs = rating_tables(tmp_path)
    out = tmp_path / "rated.ecgstudy"
    args = ["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(reads)]
    assert main([*args, "--rating-scale", "0-100", "--model-probs", str(probs), "--model-name", "PubNet"]) == 0
    capsys.readouterr()
    assert main(["study", "info", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reads"] == 72  # 36 unaided + 36 aided
    assert main(["study", "verify", str(out)]) == 0  # ratings are part of the hash chain
    assert main(["report", str(out), "--out", str(tmp_path / "csv"), "--bootstrap", "100"]) == 0
    metrics = list(csv.DictReader((tmp_path / "csv" / "metrics.csv").open()))
    reader_a = next(r for r in metrics if r["rater"] == "A" and r["label"] == "AF")
    # AF ratings are >= 68 on diseased and <= 32 on healthy cases unaided: the default cut-off 50 splits them
    assert (reader_a["tp"], reader_a["fp"], reader_a["fn"]) == ("6", "0", "0")
    rows = list(csv.DictReader((tmp_path / "csv" / "mrmc.csv").open()))
    contrasts = {(r["contrast"], r["group"], r["phase"]) for r in rows}
    assert ("network-readers", "GP", "aided") in contrasts and ("group-group", "GP-Cardiology", "unaided") in contrasts
    assert ("aided-unaided", "Cardiology", "") in contrasts and ("single", "GP", "unaided") in contrasts
    auc = next(r for r in rows if r["label"] == "AF" and r["metric"] == "auc" and r["contrast"] == "single"
               and r["group"] == "GP" and r["phase"] == "unaided" and r["design"] == "RRRC"
               and r["covariance"] == "jackknife")  # fmt: skip
    assert float(auc["estimate"]) == 1.0  # every diseased case rated above every healthy one
    network = [r for r in rows if r["contrast"] == "network-readers" and r["metric"] == "sensitivity"]
    assert network and all(r["p_holm"] == "" or float(r["p_holm"]) >= float(r["p"]) for r in network)


def test_ratings_off_the_scale_and_bad_phases_are_listed(tmp_path, capsys):
    gold, _, _ = tables(tmp_path)
    reads = write(
        tmp_path / "bad_ratings.csv",
        ["case_id", "reader", "group", "phase", "AF", "PVC"],
        [["c1", "A", "GP", "", 5, 1], ["c2", "A", "GP", "unaided", 6, 1], ["c3", "A", "GP", "later", 2, 2],
         ["c1", "A", "GP", "aided", 2.5, 1], ["c1", "A", "GP", "unaided", 4, 4]],
    )  # fmt: skip
    out = tmp_path / "bad.ecgstudy"
    args = ["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(reads), "--rating-scale"]
    assert main([*args, "1-5"]) == 1
    error = capsys.readouterr().err
    assert "bad_ratings.csv:3: values other than integer ratings 1-5 in AF" in error
    assert "bad_ratings.csv:4: phase 'later' is not one of unaided, aided" in error
    assert "bad_ratings.csv:5: values other than integer ratings 1-5 in AF" in error
    assert "bad_ratings.csv:6: duplicate read of case c1 by A (first on line 2)" in error
    assert not out.exists()
    assert main([*args, "1-5", "--positive-at", "7"]) == 1
    assert "cut-off 7 is outside the 1-5 scale" in capsys.readouterr().err


def test_import_reads_takes_the_studys_scale_and_aided_reads(tmp_path, capsys):
    gold, reads, _ = rating_tables(tmp_path)
    out = tmp_path / "rated.ecgstudy"
    args = ["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(reads)]
    assert main([*args, "--rating-scale", "0-100", "--positive-at", "60"]) == 0
    more = write(
        tmp_path / "more.csv",
        ["case_id", "reader", "group", "phase", "AF", "PVC"],
        [["c0", "D", "GP", "unaided", 61.5, 0], ["c0", "D", "GP", "aided", 59, 0]],
    )
    assert main(["study", "import-reads", str(out), "--reads", str(more)]) == 0
    again = write(tmp_path / "again.csv", ["case_id", "reader", "group", "phase", "AF", "PVC"],
                  [["c0", "D", "GP", "aided", 101, 0]])  # fmt: skip
    assert main(["study", "import-reads", str(out), "--reads", str(again)]) == 1
    assert "values other than ratings 0-100 in AF" in capsys.readouterr().err
    again = write(tmp_path / "again2.csv", ["case_id", "reader", "group", "phase", "AF", "PVC"],
                  [["c0", "D", "GP", "aided", 100, 0]])  # fmt: skip
    assert main(["study", "import-reads", str(out), "--reads", str(again)]) == 1
    assert "case c0 already has an aided read by D" in capsys.readouterr().err
    assert main(["report", str(out), "--out", str(tmp_path / "csv"), "--bootstrap", "100"]) == 0
    reads_csv = list(csv.DictReader((tmp_path / "csv" / "reads.csv").open()))
    d_reads = {r["phase"]: r["labels"] for r in reads_csv if r["reader"] == "D"}
    assert d_reads == {"unaided": "AF", "aided": ""}  # 61.5 >= 60 > 59


def test_imported_reader_names_are_compared_as_at_sign_in(tmp_path, capsys):
    """A table cannot add "ALICE", "Alice\u200b" or Cyrillic "Аlice" beside the reader "Alice"."""
    gold, _, _ = tables(tmp_path)
    first = write(tmp_path / "first.csv", ["case_id", "reader", "group", "AF", "PVC"], [["c0", "Alice", "GP", 1, 0]])
    out = tmp_path / "ext.ecgstudy"
    assert main(["study", "create-from-tables", str(out), "--gold", str(gold), "--reads", str(first)]) == 0
    capsys.readouterr()
    for look_alike in ("ALICE", "Alice\u200b", "\u0410lice"):
        more = write(
            tmp_path / "more.csv", ["case_id", "reader", "group", "AF", "PVC"], [["c1", look_alike, "GP", 0, 0]]
        )
        assert main(["study", "import-reads", str(out), "--reads", str(more)]) == 1
        assert "would be taken for the reader 'Alice'" in capsys.readouterr().err
    assert main(["study", "info", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reads"] == 1
