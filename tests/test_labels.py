"""The label vocabulary and its mapping tables, checked by hand against the real source files."""

from __future__ import annotations

import pytest

from ecgreader.labels import (
    DEFAULT_VOCABULARY,
    Vocabulary,
    labels_from_ludb_lines,
    labels_from_scp,
    labels_from_snomed,
    read_dx_gold,
    read_gold_table,
    read_ludb_gold,
)
from ecgreader.labels.mappings import LUDB_PHRASES, PTBXL_SCP_CODES, SNOMED_CODES


def test_default_vocabulary_is_the_ten_morphological_labels_with_a_mapping_each():
    keys = ("CRBBB", "IRBBB", "CLBBB", "LAFB", "IAVB", "LVH", "LAE", "STE", "ISCH", "QWAVE")
    assert DEFAULT_VOCABULARY.keys == keys
    for table in (SNOMED_CODES, PTBXL_SCP_CODES, LUDB_PHRASES):
        assert tuple(table) == keys


# Read off ludb.csv by hand: the conduction, hypertrophy and ischaemia columns of each record.
LUDB_BY_HAND = {
    "1": {"LVH"},  # LV overload + LV hypertrophy
    "4": {"IRBBB", "LAE", "LVH", "ISCH", "QWAVE"},
    "7": {"LAE", "LVH", "STE"},  # right atrial overload is not LAE
    "10": {"CRBBB", "LAE", "QWAVE"},
    "13": {"IAVB", "LAE", "QWAVE", "ISCH"},  # incomplete LBBB is not one of the ten
    "24": {"CLBBB", "LAE", "STE"},
    "34": set(),  # III degree AV block only: not IAVB
    "51": {"LAFB", "CLBBB"},  # right ventricular hypertrophy is not LVH
    "55": {"LAFB", "LVH", "QWAVE", "STE", "ISCH"},
}


def test_named_ludb_records_map_as_read_by_hand(ludb):
    gold = read_ludb_gold(ludb / "ludb.csv")
    assert len(gold) == 200
    for record_id, expected in LUDB_BY_HAND.items():
        assert gold[record_id] == expected, record_id
    # Records whose only atrial statement is "Left atrial overload" still count as LAE.
    for record_id in ("70", "71", "87", "124", "163", "178", "185", "186"):
        assert "LAE" in gold[record_id], record_id


def test_ludb_label_counts_match_the_data_readme(ludb):
    gold = read_ludb_gold(ludb / "ludb.csv")
    count = {key: sum(key in labels for labels in gold.values()) for key in DEFAULT_VOCABULARY.keys}
    # README: incomplete RBBB 29, LAH 16, 1st-degree AVB 10, complete RBBB 4, complete LBBB 4,
    # LVH 108; left atrial hypertrophy 102 or overload 11 (overlapping) -> 110 records.
    assert count["IRBBB"] == 29 and count["LAFB"] == 16 and count["IAVB"] == 10
    assert count["CRBBB"] == 4 and count["CLBBB"] == 4 and count["LVH"] == 108
    assert count["LAE"] == 110


@pytest.mark.parametrize(
    "record, expected",
    [
        ("cinc2021-sample/E07500.hea", {"LAE"}),  # 67741000119109 left atrial enlargement
        ("cinc2021-sample/E07501.hea", {"LAE"}),  # 253352002 left atrial abnormality
        ("cinc2021-sample/E07505.hea", {"LVH"}),
        ("cinc2021-sample/E07509.hea", {"CRBBB"}),  # 59118001 RBBB, decision 1
        ("cinc2021-sample/E07514.hea", {"ISCH"}),  # 426434006 anterior ischemia + 59931005 TInv
        ("cinc2021-sample/E07516.hea", set()),  # 164934002 T wave abnormal, decision 2
        ("cinc2021-sample/HR06002.hea", {"IRBBB"}),
        ("chapman-sample/JS00001.hea", {"CRBBB"}),  # AF + RBBB + T wave abnormal
        ("chapman-sample/JS00005.hea", {"ISCH"}),  # 429622005 ST depression
    ],
)
def test_cinc_and_chapman_dx_codes_map_as_the_table_says(shared_data, record, expected):
    assert read_dx_gold(shared_data / record) == expected


def test_snomed_scp_and_ludb_decisions():
    assert labels_from_snomed(["164909002"]) == {"CLBBB"}
    assert labels_from_snomed(["164930006", "57054005", "413444003"]) == set()
    assert labels_from_scp(["INJAS"]) == {"STE"} and labels_from_scp(["ISCAL"]) == {"ISCH"}
    assert labels_from_scp(["ISC_", "STD_"]) == {"ISCH"}
    assert labels_from_scp(["IPLMI", "LAO/LAE", "1AVB"]) == {"QWAVE", "LAE", "IAVB"}
    assert labels_from_scp(["NORM", "SR", "INVT"]) == {"ISCH"}
    assert labels_from_ludb_lines(["Left ventricular overload"]) == set()
    assert labels_from_ludb_lines(["Iii degree av-block"]) == set()
    assert labels_from_ludb_lines(["Undefined ischemia/scar/supp.NSTEMI: inferior wall."]) == {"ISCH"}


def test_vocabulary_files_and_gold_tables_report_bad_input(tmp_path):
    vocab_file = tmp_path / "vocab.csv"
    vocab_file.write_text("key,finding\nAF,atrial fibrillation\nAF,again\n")
    with pytest.raises(ValueError, match="vocab.csv: not a label vocabulary .*duplicated label keys: AF"):
        Vocabulary.from_file(vocab_file)
    vocabulary = Vocabulary.from_file(_write(tmp_path / "v.csv", "key,finding\nAF,af\nPVC,pvc\n"))
    gold = _write(tmp_path / "gold.csv", "record_id,AF,PVC\na,1,0\nb,2,0\na,0,0\n")
    with pytest.raises(ValueError, match=r"line 3: values other than 0/1 in AF; line 4: duplicate"):
        read_gold_table(gold, vocabulary)
    ok = _write(tmp_path / "ok.csv", "record_id,AF,PVC\na,1,0\nb,0,0\n")
    assert read_gold_table(ok, vocabulary) == {"a": {"AF"}, "b": set()}


def _write(path, text):
    path.write_text(text)
    return path
