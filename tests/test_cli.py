"""The command line as a user meets it: messages, exit codes, files written or not."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ecgreader.cli.main import main

pytestmark = pytest.mark.qt


def create(out, *records_and_options: str) -> int:
    """``ecgreader study create OUT --records …`` (options may follow the records)."""
    return main(["study", "create", str(out), "--records", *records_and_options])


def info(study, capsys) -> dict:
    capsys.readouterr()
    assert main(["study", "info", str(study), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_study_create_from_ludb_then_info(tmp_path, ludb, capsys):
    out = tmp_path / "five.ecgstudy"
    records = [str(ludb / "data" / f"{i}.hea") for i in (1, 4, 10, 24, 34)]
    assert create(out, *records, "--gold-from", "ludb", "--seed", "7") == 0
    printed = capsys.readouterr().out
    assert "created" in printed
    assert "warning: 5 of 5 cases are not amplitude-calibrated" in printed  # LUDB: 1 mV per lead
    summary = info(out, capsys)
    assert summary["cases"] == 5 and summary["seed"] == 7
    assert sorted(summary["amplitude_not_calibrated"]) == ["1", "10", "24", "34", "4"]
    positives = {label["key"]: label["positives"] for label in summary["labels"]}
    assert positives["CRBBB"] == 1 and positives["LVH"] == 2 and positives["LAE"] == 3
    assert main(["study", "info", str(out)]) == 0
    described = capsys.readouterr().out
    assert "CRBBB" in described
    assert "Amplitude not calibrated (5 cases; no true mm/mV, no voltage criteria): " in described


def test_bad_records_abort_with_every_file_listed_and_nothing_written(tmp_path, malformed, ludb, capsys):
    out = tmp_path / "study" / "bad.ecgstudy"
    good = str(ludb / "data" / "2.hea")
    status = main(["study", "create", str(out), "--records", good, *map(str, malformed.values())])
    assert status == 1
    error = capsys.readouterr().err
    assert "5 unusable record(s); nothing written" in error
    for path in malformed.values():
        assert str(path.with_suffix("")) in error
    assert "Traceback" not in error
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_skip_bad_writes_the_good_records_and_reports_the_rest(tmp_path, malformed, ludb, capsys):
    out = tmp_path / "skip.ecgstudy"
    good = [str(ludb / "data" / f"{i}.hea") for i in (2, 3)]
    assert create(out, *good, *map(str, malformed.values()), "--skip-bad") == 0
    printed = capsys.readouterr().out
    assert "skipped 5 unusable record(s)" in printed and "created" in printed
    assert info(out, capsys)["cases"] == 2


def test_dx_gold_and_flat_line_warnings(tmp_path, shared_data, capsys):
    out = tmp_path / "cinc.ecgstudy"
    folder = shared_data / "cinc2021-sample"
    assert create(out, str(folder), "--gold-from", "dx") == 0
    printed = capsys.readouterr().out
    assert f"warning: {folder / 'JS20004.hea'}: flat-line leads V2, V4, V6" in printed
    assert "amplitude-calibrated" not in printed  # CinC records are true voltages
    summary = info(out, capsys)
    assert summary["cases"] == 50 and summary["amplitude_not_calibrated"] == []
    positives = {label["key"]: label["positives"] for label in summary["labels"]}
    assert positives["IRBBB"] == 1  # HR06002 is the sample's only 713426002


def test_bad_study_files_get_one_line_not_a_traceback(tmp_path, capsys):
    fake = tmp_path / "fake.ecgstudy"
    fake.write_text("not sqlite")
    assert main(["study", "info", str(fake)]) == 1
    error = capsys.readouterr().err
    assert error.strip() == f"ecgreader: error: {fake}: not a study file (not an SQLite database)"


def test_render_writes_png_and_pdf_without_importing_torch(tmp_path, ludb):
    script = (
        "import sys; from ecgreader.cli.main import main; "
        f"rc = main(['render', r'{ludb / 'data' / '1'}', '--out', r'{tmp_path / 'a.png'}']); "
        f"rc |= main(['render', r'{ludb / 'data' / '1'}', '--out', r'{tmp_path / 'a.pdf'}', "
        "'--layout', '12x1']); "
        "print('torch' in sys.modules); sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "a.pdf").read_bytes()[:4] == b"%PDF"


def test_render_warns_that_a_rescaled_record_is_not_amplitude_calibrated(tmp_path, shared_data, monkeypatch, capsys):
    from ecgreader.ecg import render

    footers = []
    drawn_footer = render.footer

    def footer_kept(spec, record):  # the paper's footer as drawn, kept to look at
        footers.append(drawn_footer(spec, record))
        return footers[-1]

    monkeypatch.setattr(render, "footer", footer_kept)
    ludb_record = shared_data / "ludb" / "data" / "1.hea"
    assert main(["render", str(ludb_record), "--out", str(tmp_path / "ludb.png")]) == 0
    assert (
        f"warning: {ludb_record}: amplitude not calibrated, every lead is scaled to the same peak-to-peak"
        " amplitude (1.000 mV): the paper is not at a true mm/mV gain" in capsys.readouterr().out
    )
    true_voltage = shared_data / "cinc2021-sample" / "E07500.hea"
    assert main(["render", str(true_voltage), "--out", str(tmp_path / "cinc.png")]) == 0
    assert "amplitude not calibrated" not in capsys.readouterr().out
    assert "amplitude not calibrated" in footers[0] and "mm/mV" not in footers[0]
    assert "10 mm/mV" in footers[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["render", "nothere", "--out", "x.png"], "nothere.hea: file missing"),
        (
            ["study", "create", "x.ecgstudy", "--records", "r", "--gold-from", "csv"],
            "--gold-from csv needs --gold FILE",
        ),
    ],
)
def test_cli_errors_are_one_readable_line(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    assert message in capsys.readouterr().err
