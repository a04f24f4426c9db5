"""Why a verdict is `incomplete`: `reason_code` in the JSON result, and the text report's
own group for trials with no curated criteria."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA_DIR, ROOT, CliFn
from tests.typed_engine import check_trial
from trialcmp.eligibility.engine import invalid_result
from trialcmp.eligibility.profile import profile_from_data

ECOG_OK = {"field": "ecog", "op": "<=", "value": 1}
EXAMPLE = str(ROOT / "examples" / "eligible-nct07003555.yaml")


def trial(criteria: list[dict[str, Any]] | None, complete: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": "T1", "design": {"status": "recruiting"}}
    if criteria is not None:
        out["eligibility"] = {"complete": complete, "criteria": criteria}
    return out


def crit(**extra: Any) -> dict[str, Any]:
    return {"id": "c", "kind": "inclusion", "text": "ECOG 0-1", "rule": ECOG_OK, **extra}


@pytest.mark.parametrize(
    ("record", "profile", "verdict", "code"),
    [
        (trial(None), {"ecog": 1}, "incomplete", "no-criteria"),
        (trial([]), {"ecog": 1}, "incomplete", "no-criteria"),
        (trial([crit()], complete=False), {}, "incomplete", "partial-criteria"),
        (trial([crit()], complete=False), {"ecog": 1}, "incomplete", "partial-criteria"),
        (trial([crit()]), {}, "incomplete", "missing-data"),
        (trial([crit()]), {"ecog": 1}, "eligible", None),
        (trial([crit()], complete=False), {"ecog": 3}, "ineligible", None),
    ],
)
def test_the_first_reason_that_applies(
    record: dict[str, Any], profile: dict[str, Any], verdict: str, code: str | None
) -> None:
    result = check_trial(record, profile_from_data(profile))
    assert (result.verdict, result.reason_code) == (verdict, code)
    assert ("reason_code" in result.as_dict()) is (code is not None)
    assert result.as_dict()["reason"] is not None or code is None


def test_an_invalid_record_is_incomplete_and_says_why() -> None:
    result = invalid_result("NCT09999999", "duplicate key 'id'")
    assert (result.verdict, result.reason_code) == ("incomplete", "invalid-record")
    assert result.reason == "invalid record, not checked: duplicate key 'id'"


def test_an_invalid_record_in_the_data_folder_is_reported_with_its_code(
    cli: CliFn, tmp_path: Path
) -> None:
    (tmp_path / "NCT09999999.yaml").write_text("id: NCT09999999\nid: NCT09999998\n")
    for name in ("NCT07003555", "NCT03361748"):
        shutil.copy(DATA_DIR / f"{name}.yaml", tmp_path / f"{name}.yaml")
    run = cli("--data-dir", str(tmp_path), "check", "--patient", EXAMPLE, "--format", "json")
    codes = {r["trial"]: r.get("reason_code") for r in json.loads(run.stdout)["results"]}
    assert codes == {
        "NCT07003555": None,
        "NCT03361748": "no-criteria",
        "NCT09999999": "invalid-record",
    }


def test_json_results_carry_reason_code(cli: CliFn) -> None:
    run = cli("check", "--patient", EXAMPLE, "--format", "json")
    codes = {r["trial"]: r.get("reason_code") for r in json.loads(run.stdout)["results"]}
    assert codes["NCT03361748"] == "no-criteria"
    assert codes["NCT04182581"] == "partial-criteria"
    assert codes["NCT07003555"] is None


def test_trials_without_criteria_are_grouped_apart_in_the_text_report(cli: CliFn) -> None:
    trials = ("NCT03361748", "NCT07003555", "ChiCTR1800018143")
    args = [a for t in trials for a in ("--trial", t)]
    lines = cli("check", "--patient", EXAMPLE, *args).stdout.splitlines()
    group = lines.index("No eligibility criteria curated — cannot pre-screen:")
    assert lines[group + 1] == "  NCT03361748 (KarMMa), ChiCTR1800018143 (BM38)"
    # no summary row and no detail for them; the curated trial has both
    others = lines[:group] + lines[group + 2 :]
    assert not any("NCT03361748" in line or "ChiCTR1800018143" in line for line in others)
    assert sum(line.startswith("NCT07003555") for line in others) == 2
