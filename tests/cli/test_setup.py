"""Setup and help: the Makefile refuses an old Python and rebuilds a .venv made by one; the
pre-commit hook runs on trial files only; --help lists the commands in the order a user
meets them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, CliFn

OLD_PYTHON = '#!/bin/sh\ncase "$1" in --version) echo "Python 3.9.2";; *) exit 1;; esac\n'
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _old_python(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(OLD_PYTHON, encoding="utf-8")
    path.chmod(0o755)
    return path


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@needs_make
def test_make_refuses_a_python_older_than_3_11_with_a_clear_message(tmp_path: Path) -> None:
    python = _old_python(tmp_path / "python3.9")
    venv = tmp_path / "venv"
    run = _make(f"{venv}/.installed-stamp", f"PYTHON={python}", f"VENV={venv}")
    assert run.returncode != 0
    assert "trialcmp needs Python 3.11 or newer" in run.stderr
    assert "Python 3.9.2" in run.stderr
    assert "PYTHON=python3.11" in run.stderr
    assert not venv.exists()


@needs_make
def test_a_venv_made_by_an_old_python_is_rebuilt_not_reused(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _old_python(venv / "bin" / "python")
    stamp = venv / ".installed-stamp"
    stamp.touch()
    run = _make("-n", f"{stamp}", f"VENV={venv}")
    assert run.returncode == 0
    assert "-m venv --clear" in run.stdout  # the venv is made again
    assert not stamp.exists()


def test_the_pre_commit_hook_runs_on_trial_files_only() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    pattern = re.compile(hooks[0]["files"])
    assert pattern.search("data/trials/NCT04181827.yaml")
    assert pattern.search("data/trials/TC-DURGA-1.yml")
    for other in (".github/workflows/ci.yaml", "examples/p.yaml", "data/trials/x/y.yaml"):
        assert not pattern.search(other), other


def test_help_lists_the_commands_in_the_order_a_user_meets_them(cli: CliFn) -> None:
    out = cli("--help").stdout
    listed = re.findall(r"^  ([a-z]+) ", out.split("Commands:", 1)[1], re.MULTILINE)
    assert listed[:6] == ["list", "show", "compare", "check", "validate", "plot"]
    assert set(listed) >= {"profile"}
