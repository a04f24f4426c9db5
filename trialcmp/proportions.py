"""Checks of the numbers of a result that a schema cannot express: each proportion
(n/N, %, 95% CI) agrees with itself and with the other places a source gives it
(`variants`), and the counts of a best response add up.

A finding within one statement is an error (code `proportion`, `best-response`); one the
curator recorded as the source's own (`source_inconsistency`, a variant that differs) is a
warning with code `source-inconsistency`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialcmp.problems import Problem, Severity
from trialcmp.schema import problem_at
from trialcmp.stats import agrees, clopper_pearson
from trialcmp.yamlio import Document

Parts = list[str | int]
Nodes = list[tuple[Parts, Any]]

RESPONSE_CATEGORIES = ("scr", "cr", "vgpr", "pr")
#: n and N count patients; a larger value is a typo.
MAX_COUNT = 100_000


def figure(x: float) -> str:
    """A figure as a message quotes it: at most one decimal, no trailing zero."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _pct(n: int, total: int) -> float:
    return 100.0 * n / total


def _is_proportion(parts: Parts, value: Any) -> bool:
    return isinstance(value, dict) and (
        "N" in value or ("pct" in value and "at_months" not in value)
    )


def _proportion_findings(prop: dict[str, Any]) -> list[str]:
    """What is inconsistent within one statement (pct vs n/N, CI vs exact CI, n <= N)."""
    found: list[str] = []
    n, total, pct, ci = prop.get("n"), prop.get("N"), prop.get("pct"), prop.get("ci95")
    for key, count in (("N", total), ("n", n)):
        if isinstance(count, int) and count > MAX_COUNT:
            return [f"{key} = {count:,} is not a plausible count of patients (limit {MAX_COUNT:,})"]
    if isinstance(n, int) and isinstance(total, int) and total > 0:
        if n > total:
            return [f"n = {n} is larger than N = {total}"]
        exact = _pct(n, total)
        if isinstance(pct, int | float) and not agrees(pct, exact):
            found.append(f"{figure(pct)}% does not match {n}/{total} = {exact:.1f}%")
        method = str(prop.get("ci_method", "Clopper-Pearson")).lower()
        exact_method = any(w in method for w in ("clopper", "exact"))
        if isinstance(ci, list) and len(ci) == 2 and exact_method:
            lo, hi = clopper_pearson(n, total)
            lo, hi = 100 * lo, 100 * hi
            if not (agrees(ci[0], lo) and agrees(ci[1], hi)):
                found.append(
                    f"95% CI {figure(ci[0])}–{figure(ci[1])}% is not the exact (Clopper–Pearson)"
                    f" interval of {n}/{total}, {lo:.1f}–{hi:.1f}%"
                )
    if isinstance(ci, list) and len(ci) == 2 and ci[0] > ci[1]:
        found.append(f"CI lower bound {ci[0]} is above the upper bound {ci[1]}")
    return found


def check_proportions(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    for parts, value in nodes:
        if not _is_proportion(parts, value) or (parts and parts[-2:-1] == ["variants"]):
            continue
        findings = _proportion_findings(value)
        note = value.get("source_inconsistency")
        if note:
            detail = "; ".join(findings) if findings else "checks pass"
            yield problem_at(
                doc,
                parts,
                f"source inconsistency: {note} [{detail}]",
                "source-inconsistency",
                Severity.WARNING,
            )
        else:
            for finding in findings:
                yield problem_at(doc, parts, finding, "proportion")
        for i, variant in enumerate(value.get("variants") or []):
            yield from _variant_problems(doc, [*parts, "variants", i], value, variant)


def _variant_problems(
    doc: Document, parts: Parts, main: dict[str, Any], variant: dict[str, Any]
) -> Iterator[Problem]:
    where = "; ".join(str(c.get("where")) for c in variant.get("cite") or [] if isinstance(c, dict))
    said = []
    if "n" in variant or "N" in variant:
        said.append(f"{variant.get('n')}/{variant.get('N')}")
    if "pct" in variant:
        said.append(f"{figure(variant['pct'])}%")
    if "ci95" in variant:
        said.append(f"95% CI {figure(variant['ci95'][0])}–{figure(variant['ci95'][1])}")
    main_said = []
    if "n" in main:
        main_said.append(f"{main['n']}/{main['N']}")
    if "pct" in main:
        main_said.append(f"{figure(main['pct'])}%")
    merged: dict[str, Any] = {k: main[k] for k in ("n", "N") if k in main}
    merged.update(variant)
    findings = _proportion_findings(merged)
    differs = any(k in variant and k in main and variant[k] != main[k] for k in ("n", "N", "pct"))
    if findings or differs:
        detail = "; ".join(findings) or "differs from the main value"
        yield problem_at(
            doc,
            parts,
            f"source inconsistency: {where or 'another place'} says {' '.join(said)}"
            f" where the main value is {' '.join(main_said) or 'different'} ({detail})",
            "source-inconsistency",
            Severity.WARNING,
        )


def check_best_response(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    for i, report in enumerate(doc.data.get("results") or []):
        eff = report.get("efficacy") if isinstance(report, dict) else None
        if not isinstance(eff, dict):
            continue
        base: Parts = ["results", i, "efficacy"]

        def count(key: str, eff: dict[str, Any] = eff) -> int | None:
            v = eff.get(key)
            return v.get("n") if isinstance(v, dict) and isinstance(v.get("n"), int) else None

        cats = {k: count(k) for k in RESPONSE_CATEGORIES}
        orr = count("orr")
        if orr is not None and all(v is not None for v in cats.values()):
            total = sum(v for v in cats.values() if v is not None)
            if total != orr:
                parts_ = " + ".join(f"{k} {v}" for k, v in cats.items())
                yield problem_at(
                    doc,
                    [*base, "orr"],
                    f"best-response categories do not add up: {parts_} = {total}, ORR n = {orr}",
                    "best-response",
                )
        crp = count("cr_or_better")
        if crp is not None and cats["scr"] is not None and cats["cr"] is not None:
            if cats["scr"] + cats["cr"] != crp:
                yield problem_at(
                    doc,
                    [*base, "cr_or_better"],
                    f"CR or better n = {crp} but sCR {cats['scr']} + CR {cats['cr']}"
                    f" = {cats['scr'] + cats['cr']}",
                    "best-response",
                )
        vgp = count("vgpr_or_better")
        if vgp is not None and all(cats[k] is not None for k in ("scr", "cr", "vgpr")):
            total = sum(cats[k] or 0 for k in ("scr", "cr", "vgpr"))
            if total != vgp:
                yield problem_at(
                    doc,
                    [*base, "vgpr_or_better"],
                    f"VGPR or better n = {vgp} but sCR + CR + VGPR = {total}",
                    "best-response",
                )
        for key in ("cr_or_better", "vgpr_or_better", *RESPONSE_CATEGORIES):
            c = count(key)
            if c is not None and orr is not None and c > orr:
                yield problem_at(
                    doc, [*base, key], f"{key} n = {c} exceeds ORR n = {orr}", "best-response"
                )
