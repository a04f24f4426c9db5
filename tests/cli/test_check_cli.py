"""`trialcmp check`: the command, its formats, its errors, and what it never writes."""

from __future__ import annotations

import csv
import gc
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ORIGINAL_IDS, ROOT, CliFn, run_cli

EXAMPLES = ROOT / "examples"
ELIGIBLE = str(EXAMPLES / "eligible-nct07003555.yaml")
LVEF_50 = str(EXAMPLES / "ineligible-lvef-50.yaml")
MISSING = str(EXAMPLES / "incomplete-missing-labs.yaml")
INVALID = sorted((FIXTURES / "patients" / "invalid").glob("*.yaml"))
ALL_TRIALS = ORIGINAL_IDS


def test_check_is_a_command(cli: CliFn) -> None:
    run = cli("check", "--help")
    assert run.exit_code == 0
    assert "--patient" in run.stdout and "--recruiting" in run.stdout
    assert "text" in run.stdout and "json" in run.stdout


def test_text_report_for_one_patient(cli: CliFn) -> None:
    run = cli("check", "--patient", LVEF_50)
    assert run.exit_code == 0
    assert run.stderr == ""
    out = run.stdout
    assert "Patient EX-LVEF-50" in out
    for trial_id in ALL_TRIALS:
        assert trial_id in out
    # a verdict line with the recruitment status; non-recruiting trials are marked
    assert "NCT07003555 (GoBroad BCMA-CD19): ineligible · recruitment not reported" in out
    assert "not known to be recruiting" in out
    assert "NCT04637269 (Xinqiao anti-BCMA):" in out and "· recruiting" in out
    # the failed criterion with its text and the patient's value
    assert "✗ lvef (inclusion) Cardiac: LVEF > 50% by echocardiogram within 2 weeks" in out
    assert "patient: labs.lvef_pct = 50%" in out
    # the computed creatinine clearance is announced
    assert "computed by Cockcroft–Gault" in out
    # no-criteria trials say so, in their own group
    assert "No eligibility criteria curated — cannot pre-screen:" in out


def test_text_report_lists_unknowns_with_the_keys_to_collect(cli: CliFn) -> None:
    run = cli("check", "--patient", MISSING, "--trial", "NCT07003555")
    assert run.exit_code == 0
    out = run.stdout
    assert "NCT07003555 (GoBroad BCMA-CD19): incomplete" in out
    assert "Unknown — collect:" in out
    assert "? coagulation (inclusion) Coagulation: PT and APTT < 1.5× ULN" in out
    assert "collect: labs.pt_uln, labs.aptt_uln" in out
    assert "give labs.creatinine_clearance, or labs.creatinine" in out
    assert "To confirm with the investigators:" in out
    assert "confirm: Voluntary participation" in out


def test_text_report_of_an_eligible_patient(cli: CliFn) -> None:
    run = cli("check", "--patient", ELIGIBLE, "--trial", "NCT07003555")
    assert run.exit_code == 0
    assert "NCT07003555 (GoBroad BCMA-CD19): eligible" in run.stdout
    assert "Not met:" not in run.stdout
    assert "Unknown — collect:" not in run.stdout
    assert "To confirm with the investigators:" in run.stdout


def test_no_line_has_trailing_spaces_or_exceeds_the_width(cli: CliFn) -> None:
    run = cli("check", "--patient", MISSING)
    for line in run.stdout.splitlines():
        assert line == line.rstrip()
        assert len(line) <= 100


def test_json_is_the_contract_object_for_one_patient(cli: CliFn, original_data: Path) -> None:
    run = cli("--data-dir", str(original_data), "check", "--patient", LVEF_50, "--format", "json")
    assert run.exit_code == 0
    report = json.loads(run.stdout)
    assert report["patient"] == "EX-LVEF-50"
    assert [r["trial"] for r in report["results"]] == list(ALL_TRIALS)
    by_trial = {r["trial"]: r for r in report["results"]}
    result = by_trial["NCT07003555"]
    assert result["verdict"] == "ineligible"
    lvef = next(c for c in result["criteria"] if c["id"] == "lvef")
    # 50 against > 50 fails, and is marked near the threshold (an extra key of the report)
    assert lvef.pop("near_threshold") == ["labs.lvef_pct 50% is within 5% of the threshold > 50%"]
    assert lvef == {
        "id": "lvef",
        "kind": "inclusion",
        "text": "Cardiac: LVEF > 50% by echocardiogram within 2 weeks",
        "status": "fail",
        "value": 50,
        "missing": [],
    }
    assert by_trial["NCT03361748"]["verdict"] == "incomplete"
    assert by_trial["NCT03361748"]["reason"] == "no curated eligibility criteria"
    assert by_trial["NCT07003568"]["criteria_complete"] is False
    assert by_trial["NCT07003568"]["verdict"] != "eligible"


def test_json_reports_computed_values_and_missing_keys(cli: CliFn) -> None:
    run = cli("check", "--patient", ELIGIBLE, "--trial", "NCT07003555", "-f", "json")
    result = json.loads(run.stdout)["results"][0]
    renal = next(c for c in result["criteria"] if c["id"] == "renal")
    assert renal["status"] == "pass"
    assert renal["value"] == pytest.approx(76 * 62 / (72 * 79.6 / 88.4) * 0.85)
    assert "Cockcroft–Gault" in renal["computed"][0]
    run = cli("check", "--patient", MISSING, "--trial", "NCT07003555", "-f", "json")
    result = json.loads(run.stdout)["results"][0]
    renal = next(c for c in result["criteria"] if c["id"] == "renal")
    assert renal["status"] == "unknown"
    assert renal["missing"] == ["labs.creatinine_clearance", "labs.creatinine"]


def test_trial_option_selects_by_id_or_alias_in_order(cli: CliFn) -> None:
    run = cli("check", "-p", ELIGIBLE, "-t", "nct07003555", "-t", "KarMMa", "-f", "json")
    assert run.exit_code == 0
    assert [r["trial"] for r in json.loads(run.stdout)["results"]] == [
        "NCT07003555",
        "NCT03361748",
    ]


def test_unknown_trial_exits_2(cli: CliFn) -> None:
    run = cli("check", "--patient", ELIGIBLE, "--trial", "NCT99999999")
    assert run.exit_code == 2
    assert "no trial 'NCT99999999'" in run.stderr
    assert run.stdout == ""


def test_recruiting_leaves_out_an_undated_recruiting_status(
    cli: CliFn, original_data: Path
) -> None:
    # NCT04637269 says 'recruiting' but no source dates it: --recruiting does not count it
    data = str(original_data)
    run = cli("--data-dir", data, "check", "--patient", ELIGIBLE, "--recruiting", "-f", "json")
    assert run.exit_code == 0
    assert json.loads(run.stdout)["results"] == []
    assert "not checked: 1 trial(s) whose 'recruiting' status has no date (NCT04637269)" in (
        run.stderr
    )


def test_recruiting_with_no_recruiting_trial_says_so(cli: CliFn) -> None:
    run = cli("check", "-p", ELIGIBLE, "--recruiting", "-t", "NCT07003555")
    assert run.exit_code == 0
    assert "no trial recruiting or not yet recruiting by a dated status" in run.stderr


def test_several_patients_give_a_matrix_table(cli: CliFn) -> None:
    run = cli("check", "--patient", ELIGIBLE, "--patient", LVEF_50, "-t", "NCT07003555")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.startswith("Trial"))
    assert "EX-ELIGIBLE" in header and "EX-LVEF-50" in header
    row = next(line for line in lines if line.startswith("NCT07003555"))
    assert row.split()[-2:] == ["eligible", "ineligible"]


def test_several_patients_csv_is_patients_by_trials(cli: CliFn, original_data: Path) -> None:
    data = str(original_data)
    run = cli("--data-dir", data, "check", "--patient", str(EXAMPLES), "--format", "csv")
    assert run.exit_code == 0
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == ["patient", "file", *(c for t in ALL_TRIALS for c in (t, f"{t} reason"))]
    by_patient = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_patient["EX-ELIGIBLE"]["NCT07003555"] == "eligible"
    assert by_patient["EX-LVEF-50"]["NCT07003555"] == "ineligible"
    assert by_patient["EX-LVEF-50"]["NCT07003555 reason"] == (
        "not met: lvef (labs.lvef_pct = 50); near threshold: lvef, respiratory"
    )
    assert by_patient["EX-MISSING-LABS"]["NCT07003555"] == "incomplete"
    assert by_patient["EX-ELIGIBLE"]["NCT03548207"] == "incomplete"


def test_several_patients_json_is_an_object_with_a_patients_list(cli: CliFn) -> None:
    run = cli("check", "-p", ELIGIBLE, "-p", MISSING, "-f", "json", "-t", "NCT07003555")
    assert run.exit_code == 0
    data = json.loads(run.stdout)
    assert [p["patient"] for p in data["patients"]] == ["EX-ELIGIBLE", "EX-MISSING-LABS"]
    assert data["patients"][0]["results"][0]["verdict"] == "eligible"
    assert data["matrix"][1]["verdicts"] == {"NCT07003555": "incomplete"}
    assert data["trials"] == ["NCT07003555"]


def test_a_folder_of_one_profile_is_still_the_several_patients_shape(
    cli: CliFn, tmp_path: Path
) -> None:
    shutil.copy(ELIGIBLE, tmp_path / "one.yaml")
    data = json.loads(
        cli("check", "-p", str(tmp_path), "-f", "json", "-t", "GoBroad BCMA-CD19").stdout
    )
    assert [p["patient"] for p in data["patients"]] == ["EX-ELIGIBLE"]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_profiles_exit_2_naming_the_file_and_the_key(cli: CliFn, path: Path) -> None:
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    run = cli("check", "--patient", str(path))
    assert run.exit_code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(f"error: {path}")
    assert expected in " ".join(run.stderr.split()) or expected in run.stderr
    assert "Traceback" not in run.stderr


def test_a_missing_profile_file_exits_2(cli: CliFn, tmp_path: Path) -> None:
    run = cli("check", "--patient", str(tmp_path / "nobody.yaml"))
    assert run.exit_code == 2
    assert "no such file" in run.stderr


def test_patient_is_required(cli: CliFn) -> None:
    run = cli("check")
    assert run.exit_code == 2
    assert "--patient" in run.stderr


def _snapshot(root: Path) -> set[tuple[str, int]]:
    return {(str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*")}


def test_patient_data_is_never_written_anywhere(
    cli: CliFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work, tmp = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for folder in (home, work, tmp):
        folder.mkdir()
    shutil.copy(MISSING, work / "patient.yaml")
    monkeypatch.chdir(work)
    for var in ("HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home if var != "TMPDIR" else tmp))
    before = _snapshot(tmp_path)
    data_before = _snapshot(ROOT / "data")
    for fmt in ("text", "json", "csv", "table"):
        assert cli("check", "--patient", "patient.yaml", "--format", fmt).exit_code == 0
    assert _snapshot(tmp_path) == before
    assert _snapshot(ROOT / "data") == data_before
    assert list(tmp.iterdir()) == []


def test_a_check_run_leaves_the_cycle_collector_as_it_found_it() -> None:
    """check pauses the cycle collector for its run (speed), and only for its run."""
    patient = str(ROOT / "examples" / "eligible-nct07003555.yaml")
    assert gc.isenabled()
    assert run_cli("check", "--patient", patient, "--format", "json").exit_code == 0
    assert gc.isenabled()
    gc.disable()
    try:
        assert run_cli("check", "--patient", patient, "--format", "json").exit_code == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
