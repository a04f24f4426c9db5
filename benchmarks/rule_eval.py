"""Rule evaluation in-process: every rule of data/trials for every profile in examples/.

    .venv/bin/python benchmarks/rule_eval.py              # 1,000 rounds, best of 3
    .venv/bin/python benchmarks/rule_eval.py --rounds 200 --repeats 5

Each rule (`rule` and `applies_when` of every curated criterion) is parsed once into its
tree (`trialcmp.eligibility.tree`); one round evaluates every tree for every example
profile. Prints the best of `--repeats` timings of `--rounds` rounds (CPU time of this
process, so that other load on the machine counts less) and what one evaluation costs. The
memo of the check engine is not used: this is the tree walk alone.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

from trialcmp.eligibility.profile import load_profile
from trialcmp.eligibility.tree import Node, evaluate, parse

ROOT = Path(__file__).resolve().parent.parent


def trees() -> list[Node]:
    out: list[Node] = []
    for path in sorted((ROOT / "data" / "trials").glob("*.yaml")):
        trial = yaml.safe_load(path.read_text(encoding="utf-8"))
        for criterion in (trial.get("eligibility") or {}).get("criteria") or []:
            for key in ("rule", "applies_when"):
                if criterion.get(key) is not None:
                    out.append(parse(criterion[key]))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    nodes = trees()
    profiles = [load_profile(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    best = float("inf")
    for _ in range(args.repeats):
        start = time.process_time()
        for _ in range(args.rounds):
            for profile in profiles:
                for node in nodes:
                    evaluate(node, profile)
        best = min(best, time.process_time() - start)
    count = args.rounds * len(profiles) * len(nodes)
    print(
        f"{len(nodes)} rules x {len(profiles)} profiles x {args.rounds} rounds:"
        f" {best:.3f} s CPU (best of {args.repeats}), {best / count * 1e6:.2f} µs per evaluation"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
