"""`trialcmp refresh`: diff against the registry block, --write in place, exit codes."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CTGOV_FIXTURES, DATA_DIR, CliFn
from tests.ctgov_server import Registry
from trialcmp.ctgov.refresh import Change
from trialcmp.ctgov.rewrite import check_only_allowed, rewrite_file, rewritten
from trialcmp.errors import TrialcmpError
from trialcmp.yamlio import parse

BASE = json.loads((CTGOV_FIXTURES / "NCT09999901.json").read_text(encoding="utf-8"))
XINQIAO = "NCT04637269"
DATA_FILES = sorted(DATA_DIR.glob("*.yaml"))


def record(nct_id: str, **status: Any) -> bytes:
    """A v2 record for `nct_id` (the fixture's, with the status module's keys replaced)."""
    study = copy.deepcopy(BASE)
    study["protocolSection"]["identificationModule"]["nctId"] = nct_id
    study["protocolSection"]["statusModule"].update(status)
    return json.dumps(study).encode()


def sha(study: bytes) -> str:
    text = json.loads(study)["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def trials(tmp_path: Path) -> Path:
    folder = tmp_path / "trials"
    folder.mkdir()
    for name in (f"{XINQIAO}.yaml", "ChiCTR2000033567.yaml"):
        shutil.copy(DATA_DIR / name, folder / name)
    return folder


def _refresh(cli: CliFn, trials: Path, *args: str) -> Any:
    return cli("--data-dir", str(trials), "refresh", *args)


def test_changes_are_reported_and_nothing_is_written(
    cli: CliFn, ctgov: Registry, trials: Path
) -> None:
    before = (trials / f"{XINQIAO}.yaml").read_bytes()
    ctgov.study(XINQIAO, (200, record(XINQIAO, overallStatus="ACTIVE_NOT_RECRUITING"), {}))
    run = _refresh(cli, trials, "--format", "json")
    assert run.exit_code == 1, run.stderr
    report = json.loads(run.stdout)
    by_id = {t["id"]: t for t in report["trials"]}
    assert by_id["ChiCTR2000033567"]["outcome"] == "no registry API"
    assert by_id["ChiCTR2000033567"]["message"] == "no registry API (ChiCTR)"
    changes = {c["field"]: c for c in by_id[XINQIAO]["changes"]}
    assert changes["registry.status"] == {
        "field": "registry.status",
        "old": None,
        "new": "active, not recruiting",
        "kind": "added",
    }
    assert changes["design.status"]["old"] == "recruiting"
    assert changes["design.status_as_of"] == {
        "field": "design.status_as_of",
        "old": "not reported",
        "new": "2026-03",
        "kind": "changed",
    }
    assert (trials / f"{XINQIAO}.yaml").read_bytes() == before
    assert ctgov.hits("ChiCTR2000033567") == 0


def test_table_and_csv(cli: CliFn, ctgov: Registry, trials: Path) -> None:
    ctgov.study(XINQIAO, (200, record(XINQIAO), {}))
    table = _refresh(cli, trials, XINQIAO)
    assert table.exit_code == 1
    lines = [line.rstrip() for line in table.stdout.splitlines()]
    assert lines[0].split() == ["ID", "Field", "Change"]
    assert lines[2].split() == [XINQIAO, "status", "(absent)", "→", "recruiting"]
    assert lines[3].split() == ["status_verified", "(absent)", "→", "2026-03"]
    assert "design.status_as_of   not reported → 2026-03" in table.stdout
    assert "1 trial(s): 1 changed; changes not written (add --write)." in table.stdout
    csv = _refresh(cli, trials, "--format", "csv")
    assert csv.stdout.splitlines()[0] == "ID,Outcome,Field,Old,New,What"
    assert "ChiCTR2000033567,no registry API,,,,no registry API (ChiCTR)" in csv.stdout


def test_write_changes_only_the_registry_block_and_status(
    cli: CliFn, ctgov: Registry, trials: Path
) -> None:
    path = trials / f"{XINQIAO}.yaml"
    old = path.read_text(encoding="utf-8")
    ctgov.study(XINQIAO, (200, record(XINQIAO, overallStatus="COMPLETED"), {}))
    run = _refresh(cli, trials, "--write")
    assert run.exit_code == 1, run.stdout + run.stderr
    new = path.read_text(encoding="utf-8")
    old_lines, new_lines = old.splitlines(), new.splitlines()
    assert new_lines[:3] == old_lines[:3]  # the comment heading the file is kept
    assert new_lines[3:7] == old_lines[3:7]  # id, registry:, name, url
    added = new_lines[7 : 7 + 10]
    assert [line.split(":")[0] for line in added] == [
        "  status",
        "  status_verified",
        "  last_update",
        "  enrolment",
        "  enrolment_type",
        "  phase",
        "  primary_completion",
        "  sites",
        "  eligibility_sha256",
        "  read_on",
    ]
    rest_old = [ln for i, ln in enumerate(old_lines) if i >= 7]
    rest_new = new_lines[17:]
    differing = [(a, b) for a, b in zip(rest_old, rest_new, strict=True) if a != b]
    assert differing == [
        ("  status: recruiting", "  status: completed"),
        ("  status_as_of: not reported", "  status_as_of: 2026-03"),
    ]
    data = parse(new, str(path))
    assert list(data) == list(parse(old, str(path)))  # key order kept
    assert cli("validate", str(path)).exit_code == 0
    again = _refresh(cli, trials)
    assert again.exit_code == 0, again.stdout  # read_on alone is not a change
    assert "1 unchanged" in again.stdout


def test_eligibility_amendment_is_flagged(cli: CliFn, ctgov: Registry, trials: Path) -> None:
    ctgov.study(XINQIAO, (200, record(XINQIAO), {}))
    assert _refresh(cli, trials, "--write").exit_code == 1
    amended = copy.deepcopy(BASE)
    amended["protocolSection"]["identificationModule"]["nctId"] = XINQIAO
    amended["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] += "\n3. New item\n"
    ctgov.study(XINQIAO, (200, json.dumps(amended), {}))
    run = _refresh(cli, trials, "--format", "json")
    assert run.exit_code == 1
    changes = json.loads(run.stdout)["trials"][1]["changes"]
    assert [c["kind"] for c in changes] == ["eligibility text changed: re-curate the criteria"]


def test_a_later_curated_status_is_kept(cli: CliFn, ctgov: Registry, trials: Path) -> None:
    path = trials / f"{XINQIAO}.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "status_as_of: not reported", "status_as_of: 2026-10-01"
        ),
        encoding="utf-8",
    )
    ctgov.study(XINQIAO, (200, record(XINQIAO, overallStatus="TERMINATED"), {}))
    report = json.loads(_refresh(cli, trials, "--format", "json").stdout)
    fields = [c["field"] for c in report["trials"][1]["changes"]]
    assert "registry.status" in fields
    assert "design.status" not in fields and "design.status_as_of" not in fields


def test_a_failure_does_not_stop_the_others_and_exit_2_wins(
    cli: CliFn, ctgov: Registry, trials: Path
) -> None:
    shutil.copy(DATA_DIR / "NCT04182581.yaml", trials / "NCT04182581.yaml")
    ctgov.study(XINQIAO, (500, "down", {}))
    ctgov.study("NCT04182581", (200, record("NCT04182581"), {}))
    run = _refresh(cli, trials, "--format", "json", "--write")
    assert run.exit_code == 2
    report = json.loads(run.stdout)
    outcomes = {t["id"]: t["outcome"] for t in report["trials"]}
    assert outcomes == {
        "ChiCTR2000033567": "no registry API",
        "NCT04182581": "changed",
        XINQIAO: "failed",
    }
    assert "answered 500" in report["trials"][2]["message"]
    assert parse((trials / "NCT04182581.yaml").read_text(), "x")["registry"]["sites"] == 2


def test_malformed_answer_is_a_failure(cli: CliFn, ctgov: Registry, trials: Path) -> None:
    ctgov.study(XINQIAO, (200, "<html>maintenance</html>", {}))
    run = _refresh(cli, trials, XINQIAO)
    assert run.exit_code == 2
    assert "failed" in run.stdout and "not JSON" in run.stdout


def test_unknown_id_is_refused_before_any_fetch(cli: CliFn, ctgov: Registry, trials: Path) -> None:
    run = _refresh(cli, trials, "NCT00000000")
    assert run.exit_code == 2
    assert ctgov.requests == []


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.stem for p in DATA_FILES])
def test_a_rewrite_without_changes_keeps_every_line_outside_the_registry_block(
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8")
    again = rewritten(text, [], read_on=None)
    check_only_allowed(text, again)
    assert parse(again, "again") == parse(text, "text")


def test_lines_ruamel_would_reflow_are_kept_as_they_are() -> None:
    old = (
        "# heading comment\n"
        "id: NCT00000001\n"
        "registry:\n"
        "  name: ClinicalTrials.gov   # curated\n"
        "\n"
        "title:    Spaced   out\n"
        "notes:\n"
        "- not indented\n"
        "-   oddly   spaced\n"
        "design: {phase: Phase 1, status: recruiting, status_as_of: 2024-01}\n"
        "aliases: [ a,b ]\n"
    )
    new = rewritten(old, [Change("registry.sites", None, 3)], read_on="2026-01-02")
    assert new == old.replace(
        "  name: ClinicalTrials.gov   # curated\n",
        "  name: ClinicalTrials.gov   # curated\n  sites: 3\n  read_on: '2026-01-02'\n",
    )


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.stem for p in DATA_FILES])
def test_write_on_every_data_file_touches_only_allowed_lines(path: Path, tmp_path: Path) -> None:
    data = parse(path.read_text(encoding="utf-8"), str(path))
    if data["registry"].get("name") != "ClinicalTrials.gov":
        pytest.skip("no registry API")
    copy_path = tmp_path / path.name
    shutil.copy(path, copy_path)
    study = record(data["id"], overallStatus="SUSPENDED", statusVerifiedDate="2099-01")
    changes = [
        Change("registry.status", None, "suspended"),
        Change("registry.status_verified", None, "2099-01"),
        Change("registry.eligibility_sha256", None, sha(study)),
        Change("design.status", data["design"]["status"], "suspended"),
        Change("design.status_as_of", data["design"]["status_as_of"], "2099-01"),
    ]
    rewrite_file(str(copy_path), changes, read_on="2099-01-02")
    new = parse(copy_path.read_text(encoding="utf-8"), str(copy_path))
    assert new["design"]["status"] == "suspended"
    assert new["registry"]["read_on"] == "2099-01-02"
    assert {k: v for k, v in new.items() if k not in ("registry", "design")} == {
        k: v for k, v in data.items() if k not in ("registry", "design")
    }


def test_a_change_outside_the_allowed_lines_is_refused() -> None:
    old = "id: NCT00000001\nregistry:\n  name: ClinicalTrials.gov\ntitle: T\n"
    with pytest.raises(TrialcmpError, match="would change line 4"):
        check_only_allowed(old, old.replace("title: T", "title: U"))
    check_only_allowed(old, old.replace("  name: ClinicalTrials.gov\n", "  name: x\n  sites: 3\n"))


def test_an_imported_skeleton_round_trips(cli: CliFn, tmp_path: Path) -> None:
    out = tmp_path / "NCT09999901.yaml"
    assert cli("import", str(CTGOV_FIXTURES / "NCT09999901.json"), "--out", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert rewritten(text, [], read_on=None) == text
