"""The one error boundary: OS errors, Ctrl-C and a closed pipe never print a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from trialcmp.cli.app import os_error_message


def test_plot_into_a_missing_folder_is_one_message(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "nodir" / "x.png"
    run = run_cli("plot", "orr", "--out", str(target))
    assert run.exit_code == 2
    assert run.stdout == ""
    # plot checks the folder first: one message naming it, and how to fix it (issue 12)
    assert run.stderr.startswith(
        f"error: cannot write {str(target)!r}: the folder {str(target.parent)!r} does not exist\n"
    )
    assert "hint: create it first" in run.stderr and "Traceback" not in run.stderr


def test_os_error_message_names_both_files() -> None:
    exc = OSError(18, "Invalid cross-device link", "a.tmp", None, "b.json")
    assert os_error_message(exc) == "a.tmp -> b.json: Invalid cross-device link"
    assert os_error_message(OSError("disk full")) == "disk full"


def test_ctrl_c_exits_130_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("trialcmp.listing.list_rows", interrupted)
    run = run_cli("list")
    assert run.exit_code == 130
    assert run.stderr == "interrupted\n"


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`trialcmp show bc19 --format json | head -1`: the output is larger than a pipe."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "trialcmp", "show", "bc19", "--format", "json"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": "", "NO_COLOR": "1", "TRIALCMP_CACHE_DIR": str(tmp_path)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert first == b"{\n"
    assert stderr == b""
