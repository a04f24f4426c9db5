"""Shared test helpers: run the CLI in-process at a fixed width with no colour."""

from __future__ import annotations

import os
import shutil
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


#: The eight records curated before the landscape grew. Tests that assert the exact output of
#: a whole-collection command run on a copy of these, so a new record does not change them.
ORIGINAL_IDS = (
    "ChiCTR1800018143",
    "ChiCTR2000033567",
    "NCT03361748",
    "NCT03548207",
    "NCT04182581",
    "NCT04637269",
    "NCT07003555",
    "NCT07003568",
)


@pytest.fixture(scope="session")
def original_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding copies of the eight original records."""
    folder = tmp_path_factory.mktemp("original-trials")
    for trial_id in ORIGINAL_IDS:
        shutil.copy(DATA_DIR / f"{trial_id}.yaml", folder / f"{trial_id}.yaml")
    return folder
