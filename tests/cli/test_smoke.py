"""A few runs in a real process, where the in-process runner cannot look: the console
script, and colour in a real terminal (a pseudo-terminal) with and without NO_COLOR.

(`python -m trialcmp` with a closed pipe is in test_boundary.py, the lazy imports of a
fresh interpreter in test_lazy_imports.py, the installed wheel in test_packaging.py.)
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, ROOT

SCRIPT = Path(sys.executable).with_name("trialcmp")
SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def _colours(output: bytes) -> set[int]:
    """The colour codes (foreground and background, normal and bright) of the output."""
    codes = {int(c) for found in SGR.findall(output) for c in found.split(b";") if c}
    return {c for c in codes if 30 <= c <= 49 or 90 <= c <= 107}


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.is_file(), reason="no trialcmp console script beside python")
def test_the_console_script_lists_every_trial(tmp_path: Path) -> None:
    run = subprocess.run(
        [str(SCRIPT), "list", "--format", "csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "", "NO_COLOR": "1", "TRIALCMP_CACHE_DIR": str(tmp_path / "cache")},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0][:2] == ["ID", "Name"] and len(rows) == 1 + len(list(DATA_DIR.glob("*.yaml")))


def _in_a_terminal(env: dict[str, str], *args: str) -> bytes:
    """What `python -m trialcmp ARGS` writes to a pseudo-terminal (stdout and stderr)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "trialcmp", *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks)


@pytest.mark.slow
def test_colour_in_a_terminal_and_none_with_no_color(tmp_path: Path) -> None:
    env = {
        "PATH": "",
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "TRIALCMP_CACHE_DIR": str(tmp_path),
        "TRIALCMP_TODAY": "2026-11-30",
    }
    args = ("check", "-p", "examples/ineligible-lvef-50.yaml", "--brief")
    coloured = _in_a_terminal(env, *args)
    plain = _in_a_terminal({**env, "NO_COLOR": "1"}, *args)
    assert b"NCT07003555" in coloured and b"NCT07003555" in plain
    assert _colours(coloured), "a terminal gets the verdicts in colour"
    assert _colours(plain) == set(), "NO_COLOR: no colour (bold and dim may stay)"
