"""`check` before and after a change, in ONE run: the two codes alternate on the same data.

    git archive 341279d | tar -x -C /tmp/before      # the code before, anywhere
    .venv/bin/python benchmarks/check_before_after.py --before /tmp/before
    .venv/bin/python benchmarks/check_before_after.py --before /tmp/before --sizes 1000 10000

Both sides run `python -m trialcmp` with this interpreter, each with PYTHONPATH set to its
own code (this checkout for "after", unless --after) and its own cache folder, on the
synthetic data of `benchmarks/run.py` (a collection per size, 50 trials and a cohort of
patients, in a temporary folder deleted at the end). Each side first runs every command
twice untimed (the first run fills its cache), then the timed runs alternate: before,
after, the Rich-table floor. Figures are medians; the outputs of both sides are compared
(the same JSON value, or the same bytes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import EXAMPLES, ROOT, build_cohort, build_collection

PATIENT = EXAMPLES / "eligible-nct07003555.yaml"
FLOOR = [sys.executable, "-c", "import typer, rich.console, rich.table"]


def run(argv: list[str], work: Path, code: Path | None, cache: str) -> tuple[float, bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("TRIALCMP_DATA_DIR", "PYTHONPATH")}
    env.update(COLUMNS="100", NO_COLOR="1", TRIALCMP_CACHE_DIR=str(work / f"cache-{cache}"))
    if code is not None:
        env["PYTHONPATH"] = str(code)
        argv = [sys.executable, "-m", "trialcmp", *argv]
    started = time.perf_counter()
    proc = subprocess.run(argv, cwd=work, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"failed ({cache}): {' '.join(argv)}\n{proc.stderr.decode()[-2000:]}")
    return elapsed, proc.stdout


def same(a: bytes, b: bytes) -> str:
    try:
        return "same JSON value" if json.loads(a) == json.loads(b) else "DIFFERENT"
    except ValueError:
        return "byte-identical" if a == b else "DIFFERENT"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--after", type=Path, default=ROOT, help="the new code (this checkout)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000], help="collection sizes")
    parser.add_argument("--cohort", type=int, default=1000, help="patients in the cohort")
    parser.add_argument("--repeats", "-n", type=int, default=3, help="timed runs per side")
    args = parser.parse_args()
    sides = {"before": args.before.resolve(), "after": args.after.resolve()}
    work = Path(tempfile.mkdtemp(prefix="trialcmp-check-ab-"))
    try:
        for n in sorted({*args.sizes, 50}):
            build_collection(work / f"trials-{n}", n)
        build_cohort(work / "cohort", args.cohort)
        cases: dict[str, Callable[[], list[str]]] = {}
        json_of_one = ["check", "--patient", str(PATIENT), "--format", "json"]
        for n in args.sizes:
            cases[f"`check --format json`, 1 patient × {n:,} trials, warm cache"] = lambda n=n: [
                "--data-dir",
                f"trials-{n}",
                *json_of_one,
            ]
        cases[f"`check --patient COHORT/`, {args.cohort:,} patients × 50 trials, warm cache"] = (
            lambda: ["--data-dir", "trials-50", "check", "--patient", "cohort"]
        )
        outputs: dict[tuple[str, str], bytes] = {}
        for label, argv in cases.items():
            for side, code in sides.items():
                print(f"warming {side}: {label} ...", file=sys.stderr)
                run(argv(), work, code, side)  # fills the cache
                outputs[label, side] = run(argv(), work, code, side)[1]
        times: dict[tuple[str, str], list[float]] = {}
        floors: list[float] = []
        for _ in range(args.repeats):
            for label, argv in cases.items():
                for side, code in sides.items():
                    times.setdefault((label, side), []).append(run(argv(), work, code, side)[0])
                floors.append(run(FLOOR, work, None, "floor")[0])
        floor = statistics.median(floors)
        print(
            f"check before/after — median of {args.repeats} alternating runs; Python"
            f" {platform.python_version()}, {os.cpu_count()} CPU(s), load average"
            f" {os.getloadavg()[0]:.1f} at the end; Rich-table floor {floor:.3f} s"
        )
        print()
        print("| Measurement | before (s) | after (s) | after / before | after / floor | output |")
        print("|---|---|---|---|---|---|")
        for label in cases:
            before = statistics.median(times[label, "before"])
            after = statistics.median(times[label, "after"])
            output = same(outputs[label, "before"], outputs[label, "after"])
            print(
                f"| {label} | {before:.3f} | {after:.3f} | {after / before:.2f}× |"
                f" {after / floor:.1f}× | {output} |"
            )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
