"""Hospital ECG formats read from files devices and other software wrote (the shared samples),
checked against independent decoders, converted to WFDB and back, and refused with one clear
line when damaged."""

from __future__ import annotations

import base64
import binascii
import re
import shutil
import struct
import warnings
import zlib
from dataclasses import dataclass
from pathlib import Path

import edfio
import numpy as np
import pydicom
import pytest
from ecgdatakit.parsing.parser import FileParser
from ecgdatakit.parsing.parsers.scp_ecg import SCPECGParser
from pydicom.data import get_testdata_file

from ecgreader.cli.main import main
from ecgreader.config import data_dir
from ecgreader.ecg import read_record
from ecgreader.ecg.formats import detect_format, find_record_paths, read_wfdb
from ecgreader.ecg.formats.lead_sets import SCP_LEAD_CODES
from ecgreader.ecg.formats.scp_decoder import decode_scp
from ecgreader.ecg.formats.scp_ecg import read_scp_ecg_with_ecgdatakit
from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import RecordError
from ecgreader.store.cases import case_content_hash, case_from_record, case_ids, load_records, record_from_case
from ecgreader.store.database import open_study


@dataclass(frozen=True)
class Sample:
    path: str  # below the data directory's formats/
    kind: str  # detect_format's name
    fs: float
    n_samples: int
    quantum_mv: float  # amplitude of one stored count
    derived: bool  # III, aVR, aVL, aVF computed from I and II
    age: int | None
    sex: str | None


SAMPLES = [
    Sample("dicom_ecg/ECGToolkit_Example.dcm", "dicom", 500, 5000, 0.0025, False, None, "M"),
    # MUSE's rhythm waveform says SampleBase 240 (its measurements section says 250); the
    # waveform's own rate is taken: 2500 samples = 10.42 s.
    Sample("ge_muse_xml/ml4h_muse_ecg_deidentified_1.xml", "muse", 240, 2500, 0.00488, True, 66, "M"),
    Sample("hl7_aecg/HL7_Example_aECG.xml", "aecg", 500, 5000, 0.0025, False, 46, "M"),
    Sample("philips_sierra_xml/129DYPRG.XML", "philips", 500, 5500, 0.005, False, 50, "M"),
    Sample("philips_sierra_xml/3191723_ZZDEMOPTONLY_1-04_orig.xml", "philips", 500, 5500, 0.005, False, None, "M"),
    Sample("scp_ecg/ECGToolkit_Example.scp", "scp", 500, 5000, 0.0025, False, 49, "M"),
    Sample(
        "scp_ecg/SCPTools_WelchAllyn_CardioControl_ECG_20170504_163507_123456789.SCP",
        "scp",
        600,
        6000,
        0.00375,
        True,
        104,
        "M",
    ),  # fmt: skip
]
MUSE = "ge_muse_xml/ml4h_muse_ecg_deidentified_1.xml"
PHILIPS_103 = "philips_sierra_xml/129DYPRG.XML"
PHILIPS_104 = "philips_sierra_xml/3191723_ZZDEMOPTONLY_1-04_orig.xml"
AECG = "hl7_aecg/HL7_Example_aECG.xml"
DICOM = "dicom_ecg/ECGToolkit_Example.dcm"
SCP = "scp_ecg/ECGToolkit_Example.scp"
# The ECG Toolkit converted the aECG example to DICOM and SCP-ECG: three encodings of one ECG.
SAME_ECG_AS_AECG = [DICOM, SCP]


@pytest.fixture(scope="module")
def formats() -> Path:
    found = data_dir()
    if found is None or not (found / "formats").is_dir():
        pytest.skip("the shared sample files of hospital formats are not available (set ECGREADER_DATA)")
    return found / "formats"


def refusal(capsys, argv: list[str]) -> str:
    """Run the command: exit status 1 and exactly one error line, returned."""
    capsys.readouterr()
    status = main([str(arg) for arg in argv])
    stderr = capsys.readouterr().err
    assert status == 1, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ecgreader: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- every sample file --------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: Path(s.path).name)
def test_sample_file_loads_with_plausible_values(formats, sample):
    path = formats / sample.path
    assert detect_format(path) == sample.kind
    record = read_record(path)
    assert record.signal.shape == (12, sample.n_samples) and record.signal.dtype == np.float32
    assert record.fs == sample.fs
    assert record.duration_s == pytest.approx(sample.n_samples / sample.fs)
    assert record.record_id == path.stem and (record.age, record.sex) == (sample.age, sample.sex)
    assert 0.3 < np.ptp(record.lead("II")) < 6.0  # mV: a QRS complex, not µV or V
    # Units: the stored leads are whole multiples of the file's amplitude step.
    steps = record.lead("V1") / sample.quantum_mv
    assert np.abs(steps - np.round(steps)).max() < 1e-3
    einthoven = np.abs(record.lead("III") - (record.lead("II") - record.lead("I")))
    if sample.derived:
        assert record.derived_leads == ("III", "aVR", "aVL", "aVF")
        assert einthoven.max() < 1e-5
        assert np.allclose(record.lead("aVR"), -(record.lead("I") + record.lead("II")) / 2, atol=1e-5)
    else:
        assert record.derived_leads == ()
        assert np.median(einthoven) <= 2 * sample.quantum_mv  # recorded III agrees with II − I


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: Path(s.path).name)
def test_sample_converts_to_wfdb_and_back_within_one_step(formats, sample, tmp_path, capsys):
    path = formats / sample.path
    assert main(["convert", str(path), "--to", "wfdb", "--out", str(tmp_path)]) == 0
    assert f"wrote {tmp_path / path.stem}.hea" in capsys.readouterr().out
    source, back = read_record(path), read_wfdb(tmp_path / f"{path.stem}.hea")
    assert back.fs == source.fs and back.signal.shape == source.signal.shape
    assert np.abs(back.signal - source.signal).max() <= sample.quantum_mv
    assert (back.age, back.sex, back.derived_leads) == (source.age, source.sex, source.derived_leads)
    assert (tmp_path / f"{path.stem}.dat").stat().st_size == 2 * 12 * sample.n_samples


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: Path(s.path).name)
def test_stored_leads_equal_ecgdatakits_decoding(formats, sample):
    """ECGDataKit decodes every one of these formats on its own (for SCP-ECG it is our decoder,
    so the aECG comparison below is the independent check there)."""
    path = formats / sample.path
    record = read_record(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom's notes on the ECG Toolkit's UIDs
        parsed = FileParser.parse(path, auto_scale=True, units="mV")
    for lead in parsed.leads:
        assert lead.units == "mV"
        # The ECG Toolkit's DICOM declares 0 its waveform padding value, which ECGDataKit turns
        # into gaps; those zeros are samples (the aECG it came from has them), and are kept.
        decoded = np.isfinite(lead.samples)
        assert decoded.mean() > 0.95
        assert np.abs(record.lead(lead.label)[decoded] - lead.samples[decoded]).max() < 1e-5, lead.label


@pytest.mark.parametrize("other", SAME_ECG_AS_AECG)
def test_dicom_and_scp_conversions_of_the_aecg_example_hold_the_same_ecg(formats, other):
    reference, record = read_record(formats / AECG), read_record(formats / other)
    assert record.fs == reference.fs
    assert np.abs(record.signal - reference.signal).max() < 1e-6


# --- SCP-ECG: our default-Huffman decoder against ECGDataKit's ----------------------------------


SCP_FILES = [sample.path for sample in SAMPLES if sample.kind == "scp"]


@pytest.mark.parametrize("name", SCP_FILES, ids=lambda name: Path(name).name)
def test_scp_own_decoder_gives_ecgdatakits_integers(formats, name):
    """Both samples use the default Huffman table, so our decoder reads them (ECGDataKit is not
    consulted); its stored integer samples, amplitude step, rate, age and sex equal ECGDataKit's
    exactly, and so does the Record to the last bit."""
    path = formats / name
    rhythm = decode_scp(path.read_bytes())
    assert rhythm is not None
    parsed = SCPECGParser().parse(path)
    assert len(rhythm.samples) == len(parsed.leads)
    for code, samples, lead in zip(rhythm.lead_codes, rhythm.samples, parsed.leads, strict=True):
        assert samples.dtype == np.int64 and np.array_equal(samples, lead.samples), lead.label
        assert SCP_LEAD_CODES[code] == lead.label
        assert lead.resolution == rhythm.nanovolts_per_count / 1000 and lead.sampling_rate == rhythm.fs
    assert (rhythm.age, rhythm.sex) == (parsed.patient.age, parsed.patient.sex)
    ours, theirs = read_record(path), read_scp_ecg_with_ecgdatakit(path)
    assert ours.signal.tobytes() == theirs.signal.tobytes()
    for field in ("fs", "age", "sex", "derived_leads", "record_id"):
        assert getattr(ours, field) == getattr(theirs, field), field


def _huffman_bits(value: int, long: bool = False) -> str:
    """The default table's code for ``value`` (``long``: the 8-bit form even where a short code exists)."""
    if value == 0 and not long:
        return "0"
    if 1 <= abs(value) <= 8 and not long:
        return "1" * abs(value) + "0" + ("1" if value < 0 else "0")
    if -128 <= value <= 127:
        return "1" * 9 + "0" + format(value & 0xFF, "08b")
    return "1" * 10 + format(value & 0xFFFF, "016b")


def _huffman_bytes(values: np.ndarray, rng: np.random.Generator) -> bytes:
    bits = "".join(_huffman_bits(int(v), long=rng.random() < 0.05) for v in values)
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""


def _differences(samples: np.ndarray, mode: int) -> np.ndarray:
    """What an encoder stores: the samples (0), first differences (1), or second differences
    after the first two samples (2)."""
    if mode == 0:
        return samples
    if mode == 1:
        return np.diff(samples, prepend=0)
    return np.concatenate((samples[:2], samples[2:] - 2 * samples[1:-1] + samples[:-2]))


def _scp_section(sid: int, body: bytes) -> bytes:
    reserved = b"SCPECG" if sid == 0 else bytes(6)
    header = struct.pack("<HIBB", sid, 16 + len(body), 20, 20) + reserved
    content = header + body
    return struct.pack("<H", binascii.crc_hqx(content, 0xFFFF)) + content


def _scp_lead_data(avm: int, interval: int, mode: int, flag: int, leads: list[np.ndarray], rng) -> bytes:
    chunks = [_huffman_bytes(_differences(lead, mode), rng) for lead in leads]
    head = struct.pack("<HHBB", avm, interval, mode, flag) + struct.pack(f"<{len(chunks)}H", *map(len, chunks))
    return head + b"".join(chunks)


DEFAULT_TABLE_AS_STORED = struct.pack("<HH", 1, 19) + b"".join(
    struct.pack("<BBBhI", prefix, total, 1, value, int(code[::-1], 2))  # codes stored bit-reversed
    for prefix, total, value, code in [(1, 1, 0, "0")]
    + [(m + 2, m + 2, sign * m, "1" * m + "0" + ("1" if sign < 0 else "0")) for m in range(1, 9) for sign in (1, -1)]
    + [(10, 18, 0, "1" * 9 + "0"), (10, 26, 0, "1" * 10)]
)


def write_scp(
    path: Path,
    rng: np.random.Generator,
    *,
    mode: int = 2,
    codes: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8),
    n: int = 2000,
    subtraction: bool = False,
    huffman: bytes = struct.pack("<H", 19999),
    bimodal: int = 0,
    reference_beats: bool = True,
    declared: int = 0,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """An SCP-ECG v2.0 file with the default Huffman table (or ``huffman``, section 2's body),
    at 500 Hz with 5 µV per count, reference beats of 100 samples at 2.5 µV per count and, with
    ``subtraction``, QRS zones (at both ends of the record too, and one of type 1) whose
    reference beat the decoder adds back; section 3 declares ``declared`` more samples than
    are stored. Returns the stored integers of every lead and of its reference beat."""
    residuals = [rng.integers(-300, 300, n) + (rng.random(n) < 0.01) * rng.integers(-9000, 9000, n) for _ in codes]
    beats = [rng.integers(-2000, 2000, 100) for _ in codes]
    fiducial, qrs = 40, [(0, 1, 10, 70), (0, 400, 450, 520), (1, 900, 950, 1000), (0, n - 50, n - 5, n)]
    sections = {
        1: struct.pack("<BH", 2, 4) + b"P-1\0" + struct.pack("<BHHB", 4, 3, 67, 1) + struct.pack("<BHB", 8, 1, 2),
        2: huffman,
        3: struct.pack("<BB", len(codes), 0x04 | subtraction)
        + b"".join(struct.pack("<IIB", 1, n + declared, c) for c in codes),
        4: struct.pack("<HHH", 200, fiducial, len(qrs)) + b"".join(struct.pack("<H3I", *zone) for zone in qrs),
        5: _scp_lead_data(2500, 2000, 1, 0, beats, rng),
        6: _scp_lead_data(5000, 2000, mode, bimodal, residuals, rng),
    }
    if not reference_beats:
        del sections[4], sections[5]
    sections[1] += struct.pack("<BH", 255, 0)
    position, pointers = 7, []  # section 0 (12 pointers) starts at byte 7, the others follow it
    for sid in range(12):
        length = 16 + 10 * 12 if sid == 0 else (16 + len(sections[sid]) if sid in sections else 0)
        pointers.append(struct.pack("<HII", sid, length, position if length else 0))
        position += length
    record = _scp_section(0, b"".join(pointers)) + b"".join(
        _scp_section(sid, sections[sid]) for sid in sorted(sections)
    )
    record = struct.pack("<I", 6 + len(record)) + record
    path.write_bytes(struct.pack("<H", binascii.crc_hqx(record, 0xFFFF)) + record)
    names = [SCP_LEAD_CODES[code] for code in codes]
    return dict(zip(names, residuals, strict=True)), dict(zip(names, beats, strict=True))


@pytest.mark.parametrize("mode", [0, 1, 2])
@pytest.mark.parametrize("subtraction", [False, True], ids=["plain", "reference beats"])
def test_scp_own_decoder_equals_ecgdatakit_on_written_files(tmp_path, mode, subtraction):
    """Files written here use what the samples do not: no or first differences, the 8- and
    16-bit codes (shorter ones written long too), reference-beat subtraction with QRS zones at
    the record's edges and one of another type, multipliers 2500 and 5000 nV (the sum is in
    gcd = 2500 nV steps)."""
    path = tmp_path / "written.scp"
    stored, beats = write_scp(path, np.random.default_rng(mode + 3 * subtraction), mode=mode, subtraction=subtraction)
    rhythm = decode_scp(path.read_bytes())
    assert rhythm is not None
    parsed = SCPECGParser().parse(path)
    for samples, lead in zip(rhythm.samples, parsed.leads, strict=True):
        assert np.array_equal(samples, lead.samples), lead.label
    assert rhythm.nanovolts_per_count == (2500 if subtraction else 5000) and rhythm.fs == 500
    assert (rhythm.age, rhythm.sex) == (67, "F")
    if not subtraction:
        assert np.array_equal(rhythm.samples[1], stored["II"])
    else:  # the first QRS zone: samples 1..70 get the beat's samples 30..99 (fiducial 40 at sample 10)
        assert np.array_equal(rhythm.samples[1][:70], 2 * stored["II"][:70] + beats["II"][30:])
    ours, theirs = read_record(path), read_scp_ecg_with_ecgdatakit(path)
    assert ours.signal.tobytes() == theirs.signal.tobytes() and ours.derived_leads == ("III", "aVR", "aVL", "aVF")


def test_scp_files_our_decoder_does_not_read_go_to_ecgdatakit(tmp_path):
    """A stored Huffman table (here the default one written out) and bimodal compression are
    left to ECGDataKit; so is a damaged file, which it refuses with its message."""
    reference = tmp_path / "default.scp"
    write_scp(reference, np.random.default_rng(7))
    stored_table = tmp_path / "stored.scp"
    write_scp(stored_table, np.random.default_rng(7), huffman=DEFAULT_TABLE_AS_STORED)
    assert decode_scp(stored_table.read_bytes()) is None
    assert read_record(stored_table).signal.tobytes() == read_record(reference).signal.tobytes()
    bimodal = tmp_path / "bimodal.scp"
    write_scp(bimodal, np.random.default_rng(7), bimodal=1, reference_beats=False)
    assert decode_scp(bimodal.read_bytes()) is None
    with pytest.raises(RecordError, match="bimodal compression"):
        read_record(bimodal)
    short = tmp_path / "short.scp"
    write_scp(short, np.random.default_rng(7), declared=100)
    assert decode_scp(short.read_bytes()) is None
    with pytest.raises(RecordError, match=r"short.scp: .*Huffman data ends after"):
        read_record(short)


def test_scp_lead_longer_than_its_huffman_bits_is_refused_without_allocating_it(tmp_path, capsys):
    bad = tmp_path / "huge.scp"
    write_scp(bad, np.random.default_rng(7), declared=4_000_000_000)
    message = refusal(capsys, ["convert", bad, "--out", tmp_path / "out"])
    assert f"{bad}: Section 6: lead 1 should hold 4000002000 samples but its Huffman data has only" in message


def test_philips_xli_decoding_equals_sierraecg(formats):
    sierraecg = pytest.importorskip("sierraecg")
    for name in (PHILIPS_103, PHILIPS_104):
        record = read_record(formats / name)
        leads = sierraecg.read_file(str(formats / name)).leads
        assert [lead.label for lead in leads] == list(STANDARD_LEADS)
        expected = np.stack([lead.samples.astype(np.float64) * 0.005 for lead in leads])
        assert np.abs(record.signal - expected).max() < 1e-5


def test_philips_calibration_pulse_is_kept_as_recorded(formats):
    """The 1.03 file ends in a 1 mV pulse on every lead (III too, where II − I is 0): the reader
    keeps what the device stored, and III equals II − I everywhere else."""
    record = read_record(formats / PHILIPS_103)
    pulse = np.all(np.isclose(record.signal, 1.0), axis=0)
    assert pulse.sum() == 100
    einthoven = record.lead("III") - (record.lead("II") - record.lead("I"))
    assert np.abs(einthoven[~pulse]).max() <= 2 * 0.005 + 1e-6  # XLI keeps III as a residual of II − I


def test_muse_leads_match_their_crc32(formats):
    text = (formats / MUSE).read_text(encoding="latin-1")
    rhythm = text[text.index("<WaveformType>Rhythm") :]
    leads = re.findall(r"<LeadDataCRC32>(\d+)</LeadDataCRC32>\s*<WaveFormData>(.*?)</WaveFormData>", rhythm, re.S)
    assert len(leads) == 8
    for crc, data in leads:
        assert zlib.crc32(base64.b64decode(data)) == int(crc)


def test_dicom_equals_pydicoms_waveform_array_in_microvolts(formats):
    record = read_record(formats / DICOM)
    microvolts = pydicom.dcmread(formats / DICOM).waveform_array(0)  # RHYTHM, channels in standard order
    assert np.abs(record.signal - microvolts.T / 1000).max() < 1e-6


def test_device_written_dicom_at_1000_hz_from_pydicoms_test_files():
    path = Path(get_testdata_file("waveform_ecg.dcm"))
    record = read_record(path)
    assert detect_format(path) == "dicom"
    assert record.fs == 1000 and record.signal.shape == (12, 10000) and (record.age, record.sex) == (42, "F")
    microvolts = pydicom.dcmread(path).waveform_array(0)
    assert np.abs(record.signal - microvolts.T / 1000).max() < 1e-6
    assert 0.3 < np.ptp(record.lead("II")) < 6.0


# --- detection, folders, store -----------------------------------------------------------------


def test_formats_are_detected_by_content_not_extension(formats, tmp_path):
    for sample in SAMPLES:
        disguised = tmp_path / f"{Path(sample.path).stem}.bin"
        shutil.copy(formats / sample.path, disguised)
        assert detect_format(disguised) == sample.kind
        assert read_record(disguised).signal.shape == (12, sample.n_samples)


def test_folders_yield_every_sample_file_and_nothing_else(formats):
    found = find_record_paths([formats])
    assert sorted(p.relative_to(formats).as_posix() for p in found) == sorted(s.path for s in SAMPLES)


def test_derived_leads_are_stored_in_the_case_and_read_back(formats):
    record = read_record(formats / MUSE)
    case = case_from_record(record, position=1, gold_source=None)
    assert case.derived_leads == "III,aVR,aVL,aVF"
    assert record_from_case(case).derived_leads == record.derived_leads
    recorded = case_from_record(read_record(formats / AECG), position=1, gold_source=None)
    assert recorded.derived_leads is None and record_from_case(recorded).derived_leads == ()
    unmarked = case_from_record(record, position=1, gold_source=None)
    unmarked.derived_leads = None
    assert case_content_hash(case, set()) != case_content_hash(unmarked, set())


def test_study_create_takes_every_format_and_keeps_the_derived_leads(formats, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ECGREADER_COORDINATOR_PASSWORD", "coordinator")
    out = tmp_path / "hospital.ecgstudy"
    # Record ids are file stems, as for WFDB: the Toolkit's SCP file repeats its DICOM file's.
    assert main(["study", "create", str(out), "--records", str(formats), "--skip-bad"]) == 0
    assert f"{formats / SCP}: record id ECGToolkit_Example also in" in capsys.readouterr().out
    with open_study(out, read_only=True) as study:
        records = {record.record_id: record for record in load_records(study, case_ids(study))}
    assert len(records) == len(SAMPLES) - 1
    derived = {record_id for record_id, record in records.items() if record.derived_leads}
    assert derived == {Path(sample.path).stem for sample in SAMPLES if sample.derived}
    assert main(["study", "verify", str(out)]) == 0


# --- EDF, written with edfio ------------------------------------------------------------------


EDF_STEP_MV = 10 / 65_535  # ±5 mV over the 16-bit digital range


def write_edf(path: Path, labels: list[str], fs: float = 500, unit: str = "uV") -> dict[str, np.ndarray]:
    """An EDF+ of synthetic leads (±5 mV range, in ``unit``) plus a respiration channel at half
    the rate; returns the leads in mV."""
    t = np.arange(int(10 * fs)) / fs
    leads = {label: 0.8 * np.sin(2 * np.pi * 1.1 * t + i) for i, label in enumerate(labels)}
    per_mv = {"uV": 1000, "mV": 1}[unit]
    signals = [
        edfio.EdfSignal(
            v * per_mv, fs, label=f"ECG {k}", physical_dimension=unit, physical_range=(-5 * per_mv, 5 * per_mv)
        )
        for k, v in leads.items()
    ]
    signals.append(edfio.EdfSignal(np.zeros(len(t) // 2), fs / 2, label="Resp", physical_dimension="Ohm"))
    edfio.Edf(signals, patient=edfio.Patient(code="P-1", sex="F")).write(path)
    return leads


def test_edf_written_by_edfio_reads_with_derived_limb_leads(tmp_path, capsys):
    path = tmp_path / "holter.edf"
    written = write_edf(path, ["I", "II", "V1", "V2", "V3", "V4", "V5", "V6"])
    record = read_record(path)
    assert detect_format(path) == "edf" and record.fs == 500 and record.sex == "F"
    assert record.derived_leads == ("III", "aVR", "aVL", "aVF")
    assert np.abs(record.lead("V3") - written["V3"]).max() <= EDF_STEP_MV
    assert np.abs(record.lead("III") - (written["II"] - written["I"])).max() <= 2 * EDF_STEP_MV
    assert main(["convert", str(path), "--out", str(tmp_path / "wfdb")]) == 0
    back = read_wfdb(tmp_path / "wfdb" / "holter.hea")
    assert np.abs(back.signal - record.signal).max() <= EDF_STEP_MV


def test_edf_with_twelve_leads_in_millivolts(tmp_path):
    path = tmp_path / "twelve.edf"
    written = write_edf(path, list(STANDARD_LEADS), fs=250, unit="mV")
    record = read_record(path)
    assert record.derived_leads == () and record.fs == 250
    assert np.abs(record.lead("aVL") - written["aVL"]).max() <= EDF_STEP_MV


# --- bad input: one line naming the file and the problem ----------------------------------------


def _copy(formats: Path, name: str, tmp_path: Path, edit) -> Path:
    source = formats / name
    target = tmp_path / Path(name).name
    target.write_bytes(edit(source.read_bytes()))
    return target


def _muse_first_rhythm_lead(data: bytes, edit) -> bytes:
    text = data.decode("latin-1")
    start = text.index("<WaveFormData>", text.index("<WaveformType>Rhythm")) + len("<WaveFormData>")
    end = text.index("</WaveFormData>", start)
    return (text[:start] + edit(text[start:end]) + text[end:]).encode("latin-1")


def _flip_base64(chunk: str) -> str:
    index = len(chunk) // 2
    return chunk[:index] + ("A" if chunk[index] != "A" else "B") + chunk[index + 1 :]


def _utf16(edit):
    return lambda data: edit(data.decode("utf-16")).encode("utf-16")


BAD_FILES = [
    ("muse truncated base64", MUSE, lambda d: _muse_first_rhythm_lead(d, lambda s: s.strip()[:-3]),
     "lead I: truncated Base64"),
    ("muse crc", MUSE, lambda d: _muse_first_rhythm_lead(d, _flip_base64), "lead I: CRC-32 mismatch"),
    ("muse missing lead", MUSE, lambda d: d.replace(b"<LeadID>V6</LeadID>", b"<LeadID>V7</LeadID>"),
     "missing leads: V6"),
    ("philips compression", PHILIPS_103, lambda d: d.replace(b'compressmethod="XLI"', b'compressmethod="LZMA"'),
     "unsupported compression 'LZMA'"),
    ("philips utf-16 compression", PHILIPS_104, _utf16(lambda t: t.replace('compression="XLI"', 'compression="RLE"')),
     "unsupported compression 'RLE'"),
    ("philips truncated base64", PHILIPS_103, lambda d: d.replace(b"</parsedwaveforms>", b"Q</parsedwaveforms>"),
     "parsedwaveforms: truncated Base64"),
    ("philips version", PHILIPS_103, lambda d: d.replace(b">1.03<", b">2.00<"), "version 2.00 is not supported"),
    ("aecg missing lead", AECG, lambda d: d.replace(b"MDC_ECG_LEAD_V6", b"MDC_ECG_LEAD_V7"), "missing leads: V6"),
    ("aecg truncated xml", AECG, lambda d: d[: len(d) // 2], "not well-formed XML"),
    ("dicom truncated", DICOM, lambda d: d[: len(d) // 2], "unreadable waveform data"),
    ("scp crc", SCP, lambda d: d[:-100] + bytes([d[-100] ^ 0xFF]) + d[-99:], "CRC mismatch"),
    ("scp truncated", SCP, lambda d: d[: len(d) // 2], "declares 34144 bytes but the file has 17072"),
]  # fmt: skip


@pytest.mark.parametrize("name, sample, edit, problem", BAD_FILES, ids=[case[0] for case in BAD_FILES])
def test_damaged_files_are_refused_with_one_line(formats, tmp_path, capsys, name, sample, edit, problem):
    bad = _copy(formats, sample, tmp_path, edit)
    message = refusal(capsys, ["convert", bad, "--out", tmp_path / "out"])
    assert f"{bad}: " in message and problem in message
    with pytest.raises(RecordError, match=re.escape(problem)):
        read_record(bad)


def test_non_ecg_dicom_is_refused(tmp_path, capsys):
    image = tmp_path / "ct.dcm"
    shutil.copy(get_testdata_file("CT_small.dcm"), image)
    message = refusal(capsys, ["convert", image, "--out", tmp_path / "out"])
    assert f"{image}: not an ECG waveform DICOM (CT Image Storage" in message


def test_bad_edf_files_are_refused(tmp_path, capsys):
    seven = tmp_path / "seven.edf"
    write_edf(seven, ["I", "II", "V1", "V2", "V3", "V4", "V5"])
    assert f"{seven}: missing leads: V6" in refusal(capsys, ["convert", seven, "--out", tmp_path / "out"])
    truncated = tmp_path / "truncated.edf"
    write_edf(truncated, list(STANDARD_LEADS))
    truncated.write_bytes(truncated.read_bytes()[:-5000])
    assert f"{truncated}: unreadable EDF" in refusal(capsys, ["convert", truncated, "--out", tmp_path / "out"])


def test_xml_of_another_kind_is_refused(tmp_path, capsys):
    other = tmp_path / "order.xml"
    other.write_text('<?xml version="1.0"?><order><item/></order>')
    assert f"{other}: not a readable XML file" in refusal(capsys, ["convert", other, "--out", tmp_path / "o"])


def test_convert_writes_the_good_files_and_names_each_bad_one(formats, tmp_path, capsys):
    bad = _copy(formats, MUSE, tmp_path, lambda d: _muse_first_rhythm_lead(d, _flip_base64))
    status = main(["convert", str(formats / AECG), str(bad), "--out", str(tmp_path / "out")])
    assert status == 1
    assert (tmp_path / "out" / "HL7_Example_aECG.hea").exists()
    assert f"{bad}: lead I: CRC-32 mismatch" in capsys.readouterr().err


@pytest.mark.qt
def test_render_takes_a_hospital_format(formats, tmp_path, capsys):
    out = tmp_path / "muse.png"
    assert main(["render", str(formats / MUSE), "--out", str(out)]) == 0
    assert out.stat().st_size > 10_000
