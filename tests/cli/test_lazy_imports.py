"""Imports are lazy per command; the `--format` choices come from the reporter registry."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli
from trialcmp.render.registry import FORMATS, choices

HEAVY = ("jsonschema", "matplotlib", "pydantic", "scipy", "trialcmp.compare", "trialcmp.plot")
HEAVY += ("trialcmp.render.compare", "trialcmp.render.plot", "trialcmp.render.check")

PROBE = """
import json, sys
sys.argv = ["trialcmp", *sys.argv[1:]]
from trialcmp.__main__ import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str) -> set[str]:
    cache = os.environ["TRIALCMP_CACHE_DIR"]  # set for every test by tests/conftest.py
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "", "NO_COLOR": "1", "COLUMNS": "100", "TRIALCMP_CACHE_DIR": cache},
    )
    loaded: list[str] = json.loads(proc.stderr.splitlines()[-1])
    return set(loaded)


@pytest.mark.slow
@pytest.mark.parametrize("args", [("--version",), ("list",), ("show", "bc19")], ids=" ".join)
def test_light_commands_do_not_import_heavy_modules(args: tuple[str, ...]) -> None:
    loaded = modules_after(*args)
    assert "trialcmp.cli" in loaded  # the probe ran the CLI
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []


@pytest.mark.slow
def test_show_does_not_load_the_patient_schema_for_its_rule_text() -> None:
    """`show` writes its rules without reading them against the profile fields, whose table
    comes from the patient schema (`eligibility.fields.table` imports `trialcmp.schema`)."""
    loaded = modules_after("show", "bc19")
    assert "trialcmp.eligibility.tree" in loaded  # bc19 has rules, and show wrote them
    assert "trialcmp.schema" not in loaded


FIRST_USE = """
import trialcmp.eligibility.fields as fields
from trialcmp.resources import load_schema
print(load_schema.cache_info().currsize, "FIELDS" in vars(fields))
print(len(fields.FIELDS), load_schema.cache_info().currsize, "FIELDS" in vars(fields))
"""


@pytest.mark.slow
def test_the_field_table_is_read_from_the_schema_on_first_use_only() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", FIRST_USE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.stdout.split("\n") == ["0 False", "87 1 True", ""], proc.stderr


@pytest.mark.slow
def test_compare_does_import_its_sections() -> None:  # the probe can see a heavy import
    assert "trialcmp.compare" in modules_after("compare", "bc19", "karmma")


@pytest.mark.parametrize("command", sorted(FORMATS))
def test_registry_names_the_reporters_of_each_render_module(command: str) -> None:
    for fmt, module in FORMATS[command].items():
        reporters = importlib.import_module(f"trialcmp.render.{module}").REPORTERS
        assert tuple(reporters) == choices(command)
        assert callable(reporters[fmt])


def test_compare_sections_offered_by_the_cli_are_the_sections_built() -> None:
    from trialcmp import choices as cli_choices
    from trialcmp.compare import SECTION_NAMES

    assert cli_choices.SECTION_NAMES == SECTION_NAMES


def test_a_bad_format_lists_the_choices_without_a_pydantic_message() -> None:
    run = run_cli("list", "--format", "yaml")
    assert run.exit_code == 2
    assert (
        "Invalid value for '--format' / '-f': 'yaml' is not one of 'table', 'json', 'csv',"
        " 'markdown'." in run.stderr
    )
    assert "Value error" not in run.stderr


@pytest.mark.slow
def test_check_json_of_a_valid_profile_imports_neither_rich_nor_jsonschema() -> None:
    """The json report is encoded by msgspec and a valid profile passes the fast schema
    check: Rich and jsonschema are for tables and for the messages of a bad profile."""
    patient = str(ROOT / "examples" / "eligible-nct07003555.yaml")
    loaded = modules_after("check", "--patient", patient, "--format", "json")
    assert "trialcmp.eligibility.engine" in loaded  # the check ran
    assert sorted(m for m in loaded if m.split(".")[0] in ("rich", "jsonschema")) == []


@pytest.mark.slow
def test_a_warm_show_imports_no_openssl_and_reads_the_typed_record() -> None:
    modules_after("show", "bc19")  # warms the cache of validated records
    loaded = modules_after("show", "bc19")
    assert "trialcmp.cache" in loaded  # the probe read the cache
    # hashlib loads OpenSSL (the cache's digests use the interpreter's own sha256)
    assert sorted(m for m in loaded if m in ("hashlib", "_hashlib")) == []
    # show reads the typed model (issue 9): the record shown is decoded into it
    assert "trialcmp.model" in loaded


@pytest.mark.slow
def test_a_warm_list_reads_its_slice_and_decodes_no_record() -> None:
    modules_after("list")  # writes the list's slice of the collection
    loaded = modules_after("list")
    assert "trialcmp.list_slice" in loaded  # the probe read the slice
    # the rows come from the slice: no record is decoded into the typed model, and
    # OpenSSL is not loaded for a digest
    unwanted = ("hashlib", "_hashlib", "trialcmp.model")
    assert sorted(m for m in loaded if m in unwanted) == []


@pytest.mark.slow
def test_show_and_list_load_no_emoji_table() -> None:
    """The console replaces no emoji code (`:smile:` stays as written), so Rich's table of
    emoji names is never loaded (~2 ms of start-up)."""
    for args in (("show", "bc19"), ("list",)):
        assert "rich._emoji_codes" not in modules_after(*args)
    import io

    from trialcmp.render.terminal import console

    out = io.StringIO()
    console(out, width=40, soft_wrap=False).print(":smile: stays")
    assert out.getvalue() == ":smile: stays\n"


@pytest.mark.slow
def test_the_program_freezes_what_its_imports_made() -> None:
    """The program's entry moves the objects of the CLI's imports out of the collector's
    reach (gc.freeze): they live as long as the process, and walking them cost a tenth of
    `list`'s start-up. Importing `trialcmp.cli` alone freezes nothing."""
    probe = (
        "import gc, sys; sys.argv = ['trialcmp', '--version']\n"
        "import trialcmp.cli\n"
        "imported = gc.get_freeze_count()\n"
        "from trialcmp.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(imported == 0, gc.get_freeze_count() > 10_000, gc.isenabled())"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.stdout.splitlines()[-1] == "True True True", proc.stderr


@pytest.mark.slow
def test_the_program_leaves_the_collector_as_it_found_it() -> None:
    """The collector is off while the CLI's imports run (they make no garbage), then as it
    was: on for a program that had it on, off for one that had turned it off."""
    probe = (
        "import gc, sys; gc.disable() if sys.argv[1] == 'off' else None\n"
        "sys.argv = ['trialcmp', '--version']\n"
        "from trialcmp.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.isenabled())"
    )
    for state, expected in (("on", "True"), ("off", "False")):
        proc = subprocess.run(
            [sys.executable, "-c", probe, state],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.stdout.strip().splitlines()[-1] == expected, proc.stderr
