"""The check report: summary, what to collect, --brief, deciding reasons, near threshold,
the cohort matrix at any size, and Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, CliFn, run_original
from tests.typed_engine import check_criterion, check_patient, check_trial
from trialcmp.eligibility.profile import profile_from_data
from trialcmp.eligibility.summary import to_collect

EXAMPLES = ROOT / "examples"
LVEF_50 = str(EXAMPLES / "ineligible-lvef-50.yaml")
MISSING = str(EXAMPLES / "incomplete-missing-labs.yaml")
ELIGIBLE = str(EXAMPLES / "eligible-nct07003555.yaml")


def crit(cid: str, kind: str, rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": cid, "kind": kind, "text": f"criterion {cid}", "rule": rule, **extra}


def trial(tid: str, *criteria: dict[str, Any], status: str = "recruiting") -> dict[str, Any]:
    design = {"status": status, "status_as_of": "2025-11"}
    return {
        "id": tid,
        "design": design,
        "eligibility": {"criteria": list(criteria), "complete": True},
    }


LVEF = {"field": "labs.lvef_pct", "op": ">", "value": 50, "unit": "%"}
CRCL = {"field": "labs.creatinine_clearance", "op": ">=", "value": 40, "unit": "mL/min"}
ECOG = {"field": "ecog", "op": "<=", "value": 1}
ANC = {"field": "labs.anc", "op": ">=", "value": 1}


# ---------------------------------------------------------------- near threshold


@pytest.mark.parametrize(
    ("rule", "data", "near"),
    [
        (CRCL, {"labs": {"creatinine_clearance": 41}}, True),
        (CRCL, {"labs": {"creatinine_clearance": 42.1}}, False),  # 5.25% away
        (CRCL, {"labs": {"creatinine_clearance": 38.5}}, True),  # fails, near
        (LVEF, {"labs": {"lvef_pct": 52}}, True),
        (LVEF, {"labs": {"lvef_pct": 60}}, False),
        (ECOG, {"ecog": 1}, False),  # an integer scale is never "near"
        ({"field": "age", "op": "<=", "value": 75}, {"age": 74}, False),
    ],
)
def test_near_threshold_is_for_continuous_values_within_5_percent(
    rule: dict[str, Any], data: dict[str, Any], near: bool
) -> None:
    result = check_criterion(crit("c", "inclusion", rule), profile_from_data(data))
    assert bool(result.near) is near
    if near:
        assert "within 5% of the threshold" in result.near[0]


def test_near_threshold_compares_in_the_rule_unit() -> None:
    rule = {"field": "labs.anc", "op": ">=", "value": 1000, "unit": "/uL"}
    result = check_criterion(
        crit("anc", "inclusion", rule), profile_from_data({"labs": {"anc": 1.04}})
    )
    assert result.near == ("labs.anc 1.04 x10^9/L is within 5% of the threshold >= 1 x10^9/L",)


# ---------------------------------------------------------------- deciding reason


def test_the_deciding_reason_of_each_verdict() -> None:
    profile = profile_from_data({"labs": {"lvef_pct": 45}, "ecog": 0})
    failing = check_trial(
        trial("T1", crit("lvef", "inclusion", LVEF), crit("ecog", "inclusion", ECOG)), profile
    )
    assert failing.deciding == "not met: lvef (labs.lvef_pct = 45)"
    excluded = check_trial(
        trial(
            "T2", crit("low-ef", "exclusion", {"field": "labs.lvef_pct", "op": "<", "value": 50})
        ),
        profile,
    )
    assert excluded.deciding == "excluded by low-ef (labs.lvef_pct = 45)"
    unknown = check_trial(
        trial("T3", crit("anc", "inclusion", ANC), crit("crcl", "inclusion", CRCL)), profile
    )
    assert unknown.verdict == "incomplete"
    assert unknown.deciding.startswith("missing labs.anc, labs.creatinine_clearance +")
    eligible = check_trial(trial("T4", crit("ecog", "inclusion", ECOG)), profile)
    assert eligible.deciding == "every curated criterion met"
    none = check_trial({"id": "T5", "design": {"status": "recruiting"}}, profile)
    assert none.deciding == "no curated eligibility criteria"


# ---------------------------------------------------------------- to collect


def test_collect_ranks_the_keys_that_decide_most_trials_first() -> None:
    trials = [
        trial("A", crit("anc", "inclusion", ANC)),  # decided by labs.anc alone
        trial("B", crit("anc", "inclusion", ANC)),  # decided by labs.anc alone
        trial("C", crit("ecog", "inclusion", ECOG), crit("lvef", "inclusion", LVEF)),
        trial("D", crit("lvef", "inclusion", LVEF)),  # decided by lvef alone
    ]
    report = check_patient(trials, profile_from_data({}))
    items = to_collect(report)
    assert [i.key for i in items][:3] == ["labs.anc", "labs.lvef_pct", "ecog"]
    anc, lvef = items[0], items[1]
    assert anc.decides == ("A", "B") and anc.unit == "×10^9/L"
    assert lvef.decides == ("D",) and lvef.needed_by == ("C", "D")
    assert lvef.criteria == ("C lvef", "D lvef") and lvef.unit == "%"


# ---------------------------------------------------------------- the text report


def test_one_patient_text_leads_with_the_summary_then_collect_then_detail(
    original_data: Path,
) -> None:
    out = run_original("check", "--patient", MISSING, folder=original_data, width=100).stdout
    summary = out.index("Trial ")
    collect = out.index("To decide more trials, collect:")
    detail = out.index("NCT07003555 (GoBroad BCMA-CD19): incomplete")
    assert summary < collect < detail
    assert "Deciding reason" in out
    assert "NCT04637269       GoBroad" not in out
    assert "1. labs.creatinine_clearance (mL/min) — needed by 3 trials" in out
    assert "labs.creatinine_clearance (mL/min)" in out


def test_brief_prints_only_the_summary_and_what_to_collect(original_data: Path) -> None:
    full = run_original("check", "-p", MISSING, folder=original_data).stdout
    brief = run_original("check", "-p", MISSING, "--brief", folder=original_data).stdout
    assert "To decide more trials, collect:" in brief
    assert "Unknown — collect:" in full and "Unknown — collect:" not in brief
    assert len(brief.splitlines()) < len(full.splitlines()) / 2


def test_the_summary_gives_the_status_with_its_date(cli: CliFn, tmp_path: Path) -> None:
    import yaml

    data = tmp_path / "trials"
    data.mkdir()
    source = yaml.safe_load((ROOT / "data" / "trials" / "NCT04637269.yaml").read_text("utf-8"))
    assert source["design"]["status"] == "recruiting"
    run = cli("check", "-p", ELIGIBLE, "-t", "NCT04637269", "--format", "json")
    result = json.loads(run.stdout)["results"][0]
    assert "status_as_of" in result and "deciding_reason" in result
    table = cli("check", "-p", ELIGIBLE, "-t", "NCT04637269", "--brief").stdout
    expected = "recruiting" + (
        f", as of {result['status_as_of']}" if result["status_as_of"] else ""
    )
    assert expected.split()[0] in table


def test_markdown_report_for_a_tumour_board_note(original_data: Path) -> None:
    out = run_original("check", "-p", LVEF_50, "--format", "markdown", folder=original_data).stdout
    assert out.startswith("## Pre-screen of patient EX-LVEF-50\n")
    assert "| Trial | Name | Verdict | Status | Deciding reason |" in out
    assert "| NCT07003555 | GoBroad BCMA-CD19 | **ineligible** |" in out
    assert "### To decide more trials, collect" in out
    assert "- **Not met**: lvef (inclusion): Cardiac: LVEF > 50% by echocardiogram" in out
    brief = run_original(
        "check", "-p", LVEF_50, "--format", "markdown", "--brief", folder=original_data
    ).stdout
    assert "- **Not met**" not in brief and "| Trial |" in brief


def test_table_format_of_one_patient_is_the_summary(original_data: Path) -> None:
    out = run_original("check", "-p", LVEF_50, "--format", "table", folder=original_data).stdout
    assert "Deciding reason" in out and "not met: lvef" in out


# ---------------------------------------------------------------- the cohort


def _cohort(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        ef = 45 + i % 20
        (folder / f"p{i:04d}.yaml").write_text(f"id: P{i:04d}\nlabs: {{lvef_pct: {ef}}}\n")
    return folder


def test_a_cohort_of_1000_patients_reads_as_one_row_per_patient(
    tmp_path: Path, original_data: Path
) -> None:
    cohort = str(_cohort(tmp_path / "cohort", 1000))
    out = run_original("check", "-p", cohort, folder=original_data, width=80).stdout
    assert "1000 patients × 8 trials: too many patients to show as columns" in out
    lines = out.splitlines()
    assert sum(1 for line in lines if line.startswith("P0")) == 1000
    assert max(len(line) for line in lines) <= 80
    assert "" not in lines[4:-1]  # no blank rows squeezed in
    rows = list(
        csv.reader(
            io.StringIO(
                run_original("check", "-p", cohort, "-f", "csv", folder=original_data).stdout
            )
        )
    )
    assert len(rows) == 1001 and len(rows[0]) == 2 + 2 * 8


def test_json_carries_the_full_matrix_when_patients_become_rows(
    tmp_path: Path, original_data: Path
) -> None:
    """JSON of 1000 patients is ~40 MB (every criterion of every check): 60 patients are
    already past what fits as columns, and JSON must then carry the whole matrix."""
    cohort = str(_cohort(tmp_path / "cohort", 60))
    out = run_original("check", "-p", cohort, folder=original_data, width=200).stdout
    assert "60 patients × 8 trials: too many patients to show as columns" in out
    data = json.loads(
        run_original("check", "-p", cohort, "-f", "json", folder=original_data).stdout
    )
    assert [row["patient"] for row in data["matrix"]] == [f"P{i:04d}" for i in range(60)]
    assert all(len(row["verdicts"]) == 8 for row in data["matrix"])
    assert all(set(row["reasons"]) == set(data["trials"]) for row in data["matrix"])


def test_a_small_cohort_keeps_trials_as_rows_with_the_reason(original_data: Path) -> None:
    out = run_original("check", "-p", str(EXAMPLES), folder=original_data, width=100).stdout
    assert "EX-ELIGIBLE" in out.splitlines()[0]
    assert "lvef" in out  # EX-LVEF-50's deciding reason under its verdict
    assert "one row per patient" not in out


def test_the_readme_shows_the_report_as_it_is(
    original_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```console\n$ trialcmp check ", 1)[1].split("```", 1)[0]
    command, shown = block.split("\n", 1)
    monkeypatch.chdir(ROOT)
    run = run_original("check", *command.split(), folder=original_data, width=80)
    assert run.stdout == shown
