"""Power and sample size of an OR reader study against RJafroc's published outputs.

RJafroc's tests (``tests/testthat/test-SsSampleSizeRoc.R``) and ``SsPowerGivenJK`` examples give,
for the Van Dyke data (``dataset02``, Wilcoxon AUC, jackknife, OR method, Hillis et al. 2011):
the variance components (VarTR 0.00020040252, Cov1 0.00034661371, Cov2 0.00034407483, Cov3
0.00023902837, Var 0.00080228827, K* = 114), RRRC power 0.5526116 at J = 6, K = 111 with the
observed effect; 0.80541995 at J = 10, K = 165, effect −0.043800322; FRRC 0.80091813 at K = 131;
RRFC 0.80496663 at K = 53; and ``SsSampleSizeKGivenJ(J = 6)`` → K = 251 (``SsPowerTable``: 0.801).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ecgreader.analysis import power
from ecgreader.cli.main import main

pytestmark = pytest.mark.qt  # the command line is involved

DATA = Path(__file__).parent / "data"
PUBLISHED = power.VarianceComponents(
    var_tr=0.00020040252, var=0.00080228827, cov1=0.00034661371, cov2=0.00034407483, cov3=0.00023902837,
    pilot_cases=114,
)  # fmt: skip
EFFECT = -0.043800322  # trt0 − trt1, the observed effect


def published(value: str):
    """pytest.approx to the precision the value was published with."""
    decimals = len(value.split(".")[1]) if "." in value else 0
    return pytest.approx(float(value), abs=0.5 * 10**-decimals + 1e-12)


@pytest.fixture(scope="module")
def vandyke(tmp_path_factory) -> Path:
    study = tmp_path_factory.mktemp("vandyke") / "vandyke.ecgstudy"
    gold, reads = DATA / "vandyke_gold.csv", DATA / "vandyke_reads.csv"
    args = ["study", "create-from-tables", str(study), "--gold", str(gold), "--reads", str(reads)]
    assert main([*args, "--rating-scale", "1-5"]) == 0
    return study


@pytest.fixture(scope="module")
def pilot(vandyke) -> power.Pilot:
    from ecgreader.store.database import open_study

    with open_study(vandyke, read_only=True) as database:
        return power.pilot_of_study(database, "dissection")


def test_pilot_components_of_the_van_dyke_study_match_rjafroc(pilot):
    c = pilot.components
    assert c.pilot_cases == 114 and pilot.readers == 5
    assert c.var_tr == published("0.00020040252")
    assert c.cov1 == published("0.00034661371")
    assert c.cov2 == published("0.00034407483")
    assert c.cov3 == published("0.00023902837")
    assert c.var == published("0.00080228827")
    assert pilot.observed_effect == published("0.043800322")  # aided − unaided = −(trt0 − trt1)
    assert power.power(c, 6, 111, pilot.observed_effect).power == published("0.5526116")


@pytest.mark.parametrize(
    ("design", "cases", "expected"),
    [("RRRC", 165, "0.80541995"), ("FRRC", 131, "0.80091813"), ("RRFC", 53, "0.80496663")],
)
def test_power_matches_rjafroc(pilot, design, cases, expected):
    result = power.power(pilot.components, 10, cases, EFFECT, design)
    assert result.power == published(expected)
    # from the components as published (11 decimals), to 1e-7
    assert power.power(PUBLISHED, 10, cases, EFFECT, design).power == pytest.approx(float(expected), abs=1e-7)
    assert result.design == design and result.readers == 10 and result.cases == cases
    assert math.isinf(result.df) == (design == "FRRC")


def test_cases_needed_matches_rjafroc_sample_size(pilot):
    needed = power.cases_needed(pilot.components, 6, EFFECT)
    assert needed.cases == 251
    assert needed.power == published("0.801")
    assert power.power(pilot.components, 6, 250, EFFECT).power < 0.8


def test_power_grows_with_readers_cases_and_effect():
    base = power.power(PUBLISHED, 5, 100, 0.05).power
    assert power.power(PUBLISHED, 8, 100, 0.05).power > base
    assert power.power(PUBLISHED, 5, 200, 0.05).power > base
    assert power.power(PUBLISHED, 5, 100, 0.08).power > base
    assert power.power(PUBLISHED, 5, 100, 0.0).power == pytest.approx(0.05)  # no effect: the test's size


def test_too_few_readers_cannot_reach_the_target():
    """With random readers, σ²_TR stays however many cases are read."""
    assert power.cases_needed(PUBLISHED, 2, 0.02) is None
    table = power.power_table(PUBLISHED, EFFECT, range(2, 12))
    assert [row.readers for row in table] == sorted(row.readers for row in table)
    assert all(row.power >= 0.8 for row in table)
    assert [row.cases for row in table] == sorted((row.cases for row in table), reverse=True)


def test_invalid_input_is_refused_with_a_message():
    with pytest.raises(ValueError, match="design"):
        power.power(PUBLISHED, 5, 100, 0.05, "XYZ")
    with pytest.raises(ValueError, match="2 readers"):
        power.power(PUBLISHED, 1, 100, 0.05)
    with pytest.raises(ValueError, match="pilot needs"):
        power.VarianceComponents(0, 1e-3, 0, 0, 0, pilot_cases=1)
    with pytest.raises(ValueError, match="target power"):
        power.cases_needed(PUBLISHED, 5, 0.05, target=1.5)
    with pytest.raises(ValueError, match="alpha"):
        power.power(PUBLISHED, 5, 100, 0.05, alpha=1.5)
    with pytest.raises(ValueError, match="cannot be negative"):
        power.VarianceComponents(-1e-4, 8e-4, 3e-4, 3e-4, 2e-4, pilot_cases=100)
    with pytest.raises(ValueError, match="Cov1 .* cannot exceed Var"):
        power.VarianceComponents(0, 8e-4, 9e-4, 3e-4, 2e-4, pilot_cases=100)


def test_plan_refuses_a_bad_alpha_before_printing_and_names_the_pilot_of_an_unusable_label(vandyke, tmp_path, capsys):
    assumed = ["--var-tr", "0", "--var", "8e-4", "--cov1", "3e-4", "--cov2", "3e-4", "--cov3", "2e-4",
               "--pilot-cases", "100", "--effect", "0.05"]  # fmt: skip
    assert main(["plan", *assumed, "--alpha", "1.5"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "--alpha must be between 0 and 1" in captured.err
    assert main(["plan", *assumed, "--readers", "3", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "need at least 2 readers: --readers 1" in captured.err
    gold = tmp_path / "gold.csv"  # label B: no positive case
    gold.write_text("case_id,A,B\n" + "".join(f"c{i},{i % 2},0\n" for i in range(8)))
    reads = tmp_path / "reads.csv"
    reads.write_text("case_id,reader,group,phase,A,B\n" + "".join(
        f"c{i},{reader},G,{phase},{(i * 7 + len(reader) + len(phase)) % 5 + 1},{i % 5 + 1}\n"
        for i in range(8) for reader in ("r1", "r22") for phase in ("unaided", "aided")))  # fmt: skip
    study = tmp_path / "pilot.ecgstudy"
    args = ["study", "create-from-tables", str(study), "--gold", str(gold), "--reads", str(reads)]
    assert main([*args, "--rating-scale", "1-5"]) == 0
    capsys.readouterr()
    assert main(["plan", str(study), "--label", "B"]) == 1
    assert f"{study}: label 'B' has no positive case" in capsys.readouterr().err


def test_plan_command_from_a_pilot_and_from_assumed_components(vandyke, capsys):
    assert main(["plan", str(vandyke), "--readers", "6"]) == 0
    out = capsys.readouterr().out
    assert "observed aided - unaided +0.0438" in out
    assert "      6     251  0.8005" in out
    assert main(["plan", str(vandyke), "--readers", "6", "--cases", "111"]) == 0
    assert "0.5526" in capsys.readouterr().out
    assumed = ["--var-tr", "0.00020040252", "--var", "0.00080228827", "--cov1", "0.00034661371",
               "--cov2", "0.00034407483", "--cov3", "0.00023902837", "--pilot-cases", "114"]  # fmt: skip
    assert main(["plan", *assumed, "--effect", "0.043800322", "--readers", "10", "--cases", "53",
                 "--design", "RRFC"]) == 0  # fmt: skip
    assert "0.8050" in capsys.readouterr().out
    assert main(["plan", "--var", "0.001", "--effect", "0.05"]) == 1
    assert "missing: --var-tr" in capsys.readouterr().err
