"""Acceptance tests for `validate`, `list` and `show` through the CLI runner."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA_DIR, FIXTURES, CliFn
from trialcmp.yamlio import parse

VALID_FIXTURES = FIXTURES / "trials" / "valid"

LIST_AT_100 = """\
ID                Name          Targets  Phase       Status                        Treated  ORR
────────────────  ────────────  ───────  ──────────  ────────────────────────────  ───────  ────────
ChiCTR1800018143  BM38          BCMA/    Phase 1     NR                                 23  87%
                                CD38                                                        (20/23)
ChiCTR2000033567  BC19          BCMA/    Phase 1/2   NR                                 50  92%
                                CD19                                                        (46/50)
NCT03361748       KarMMa        BCMA     Phase 2     active, not recruiting            128  73%
                                                     2023-03-09, 44 mo ago, stale           (94/128)
NCT03548207       CARTITUDE-1   BCMA     Phase 1b/2  NR                                 97  97.9%
NCT04182581       Xijing BCMA/  BCMA/    Early       unknown                            NR  NR
                  CD19          CD19     Phase 1     undated
NCT04637269       Xinqiao       BCMA     Early       recruiting                         NR  NR
                  anti-BCMA              Phase 1     undated
NCT07003555       GoBroad       BCMA/    Phase 1     NR                                 NR  NR
                  BCMA-CD19     CD19
NCT07003568       GoBroad       BCMA/    NR          NR                                 NR  NR
                  BCMA/GPRC5D   GPRC5D
8 trial(s). NR = not reported; * = % computed from n/N.
Status: the date it was last known true and its age; stale = older than 12 months; undated = no
source gives a date.
"""


def _rstrip(text: str) -> str:
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


# ------------------------------------------------------------------ validate


def test_validate_shipped_data_has_no_errors_and_reports_source_inconsistencies(
    cli: CliFn,
) -> None:
    run = cli("validate")
    assert run.exit_code == 0, run.stdout
    assert re.search(r"^\d+ files checked: 0 errors,", run.stdout, re.M), run.stdout
    # the BC19 paper's own inconsistencies surface as warnings
    assert "ChiCTR2000033567.yaml" in run.stdout
    assert "16% does not match 7/50 = 14.0%" in run.stdout
    assert "62% does not match 30/50 = 60.0%" in run.stdout
    assert "not the exact (Clopper–Pearson) interval of 4/50" in run.stdout
    assert "criterion requires age < 70" in run.stdout
    # the doses flagged for verification in NCT04637269
    assert run.stdout.count("NCT04637269.yaml") >= 3


def test_validate_strict_fails_on_warnings(cli: CliFn) -> None:
    assert cli("validate", "--strict").exit_code == 1


def test_validate_json_format(cli: CliFn) -> None:
    run = cli("validate", "--format", "json")
    report = json.loads(run.stdout)
    assert run.exit_code == 0
    assert report["errors"] == 0
    assert report["warnings"] == len(report["problems"]) > 0
    first = report["problems"][0]
    assert set(first) == {"file", "line", "column", "path", "severity", "code", "message"}
    assert isinstance(first["line"], int)


def test_validate_github_format(cli: CliFn) -> None:
    path = FIXTURES / "trials" / "invalid" / "pct-mismatch.yaml"
    run = cli("validate", "--format", "github", str(path))
    assert run.exit_code == 1
    line = next(ln for ln in run.stdout.splitlines() if "does not match 7/50" in ln)
    assert line.startswith("::error file=")
    assert ",line=12,col=11," in line


def test_validate_collects_every_error_of_every_file(cli: CliFn, tmp_path: Path) -> None:
    bad = FIXTURES / "trials" / "invalid"
    for name in ("pct-mismatch.yaml", "range-inverted.yaml", "unknown-key.yaml"):
        shutil.copy(bad / name, tmp_path / name)
    run = cli("validate", str(tmp_path))
    assert run.exit_code == 1
    # each file's name differs from its id (3 errors); the unknown key does not hide that
    assert "3 files checked: 6 errors, 0 warnings" in run.stdout
    for fragment in ("16% does not match", "range min 70", "unknown key 'phaze'"):
        assert fragment in run.stdout


def test_validate_duplicate_alias_across_files(cli: CliFn, tmp_path: Path) -> None:
    shutil.copy(VALID_FIXTURES / "NCT00000002.yaml", tmp_path / "NCT00000002.yaml")
    text = (VALID_FIXTURES / "NCT00000002.yaml").read_text(encoding="utf-8")
    (tmp_path / "NCT00000003.yaml").write_text(
        text.replace("NCT00000002", "NCT00000003").replace("FIX-2", "FIX-3"), encoding="utf-8"
    )
    run = cli("validate", str(tmp_path))
    assert run.exit_code == 1
    assert "name 'fixcel' is already used by NCT00000002" in run.stdout


def test_validate_missing_path(cli: CliFn, tmp_path: Path) -> None:
    run = cli("validate", str(tmp_path / "nope.yaml"))
    assert run.exit_code == 1
    assert "no such file or folder" in run.stdout


def test_validate_data_dir_option_and_env(cli: CliFn) -> None:
    count = len(list(VALID_FIXTURES.glob("*.yaml")))
    run = cli("--data-dir", str(VALID_FIXTURES), "validate")
    # a variant of NCT00000002 and the inconsistency flag of TC-RANDOMISED-1
    assert f"{count} files checked: 0 errors, 2 warnings" in run.stdout
    run = cli("validate", env={"TRIALCMP_DATA_DIR": str(VALID_FIXTURES)})
    assert f"{count} files checked" in run.stdout


# ------------------------------------------------------------------ list


def test_list_table_exact_at_width_100(cli: CliFn, original_data: Path) -> None:
    run = cli("--data-dir", str(original_data), "list")
    assert run.exit_code == 0
    assert run.stderr == ""
    assert _rstrip(run.stdout) == LIST_AT_100


def test_list_filters(cli: CliFn, original_data: Path) -> None:
    def ids(*args: str) -> list[str]:
        run = cli("--data-dir", str(original_data), "list", *args, "-f", "json")
        return [r["id"] for r in json.loads(run.stdout)]

    assert ids("--target", "cd19") == ["ChiCTR2000033567", "NCT04182581", "NCT07003555"]
    assert ids("--status", "recruiting") == ["NCT04637269"]
    assert ids("--phase", "1/2") == ["ChiCTR2000033567"]
    run = cli("list", "--target", "CD22")
    assert run.exit_code == 0
    assert "0 trial(s)" in run.stdout


def test_list_json_keeps_numbers_as_numbers(cli: CliFn) -> None:
    rows = json.loads(cli("list", "--format", "json").stdout)
    karmma = next(r for r in rows if r["id"] == "NCT03361748")
    assert karmma["treated"] == 128
    assert karmma["orr"]["n"] == 94 and karmma["orr"]["N"] == 128 and karmma["orr"]["pct"] == 73
    assert next(r for r in rows if r["id"] == "NCT07003555")["orr"] is None


def test_list_csv_and_markdown(cli: CliFn, original_data: Path) -> None:
    data = str(original_data)
    rows = list(csv.reader(io.StringIO(cli("--data-dir", data, "list", "-f", "csv").stdout)))
    assert rows[0] == ["ID", "Name", "Targets", "Phase", "Status", "Treated", "ORR"]
    assert ["NCT03548207", "CARTITUDE-1", "BCMA", "Phase 1b/2", "NR", "97", "97.9%"] in rows
    md = cli("--data-dir", data, "list", "-f", "markdown").stdout.splitlines()
    assert md[0] == "| ID | Name | Targets | Phase | Status | Treated | ORR |"
    assert md[1] == "|---|---|---|---|---|---|---|"
    assert len(md) == 2 + 8


def test_list_unknown_format_is_usage_error(cli: CliFn) -> None:
    run = cli("list", "--format", "xml")
    assert run.exit_code == 2
    assert "xml" in run.stderr


# ------------------------------------------------------------------ show


@pytest.mark.parametrize("query", ["ChiCTR2000033567", "chictr2000033567", "bc19", "BC19 CAR-T"])
def test_show_matches_id_and_alias_case_insensitively(cli: CliFn, query: str) -> None:
    run = cli("show", query, "--format", "json")
    assert run.exit_code == 0
    assert json.loads(run.stdout)["id"] == "ChiCTR2000033567"


def test_show_json_is_the_complete_record(cli: CliFn) -> None:
    record = json.loads(cli("show", "ide-cel", "-f", "json").stdout)
    on_disk = parse((DATA_DIR / "NCT03361748.yaml").read_text(encoding="utf-8"), "x")
    assert record == on_disk


def test_show_yaml_round_trips(cli: CliFn) -> None:
    text = cli("show", "NCT04637269", "-f", "yaml").stdout
    on_disk = yaml.safe_load((DATA_DIR / "NCT04637269.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(text) == on_disk


def test_show_text_has_sections_sources_and_legend(cli: CliFn) -> None:
    run = cli("show", "BC19")
    assert run.exit_code == 0
    out = run.stdout
    assert out.startswith("ChiCTR2000033567 · BC19\n")
    for section in ("design", "product", "lymphodepletion", "results"):
        assert f"\n{section}\n" in out or f"── {section}\n" in out
    assert "Eligibility ──" in out
    assert "ORR: 92% (46/50); 95% CI 81–98 (reported)" in out
    assert "[1] Shi" in out
    assert "NR = not reported; n/a = not applicable" in out


def test_show_unknown_id_suggests(cli: CliFn) -> None:
    run = cli("show", "NCT0700355")
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "error: no trial 'NCT0700355'" in run.stderr
    assert "did you mean NCT07003555" in run.stderr


def test_show_on_broken_collection_names_the_file(cli: CliFn, tmp_path: Path) -> None:
    shutil.copy(VALID_FIXTURES / "NCT00000001.yaml", tmp_path / "NCT00000001.yaml")
    (tmp_path / "NCT00000009.yaml").write_text("id: [\n", encoding="utf-8")
    run = cli("--data-dir", str(tmp_path), "show", "NCT00000001")
    assert run.exit_code == 0
    assert run.stdout.startswith("NCT00000001\n")
    broken = tmp_path / "NCT00000009.yaml"
    assert run.stderr == (
        f"warning: {broken}:2:1: $: YAML syntax error: while parsing a flow node did not find"
        " expected node content (noticed at line 2, column 1) (record left out; `trialcmp"
        " validate` shows every problem)\n"
    )
    named = cli("--data-dir", str(tmp_path), "show", "nct00000009")
    assert named.exit_code == 1
    assert named.stdout == ""
    assert named.stderr.startswith(
        f"error: trial record {broken} is invalid: {broken}:2:1: $: YAML syntax error"
    )
    assert "Traceback" not in run.stderr + named.stderr


def test_two_records_claiming_one_name_are_both_left_out(cli: CliFn, tmp_path: Path) -> None:
    for name in ("NCT00000001.yaml", "NCT00000002.yaml"):
        shutil.copy(VALID_FIXTURES / name, tmp_path / name)
    text = (VALID_FIXTURES / "NCT00000001.yaml").read_text(encoding="utf-8")
    (tmp_path / "NCT00000003.yaml").write_text(
        text.replace("id: NCT00000001", "id: NCT00000003\nother_ids: [nct00000001]"),
        encoding="utf-8",
    )
    run = cli("--data-dir", str(tmp_path), "list", "--format", "csv")
    assert run.exit_code == 0
    assert [line.split(",")[0] for line in run.stdout.splitlines()[1:]] == ["NCT00000002"]
    assert run.stderr.count("warning: ") == 2
    assert "name 'NCT00000001' is also claimed by NCT00000003" in run.stderr
    assert "name 'nct00000001' is also claimed by NCT00000001" in run.stderr


def test_markup_and_escapes_in_data_print_literally(cli: CliFn, tmp_path: Path) -> None:
    text = (VALID_FIXTURES / "NCT00000001.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "title: A minimal fixture trial",
        'title: "[bold red]boom[/] \\e[31mred\\e[0m \\e]8;;http://x\\alink"',
    )
    (tmp_path / "NCT00000001.yaml").write_text(text, encoding="utf-8")
    for args in (("show", "NCT00000001"), ("list",)):
        run = cli("--data-dir", str(tmp_path), *args)
        assert run.exit_code == 0
        assert "\x1b" not in run.stdout
    shown = cli("--data-dir", str(tmp_path), "show", "NCT00000001").stdout
    assert "[bold red]boom[/] red link" in shown
