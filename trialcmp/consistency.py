"""Consistency checks that a schema cannot express.

Each check takes a schema-valid trial Document and yields Problems. Errors are curation
mistakes; warnings are the sources' own inconsistencies (recorded with `variants` or
`source_inconsistency`) and values flagged with `verify`. `CHECKS` lists every per-file
check, including those of other modules: proportions and best-response counts
(`trialcmp.proportions`), arithmetic (`trialcmp.arithmetic`), skeleton marks
(`trialcmp.curation`) and inconsistency flags (`trialcmp.flags`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any

from trialcmp.arithmetic import check_impossible_percentages, check_time_to_event
from trialcmp.curation import check_skeleton_marks
from trialcmp.eligibility.tree import parse, problems
from trialcmp.eligibility.tree import walk as rule_leaves
from trialcmp.flags import check_inconsistency_flags
from trialcmp.names import names_of
from trialcmp.problems import Problem, Severity
from trialcmp.proportions import check_best_response, check_proportions, figure
from trialcmp.schema import problem_at
from trialcmp.yamlio import Document

Parts = list[str | int]
#: Every (path, value) of one document, walked once and shared by the checks.
Nodes = list[tuple[Parts, Any]]
Check = Callable[[Document, Nodes], Iterator[Problem]]


def walk(value: Any, parts: Parts | None = None) -> Iterator[tuple[Parts, Any]]:
    """Every (path, value) pair of the data, depth first, in document order."""
    parts = [] if parts is None else parts
    stack: list[tuple[Parts, Any]] = [(parts, value)]
    while stack:
        here, item = stack.pop()
        yield here, item
        if isinstance(item, dict):
            stack.extend(([*here, k], v) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend(([*here, i], v) for i, v in reversed(list(enumerate(item))))


# ---------------------------------------------------------------- per-file checks


def check_file_name(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    stem = PurePath(doc.path).stem
    trial_id = doc.data.get("id")
    if isinstance(trial_id, str) and stem != trial_id:
        yield problem_at(
            doc,
            ["id"],
            f"id {trial_id!r} does not match the file name {PurePath(doc.path).name!r}"
            f" (expected {trial_id}.yaml)",
            "file-name",
        )


def check_non_finite(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    for parts, value in nodes:
        if isinstance(value, float) and not math.isfinite(value):
            yield problem_at(doc, parts, f"{value!r} is not a finite number", "non-finite")


def check_citations(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    sources = doc.data.get("sources") or []
    ids = [str(s.get("id")) for s in sources if isinstance(s, dict)]
    seen: set[str] = set()
    for i, sid in enumerate(ids):
        if sid in seen:
            yield problem_at(doc, ["sources", i, "id"], f"source id {sid!r} is used twice", "cite")
        seen.add(sid)
    for parts, value in nodes:
        if not parts or parts[-1] != "cite":
            continue
        # A block cites a list of places; an inconsistency statement cites one.
        located: list[tuple[int | None, Any]] = (
            list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        )
        for index, cite in located:
            if isinstance(cite, dict) and cite.get("source") not in seen:
                known = ", ".join(sorted(s for s in seen if s)) or "none"
                at = [*parts, "source"] if index is None else [*parts, index, "source"]
                yield problem_at(
                    doc,
                    at,
                    f"cites unknown source {cite.get('source')!r}; sources: {known}",
                    "cite",
                )


def check_arms(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    """A report's `arm` and a hazard ratio's `arm`/`versus` name arms the record lists."""
    arms = doc.data.get("arms") or []
    ids = [str(a.get("id")) for a in arms if isinstance(a, dict)]
    known = ", ".join(ids) or "none (the record lists no arms)"
    for parts, value in nodes:
        if not parts or not isinstance(value, str) or parts[-1] not in ("arm", "versus"):
            continue
        in_report = len(parts) == 3 and parts[0] == "results"
        in_hr = len(parts) == 5 and parts[0] == "results" and parts[2] == "hazard_ratios"
        if (in_report or in_hr) and value not in ids:
            yield problem_at(doc, parts, f"names unknown arm {value!r}; arms: {known}", "arms")


def check_ranges(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    for parts, value in nodes:
        if not isinstance(value, dict):
            continue
        if "median" in value and isinstance(value.get("median"), int | float):
            lo, mid, hi = value.get("min"), value["median"], value.get("max")
            if isinstance(lo, int | float) and isinstance(hi, int | float) and lo > hi:
                yield problem_at(doc, parts, f"range min {lo} is above max {hi}", "range")
            elif (isinstance(lo, int | float) and mid < lo) or (
                isinstance(hi, int | float) and mid > hi
            ):
                yield problem_at(doc, parts, f"median {mid} lies outside its range", "range")
        if isinstance(value.get("value"), int | float) and isinstance(
            value.get("value_max"), int | float
        ):
            if value["value"] > value["value_max"]:
                yield problem_at(doc, parts, f"value {value['value']} is above value_max", "range")
        if isinstance(value.get("dose"), int | float) and isinstance(
            value.get("dose_max"), int | float
        ):
            if value["dose"] > value["dose_max"]:
                yield problem_at(doc, parts, f"dose {value['dose']} is above dose_max", "range")
        ci = value.get("ci95")
        if (
            "months" in value
            and isinstance(ci, list)
            and len(ci) == 2
            and isinstance(ci[0], int | float)
            and isinstance(ci[1], int | float)
            and ci[0] > ci[1]
        ):
            yield problem_at(doc, [*parts, "ci95"], "CI lower bound is above the upper", "range")
        if "at_months" in value and isinstance(ci, list) and len(ci) == 2 and ci[0] > ci[1]:
            yield problem_at(doc, [*parts, "ci95"], "CI lower bound is above the upper", "range")


def check_lymphodepletion(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    ld = doc.data.get("lymphodepletion") or {}
    for r, regimen in enumerate(ld.get("regimens") or []):
        for d, drug in enumerate(regimen.get("drugs") or []):
            days = drug.get("days")
            if not isinstance(days, dict):
                continue
            parts: Parts = ["lymphodepletion", "regimens", r, "drugs", d, "days"]
            start, end = days.get("from"), days.get("to")
            if isinstance(start, int) and isinstance(end, int):
                if start > end:
                    yield problem_at(doc, parts, f"day {start} comes after day {end}", "range")
                if end >= 0:
                    yield problem_at(
                        doc,
                        parts,
                        f"{drug.get('drug')} is given up to day {end}; lymphodepletion must"
                        " end before the infusion on day 0",
                        "lymphodepletion",
                    )


def check_verify_flags(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    for parts, value in nodes:
        if isinstance(value, dict) and isinstance(value.get("verify"), str):
            yield problem_at(
                doc,
                parts,
                f"flagged for verification: {value['verify']}",
                "verify",
                Severity.WARNING,
            )


def check_criteria(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    elig = doc.data.get("eligibility")
    if not isinstance(elig, dict):
        return
    seen: set[str] = set()
    for i, crit in enumerate(elig.get("criteria") or []):
        parts: Parts = ["eligibility", "criteria", i]
        cid = crit.get("id")
        if cid in seen:
            yield problem_at(doc, [*parts, "id"], f"criterion id {cid!r} is used twice", "criteria")
        seen.add(cid)
        for key in ("rule", "applies_when"):
            if key in crit:
                for where, message in problems(parse(crit[key]), (key,)):
                    yield problem_at(doc, [*parts, *where], message, "rule")


def _age_bounds(rule: Any) -> Iterator[tuple[str, float]]:
    """The age bounds a rule requires outright: its age comparisons under `all`s only."""
    if rule is None:
        return
    for leaf, _, path in rule_leaves(parse(rule)):
        outright = all(step == "all" or isinstance(step, int) for step in path)
        if outright and leaf.field == "age" and isinstance(leaf.written, int | float):
            yield leaf.op, float(leaf.written)


def check_age_against_population(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    age = (doc.data.get("population") or {}).get("age")
    elig = doc.data.get("eligibility")
    if not isinstance(age, dict) or not isinstance(elig, dict):
        return
    lo, hi = age.get("min"), age.get("max")
    for i, crit in enumerate(elig.get("criteria") or []):
        if crit.get("kind") != "inclusion":
            continue
        for op, bound in _age_bounds(crit.get("rule")):
            outside = (
                (op == "<" and isinstance(hi, int | float) and hi >= bound)
                or (op == "<=" and isinstance(hi, int | float) and hi > bound)
                or (op == ">" and isinstance(lo, int | float) and lo <= bound)
                or (op == ">=" and isinstance(lo, int | float) and lo < bound)
            )
            if outside:
                yield problem_at(
                    doc,
                    ["eligibility", "criteria", i],
                    f"source inconsistency: criterion requires age {op} {figure(bound)} but the"
                    f" treated patients' ages range {lo}–{hi}",
                    "source-inconsistency",
                    Severity.WARNING,
                )


CHECKS: tuple[Check, ...] = (
    check_file_name,
    check_non_finite,
    check_citations,
    check_arms,
    check_proportions,
    check_best_response,
    check_ranges,
    check_lymphodepletion,
    check_criteria,
    check_age_against_population,
    check_verify_flags,
    check_skeleton_marks,
    check_impossible_percentages,
    check_time_to_event,
    check_inconsistency_flags,
)


def file_problems(doc: Document, *, partial: bool = False) -> list[Problem]:
    """Every consistency problem of a schema-valid document. With `partial`, the document
    is only the schema-valid part of a file that has schema errors (reported apart): a
    check that meets a shape it does not expect there finds nothing instead of failing."""
    problems: list[Problem] = []
    nodes = list(walk(doc.data))
    for check in CHECKS:
        if partial:
            try:
                found = list(check(doc, nodes))
            except (TypeError, AttributeError, KeyError, IndexError, ValueError):
                continue
        else:
            found = list(check(doc, nodes))
        problems.extend(found)
        if check is check_non_finite and found:
            break  # the checks after it do arithmetic that NaN and infinity would derail
    return problems


# ---------------------------------------------------------------- collection checks


def collection_problems(docs: list[Document]) -> list[Problem]:
    """IDs, other IDs and aliases must be unique across the collection (case-insensitively)."""
    owner: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        mine: set[str] = set()
        for parts, name in names_of(doc.data):
            key = name.casefold()
            if key in mine:
                continue
            mine.add(key)
            if key in owner and owner[key][0] != doc.path:
                other_file, other_id = owner[key]
                problems.append(
                    problem_at(
                        doc,
                        parts,
                        f"name {name!r} is already used by {other_id} ({other_file})",
                        "unique",
                    )
                )
            else:
                owner[key] = (doc.path, str(doc.data.get("id")))
    return problems
