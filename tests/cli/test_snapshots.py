"""Byte-exact snapshots of every command's output on the shipped records.

The snapshots were taken before issue 9's refactoring; the refactoring keeps the output
byte-identical (except where an issue names a change). Deliberate changes since: `show`
prints the eligibility block's own source (where the criteria were read; it was never
shown). A deliberate output change updates them:
`TRIALCMP_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/cli/test_snapshots.py`, then review the
diff of `tests/cli/snapshots/` before committing.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ORIGINAL_IDS, ROOT, run_cli

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("TRIALCMP_UPDATE_SNAPSHOTS") == "1"

#: The snapshots cover the eight records curated before the landscape grew; they run in a
#: folder laid out like the checkout (data/trials, examples) holding copies of just those.
TRIALS = sorted(ORIGINAL_IDS)
PAIR = ("NCT07003555", "ChiCTR2000033567")
COMPARATORS = ("bc19", "karmma", "cartitude-1")
METRICS = ("orr", "cr", "mrd", "crs", "crs3", "neurotox", "neurotox3")
EXAMPLES = ("eligible-nct07003555", "incomplete-missing-labs", "ineligible-lvef-50")

CASES: list[tuple[str, ...]] = [
    *(("list", "--format", f) for f in ("table", "json", "csv", "markdown")),
    ("list", "--target", "CD19", "--phase", "1"),
    *(("show", t, "--format", f) for t in TRIALS for f in ("text", "json")),
    ("show", "bc19", "--format", "yaml"),
    ("show", "nosuchtrial"),
    *(("compare", *PAIR, "--format", f) for f in ("table", "markdown", "csv", "json")),
    ("compare", *COMPARATORS, "--section", "efficacy", "--section", "safety"),
    ("compare", "bc19", "bm38", "--diff", "--format", "markdown"),
    ("compare", *TRIALS),
    *(("plot", m) for m in METRICS),
    ("plot", "orr", "--format", "json"),
    *(
        ("check", "--patient", f"examples/{e}.yaml", "--format", f)
        for e in EXAMPLES
        for f in ("text", "json")
    ),
    ("check", "--patient", "examples/", "--format", "table"),
    ("check", "--patient", "examples/", "--format", "csv"),
    *(("validate", "--format", f) for f in ("text", "json", "github")),
]


def _name(args: tuple[str, ...]) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "_", "-".join(args)).strip("_")


@pytest.fixture(scope="module")
def snapshot_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("snapshot-root")
    (root / "data" / "trials").mkdir(parents=True)
    for trial_id in ORIGINAL_IDS:
        name = f"{trial_id}.yaml"
        shutil.copy(ROOT / "data" / "trials" / name, root / "data" / "trials" / name)
    shutil.copytree(ROOT / "examples", root / "examples")
    return root


def _render(args: tuple[str, ...]) -> str:
    run = run_cli("--data-dir", "data/trials", *args)
    return (
        f"$ trialcmp {' '.join(args)}\n"
        f"--- exit {run.exit_code}\n"
        f"--- stdout\n{run.stdout}"
        f"--- stderr\n{run.stderr}"
    )


@pytest.mark.parametrize("args", CASES, ids=_name)
def test_output_matches_snapshot(
    args: tuple[str, ...], snapshot_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(snapshot_root)
    actual = _render(args)
    path = SNAPSHOTS / f"{_name(args)}.txt"
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output of `trialcmp {' '.join(args)}` differs from {path.name}"
