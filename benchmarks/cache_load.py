"""Cold and warm load of a synthetic collection through the cache of validated records.

    .venv/bin/python benchmarks/cache_load.py                 # 1,000 files, 5 runs each
    .venv/bin/python benchmarks/cache_load.py --code OTHER    # the same, for another tree

`--code DIR` runs the loads against the `trialcmp` package found in DIR (e.g. an export of
an older commit: `git archive REV trialcmp schemas data | tar -x -C DIR`), so before and
after are measured on the same files in the same run. Each figure is the median of N fresh
processes timing `load_collection(folder)` alone (imports excluded): cold with an empty
cache (every file parsed, validated, and, since the typed model, built), warm with the
cache written by the cold run. The synthetic files are copies of data/trials with unique
names (benchmarks/run.py: build_collection), in a temporary folder deleted at the end.
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
start = time.perf_counter()
collection = load_collection(Path(sys.argv[1]))
for trial in collection:
    getattr(trial, "record", None) or trial.data  # what a command then reads
print(time.perf_counter() - start, len(collection))
"""


def load_seconds(code: Path, folder: Path, cache: Path, *, cold: bool) -> float:
    if cold and cache.exists():
        shutil.rmtree(cache)
    env = dict(os.environ, TRIALCMP_CACHE_DIR=str(cache), PYTHONPATH=str(code))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=code,
    ).stdout.split()
    return float(out[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--code", type=Path, action="append", help="a tree holding trialcmp/")
    args = parser.parse_args(argv)
    trees = args.code or [ROOT]
    results = {}
    with tempfile.TemporaryDirectory(prefix="trialcmp-cache-bench-") as tmp:
        folder = Path(tmp) / "trials"
        build_collection(folder, args.size)
        for i, code in enumerate(trees):
            cache = Path(tmp) / f"cache-{i}"
            cold = [load_seconds(code, folder, cache, cold=True) for _ in range(args.repeats)]
            load_seconds(code, folder, cache, cold=True)  # leave a written cache
            warm = [load_seconds(code, folder, cache, cold=False) for _ in range(args.repeats)]
            size = sum(p.stat().st_size for p in cache.iterdir())
            results[str(code)] = {
                "cold_s": round(statistics.median(cold), 4),
                "warm_s": round(statistics.median(warm), 4),
                "cache_mib": round(size / 2**20, 1),
            }
    print(json.dumps({"files": args.size, "repeats": args.repeats, **results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
