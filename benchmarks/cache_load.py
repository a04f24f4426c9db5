"""Cold and warm load of a synthetic collection through the cache of validated records.

    .venv/bin/python benchmarks/cache_load.py                       # 1,000 files, 5 runs
    .venv/bin/python benchmarks/cache_load.py --code OLD --code .   # before and after

`--code DIR` (repeatable) runs the loads against the `trialcmp` package found in DIR (e.g.
an export of an older commit: `git archive REV trialcmp schemas data | tar -x -C OLD`), so
before and after are measured on the same files in the same run, the trees taking turns.
Each figure is the median of N fresh processes timing (process CPU time by default; the
machine is shared) `load_collection(folder)` and reading each trial's record, imports
excluded: cold with an empty cache (every file parsed, validated and, since the typed
model, built), warm with the cache the cold run wrote; "warm with dicts" also reads the
`Trial.data` dict of every trial, in a tree that still has it (it went once every command
read the model; elsewhere the figure is the warm one). The synthetic files are copies of
data/trials with unique names (benchmarks/run.py: build_collection), in a temporary folder
deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ROOT, build_collection

PROBE = """
import sys, time
from pathlib import Path
from trialcmp.collection import load_collection
clock = time.process_time if sys.argv[2] == "cpu" else time.perf_counter
start = clock()
collection = load_collection(Path(sys.argv[1]))
for trial in collection:
    getattr(trial, "record", None) or trial.data  # typed record (raw dict before the model)
loaded = clock()
for trial in collection:
    getattr(trial, "data", None)  # what a command reading the dict paid, where it still exists
print(loaded - start, clock() - start, len(collection))
"""


def load_seconds(
    code: Path, folder: Path, cache: Path, *, cold: bool, clock: str
) -> tuple[float, float]:
    if cold and cache.exists():
        shutil.rmtree(cache)
    env = dict(os.environ, TRIALCMP_CACHE_DIR=str(cache), PYTHONPATH=str(code))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), clock],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=code,
    ).stdout.split()
    return float(out[0]), float(out[1])


def median(runs: list[tuple[float, float]], i: int) -> float:
    return round(statistics.median(r[i] for r in runs), 4)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--code", type=Path, action="append", help="a tree holding trialcmp/")
    parser.add_argument(
        "--clock", choices=("cpu", "wall"), default="cpu", help="process CPU time or wall time"
    )
    args = parser.parse_args(argv)
    trees = args.code or [ROOT]
    cold: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(trees))}
    warm: dict[int, list[tuple[float, float]]] = {i: [] for i in range(len(trees))}
    results = {}
    with tempfile.TemporaryDirectory(prefix="trialcmp-cache-bench-") as tmp:
        folder = Path(tmp) / "trials"
        build_collection(folder, args.size)
        caches = [Path(tmp) / f"cache-{i}" for i in range(len(trees))]
        # the trees take turns, so a change in the machine's load hits them alike
        for _ in range(args.repeats):
            for i, code in enumerate(trees):
                cold[i].append(load_seconds(code, folder, caches[i], cold=True, clock=args.clock))
        for _ in range(args.repeats):
            for i, code in enumerate(trees):
                run = load_seconds(code, folder, caches[i], cold=False, clock=args.clock)
                warm[i].append(run)
        for i, code in enumerate(trees):
            size = sum(p.stat().st_size for p in caches[i].iterdir())
            results[str(code)] = {
                "cold_s": median(cold[i], 0),
                "warm_s": median(warm[i], 0),
                "warm_with_dicts_s": median(warm[i], 1),
                "cache_mib": round(size / 2**20, 1),
            }
    head = {"files": args.size, "repeats": args.repeats, "clock": args.clock}
    print(json.dumps({**head, **results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
