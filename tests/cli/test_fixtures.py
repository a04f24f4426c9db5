"""Every file in fixtures/trials/valid passes `validate`; every file in invalid/ fails it.

An invalid fixture's first line says what the report must contain:
`# expect: LINE:COL message fragment` (the location is optional).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, CliFn

VALID = sorted((FIXTURES / "trials" / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "trials" / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (?:(\d+):(\d+) )?(.+)$")


def _expectation(path: Path) -> tuple[str | None, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    match = EXPECT.match(first)
    assert match, f"{path.name} must start with '# expect: ...'"
    line, col, fragment = match.groups()
    return (f"{line}:{col}" if line else None), fragment


def test_fixture_folders_are_not_empty() -> None:
    assert len(VALID) >= 2
    assert len(INVALID) >= 15


@pytest.mark.parametrize("path", VALID, ids=[p.name for p in VALID])
def test_valid_fixture_passes(cli: CliFn, path: Path) -> None:
    run = cli("validate", str(path))
    assert run.exit_code == 0, run.stdout
    assert ": 0 errors," in run.stdout


@pytest.mark.parametrize("path", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_is_reported_at_its_place(cli: CliFn, path: Path) -> None:
    location, fragment = _expectation(path)
    run = cli("validate", str(path))
    assert run.exit_code == 1, run.stdout
    lines = [ln for ln in run.stdout.splitlines() if fragment in ln]
    assert lines, f"{fragment!r} not in:\n{run.stdout}"
    if location is not None:
        assert any(f"{path.name}:{location}: error:" in ln for ln in lines), run.stdout
    assert "Traceback" not in run.stdout + run.stderr
