"""Shared test helpers: run the CLI in-process at a fixed width with no colour."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from trialcmp.cli import app

# In CI the property tests run a fixed set of examples, so a run is reproducible; locally
# they explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data" / "trials"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
WIDTH = 100
TODAY = "2026-11-30"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


CliFn = Callable[..., Run]


def run_cli(*args: str, width: int = WIDTH, env: dict[str, str] | None = None) -> Run:
    """Invoke `trialcmp ARGS...`; stdout and stderr are kept apart."""
    full_env = {
        "COLUMNS": str(width),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "TRIALCMP_DATA_DIR": "",
        # statuses are aged on a fixed date, so no output changes as time passes
        "TRIALCMP_TODAY": TODAY,
    }
    full_env.update(env or {})
    result = CliRunner().invoke(app, list(args), env=full_env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli() -> CliFn:
    return run_cli
