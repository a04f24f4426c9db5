"""Acceptance tests of the landscape fields through the CLI: IDs, dated status, setting."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, CliFn

BASE = yaml.safe_load((FIXTURES / "trials" / "valid" / "NCT00000001.yaml").read_text("utf-8"))


def write(folder: Path, trial_id: str, **changes: Any) -> None:
    """A minimal valid record `trial_id`, with top-level keys or design keys changed."""
    data = copy.deepcopy(BASE)
    data["id"] = trial_id
    if trial_id.startswith(("TC-", "PMID")):
        data["registry"] = {"name": "none"}
    for key, value in changes.items():
        if key in ("status", "status_as_of"):
            data["design"][key] = value
        else:
            data[key] = value
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    (folder / f"{trial_id}.yaml").write_text(text, encoding="utf-8")


def landscape(folder: Path) -> Path:
    write(folder, "NCT00000011", short_name="Fresh", status="recruiting", status_as_of="2026-10")
    write(folder, "NCT00000012", short_name="Old", status="recruiting", status_as_of="2024-05-02")
    write(folder, "NCT00000013", short_name="Undated", status="recruiting")
    write(
        folder,
        "NCT00000014",
        short_name="Soon",
        status="not yet recruiting",
        status_as_of="2026-11-02",
        setting="newly diagnosed",
    )
    write(folder, "TC-PROGRAMME-1", short_name="Programme", status="completed", status_as_of="2025")
    write(
        folder,
        "NCT00000015",
        short_name="Twice",
        other_ids=["ChiCTR2000099999", "PROTO-7"],
        status="active, not recruiting",
        status_as_of="2026-02",
    )
    return folder


def test_list_shows_each_status_with_its_date_and_age(cli: CliFn, tmp_path: Path) -> None:
    run = cli("--data-dir", str(landscape(tmp_path)), "list", "--format", "json")
    assert run.exit_code == 0, run.stderr
    rows = {r["id"]: r for r in json.loads(run.stdout)}
    assert rows["NCT00000011"]["status_as_of"] == "2026-10"
    assert rows["NCT00000011"]["status_age_months"] == 1
    assert rows["NCT00000011"]["status_stale"] is False
    assert rows["NCT00000012"]["status_age_months"] == 30
    assert rows["NCT00000012"]["status_stale"] is True
    assert rows["NCT00000013"]["status_as_of"] is None
    assert rows["NCT00000013"]["status_age_months"] is None
    assert rows["TC-PROGRAMME-1"]["id_kind"] == "own"
    assert rows["NCT00000014"]["setting"] == "newly diagnosed"


def test_list_table_marks_stale_undated_setting_and_own_ids(cli: CliFn, tmp_path: Path) -> None:
    run = cli("--data-dir", str(landscape(tmp_path)), "list", width=120)
    lines = run.stdout.splitlines()
    old = lines.index(next(line for line in lines if line.startswith("NCT00000012")))
    assert "2024-05-02, 30 mo ago, stale" in lines[old + 1]
    undated = lines.index(next(line for line in lines if line.startswith("NCT00000013")))
    assert "undated" in lines[undated + 1]
    assert any(line.startswith("TC-PROGRAMME-1° ") for line in lines)
    assert "(newly diagnosed)" in run.stdout
    assert "° = no registry ID" in run.stdout
    assert "stale = older than 12 months" in run.stdout


def test_list_csv_keeps_the_id_exact_and_the_date_in_the_status(cli: CliFn, tmp_path: Path) -> None:
    run = cli("--data-dir", str(landscape(tmp_path)), "list", "--format", "csv")
    assert "\nTC-PROGRAMME-1,Programme," in run.stdout
    assert "recruiting (2024-05-02, 30 mo ago, stale)" in run.stdout


def test_list_recruiting_counts_only_dated_open_statuses(cli: CliFn, tmp_path: Path) -> None:
    run = cli("--data-dir", str(landscape(tmp_path)), "list", "--recruiting", "--format", "json")
    assert run.exit_code == 0
    assert [r["id"] for r in json.loads(run.stdout)] == [
        "NCT00000011",
        "NCT00000012",
        "NCT00000014",
    ]
    assert "3 trial(s) recruiting or not yet recruiting by a dated status" in run.stderr
    assert "0 to 30 month(s) old (1 stale" in run.stderr
    assert "not counted: 1 whose status says so with no date (NCT00000013)" in run.stderr


def test_as_of_moves_the_reference_date(cli: CliFn, tmp_path: Path) -> None:
    folder = landscape(tmp_path)
    run = cli("--data-dir", str(folder), "list", "--recruiting", "--as-of", "2027-12-01")
    assert "3 trial(s)" in run.stderr and "(3 stale" in run.stderr
    env = {"TRIALCMP_TODAY": "2026-11-15"}
    run = cli("--data-dir", str(folder), "list", "--format", "json", env=env)
    rows = {r["id"]: r for r in json.loads(run.stdout)}
    assert rows["NCT00000014"]["status_age_months"] == 0


def test_a_bad_as_of_date_is_a_usage_error(cli: CliFn) -> None:
    run = cli("list", "--as-of", "yesterday")
    assert run.exit_code == 2
    assert "--as-of / TRIALCMP_TODAY must be a date YYYY-MM-DD, not 'yesterday'" in run.stderr
    assert "Traceback" not in run.stderr


def test_list_setting_filters(cli: CliFn, tmp_path: Path) -> None:
    folder = landscape(tmp_path)
    run = cli("--data-dir", str(folder), "list", "--setting", "newly-diagnosed", "-f", "json")
    assert [r["id"] for r in json.loads(run.stdout)] == ["NCT00000014"]
    run = cli("--data-dir", str(folder), "list", "--setting", "rrmm", "-f", "json")
    assert "NCT00000014" not in [r["id"] for r in json.loads(run.stdout)]
    assert len(json.loads(run.stdout)) == 5
    run = cli("--data-dir", str(folder), "list", "--setting", "smouldering")
    assert run.exit_code == 2 and "unknown setting 'smouldering'" in run.stderr


def test_every_id_a_record_lists_resolves(cli: CliFn, tmp_path: Path) -> None:
    folder = landscape(tmp_path)
    for name in ("NCT00000015", "chictr2000099999", "PROTO-7", "twice"):
        run = cli("--data-dir", str(folder), "show", name, "--format", "json")
        assert run.exit_code == 0, name
        assert json.loads(run.stdout)["id"] == "NCT00000015"
    run = cli("--data-dir", str(folder), "compare", "PROTO-7", "TC-PROGRAMME-1", "-f", "json")
    assert run.exit_code == 0
    assert [t["id"] for t in json.loads(run.stdout)["trials"]] == [
        "NCT00000015",
        "TC-PROGRAMME-1",
    ]


def test_an_id_claimed_by_two_records_is_a_validate_error(cli: CliFn, tmp_path: Path) -> None:
    folder = landscape(tmp_path)
    write(folder, "NCT00000016", other_ids=["ChiCTR2000099999"])
    run = cli("validate", str(folder))
    assert run.exit_code == 1
    assert "$.other_ids[0]: name 'ChiCTR2000099999' is already used by NCT00000015" in run.stdout


ELIGIBILITY = {
    "cite": [{"source": "src", "where": "page 1"}],
    "complete": True,
    "criteria": [
        {
            "id": "age",
            "kind": "inclusion",
            "text": "Adults 18 to 75 years old",
            "restated": True,
            "rule": {"field": "age", "op": ">=", "value": 18, "unit": "years"},
        },
        {"id": "consent", "kind": "inclusion", "text": "Signed consent", "manual": "consent"},
    ],
}
PATIENT = FIXTURES.parent.parent / "examples" / "eligible-nct07003555.yaml"


def check_folder(folder: Path) -> Path:
    write(
        folder,
        "NCT00000021",
        short_name="Open",
        status="recruiting",
        status_as_of="2026-09",
        eligibility=ELIGIBILITY,
    )
    write(folder, "NCT00000022", short_name="Undated", status="recruiting", eligibility=ELIGIBILITY)
    write(
        folder,
        "NCT00000023",
        short_name="Frontline",
        status="not yet recruiting",
        status_as_of="2025-01",
        setting="newly diagnosed",
        eligibility=ELIGIBILITY,
    )
    return folder


def test_check_json_gives_setting_dated_status_and_restated(cli: CliFn, tmp_path: Path) -> None:
    folder = check_folder(tmp_path)
    run = cli("--data-dir", str(folder), "check", "-p", str(PATIENT), "-f", "json")
    assert run.exit_code == 0, run.stderr
    results = {r["trial"]: r for r in json.loads(run.stdout)["results"]}
    front = results["NCT00000023"]
    assert front["setting"] == "newly diagnosed"
    assert (front["status_as_of"], front["status_age_months"], front["status_stale"]) == (
        "2025-01",
        22,
        True,
    )
    assert front["criteria"][0]["restated"] is True
    assert "restated" not in front["criteria"][1]
    assert results["NCT00000022"]["status_as_of"] is None
    assert results["NCT00000021"]["setting"] == "relapsed/refractory"


def test_check_text_says_setting_status_date_and_restated(cli: CliFn, tmp_path: Path) -> None:
    folder = check_folder(tmp_path)
    run = cli("--data-dir", str(folder), "check", "-p", str(PATIENT), width=200)
    assert (
        "NCT00000023 (Frontline): eligible · not yet recruiting, as of 2025-01 (22 mo ago, stale)"
        " · newly diagnosed setting"
    ) in run.stdout
    assert "recruiting, as of 2026-09 (2 mo ago)" in run.stdout
    assert "recruiting, undated" in run.stdout
    assert "consent (inclusion) Signed consent" in run.stdout
    assert "restated = the criterion is the curator's restatement" in run.stdout


def test_check_recruiting_and_setting_filters(cli: CliFn, tmp_path: Path) -> None:
    folder = check_folder(tmp_path)
    run = cli("--data-dir", str(folder), "check", "-p", str(PATIENT), "--recruiting", "-f", "json")
    assert [r["trial"] for r in json.loads(run.stdout)["results"]] == [
        "NCT00000021",
        "NCT00000023",
    ]
    assert "whose 'recruiting' status has no date (NCT00000022)" in run.stderr
    args = ("check", "-p", str(PATIENT), "--setting", "rrmm", "-f", "json")
    run = cli("--data-dir", str(folder), *args)
    assert [r["trial"] for r in json.loads(run.stdout)["results"]] == [
        "NCT00000021",
        "NCT00000022",
    ]


def test_check_trial_resolves_other_ids(cli: CliFn, tmp_path: Path) -> None:
    folder = landscape(tmp_path)
    run = cli("--data-dir", str(folder), "check", "-p", str(PATIENT), "-t", "proto-7", "-f", "json")
    assert run.exit_code == 0
    assert [r["trial"] for r in json.loads(run.stdout)["results"]] == ["NCT00000015"]


def test_check_matrix_shows_status_dates(cli: CliFn, tmp_path: Path) -> None:
    folder = check_folder(tmp_path)
    other = str(FIXTURES.parent.parent / "examples" / "ineligible-lvef-50.yaml")
    run = cli("--data-dir", str(folder), "check", "-p", str(PATIENT), "-p", other, width=160)
    assert "recruiting, as of 2026-09 (2 mo ago)" in run.stdout
    assert "newly diagnosed setting" in run.stdout


RCT = FIXTURES / "trials" / "valid"


def test_show_prints_arms_reports_hazard_ratios_and_sources(cli: CliFn) -> None:
    run = cli("--data-dir", str(RCT), "show", "TC-RANDOMISED-1", width=200)
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert (
        "status: active, not recruiting, as of 2025-11 · setting: relapsed/refractory · arms:"
        " CAR-T (experimental), Standard care (comparator) · no registry ID" in out
    )
    assert "First analysis — arm CAR-T; reported 2023-07; data cut-off 2022-11-01" in out
    assert "Update — arm Standard care; reported 2025-02" in out
    assert "[latest]" not in out
    assert "PFS: PFS HR 0.26 (95% CI 0.18–0.38; p <0.001; ITT), CAR-T vs Standard care" in out
    assert (
        "[1] c (registry record; page date 2025-11-13; url https://example.invalid/r;"
        " fact sheet S1)" in out
    )
    assert "[2] d (third-party summary of a paper; page date not reported)" in out
    assert "    secondary: the page reports someone else's data second-hand" in out
    assert "    doubtful: third-party summary" in out
    assert "says: P<0.0001" in out


def test_show_marks_restated_criteria(cli: CliFn, tmp_path: Path) -> None:
    check_folder(tmp_path)
    run = cli("--data-dir", str(tmp_path), "show", "NCT00000023", width=200)
    assert "inclusion age: Adults 18 to 75 years old (restated)" in run.stdout
    assert "Signed consent (restated)" not in run.stdout
    assert "status: not yet recruiting, as of 2025-01 · setting: newly diagnosed" in run.stdout


def test_show_marks_the_latest_of_several_reports(cli: CliFn, tmp_path: Path) -> None:
    cite = [{"source": "src", "where": "page 1"}]
    results = [
        {"label": "Later", "data_cutoff": "2024-05", "cite": cite},
        {"label": "Primary", "data_cutoff": "2022-11-01", "date": "2023-07", "cite": cite},
    ]
    write(tmp_path, "NCT00000031", results=results)
    run = cli("--data-dir", str(tmp_path), "show", "NCT00000031", width=200)
    assert "Later [latest] — data cut-off 2024-05" in run.stdout
    assert "Primary — reported 2023-07; data cut-off 2022-11-01" in run.stdout
    assert "[latest] = the latest report (of its arm)" in run.stdout


def test_compare_shows_each_arm_of_a_randomised_trial_with_its_hazard_ratios(cli: CliFn) -> None:
    args = ("compare", "TC-RANDOMISED-1", "NCT00000002", "--format", "json")
    run = cli("--data-dir", str(RCT), *args)
    assert run.exit_code == 0, run.stderr
    out = json.loads(run.stdout)
    assert [(t["id"], t["short_name"]) for t in out["trials"]] == [
        ("TC-RANDOMISED-1", "Fixture RCT · CAR-T"),
        ("TC-RANDOMISED-1", "Fixture RCT · Standard care"),
        ("NCT00000002", "FIX-2"),
    ]
    table = cli("--data-dir", str(RCT), "compare", "TC-RANDOMISED-1", "NCT00000002", width=160)
    assert "Fixture RCT · CAR-T" in table.stdout and "Fixture RCT · Standard care" in table.stdout
    hr_line = next(line for line in table.stdout.splitlines() if "Hazard ratios" in line)
    assert "PFS HR 0.26 (95% CI 0.18–0.38; p <0.001; ITT)" in hr_line
    assert "reference arm (HR in the CAR-T column)" in hr_line
    treated = next(line for line in table.stdout.splitlines() if "Patients treated" in line)
    assert "9 treated (10 randomised)" in treated and "NR" in treated
    assert "vs Standard care" in table.stdout


REAL = Path(__file__).resolve().parents[2] / "data" / "trials"
PIVOTAL = ("NCT04181827", "NCT03651128", "NCT05066646")  # CARTITUDE-4, KarMMa-3, FUMANBA-1


def test_compare_of_the_pivotal_trials_shows_both_arms_of_the_randomised_ones(cli: CliFn) -> None:
    if not all((REAL / f"{trial}.yaml").is_file() for trial in PIVOTAL):
        pytest.skip("the CARTITUDE-4, KarMMa-3 and FUMANBA-1 records are not curated yet")
    run = cli("compare", *PIVOTAL, "--format", "json")
    assert run.exit_code == 0, run.stderr
    ids = [t["id"] for t in json.loads(run.stdout)["trials"]]
    for trial in PIVOTAL:
        record = yaml.safe_load((REAL / f"{trial}.yaml").read_text(encoding="utf-8"))
        assert ids.count(trial) == max(1, len(record.get("arms") or []))


def test_list_and_plot_take_the_latest_report_by_cutoff_not_file_order(
    cli: CliFn, tmp_path: Path
) -> None:
    cite = [{"source": "src", "where": "page 1"}]
    orr = {"n": 8, "N": 10, "cite": cite}
    results = [
        {
            "label": "Later",
            "data_cutoff": "2024-05",
            "efficacy": {"orr": orr, "cite": cite},
            "cite": cite,
        },
        {
            "label": "Primary",
            "data_cutoff": "2022-11-01",
            "efficacy": {"orr": {"n": 5, "N": 10, "cite": cite}, "cite": cite},
            "cite": cite,
        },
    ]
    write(tmp_path, "NCT00000031", results=results)
    rows = json.loads(cli("--data-dir", str(tmp_path), "list", "-f", "json").stdout)
    assert rows[0]["orr"]["report"] == "Later"
    plot = cli("--data-dir", str(tmp_path), "plot", "orr", "--format", "json")
    assert "Later" in plot.stdout and "Primary" not in plot.stdout
