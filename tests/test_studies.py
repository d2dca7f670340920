"""Building a study: the one path the command line, the create-study dialog and the demo take."""

from __future__ import annotations

import re

import pytest

from ecgreader.labels.vocabulary import Label, Vocabulary
from ecgreader.store import StudyOptions, open_study, summarise_study
from ecgreader.studies import (
    BuildCancelled,
    GoldStandard,
    LabelsFileNeeded,
    ModelOutput,
    RecordsRefused,
    build_study,
    gather_cases,
    uniform_thresholds,
)
from ecgreader.studies.ludb_split import (
    STUDY,
    TRAINING,
    demo_records,
    paced_records,
    read_split,
    records_in,
)


def ludb_records(ludb, *ids: int) -> list[str]:
    return [str(ludb / "data" / f"{i}.hea") for i in ids]


def leaves_no_file(out) -> bool:
    return not out.exists() and list(out.parent.glob(f"{out.name}*")) == []


def test_progress_counts_records_read_then_cases_written_up_to_the_total(tmp_path, ludb):
    out = tmp_path / "three.ecgstudy"
    reported: list[tuple[int, int]] = []
    built = build_study(
        out,
        ludb_records(ludb, 1, 2, 3),
        GoldStandard("ludb"),
        progress=lambda done, total: reported.append((done, total)),
    )
    assert built.path == out and built.cases == 3 and built.skipped == []
    assert [done for done, _ in reported] == [1, 2, 3, 4, 5, 6]
    assert reported[-1] == (6, 6)
    with open_study(out) as study:
        summary = summarise_study(study)
    assert summary.name == "three" and summary.cases == 3  # default options: named after the file


def test_progress_reaches_the_total_when_bad_records_are_skipped(tmp_path, ludb, malformed):
    out = tmp_path / "skip.ecgstudy"
    reported: list[tuple[int, int]] = []
    sources = [*ludb_records(ludb, 2, 3), *map(str, malformed.values())]
    built = build_study(out, sources, skip_bad=True, progress=lambda done, total: reported.append((done, total)))
    assert built.cases == 2
    assert len(built.skipped) == len(malformed)
    for path in malformed.values():
        assert any(str(path.with_suffix("")) in problem for problem in built.skipped)
    done, total = reported[-1]
    assert done == total == len(sources) + 2


def test_unusable_records_are_all_listed_and_nothing_is_written(tmp_path, ludb, malformed):
    out = tmp_path / "bad.ecgstudy"
    with pytest.raises(RecordsRefused, match=r"^5 unusable record\(s\); nothing written") as refused:
        build_study(out, [*ludb_records(ludb, 2), *map(str, malformed.values())])
    assert len(refused.value.intake.problems) == len(malformed)
    assert "skip" not in str(refused.value)  # how to skip is the caller's to say
    assert leaves_no_file(out)


def test_only_unusable_records_make_no_study_even_when_skipped(tmp_path, malformed):
    out = tmp_path / "none.ecgstudy"
    with pytest.raises(RecordsRefused, match="^no usable records; nothing written$") as refused:
        build_study(out, [str(malformed["empty"])], skip_bad=True)
    assert refused.value.intake.problems
    assert leaves_no_file(out)


@pytest.mark.parametrize("after", [1, 4])  # while reading the records, while writing the cases
def test_cancelling_between_records_leaves_no_file(tmp_path, ludb, after):
    out = tmp_path / "cancelled.ecgstudy"
    steps: list[int] = []
    with pytest.raises(BuildCancelled):
        build_study(
            out,
            ludb_records(ludb, 1, 2, 3),
            GoldStandard("ludb"),
            progress=lambda done, total: steps.append(done),
            cancelled=lambda: len(steps) >= after,
        )
    assert len(steps) == after  # asked after every record, and obeyed at once
    assert leaves_no_file(out)


def test_an_existing_file_is_refused_before_any_record_is_read(tmp_path, ludb):
    out = tmp_path / "there.ecgstudy"
    out.write_bytes(b"keep me")
    steps: list[int] = []
    with pytest.raises(FileExistsError, match="already exists"):
        build_study(out, ludb_records(ludb, 1), progress=lambda done, total: steps.append(done))
    assert steps == [] and out.read_bytes() == b"keep me"


def test_errors_speak_about_the_data_not_command_line_flags(tmp_path, ludb):
    with pytest.raises(LabelsFileNeeded, match="^a gold standard from a CSV table needs the labels file$"):
        GoldStandard("csv")
    with pytest.raises(ValueError, match="^gold standard source 'lubd' is not one of ludb, ptbxl, dx, csv$"):
        GoldStandard("lubd")
    own_labels = Vocabulary((Label("AF", "atrial fibrillation"),))
    with pytest.raises(ValueError, match="AF have no mapping from ludb; give their gold standard as a CSV table"):
        gather_cases(ludb_records(ludb, 1), GoldStandard("ludb"), own_labels)
    elsewhere = tmp_path / "1.hea"
    for suffix in (".hea", ".dat"):
        (tmp_path / f"1{suffix}").write_bytes((ludb / "data" / f"1{suffix}").read_bytes())
    intake = gather_cases([elsewhere], GoldStandard("ludb"))
    assert intake.problems == [f"{elsewhere}: no ludb.csv found beside it; name the labels file"]
    with pytest.raises(ValueError, match="^decision threshold 2 is outside"):
        uniform_thresholds(own_labels, 2)
    with pytest.raises(ValueError, match="probabilities need the model's name"):
        ModelOutput(tmp_path / "probs.csv", "")
    messages = [str(error) for error in _errors_of_bad_builds(tmp_path, ludb)]
    assert messages and not any("--" in message for message in messages)


def _errors_of_bad_builds(tmp_path, ludb) -> list[Exception]:
    errors = []
    for sources, gold in (([tmp_path / "missing.hea"], GoldStandard()), (ludb_records(ludb, 1), GoldStandard("dx"))):
        try:
            build_study(tmp_path / "x.ecgstudy", sources, gold, StudyOptions(name="x"))
        except (RecordsRefused, ValueError) as error:
            errors.append(error)
    return errors


def test_the_committed_ludb_split_has_two_halves_of_100():
    study, training = records_in(STUDY), records_in(TRAINING)
    assert len(study) == len(training) == 100 and not set(study) & set(training)
    with pytest.raises(ValueError, match="half must be"):
        records_in("test")


def test_the_demo_leaves_out_paced_records_of_the_study_half_only(ludb):
    """Paced records leave the demo; the split file (and so the training half) keeps them."""
    study_half, demo = set(records_in(STUDY)), set(demo_records(ludb / "ludb.csv"))
    left_out = study_half - demo
    assert demo < study_half and left_out == study_half & paced_records(ludb / "ludb.csv")
    assert all(read_split()[record_id] == STUDY for record_id in left_out)


def test_paced_records_need_ludbs_own_table(tmp_path):
    table = tmp_path / "other.csv"
    table.write_text("ID,Rhythms\n1,Sinus rhythm\n")
    expected = f"{table}: not LUDB's ludb.csv (needs the ID and 'Cardiac pacing' columns)"
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        paced_records(table)
