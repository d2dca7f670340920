"""Bad input is refused: exit status 1, one line on stderr naming the file and the problem, and
nothing written or changed. Each case makes a real bad file in a temporary folder and runs the
real ``ecgreader`` command on it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ecgreader.cli.main import main
from ecgreader.ecg import STANDARD_LEADS, ImageRecord, read_record
from ecgreader.ecg.formats import MAX_IMAGE_PIXELS
from tests.helpers.records import write_wfdb

pytestmark = pytest.mark.qt


def refusal(capsys, argv: list[str]) -> str:
    """Run the command; it must refuse with exit status 1 and one error line on stderr, returned.
    (``study create`` also draws progress bars there, which are not messages.)"""
    capsys.readouterr()
    status = main([str(arg) for arg in argv])
    stderr = capsys.readouterr().err
    assert status == 1, stderr
    messages = [line for line in stderr.splitlines() if line.startswith("ecgreader:")]
    assert len(messages) == 1 and messages[0].startswith("ecgreader: error: "), stderr
    assert "Traceback" not in stderr
    return messages[0]


def assert_nothing_written(out: Path) -> None:
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}*"))  # no partial file left beside it either


# --- WFDB records: ecgreader render RECORD --out F.png -------------------------------------------


@pytest.fixture
def wfdb_record(tmp_path) -> Path:
    """A good 12-lead record (10 s at 500 Hz, format 16, gain 1000/mV); returns its header."""
    signal = np.random.default_rng(0).normal(0, 0.3, (5000, 12))
    return write_wfdb(tmp_path, "rec", signal, STANDARD_LEADS)


def edit_field(header: Path, line: int, field: int, value: str | None) -> None:
    """Set (or, with None, cut the line at) one space-separated field of a header line (0-based)."""
    lines = header.read_text().splitlines()
    fields = lines[line].split(" ")
    lines[line] = " ".join(fields[:field] if value is None else [*fields[:field], value, *fields[field + 1 :]])
    header.write_text("\n".join(lines) + "\n")


V1_LINE = 1 + STANDARD_LEADS.index("V1")


@pytest.mark.parametrize(
    "line, field, value, problem",
    [
        (0, 2, "-500", "line 1 (record line): sampling rate '-500' is not a positive number of Hz"),
        (0, 2, "0", "sampling rate '0' is not a positive number of Hz"),
        (0, 2, "fast", "sampling rate 'fast' is not a positive number of Hz"),
        (0, 2, "nan", "sampling rate 'nan' is not a positive number of Hz"),
        (0, 3, "-5000", "line 1 (record line): sample count '-5000' is not a whole number"),
        (0, 3, "many", "sample count 'many' is not a whole number"),
        (0, 3, "0", "sample count 0; give the number of samples or leave it out"),
        (0, 1, "twelve", "number of signals 'twelve' is not a whole number"),
        (0, 0, "rec/2", "multi-segment WFDB records are not supported"),
        (V1_LINE, 2, "0(0)/mV", "line 8: lead V1 has ADC gain 0 (uncalibrated amplitude)"),
        (V1_LINE, 2, "0", "lead V1 has ADC gain 0 (uncalibrated amplitude)"),
        (V1_LINE, 2, None, "line 8: lead signal 7 has no ADC gain (uncalibrated amplitude)"),
        (V1_LINE, 2, "big/mV", "ADC gain 'big/mV' of lead V1 is not a number"),
        (3, 1, "999", "line 4: storage format '999' is not a WFDB format"),
        (3, 1, "sixteen", "line 4: storage format 'sixteen' is not a WFDB format"),
    ],
)
def test_bad_header_fields_are_refused_naming_the_line(wfdb_record, capsys, line, field, value, problem):
    edit_field(wfdb_record, line, field, value)
    message = refusal(capsys, ["render", wfdb_record, "--out", wfdb_record.with_name("out.png")])
    assert str(wfdb_record) in message and problem in message
    assert_nothing_written(wfdb_record.with_name("out.png"))


def _drop_last_signal_line(text: str) -> str:
    return "\n".join(text.splitlines()[:-1]) + "\n"


@pytest.mark.parametrize(
    "rewrite, problem",
    [
        (_drop_last_signal_line, "the record line promises 12 signals but 11 follow"),
        (lambda text: "# only a comment\n", "no record line (only comments)"),
        (lambda text: "hello\n" + text, "line 1 (record line): number of signals (missing) is not a whole number"),
        (lambda text: text.replace("rec 12", "r\xe9c 12", 1), "line 1: byte 0xc3 is not WFDB header text"),
    ],
)
def test_malformed_headers_are_refused(wfdb_record, capsys, rewrite, problem):
    wfdb_record.write_text(rewrite(wfdb_record.read_text()))
    message = refusal(capsys, ["render", wfdb_record, "--out", wfdb_record.with_name("out.png")])
    assert f"{wfdb_record}: {problem}" in message
    assert_nothing_written(wfdb_record.with_name("out.png"))


def test_a_signal_file_shorter_than_the_header_says_is_refused_naming_it(wfdb_record, capsys):
    dat = wfdb_record.with_suffix(".dat")
    dat.write_bytes(dat.read_bytes()[:-1])
    message = refusal(capsys, ["render", wfdb_record, "--out", wfdb_record.with_name("out.png")])
    assert f"{dat}: truncated signal: 119999 bytes of the 120000 the header needs" in message


@pytest.mark.parametrize("level_mv", [0.0, 0.5])
def test_a_record_whose_every_lead_is_flat_is_refused(tmp_path, capsys, level_mv):
    header = write_wfdb(tmp_path, "flat", np.full((5000, 12), level_mv), STANDARD_LEADS)
    message = refusal(capsys, ["render", header, "--out", tmp_path / "out.png"])
    assert f"{header}: every lead is flat (peak-to-peak under 0.01 mV)" in message
    assert_nothing_written(tmp_path / "out.png")


@pytest.fixture
def cinc_record(tmp_path, shared_data) -> Path:
    """A copy of a CinC 2021 record (WFDB header + MATLAB v4 .mat); returns its header."""
    for suffix in (".hea", ".mat"):
        shutil.copy(shared_data / "cinc2021-sample" / f"JS20004{suffix}", tmp_path / f"JS20004{suffix}")
    return tmp_path / "JS20004.hea"


def test_mat_records_with_gain_0_or_a_foreign_mat_file_are_refused(cinc_record, capsys):
    out = cinc_record.with_name("out.png")
    edit_field(cinc_record, 5, 2, "0(0)/mV")
    assert f"{cinc_record}: line 6: lead aVL has ADC gain 0" in refusal(capsys, ["render", cinc_record, "--out", out])
    edit_field(cinc_record, 5, 2, "1000.0(0)/mV")
    mat = cinc_record.with_suffix(".mat")
    mat.write_bytes(b"\x00garbage" * 20000)
    message = refusal(capsys, ["render", cinc_record, "--out", out])
    assert f"{mat}: not the MATLAB v4 matrix of 12 × 5000 samples the header describes" in message
    assert_nothing_written(out)


# --- images: ecgreader render IMAGE (read_record refuses before render would) -------------------


def png_16_bit_rgba(path: Path, width: int, height: int) -> Path:
    """A black 16-bit-per-channel RGBA PNG (Pillow cannot write one): the widest image Qt decodes,
    8 bytes a pixel."""
    compressor, row = zlib.compressobj(1), b"\x00" + bytes(width * 8)  # filter byte, then the pixels
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 16, 6, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    return path


def noise_image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    pixels = np.random.default_rng(0).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(buffer, format=image_format)
    return buffer.getvalue()


def make_bilevel(path: Path, width: int, height: int) -> Path:
    Image.new("1", (width, height)).save(path, format="PNG")  # 1 bit a pixel: big, yet quick to write
    return path


@pytest.mark.parametrize(
    "make, problem",
    [
        (lambda p: make_bilevel(p, 20000, 20000), "image of over 89,478,485 pixels is over the 32,000,000-pixel"),
        (lambda p: make_bilevel(p, 12000, 12000), "image of over 89,478,485 pixels is over the 32,000,000-pixel"),
        (
            lambda p: make_bilevel(p, 8000, 4001),
            "image of 8000 × 4001 = 32,008,000 pixels is over the 32,000,000-pixel",
        ),
        (lambda p: png_16_bit_rgba(p, 8000, 6250), "image of 8000 × 6250 = 50,000,000 pixels is over the"),
        (lambda p: p.write_bytes(noise_image_bytes("PNG")[:3000]), "not a readable PNG/JPEG/TIFF image"),
        (lambda p: p.write_bytes(noise_image_bytes("PNG")[:20] + b"\xff" * 4000), "not a readable PNG/JPEG/TIFF image"),
        (lambda p: p.write_text("this is not an image\n"), "not a readable PNG/JPEG/TIFF image"),
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: Image.new("RGB", (40, 30)).save(p, format="GIF"), "image format GIF is not PNG, JPEG or TIFF"),
    ],
)
def test_images_too_large_to_display_or_unreadable_are_refused(tmp_path, capsys, make, problem):
    image = tmp_path / "scan.png"
    make(image)
    message = refusal(capsys, ["render", image, "--out", tmp_path / "out.png"])
    assert f"{image}: {problem}" in message


@pytest.mark.parametrize(
    "suffix, write, problem",
    [
        (".jpg", lambda p: p.write_bytes(noise_image_bytes("JPEG")[:2000]), "not a readable PNG/JPEG/TIFF image"),
        (".tif", lambda p: p.write_bytes(noise_image_bytes("TIFF")[:5000]), "not a readable PNG/JPEG/TIFF image"),
        (
            ".tif",
            lambda p: Image.new("I", (40, 30)).save(p, format="TIFF"),
            "32-bit integer samples cannot be displayed",
        ),
        (".tif", lambda p: Image.new("F", (40, 30)).save(p, format="TIFF"), "32-bit floating-point samples cannot be"),
    ],
)
def test_truncated_jpeg_and_tiff_and_32_bit_samples_are_refused(tmp_path, capsys, suffix, write, problem):
    image = tmp_path / f"scan{suffix}"
    write(image)
    message = refusal(capsys, ["render", image, "--out", tmp_path / "out.png"])
    assert str(image) in message and problem in message


def test_an_image_at_the_pixel_budget_is_accepted_and_qt_can_display_it(tmp_path):
    from PySide6.QtGui import QImage

    width, height = 8000, MAX_IMAGE_PIXELS // 8000
    assert width * height == MAX_IMAGE_PIXELS
    record = read_record(png_16_bit_rgba(tmp_path / "deep.png", width, height))
    assert isinstance(record, ImageRecord) and (record.width, record.height) == (width, height)
    shown = QImage.fromData(record.image_bytes)  # what the reading room does with an image case
    assert not shown.isNull() and (shown.width(), shown.height()) == (width, height)
    assert shown.depth() == 64  # the widest decoding, 8 bytes a pixel, fits Qt's allocation limit


# --- the tables of an external study: ecgreader study create-from-tables ----------------------

GOLD = [["case_id", "AF", "PVC"], *[[f"c{i}", i % 2, int(i % 3 == 0)] for i in range(6)]]
READS = [
    ["case_id", "reader", "group", "AF", "PVC"],
    *[[f"c{i}", reader, group, (i + shift) % 2, 0] for i in range(6) for reader, group, shift in
      (("A", "GP", 0), ("C", "Cardiology", 1))],
]  # fmt: skip
PROBS = [["case_id", "AF", "PVC"], *[[f"c{i}", 0.9 if i % 2 else 0.1, 0.2] for i in range(6)]]


def csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_tables(folder: Path, **replacements: str | bytes) -> dict[str, Path]:
    """gold.csv, reads.csv and probs.csv of a small valid study, with some files replaced."""
    paths = {}
    for name, rows in (("gold", GOLD), ("reads", READS), ("probs", PROBS)):
        content = replacements.get(name, csv_text(rows))
        paths[name] = folder / f"{name}.csv"
        paths[name].write_bytes(content if isinstance(content, bytes) else content.encode())
    return paths


def from_tables(out: Path, tables: dict[str, Path], *options) -> list:
    return ["study", "create-from-tables", out, "--gold", tables["gold"], "--reads", tables["reads"], *options]


def with_probs(tables: dict[str, Path], *threshold_options) -> list:
    return ["--model-probs", tables["probs"], "--model-name", "Net", *threshold_options]


def non_utf8_on_line(rows, line: int) -> bytes:
    lines = csv_text(rows).encode().split(b"\n")
    lines[line - 1] = b"\xe9" + lines[line - 1]
    return b"\n".join(lines)


def header_with(rows, header: list[str]) -> str:
    return csv_text([header, *[[*row, *[0] * (len(header) - len(row))] for row in rows[1:]]])


@pytest.mark.parametrize(
    "bad, content, problem",
    [
        ("gold", non_utf8_on_line(GOLD, 3), "gold.csv:3: byte 0xe9 at column 1 is not UTF-8; save as UTF-8"),
        ("gold", csv_text(GOLD).encode("utf-16"), "gold.csv: the file is UTF-16 text; save it as UTF-8"),
        ("gold", header_with(GOLD, ["case_id", "AF", "AF"]), "gold.csv:1: column 'AF' is duplicated in the header"),
        ("gold", header_with(GOLD, ["case_id", "AF", "", "PVC"]), "gold.csv:1: column 3 of the header is blank"),
        ("gold", "case_id,AF,PVC,\nc0,1,0,\n", "gold.csv:1: column 4 of the header is blank"),
        ("gold", "case_id,AF,PVC\nc0,1,0\nc1,1,0,1\n", "gold.csv:3: 4 values but the header has 3 columns"),
        ("gold", "case_id,AF,PVC\nc0,1,0\nc1,1\n", "gold.csv:3: 2 values but the header has 3 columns"),
        ("gold", "case_id,AF,PVC\n", "gold.csv: no rows below the header"),
        ("gold", "", "gold.csv: empty file: no header line"),
        ("gold", f"case_id,AF,PVC\nc0,1,0\nc1,1,{'0' * 200_000}\n", "gold.csv:3: not a readable CSV (field larger"),
        ("reads", non_utf8_on_line(READS, 5), "reads.csv:5: byte 0xe9 at column 1 is not UTF-8"),
        ("reads", header_with(READS, [*READS[0], "PVC"]), "reads.csv:1: column 'PVC' is duplicated"),
        ("reads", header_with(READS, [*READS[0], ""]), "reads.csv:1: column 6 of the header is blank"),
        ("reads", header_with(READS, ["case_id", "reader", "group", "AF", "LBBB"]),
         "reads.csv:1: unknown label columns: LBBB; missing label columns: PVC"),
    ],
)  # fmt: skip
def test_bad_table_files_are_refused_naming_file_line_and_column(tmp_path, capsys, bad, content, problem):
    tables = write_tables(tmp_path, **{bad: content})
    out = tmp_path / "ext.ecgstudy"
    message = refusal(capsys, from_tables(out, tables))
    assert f"{tmp_path / problem}" in message
    assert_nothing_written(out)


@pytest.mark.parametrize(
    "probs, problem",
    [
        ("case_id,AF,PVC\nc0,0.1,0.2\nc1,high,0.2\n", "probs.csv:3: AF value 'high' is not a number"),
        ("case_id,AF,PVC\nc0,0.1,1.5\n", "probs.csv:2: PVC probability 1.5 is outside [0, 1]"),
        ("case_id,AF,PVC\nc0,0.1,nan\n", "probs.csv:2: PVC probability nan is outside [0, 1]"),
        ("case_id,AF,PVC,AF\nc0,0.1,0.2,0.3\n", "probs.csv:1: column 'AF' is duplicated in the header"),
        (non_utf8_on_line(PROBS, 2), "probs.csv:2: byte 0xe9 at column 1 is not UTF-8"),
    ],
)
def test_bad_model_probabilities_are_refused(tmp_path, capsys, probs, problem):
    tables = write_tables(tmp_path, probs=probs)
    out = tmp_path / "ext.ecgstudy"
    assert f"{tmp_path / problem}" in refusal(capsys, from_tables(out, tables, *with_probs(tables)))
    assert_nothing_written(out)


@pytest.mark.parametrize(
    "content, problem",
    [
        ("AF: 0.5", "not JSON (Expecting value: line 1 column 1 (char 0))"),
        ("[0.5, 0.5]", "expected a JSON object {label: threshold}, not a list"),
        ('{"AF": "high", "PVC": 0.5}', 'threshold of AF is "high", not a number'),
        ('{"AF": true, "PVC": 0.5}', "threshold of AF is true, not a number"),
        ('{"AF": 1.5, "PVC": 0.5}', "threshold of AF is 1.5, outside [0, 1]"),
        ('{"AF": 0.5, "PVC": -0.1}', "threshold of PVC is -0.1, outside [0, 1]"),
        ('{"AF": NaN, "PVC": 0.5}', "threshold of AF is nan, outside [0, 1]"),
        ('{"AF": 0.5, "PVC": 0.5, "LBBB": 0.3}', "unknown label 'LBBB' (the labels are AF, PVC)"),
        ('{"AF": 0.5}', "no threshold for PVC"),
        (b'{"AF": 0.5, "PVC": 0.5, "\xe9": 0.1}', ":1: byte 0xe9 at column 26 is not UTF-8"),
    ],
)
def test_bad_thresholds_files_are_refused_naming_the_key(tmp_path, capsys, content, problem):
    tables = write_tables(tmp_path)
    thresholds = tmp_path / "thresholds.json"
    thresholds.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "ext.ecgstudy"
    message = refusal(capsys, from_tables(out, tables, *with_probs(tables, "--thresholds", thresholds)))
    assert f"{thresholds}{'' if problem.startswith(':') else ': '}{problem}" in message
    assert_nothing_written(out)


@pytest.mark.parametrize(
    "options, problem",
    [
        (["--threshold", "2"], "--threshold 2 is outside [0, 1]"),
        (["--thresholds", "t.json"], "--threshold and --thresholds apply to --model-probs, which is not given"),
    ],
)
def test_threshold_options_that_cannot_apply_are_refused(tmp_path, capsys, options, problem):
    tables = write_tables(tmp_path)
    out = tmp_path / "ext.ecgstudy"
    model = with_probs(tables) if "--threshold" in options else []
    assert problem in refusal(capsys, from_tables(out, tables, *model, *options))
    assert_nothing_written(out)


def test_spaces_after_commas_are_what_the_user_means(tmp_path, capsys):
    tables = write_tables(
        tmp_path,
        gold=csv_text(GOLD).replace(",", ", "),
        reads=csv_text(READS).replace(",", ",  "),
        probs=csv_text(PROBS).replace(",", ", "),
    )
    out = tmp_path / "ext.ecgstudy"
    assert main([str(a) for a in from_tables(out, tables, *with_probs(tables))]) == 0
    capsys.readouterr()
    assert main(["study", "info", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert [label["key"] for label in info["labels"]] == ["AF", "PVC"]
    assert info["groups"] == {"GP": 1, "Cardiology": 1} and info["reads"] == 12
    assert [label["positives"] for label in info["labels"]] == [3, 2]


# --- reads imported into an existing study: ecgreader study import-reads -----------------------


@pytest.fixture
def external_study(tmp_path, capsys) -> Path:
    tables = write_tables(tmp_path)
    out = tmp_path / "ext.ecgstudy"
    assert main([str(a) for a in from_tables(out, tables)]) == 0
    return out


def study_state(study: Path, capsys) -> dict:
    capsys.readouterr()
    assert main(["study", "info", str(study), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    return {"reads": info["reads"], "groups": info["groups"]}


MORE = [["case_id", "reader", "group", "AF", "PVC"], ["c0", "D", "Residents", 1, 0], ["c1", "D", "Residents", 0, 0]]


@pytest.mark.parametrize(
    "content, problem",
    [
        (csv_text(MORE), "more.csv:2: group 'Residents' (also on line 3) is not one of GP, Cardiology;"
                         " --add-groups creates it"),
        (csv_text([MORE[0], ["c0", "A", "Cardiology", 1, 0], ["c1", "A", "Cardiology", 1, 0]]),
         "more.csv:2: reader A is already in group 'GP'"),
        (non_utf8_on_line(MORE, 3), "more.csv:3: byte 0xe9 at column 1 is not UTF-8"),
        (header_with(MORE, [*MORE[0], "AF"]), "more.csv:1: column 'AF' is duplicated in the header"),
        (csv_text([MORE[0], ["c99", "D", "GP", 1, 0]]), "more.csv:2: case 'c99' is not in the gold standard"),
    ],
)  # fmt: skip
def test_bad_reads_are_refused_and_the_study_is_unchanged(tmp_path, capsys, external_study, content, problem):
    before = study_state(external_study, capsys)
    more = tmp_path / "more.csv"
    more.write_bytes(content if isinstance(content, bytes) else content.encode())
    message = refusal(capsys, ["study", "import-reads", external_study, "--reads", more])
    assert f"{tmp_path / problem}" in message
    assert study_state(external_study, capsys) == before


def test_add_groups_creates_the_new_reader_groups(tmp_path, capsys, external_study):
    more = tmp_path / "more.csv"
    more.write_text(csv_text(MORE).replace(",", ", "))
    assert main(["study", "import-reads", str(external_study), "--reads", str(more), "--add-groups"]) == 0
    assert study_state(external_study, capsys) == {"reads": 14, "groups": {"GP": 1, "Cardiology": 1, "Residents": 1}}


# --- gold tables and vocabularies of study create ----------------------------------------------

DEFAULT_KEYS = ["CRBBB", "IRBBB", "CLBBB", "LAFB", "IAVB", "LVH", "LAE", "STE", "ISCH", "QWAVE"]


@pytest.fixture
def two_records(tmp_path) -> list[Path]:
    rng = np.random.default_rng(3)
    return [write_wfdb(tmp_path, name, rng.normal(0, 0.3, (5000, 12)), STANDARD_LEADS) for name in ("r1", "r2")]


@pytest.mark.parametrize(
    "content, problem",
    [
        (
            csv_text([["record_id", *DEFAULT_KEYS, "LVH"], ["r1", *[0] * 11]]),
            "labels.csv:1: column 'LVH' is duplicated",
        ),
        (b"record_id," + ",".join(DEFAULT_KEYS).encode() + b"\nr\xff1" + b",0" * 10, "labels.csv:2: byte 0xff"),
        (csv_text([["record_id", *DEFAULT_KEYS[:-1]], ["r1", *[0] * 9]]), "labels.csv: label columns do not match"),
        ("", "labels.csv: empty file: no header line"),
    ],
)
def test_a_bad_gold_table_is_one_error_not_one_per_record(tmp_path, capsys, two_records, content, problem):
    labels = tmp_path / "labels.csv"
    labels.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "s.ecgstudy"
    argv = ["study", "create", out, "--records", *two_records, "--gold-from", "csv", "--gold", labels]
    assert f"{tmp_path / problem}" in refusal(capsys, argv)
    assert_nothing_written(out)


def test_gold_table_with_spaces_after_commas_is_read(tmp_path, capsys, two_records):
    labels = tmp_path / "labels.csv"
    labels.write_text(
        csv_text([["record_id", *DEFAULT_KEYS], ["r1", 1, *[0] * 9], ["r2", *[0] * 10]]).replace(",", ", ")
    )
    out = tmp_path / "s.ecgstudy"
    assert main(["study", "create", str(out), "--records", *map(str, two_records), "--gold-from", "csv",
                 "--gold", str(labels)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["study", "info", str(out), "--json"]) == 0
    positives = {label["key"]: label["positives"] for label in json.loads(capsys.readouterr().out)["labels"]}
    assert positives["CRBBB"] == 1 and sum(positives.values()) == 1


def test_vocabulary_with_spaces_after_commas_is_read(tmp_path, capsys, two_records):
    vocabulary = tmp_path / "v.csv"
    vocabulary.write_text("key, finding\nAF, atrial fibrillation\nPVC, premature ventricular contraction\n")
    out = tmp_path / "s.ecgstudy"
    assert main(["study", "create", str(out), "--records", str(two_records[0]), "--vocab", str(vocabulary)]) == 0
    capsys.readouterr()
    assert main(["study", "info", str(out), "--json"]) == 0
    labels = json.loads(capsys.readouterr().out)["labels"]
    assert [(label["key"], label["finding"]) for label in labels] == [
        ("AF", "atrial fibrillation"),
        ("PVC", "premature ventricular contraction"),
    ]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("v.csv", b"key,finding\nAF,atrial fibrillation\nPVC,ectopy \xe9\n", "v.csv:3: byte 0xe9 at column 12"),
        ("v.csv", "key,finding\nAF,atrial fibrillation\n,no key\n", "v.csv:3: blank key"),
        ("v.csv", "key,finding,finding\nAF,af,af\n", "v.csv:1: column 'finding' is duplicated in the header"),
        ("v.csv", "key,finding\nAF,af\nAF,again\n", "v.csv: not a label vocabulary (duplicated label keys: AF)"),
        ("v.csv", "key,description\nAF,af\n", "v.csv: not a label vocabulary (expected a CSV with the columns key,"),
        ("v.json", "key: AF", "v.json: not JSON (Expecting value: line 1 column 1 (char 0))"),
        ("v.json", '{"AF": "atrial fibrillation"}', 'v.json: expected a JSON list of {"key": …, "finding": …}'),
        ("v.json", '[{"key": "AF", "finding": "af"}, {"finding": "pvc"}]', "v.json: item 2 is not an object with"),
        ("v.json", '[{"key": 7, "finding": "seven"}]', 'v.json: item 1 is not an object with text fields "key"'),
        ("v.json", "[]", "v.json: not a label vocabulary (a vocabulary needs at least one label)"),
    ],
)
def test_bad_vocabulary_files_are_refused(tmp_path, capsys, two_records, name, content, problem):
    vocabulary = tmp_path / name
    vocabulary.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "s.ecgstudy"
    argv = ["study", "create", out, "--records", two_records[0], "--vocab", vocabulary]
    assert f"{tmp_path / problem}" in refusal(capsys, argv)
    assert_nothing_written(out)


def test_a_missing_file_is_named_without_python_errno_text(wfdb_record, tmp_path, capsys):
    protocol = tmp_path / "nope.txt"
    study = tmp_path / "s.ecgstudy"
    assert main(["study", "create", str(study), "--records", str(wfdb_record), "--protocol", str(protocol)]) == 1
    error = capsys.readouterr().err.strip()
    assert error == f"ecgreader: error: {protocol}: no such file or directory" and not study.exists()
