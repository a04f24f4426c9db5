"""`trialcmp import`: registry record -> skeleton that validates."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import CTGOV_FIXTURES, CliFn
from tests.ctgov_server import Registry
from trialcmp.ctgov.record import read_study, registry_facts
from trialcmp.ctgov.skeleton import build_skeleton
from trialcmp.yamlio import parse

FIXTURE = CTGOV_FIXTURES / "NCT09999901.json"


def _study() -> dict[str, object]:
    return read_study(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE))


def test_skeleton_copies_what_the_registry_says() -> None:
    data = build_skeleton(_study(), read_on="2026-11-30")
    assert data["id"] == "NCT09999901"
    assert data["title"].startswith("A Phase 1/2 Study of FIX-cel, an Anti-BCMA CAR-T")
    assert data["short_name"] == "FIXTURE-1"
    assert data["other_ids"] == ["2099-123456-11"]
    assert data["setting"] == "not reported"
    design = data["design"]
    assert (design["phase"], design["status"], design["status_as_of"]) == (
        "Phase 1/2",
        "recruiting",
        "2026-03",
    )
    assert design["randomised"] is True
    assert design["open_label"] is True
    assert design["planned_enrolment"] == 120
    assert design["centres"] == "multicentre"
    assert design["countries"] == ["France", "Italy"]
    raw = json.loads(FIXTURE.read_text(encoding="utf-8"))
    text = raw["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    assert data["registry"] == {
        "name": "ClinicalTrials.gov",
        "url": "https://clinicaltrials.gov/study/NCT09999901",
        "status": "recruiting",
        "status_verified": "2026-03",
        "last_update": "2026-03-20",
        "enrolment": 120,
        "enrolment_type": "estimated",
        "phase": "Phase 1/2",
        "primary_completion": "2027-06",
        "sites": 2,
        "eligibility_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "read_on": "2026-11-30",
    }
    source = data["sources"][0]
    assert (source["kind"], source["url"], source["page_date"]) == (
        "registry",
        "https://clinicaltrials.gov/study/NCT09999901",
        "2026-03-20",
    )


def test_doses_and_outcomes_are_text_without_markdown_escapes() -> None:
    data = build_skeleton(_study())
    arms = data["arms"]
    assert arms[0]["intervention"] == (
        "Biological: FIX-cel — Target dose 1.5 x 10^6 CAR+ T cells/kg, single infusion;"
        " Drug: Fludarabine — 30 mg/m^2/day, days -5 to -3"
    )
    assert len(arms[0]["label"]) <= 40 and arms[0]["label"].endswith("…")
    assert "Arm label as registered: FIX-cel after lymphodepletion" in arms[0]["note"]
    assert arms[1]["role"] == "experimental" and arms[1]["note"].startswith("to curate")
    assert data["endpoints"]["primary"][0]["measure"] == "Overall response rate (IMWG)"
    assert data["endpoints"]["secondary"][0]["definition"] == "Grade >= 3 by ASTCT"
    assert "\\" not in json.dumps(data, ensure_ascii=False).replace("\\\\", "")


def test_age_and_sex_are_rules_other_criteria_are_to_curate() -> None:
    criteria = build_skeleton(_study())["eligibility"]["criteria"]
    by_id = {c["id"]: c for c in criteria}
    assert by_id["age"]["rule"] == {
        "all": [
            {"field": "age", "op": ">=", "value": 18, "unit": "years"},
            {"field": "age", "op": "<=", "value": 75, "unit": "years"},
        ]
    }
    assert by_id["sex"]["rule"] == {"field": "sex", "op": "==", "value": "female"}
    text_ids = [c["id"] for c in criteria if c["id"] not in ("age", "sex")]
    assert text_ids == ["inc-1", "inc-2", "inc-3", "exc-1", "exc-2"]
    assert all(by_id[i]["manual"].startswith("to curate") for i in text_ids)
    assert by_id["inc-3"]["text"] == "ANC >= 1.0 x 10^9/L [without growth factor]"
    assert by_id["exc-2"]["kind"] == "exclusion"


def test_age_limit_in_months_is_left_to_curate() -> None:
    study = _study()
    study["protocolSection"]["eligibilityModule"]["minimumAge"] = "6 Months"  # type: ignore[index]
    age = build_skeleton(study)["eligibility"]["criteria"][0]
    assert age["rule"] == {"field": "age", "op": "<=", "value": 75, "unit": "years"}
    assert "6 Months" in age["manual"]


def test_cli_import_writes_a_skeleton_that_validates(cli: CliFn, tmp_path: Path) -> None:
    out = tmp_path / "NCT09999901.yaml"
    run = cli("import", str(FIXTURE), "--out", str(out))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ""
    assert "5 criteria and the product's targets to curate" in run.stderr
    check = cli("validate", str(out))
    assert check.exit_code == 0, check.stdout
    assert "0 errors" in check.stdout
    assert "skeleton, not yet curated: 5 values marked 'to curate'" in check.stdout
    assert cli("validate", "--strict", str(out)).exit_code == 1


def test_skeleton_never_makes_a_patient_eligible(cli: CliFn, tmp_path: Path) -> None:
    trials = tmp_path / "trials"
    trials.mkdir()
    cli("import", str(FIXTURE), "--out", str(trials / "NCT09999901.yaml"))
    patient = tmp_path / "p.yaml"
    patient.write_text("age: 50\nsex: female\n", encoding="utf-8")
    run = cli("--data-dir", str(trials), "check", "--patient", str(patient), "--format", "json")
    assert run.exit_code == 0, run.stderr
    verdicts = [r["verdict"] for r in json.loads(run.stdout)["results"]]
    assert verdicts == ["incomplete"]


def test_stdout_and_stdin(cli: CliFn, monkeypatch: pytest.MonkeyPatch) -> None:
    run = cli("import", str(FIXTURE))
    assert run.exit_code == 0
    assert parse(run.stdout, "<stdout>")["id"] == "NCT09999901"
    from typer.testing import CliRunner

    from trialcmp.cli import app

    piped = CliRunner().invoke(app, ["import", "-"], input=FIXTURE.read_bytes())
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == run.stdout


def test_out_under_another_name_is_pointed_out(cli: CliFn, tmp_path: Path) -> None:
    run = cli("import", str(FIXTURE), "--out", str(tmp_path / "new.yaml"))
    assert run.exit_code == 0
    assert "rename it NCT09999901.yaml" in run.stderr


def test_out_refuses_to_overwrite_without_force(cli: CliFn, tmp_path: Path) -> None:
    out = tmp_path / "NCT09999901.yaml"
    out.write_text("curated work\n", encoding="utf-8")
    run = cli("import", str(FIXTURE), "--out", str(out))
    assert run.exit_code == 2
    assert "exists; not overwritten" in run.stderr and "--force" in run.stderr
    assert out.read_text(encoding="utf-8") == "curated work\n"
    assert cli("import", str(FIXTURE), "--out", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# NCT09999901: skeleton")
    assert [p.name for p in tmp_path.iterdir()] == ["NCT09999901.yaml"]  # no temp file left


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed.json", "not JSON: Expecting property name enclosed in double quotes"),
        ("v1-record.json", "API v1 (classic) record"),
        ("search-two-studies.json", "search response with 2 studies"),
        ("no-eligibility.json", "NCT09999902 has no eligibility criteria"),
        ("missing.json", "no such file"),
    ],
)
def test_bad_input_is_one_clear_error(cli: CliFn, name: str, message: str) -> None:
    run = cli("import", str(CTGOV_FIXTURES / name))
    assert run.exit_code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


def test_import_fetches_an_nct_id_from_the_registry(
    cli: CliFn, ctgov: Registry, tmp_path: Path
) -> None:
    ctgov.study("NCT09999901", (200, FIXTURE.read_bytes(), {}))
    out = tmp_path / "NCT09999901.yaml"
    run = cli("import", "nct09999901", "--out", str(out))
    assert run.exit_code == 0, run.stderr
    path, headers = ctgov.requests[0]
    assert path == "/api/v2/studies/NCT09999901"
    assert headers["User-Agent"].startswith("trialcmp/")
    data = parse(out.read_text(encoding="utf-8"), str(out))
    assert data["registry"]["read_on"] == __import__("datetime").date.today().isoformat()
    assert cli("validate", str(out)).exit_code == 0


def test_import_of_an_unknown_id_says_so(cli: CliFn, ctgov: Registry) -> None:
    run = cli("import", "NCT09999999")
    assert run.exit_code == 2
    assert "NCT09999999 is unknown to the registry (404" in run.stderr


def test_import_offline_says_how_to_work_offline(cli: CliFn) -> None:
    run = cli("import", "NCT09999901")  # the autouse fixture's unreachable address
    assert run.exit_code == 2
    assert "cannot reach the registry" in run.stderr
    assert "trialcmp import FILE" in run.stderr
    assert "Traceback" not in run.stderr


def test_every_shared_record_becomes_a_valid_skeleton(
    cli: CliFn, shared_ctgov: Path, tmp_path: Path
) -> None:
    records = sorted(shared_ctgov.glob("NCT*.json"))
    assert len(records) == 5
    for record in records:
        run = cli("import", str(record), "--out", str(tmp_path / f"{record.stem}.yaml"))
        assert run.exit_code == 0, (record.name, run.stderr)
    check = cli("validate", str(tmp_path))
    assert check.exit_code == 0, check.stdout
    assert "5 files checked: 0 errors" in check.stdout


def test_shared_records_criteria(shared_ctgov: Path) -> None:
    def criteria(name: str) -> list[dict[str, object]]:
        path = shared_ctgov / name
        study = read_study(path.read_text(encoding="utf-8"), name)
        return list(build_skeleton(study)["eligibility"]["criteria"])

    kras = criteria("NCT03745326.json")  # "-INCLUSION CRITERIA:", escapes, nested bullets
    texts = {c["id"]: c["text"] for c in kras}
    assert texts["inc-2"] == (
        "Patients must be HLA-A*11:01 positive as confirmed by the NIH Department of"
        " Transfusion Medicine."
    )
    assert "that are < 1 cm in diameter" in str(texts["inc-5"])
    assert "• Patients with pancreatic cancer must have received" in str(texts["inc-4"])
    assert sum(1 for c in kras if c["kind"] == "exclusion") == 10
    assert kras[0]["rule"] == {
        "all": [
            {"field": "age", "op": ">=", "value": 18, "unit": "years"},
            {"field": "age", "op": "<=", "value": 72, "unit": "years"},
        ]
    }
    melanoma = criteria("NCT00184067.json")  # numbered list nested in a bullet
    assert str(melanoma[1]["text"]).endswith(
        "1. They have received all injections with evidence of an immune response."
        " 2. They have not experienced recurrence of the melanoma."
        " 3. Not more than twelve months have elapsed since the final injection on either"
        " protocol. 4. They experienced no grade 3 or 4 toxicity attributed to the prior"
        " vaccine regimen."
    )
    ctdna = criteria("NCT05052671.json")  # headings without a colon
    assert [c["kind"] for c in ctdna].count("exclusion") == 4


def test_registry_facts_of_a_record_without_phases_or_arms(shared_ctgov: Path) -> None:
    path = shared_ctgov / "NCT05052671.json"
    facts = registry_facts(read_study(path.read_text(encoding="utf-8"), path.name))
    assert facts.phase is None
    data = build_skeleton(read_study(path.read_text(encoding="utf-8"), path.name))
    assert data["design"]["phase"] == "not reported"
    assert "arms" not in data
