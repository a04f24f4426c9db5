"""The tests' runner builds the Click command once per session: it gives what Typer's own
runner gives, however many commands ran before."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import conftest
from tests.conftest import run_original

CASES = [
    ("list", "--format", "csv"),
    ("list", "--sort", "orr", "--desc", "--columns", "id,orr"),
    ("show", "bc19"),
    ("compare", "bc19", "karmma", "--section", "dosing"),
    ("list", "--format", "yaml"),  # a usage error
    ("show", "nosuchtrial"),  # an error through the boundary
    ("compare", "--help"),
    ("--version",),
]


def test_the_session_runner_gives_what_a_fresh_runner_gives(
    original_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = [run_original(*args, folder=original_data) for args in CASES * 2]
    monkeypatch.setattr(conftest, "_RUNNER", CliRunner())
    fresh = [run_original(*args, folder=original_data) for args in CASES * 2]
    assert shared == fresh
    assert {run.exit_code for run in shared} == {0, 2}
