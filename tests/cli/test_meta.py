"""Every command has help text with an example, and every command appears in the README."""

from __future__ import annotations

import re

import pytest
import typer.main

from tests.conftest import ROOT, CliFn
from trialcmp.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_core_commands_exist() -> None:
    assert {"validate", "list", "show"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_examples(cli: CliFn, name: str) -> None:
    run = cli(name, "--help")
    assert run.exit_code == 0
    assert "Usage: trialcmp " + name in run.stdout or f"Usage: root {name}" in run.stdout
    assert "Examples:" in run.stdout
    assert f"trialcmp {name}" in run.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_usage_placeholders_are_words(cli: CliFn, name: str) -> None:
    usage = cli(name, "--help").stdout.splitlines()[0]
    assert not re.search(r"<[^>]*\[|list\[|\bPATHS\b|TRIAL_IDS", usage), usage
    if name in ("compare", "plot", "refresh"):
        assert "ID…" in usage, usage
    if name == "validate":
        assert "PATH…" in usage, usage


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented_in_readme(name: str) -> None:
    assert re.search(rf"`trialcmp {name}\b", README), f"README does not mention trialcmp {name}"


def test_top_level_help_and_version(cli: CliFn) -> None:
    run = cli("--help")
    assert run.exit_code == 0
    for name in COMMANDS:
        assert name in run.stdout
    assert cli("--version").stdout.startswith("trialcmp ")


def test_readme_quick_start_commands_are_the_makefile_targets() -> None:
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
