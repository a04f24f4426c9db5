"""A non-editable install carries the schemas and the trial collection as package data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("trialcmp-*.whl"))


@pytest.mark.slow
def test_wheel_contains_schemas_and_every_trial(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "trialcmp/_bundled/schemas/trial.schema.json" in names
    assert "trialcmp/_bundled/schemas/patient.schema.json" in names
    for trial in DATA_DIR.glob("*.yaml"):
        assert f"trialcmp/_bundled/trials/{trial.name}" in names


@pytest.mark.slow
def test_installed_wheel_lists_all_trials_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("TRIALCMP_DATA_DIR", None)
    run = subprocess.run(
        [sys.executable, "-m", "trialcmp", "list", "--format", "csv"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 1 + len(list(DATA_DIR.glob("*.yaml")))
    where = subprocess.run(
        [sys.executable, "-c", "import trialcmp, sys; print(trialcmp.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target))
