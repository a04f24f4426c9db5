"""Speed of trialcmp, measured as ratios against a peer or a baseline in one run.

    .venv/bin/python benchmarks/run.py            # 1,000 and 10,000 trial files (~30 min)
    .venv/bin/python benchmarks/run.py --quick    # 1,000 trial files only (~3 min)
    .venv/bin/python benchmarks/run.py --repeats 5 --sizes 1000 10000 --keep
    .venv/bin/python benchmarks/run.py --startup  # start-up only (~1 min)
    .venv/bin/python benchmarks/run.py --startup --against /tmp/before  # and another tree

`--against DIR` also times the start-up of the trialcmp source tree in DIR (e.g. `git
worktree add /tmp/before main`), interleaved with this one, both as `python -m trialcmp`
with PYTHONPATH set and each with its own cache: before/after ratios from one run.

Every figure is the median wall time of N runs (default 3; start-up 10 or more) of a fresh
process, so start-up is always included; start-up figures come after one warm-up run of
each command. Most of the full run's time is check-jsonschema on 10,000 files.

The synthetic collections are copies of the real records in data/trials with unique IDs,
short names and aliases (so they validate); they and the synthetic patient cohort
(fictitious variations of examples/*.yaml) are written to a temporary folder that is
deleted at the end (unless --keep). Nothing else is written anywhere.

Targets (issue 9):
  --version               <= 1.5x `python -c "import typer, rich"`
  list, show ID           <= 1.5x `python -c "import typer, rich.console, rich.table"`
                          (start-up figures with and without PYTHONDONTWRITEBYTECODE=1)
  check --format json,    < 1 s with a warm cache of validated records (and <= 6x the
    1 patient x 10,000    Rich-table floor); cold (empty cache) <= 0.5x check-jsonschema
  check, 1,000 patients   < 2 s against 50 trials
    x 50 trials
  validate DIR            <= 0.25x check-jsonschema on the same files (we also run the
                          consistency checks)
  Typer floor             a do-nothing Typer command with one option, against
                          `python -c "import typer, rich"` (why Typer is pinned below 0.29)

The cache of validated records lives in the temporary folder (TRIALCMP_CACHE_DIR), never in
the user's cache folder.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "trials"
SCHEMA = ROOT / "schemas" / "trial.schema.json"
EXAMPLES = ROOT / "examples"
BIN = Path(sys.executable).parent
COMPARE_PAIR = ("NCT07003555", "ChiCTR2000033567")


def command(name: str, module: str) -> list[str]:
    """The console script next to this interpreter, else `python -m module`."""
    script = BIN / name
    return [str(script)] if script.exists() else [sys.executable, "-m", module]


TRIALCMP = command("trialcmp", "trialcmp")
CHECK_JSONSCHEMA = command("check-jsonschema", "check_jsonschema")


# ------------------------------------------------------------------ synthetic data


def _set_line(text: str, key: str, value: Any) -> tuple[str, int]:
    """Replace the top-level `key: ...` line (JSON is valid YAML for the new value)."""
    return re.subn(
        rf"^{key}:[^\n]*$",
        lambda _: f"{key}: {json.dumps(value, ensure_ascii=False)}",
        text,
        count=1,
        flags=re.M,
    )


def renamed(text: str, data: dict[str, Any], new_id: str, n: int) -> str:
    """The record's text with a new ID, short name and aliases (layout kept)."""
    changes: dict[str, Any] = {"id": new_id}
    if isinstance(data.get("short_name"), str):
        changes["short_name"] = f"{data['short_name'][:30]} #{n}"
    if isinstance(data.get("aliases"), list):
        changes["aliases"] = [f"{a} #{n}" for a in data["aliases"]]
    if isinstance(data.get("other_ids"), list):  # other registrations would clash too
        changes["other_ids"] = [f"PMID{n:07d}{i}" for i in range(len(data["other_ids"]))]
    for key, value in changes.items():
        text, count = _set_line(text, key, value)
        if not count:  # not a one-line value: fall back to re-dumping the whole record
            new = dict(data, **changes)
            return str(yaml.safe_dump(new, sort_keys=False, allow_unicode=True, width=100))
    return text


def build_collection(folder: Path, size: int) -> list[Path]:
    """`size` trial files, round-robin copies of the real records, all with unique names."""
    folder.mkdir(parents=True)
    records = []
    for path in sorted(DATA.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        records.append((text, yaml.safe_load(text)))
    files = []
    for i in range(size):
        text, data = records[i % len(records)]
        prefix = "ChiCTR9" if str(data["id"]).startswith("ChiCTR") else "NCT9"
        new_id = f"{prefix}{i:07d}"
        path = folder / f"{new_id}.yaml"
        path.write_text(renamed(text, data, new_id, i), encoding="utf-8")
        files.append(path)
    return files


def _vary(profile: dict[str, Any], rng: random.Random, n: int) -> dict[str, Any]:
    """A plausible variation of an example profile: same keys, different values."""
    out = json.loads(json.dumps(profile))  # deep copy of plain data
    out["id"] = f"BENCH-{n:04d}"
    if isinstance(out.get("age"), int):
        out["age"] = rng.randint(25, 82)
    if isinstance(out.get("ecog"), int):
        out["ecog"] = rng.randint(0, 3)
    if isinstance(out.get("weight_kg"), int | float):
        out["weight_kg"] = rng.randint(45, 110)
    therapy = out.get("prior_therapy")
    if isinstance(therapy, dict) and isinstance(therapy.get("lines"), int):
        therapy["lines"] = rng.randint(1, 9)
    labs = out.get("labs")
    if isinstance(labs, dict):
        for key, value in labs.items():
            if isinstance(value, float):
                labs[key] = round(value * rng.uniform(0.5, 1.6), 2)
    return out


def build_cohort(folder: Path, size: int, seed: int = 1) -> list[Path]:
    """`size` patient profiles varied from the examples (fictitious, in a temp folder)."""
    folder.mkdir(parents=True)
    examples = [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.yaml"))
    ]
    if not examples:
        raise SystemExit(f"no example patient profiles in {EXAMPLES}")
    rng = random.Random(seed)
    files = []
    for i in range(size):
        path = folder / f"patient-{i:04d}.yaml"
        data = _vary(examples[i % len(examples)], rng, i)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        files.append(path)
    return files


# ------------------------------------------------------------------ timing


CACHE_DIR: dict[str, str] = {}  # set by _run: the cache of validated records, in the temp folder
NOOP_TYPER = """
import typer
app = typer.Typer()
@app.command()
def main(name: str = typer.Option("x", "--name")) -> None:
    pass
app()
"""


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # the caller's PYTHONDONTWRITEBYTECODE would silently turn the figures "with bytecode"
    # into figures without it (for a tree that has no __pycache__ yet)
    unset = ("TRIALCMP_DATA_DIR", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update({"COLUMNS": "100", "NO_COLOR": "1", **CACHE_DIR, **(extra or {})})
    return env


def run_once(
    argv: Sequence[str],
    cwd: Path,
    *,
    ok: Sequence[int] = (0,),
    env: dict[str, str] | None = None,
) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        list(argv),
        cwd=cwd,
        env=_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode not in ok:
        shown = " ".join(argv[:6]) + (" ..." if len(argv) > 6 else "")
        raise SystemExit(
            f"benchmark command failed (exit {proc.returncode}): {shown}\n"
            + proc.stderr.decode(errors="replace")[-2000:]
        )
    return elapsed


def batches(args: list[str], base: int) -> list[list[str]]:
    """Split `args` like xargs so no command line exceeds a safe share of ARG_MAX."""
    try:
        limit = os.sysconf("SC_ARG_MAX") // 4
    except (AttributeError, ValueError, OSError):  # pragma: no cover - non-POSIX
        limit = 32_000
    limit = max(limit - base - sum(len(k) + 1 for k in os.environ) * 2, 16_000)
    out: list[list[str]] = [[]]
    size = 0
    for arg in args:
        if out[-1] and size + len(arg) + 1 > limit:
            out.append([])
            size = 0
        out[-1].append(arg)
        size += len(arg) + 1
    return out


@dataclass
class Timing:
    label: str
    commands: list[list[str]]  # run one after another; their times are summed
    cwd: Path
    ok: tuple[int, ...] = (0,)
    display: str | None = None  # how the command is shown in the table
    env: dict[str, str] | None = None
    before: Any = None  # called before every run (not timed), e.g. to empty the cache

    def once(self) -> float:
        if self.before is not None:
            self.before()
        return sum(run_once(argv, self.cwd, ok=self.ok, env=self.env) for argv in self.commands)

    def shown(self) -> str:
        if self.display is not None:
            return self.display

        def short(argv: list[str]) -> str:
            words = [Path(argv[0]).name, *argv[1:]]
            if len(words) > 8:
                words = [*words[:6], f"... ({len(words) - 6} more args)"]
            return " ".join(words)

        text = short(self.commands[0])
        if len(self.commands) > 1:
            text += f"  [in {len(self.commands)} batches, times summed]"
        return text


def measure(timings: Sequence[Timing], repeats: int, *, warm_up: bool = True) -> dict[str, float]:
    """Median seconds of each timing (runs interleaved), after one warm-up run of each."""
    if warm_up:
        for t in timings:
            t.once()
    samples: dict[str, list[float]] = {t.label: [] for t in timings}
    for _ in range(repeats):
        for t in timings:
            samples[t.label].append(t.once())
    return {label: statistics.median(values) for label, values in samples.items()}


# ------------------------------------------------------------------ report


@dataclass
class Row:
    what: str
    ours: float
    peer: float | None
    peer_name: str
    target: str
    limit: float  # ratio limit when peer is given, else seconds
    strict: bool = False  # `<` rather than `<=`

    @property
    def value(self) -> float:
        return self.ours / self.peer if self.peer else self.ours

    @property
    def passed(self) -> bool:
        return self.value < self.limit if self.strict else self.value <= self.limit

    def cells(self) -> list[str]:
        peer = f"{self.peer:.3f} ({self.peer_name})" if self.peer is not None else "—"
        ratio = f"{self.value:.2f}×" if self.peer is not None else "—"
        return [
            self.what,
            f"{self.ours:.3f}",
            peer,
            ratio,
            self.target,
            "PASS" if self.passed else "MISS",
        ]


def table(rows: Sequence[Row]) -> str:
    header = ["Measurement", "trialcmp (s)", "peer / baseline (s)", "ratio", "target", "result"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 trials only (a few minutes)")
    parser.add_argument(
        "--repeats", "-n", type=int, default=3, help="runs per figure (default 3; start-up: 10+)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="collection sizes (1000 10000)")
    parser.add_argument("--cohort", type=int, default=1000, help="patients in the cohort")
    parser.add_argument("--work", type=Path, help="folder for the synthetic data (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic data")
    parser.add_argument("--startup", action="store_true", help="time start-up only")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="time start-up only, also of the trialcmp source tree in DIR (interleaved)",
    )
    args = parser.parse_args(argv)
    repeats = args.repeats
    sizes = sorted(args.sizes or ([1000] if args.quick else [1000, 10_000]))

    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="trialcmp-bench-"))
    if work.exists() and any(work.iterdir()):
        raise SystemExit(f"{work} is not empty; pass an empty or new folder")
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.startup or args.against:
            return _run_startup(work, repeats, args.against)
        return _run(work, sizes, repeats, args.cohort)
    finally:
        if args.keep:
            print(f"\nsynthetic data kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def _ratio_row(what: str, ours: float, peer: float, peer_name: str, limit: float) -> Row:
    return Row(what, ours, peer, peer_name, f"≤ {limit:g}×", limit)


def _tree_timings(tree: Path, tag: str, env: dict[str, str] | None, cache: Path) -> list[Timing]:
    """--version, list and show of the source tree in `tree`, as `python -m trialcmp`, run
    from `tree` itself: `python -m` puts the working directory first on sys.path, before
    PYTHONPATH (from ROOT, every tree would time ROOT's code)."""
    env = {**(env or {}), "PYTHONPATH": str(tree), "TRIALCMP_CACHE_DIR": str(cache)}
    run = [sys.executable, "-m", "trialcmp"]
    return [
        Timing(f"version {tag}", [[*run, "--version"]], tree, env=env),
        Timing(f"list {tag}", [[*run, "list"]], tree, env=env),
        Timing(f"show {tag}", [[*run, "show", "bc19"]], tree, env=env),
    ]


def _startup_rows(
    repeats: int, bytecode: bool, against: Path | None = None, work: Path | None = None
) -> list[Row]:
    env = None if bytecode else {"PYTHONDONTWRITEBYTECODE": "1"}
    how = "" if bytecode else ", PYTHONDONTWRITEBYTECODE=1"
    floor1 = Timing("floor1", [[sys.executable, "-c", "import typer, rich"]], ROOT, env=env)
    floor2 = Timing(
        "floor2", [[sys.executable, "-c", "import typer, rich.console, rich.table"]], ROOT, env=env
    )
    noop = Timing("noop", [[sys.executable, "-c", NOOP_TYPER, "--name", "y"]], ROOT, env=env)
    version = Timing("version", [[*TRIALCMP, "--version"]], ROOT, env=env)
    list_t = Timing("list", [[*TRIALCMP, "list"]], ROOT, env=env)
    show_t = Timing("show", [[*TRIALCMP, "show", "bc19"]], ROOT, env=env)
    trees: list[Timing] = []
    if against is not None and work is not None:
        trees += _tree_timings(ROOT, "this tree", env, work / "cache-this")
        trees += _tree_timings(against, f"{against}", env, work / "cache-against")
    got = measure([floor1, floor2, noop, version, list_t, show_t, *trees], max(repeats, 10))
    f1, f2 = got["floor1"], got["floor2"]
    rows = [
        _ratio_row(f"`trialcmp --version`{how}", got["version"], f1, "import typer, rich", 1.5),
        _ratio_row(
            f"`trialcmp list` (real collection, warm cache){how}",
            got["list"],
            f2,
            "import typer, rich.console, rich.table",
            1.5,
        ),
        _ratio_row(
            f"`trialcmp show bc19` (warm cache){how}",
            got["show"],
            f2,
            "import typer, rich.console, rich.table",
            1.5,
        ),
        _ratio_row(
            f"do-nothing Typer command with one option{how} (Typer installed here)",
            got["noop"],
            f1,
            "import typer, rich",
            1.5,
        ),
    ]
    for t in trees:
        version_row = t.label.startswith("version")
        rows.append(
            _ratio_row(
                f"`python -m trialcmp {t.label}`{how}",
                got[t.label],
                f1 if version_row else f2,
                "import typer, rich" if version_row else "import typer, rich.console, rich.table",
                1.5,
            )
        )
    return rows


def _run_startup(work: Path, repeats: int, against: Path | None) -> int:
    """Start-up figures only (and those of the tree in `against`, interleaved)."""
    started = time.perf_counter()
    CACHE_DIR["TRIALCMP_CACHE_DIR"] = str(work / "cache")
    if against is not None:
        against = against.resolve()
        if not (against / "trialcmp" / "__init__.py").is_file():
            raise SystemExit(f"{against} holds no trialcmp source tree")
    print("timing start-up ...", file=sys.stderr)
    rows = _startup_rows(repeats, True, against, work)
    rows += _startup_rows(repeats, False, against, work)
    return _report(rows, repeats, started)


def _empty_cache() -> None:
    shutil.rmtree(CACHE_DIR["TRIALCMP_CACHE_DIR"], ignore_errors=True)


def _run(work: Path, sizes: list[int], repeats: int, cohort_size: int) -> int:
    started = time.perf_counter()
    CACHE_DIR["TRIALCMP_CACHE_DIR"] = str(work / "cache")
    print(f"building synthetic data in {work} ...", file=sys.stderr)
    collections = {n: build_collection(work / f"trials-{n}", n) for n in sizes}
    build_collection(work / "trials-50", 50)
    cohort = build_cohort(work / "cohort", cohort_size)
    patient = EXAMPLES / "eligible-nct07003555.yaml"
    one = str(sorted(DATA.glob("*.yaml"))[0])
    run_once([*TRIALCMP, "validate", one], ROOT)
    run_once([*CHECK_JSONSCHEMA, "--schemafile", str(SCHEMA), one], ROOT)

    rows: list[Row] = []
    print("timing start-up ...", file=sys.stderr)
    rows += _startup_rows(repeats, bytecode=True)
    rows += _startup_rows(repeats, bytecode=False)

    for n, files in collections.items():
        rel = [str(p.relative_to(work)) for p in files]
        peer = [
            [*CHECK_JSONSCHEMA, "--schemafile", str(SCHEMA), *chunk]
            for chunk in batches(rel, len(" ".join([*CHECK_JSONSCHEMA, str(SCHEMA)])) + 64)
        ]
        theirs = Timing(
            f"cjs-{n}",
            peer,
            work,
            display=f"check-jsonschema --schemafile schemas/trial.schema.json trials-{n}/*.yaml"
            + (f" (in {len(peer)} batches, times summed)" if len(peer) > 1 else ""),
        )
        ours = Timing(f"validate-{n}", [[*TRIALCMP, "validate", f"trials-{n}"]], work)
        check = [
            *TRIALCMP,
            "--data-dir",
            f"trials-{n}",
            "check",
            "--patient",
            str(patient),
            "--format",
            "json",
        ]
        cold = Timing(f"cold-{n}", [check], work, before=_empty_cache)
        warm = Timing(f"warm-{n}", [check], work)
        print(f"timing validate and check on {n:,} files ...", file=sys.stderr)
        result = measure([ours, theirs, cold], repeats, warm_up=False)
        result.update(measure([warm], repeats, warm_up=True))
        rich_floor = [sys.executable, "-c", "import typer, rich.console, rich.table"]
        floor2 = measure([Timing("floor2", [rich_floor], ROOT)], max(repeats, 10))["floor2"]
        shown = f"trialcmp --data-dir trials-{n} check --patient {patient.name} --format json"
        rows += [
            _ratio_row(
                f"`{ours.shown()}` vs `{theirs.shown()}` ({n:,} files)",
                result[ours.label],
                result[theirs.label],
                "check-jsonschema",
                0.25,
            ),
            _ratio_row(
                f"`{shown}`, cold (empty cache), vs check-jsonschema ({n:,} files)",
                result[cold.label],
                result[theirs.label],
                "check-jsonschema",
                0.5,
            ),
            Row(
                f"`{shown}`, warm cache: 1 patient vs {n:,} trials",
                result[warm.label],
                None,
                "",
                "< 1 s",
                1.0,
                strict=True,
            ),
            _ratio_row(
                f"`{shown}`, warm cache, vs the Rich-table floor",
                result[warm.label],
                floor2,
                "import typer, rich.console, rich.table",
                6.0,
            ),
        ]

    print("timing the cohort ...", file=sys.stderr)
    many = Timing(
        "check-cohort",
        [[*TRIALCMP, "--data-dir", "trials-50", "check", "--patient", str(work / "cohort")]],
        work,
    )
    checks = measure([many], repeats, warm_up=True)
    rows.append(
        Row(
            f"`trialcmp --data-dir trials-50 check --patient COHORT/`: {len(cohort):,} patients"
            " vs 50 trials (warm cache)",
            checks[many.label],
            None,
            "",
            "< 2 s",
            2.0,
            strict=True,
        )
    )

    return _report(rows, repeats, started)


def _report(rows: list[Row], repeats: int, started: float) -> int:
    print()
    print(
        f"trialcmp benchmarks — median of {repeats} runs (start-up: {max(repeats, 10)}),"
        f" one run; Python {platform.python_version()},"
        f" {platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s),"
        f" load average {os.getloadavg()[0]:.1f} at the end"
    )
    print()
    print(table(rows))
    print()
    print(f"total benchmark time {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
