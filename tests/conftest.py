"""Shared test helpers: run the CLI in-process at a fixed width with no colour."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import typer
import typer.main
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

from tests import ctgov_server
from tests.ctgov_server import Registry
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
    result = _RUNNER.invoke(app, list(args), env=full_env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@cache
def click_command(typer_app: typer.Typer) -> Any:
    return typer.main.get_command(typer_app)


class SessionRunner(CliRunner):
    """Typer's test runner, with `app` turned into its Click command once per session.

    `CliRunner.invoke` rebuilds the Click command on every call, reading the type hints of
    every command's function: about half the time of a small command. The command is the
    same every time (Click keeps no state in it between invocations), so it is built once.
    """

    def invoke(self, app: typer.Typer, *args: Any, **kwargs: Any) -> Result:
        built = click_command(app)
        with mock.patch.object(typer.testing, "_get_command", lambda _app: built):
            return super().invoke(app, *args, **kwargs)


_RUNNER = SessionRunner()


@pytest.fixture(scope="session")
def _cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("trialcmp-cache")


@pytest.fixture(autouse=True)
def _private_cache(_cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test (and every process it starts) caches validated records in a temporary
    folder, never in the user's cache folder."""
    monkeypatch.setenv("TRIALCMP_CACHE_DIR", str(_cache_root))


@pytest.fixture
def cli() -> CliFn:
    return run_cli


#: No test may reach a real host: the registry's API address points at a loopback port
#: where nothing listens (the discard port), and proxies are switched off.
UNREACHABLE_REGISTRY = "http://127.0.0.1:9/api/v2"


@pytest.fixture(autouse=True)
def _no_real_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIALCMP_CTGOV_URL", UNREACHABLE_REGISTRY)
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ALL_PROXY", raising=False)


SHARED_CTGOV = ROOT.parent / "shared" / "ctgov"
CTGOV_FIXTURES = FIXTURES / "ctgov"


@pytest.fixture
def ctgov(monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    """A registry stand-in on 127.0.0.1; TRIALCMP_CTGOV_URL points at it; back-off pauses
    are recorded in `ctgov.pauses` instead of slept."""
    from trialcmp.ctgov import fetch

    holder: dict[str, Registry] = {}
    for registry in ctgov_server.start(holder):
        monkeypatch.setattr(fetch, "SLEEP", registry.pauses.append)
        monkeypatch.setenv("TRIALCMP_CTGOV_URL", registry.url)
        yield registry


@pytest.fixture
def shared_ctgov() -> Path:
    """The real v2 records in ../shared/ctgov (the test skips when the folder is absent)."""
    if not SHARED_CTGOV.is_dir():
        pytest.skip("../shared/ctgov is absent")
    return SHARED_CTGOV


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


def run_original(*args: str, folder: Path, width: int = WIDTH) -> Run:
    """`run_cli` on the eight original records (`folder` is the `original_data` fixture)."""
    return run_cli(*args, width=width, env={"TRIALCMP_DATA_DIR": str(folder)})
