"""The console script builds only the commands its command line names (`only_named`), and
that changes nothing: the same output, errors and help as the whole application."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from tests.conftest import DATA_DIR, TODAY, WIDTH
from trialcmp.cli import app, only_named
from trialcmp.cli.app import COMMAND_ORDER

ENV = {"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb", "TRIALCMP_TODAY": TODAY}
ENV["TRIALCMP_DATA_DIR"] = ""

COMMAND_LINES = [
    ["show", "bc19"],
    ["show", "--help"],
    ["show"],
    ["show", "list"],  # a trial named like a command: both are built
    ["list", "--format", "xyz"],
    ["list", "--status", "recruiting", "--format", "csv"],
    ["--data-dir", str(DATA_DIR), "list", "--target", "CD19"],
    ["compare", "bc19", "karmma", "--section", "efficacy"],
    ["--help"],
    [],
    ["lst"],  # a typo: every command, for click's suggestion
    ["--version"],
]


@pytest.mark.parametrize("args", COMMAND_LINES, ids=lambda a: " ".join(a) or "(none)")
def test_only_the_named_commands_give_what_the_whole_app_gives(args: list[str]) -> None:
    runner = CliRunner()
    whole = runner.invoke(app, args, env=ENV, prog_name="trialcmp")
    named = runner.invoke(only_named(args), args, env=ENV, prog_name="trialcmp")
    assert whole.stdout or whole.stderr
    assert (named.exit_code, named.stdout, named.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


def test_a_command_line_that_names_one_command_builds_that_one() -> None:
    built = typer.main.get_command(only_named(["show", "bc19"]))
    assert sorted(built.commands) == ["show"]  # type: ignore[attr-defined]
    assert only_named(["--help"]) is app and only_named([]) is app
    every = typer.main.get_command(app)
    assert sorted(every.commands) == sorted(COMMAND_ORDER)  # type: ignore[attr-defined]
    assert len(app.registered_commands) == len(COMMAND_ORDER)  # the app itself is untouched
