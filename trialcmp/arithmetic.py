"""General arithmetic checks: figures that their own numbers cannot give.

No per-trial special case: each check applies to every record.

* A percentage that no whole number of patients over its denominator gives, to the
  source's rounding (with no stated denominator: over any group no larger than the
  report's patients).
* A median time-to-event whose estimate or 95% CI reaches beyond the longest follow-up
  reported with it, and a landmark rate beyond that follow-up: a Kaplan–Meier curve ends
  with the last patient followed.
* A median whose estimate or CI bound contradicts a landmark rate of the same measure:
  with more than half event-free at t months the median is not before t, and when the
  rate's own CI lies wholly above 50% neither is the median's lower bound.

Each finding is a warning (the sources' numbers are kept as stated) with code
`arithmetic`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialcmp.problems import Problem, Severity
from trialcmp.schema import json_path
from trialcmp.stats import agrees
from trialcmp.yamlio import Document

Parts = list[str | int]
Nodes = list[tuple[Parts, Any]]

#: Denominators are searched up to this size when the source states none.
MAX_SEARCHED_GROUP = 2_000
MEDIANS = {"pfs_median": "PFS", "os_median": "OS", "dor_median": "DOR"}


def _number(value: Any) -> float | None:
    """A number as written (an int stays an int, so `5.0` prints as the source wrote it)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _fmt(x: float) -> str:
    return str(x)


def _warn(doc: Document, parts: Parts, message: str) -> Problem:
    line, column = doc.locate(parts)
    return Problem(
        doc.path, line, column, json_path(parts), message, Severity.WARNING, "arithmetic"
    )


# ---------------------------------------------------------------- impossible percentages


def possible_share(pct: float, total: int) -> bool:
    """Whether some k of `total` patients is `pct`% at the precision `pct` is written with."""
    guess = round(pct * total / 100)
    return any(
        agrees(pct, 100 * k / total) for k in (guess - 1, guess, guess + 1) if 0 <= k <= total
    )


def smallest_group(pct: float, limit: int) -> int | None:
    """The smallest group size up to `limit` of which `pct`% can be a share, or None."""
    return next((total for total in range(1, limit + 1) if possible_share(pct, total)), None)


POPULATION_SIZES = ("infused", "enrolled", "screened")


def _group_limit(data: dict[str, Any], parts: Parts) -> tuple[int | None, str]:
    """The largest group a percentage without a denominator can be a share of: the most
    patients the record counts (treated, evaluable, enrolled, screened or any stated N),
    in the report the percentage belongs to and in the record's population."""
    sizes: list[int | None] = []
    population = data.get("population")
    if isinstance(population, dict):
        sizes += [_count(population.get(k)) for k in POPULATION_SIZES]
    if len(parts) >= 2 and parts[0] == "results" and isinstance(parts[1], int):
        results = data.get("results") or []
        report = results[parts[1]] if parts[1] < len(results) else None
        if isinstance(report, dict):
            sizes.append(_count(report.get("treated")))
            efficacy = report.get("efficacy")
            if isinstance(efficacy, dict):
                sizes.append(_count(efficacy.get("evaluable")))
            own = report.get("population")
            if isinstance(own, dict):
                sizes += [_count(own.get(k)) for k in POPULATION_SIZES]
            sizes += [
                _count(v.get("N"))
                for _, v in _walk(report)
                if isinstance(v, dict) and "at_months" not in v
            ]
    known = [s for s in sizes if s]
    return (max(known), "patients the record counts") if known else (None, "")


def _walk(value: Any) -> Iterator[tuple[Parts, Any]]:
    stack: list[tuple[Parts, Any]] = [([], value)]
    while stack:
        here, item = stack.pop()
        yield here, item
        if isinstance(item, dict):
            stack.extend(([*here, k], v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend(([*here, i], v) for i, v in enumerate(item))


def check_impossible_percentages(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    """A stated percentage that no whole count over its denominator gives."""
    for parts, value in nodes:
        if not isinstance(value, dict) or "at_months" in value or "variants" in parts:
            continue
        pct = _number(value.get("pct"))
        if pct is None or "n" in value or not 0 <= pct <= 100:
            continue
        total = _count(value.get("N"))
        if total is not None and total > 0:
            if not possible_share(pct, total):
                below = int(pct * total / 100)
                yield _warn(
                    doc,
                    parts,
                    f"{_fmt(pct)}% cannot be a share of {total}: {below}/{total} ="
                    f" {100 * below / total:.1f}% and {below + 1}/{total} ="
                    f" {100 * (below + 1) / total:.1f}%",
                )
            continue
        limit, what = _group_limit(doc.data, parts)
        if limit is None or limit > MAX_SEARCHED_GROUP:
            continue
        if smallest_group(pct, limit) is None:
            yield _warn(
                doc,
                parts,
                f"{_fmt(pct)}% cannot be a share of any group of at most {limit} ({what}):"
                " no whole number of patients gives it",
            )


# ---------------------------------------------------------------- time-to-event


def _follow_up_max(report: dict[str, Any]) -> float | None:
    follow = report.get("median_follow_up")
    if not isinstance(follow, dict) or str(follow.get("unit", "months")) != "months":
        return None
    return _number(follow.get("max"))


def check_time_to_event(doc: Document, nodes: Nodes) -> Iterator[Problem]:
    """Medians and landmarks against the follow-up and against each other."""
    for r, report in enumerate(doc.data.get("results") or []):
        eff = report.get("efficacy") if isinstance(report, dict) else None
        if not isinstance(eff, dict):
            continue
        base: Parts = ["results", r, "efficacy"]
        longest = _follow_up_max(report)
        if longest is not None:
            yield from _beyond_follow_up(doc, base, eff, longest)
        listed = eff.get("landmarks")
        landmarks: list[Any] = listed if isinstance(listed, list) else []
        for key, measure in MEDIANS.items():
            median = eff.get(key)
            if not isinstance(median, dict):
                continue
            for landmark in landmarks:
                if (
                    isinstance(landmark, dict)
                    and landmark.get("measure") == measure
                    and ("population" in landmark) == ("population" in median)
                ):
                    yield from _against_landmark(doc, [*base, key], median, landmark)


def _beyond_follow_up(
    doc: Document, base: Parts, eff: dict[str, Any], longest: float
) -> Iterator[Problem]:
    limit = f"the longest follow-up reported with it ({_fmt(longest)} months)"
    for key, measure in MEDIANS.items():
        median = eff.get(key)
        if not isinstance(median, dict):
            continue
        months = _number(median.get("months"))
        if months is not None and months > longest:
            yield _warn(
                doc,
                [*base, key],
                f"median {measure} {_fmt(months)} months lies beyond {limit}",
            )
        ci = median.get("ci95")
        if isinstance(ci, list) and len(ci) == 2:
            upper = _number(ci[1])
            if upper is not None and upper > longest:
                yield _warn(
                    doc,
                    [*base, key, "ci95"],
                    f"the 95% CI of the median {measure} reaches {_fmt(upper)} months, beyond"
                    f" {limit}: a Kaplan–Meier estimate ends with the last patient followed",
                )
    for i, landmark in enumerate(eff.get("landmarks") or []):
        at = _number(landmark.get("at_months")) if isinstance(landmark, dict) else None
        if at is not None and at > longest:
            yield _warn(
                doc,
                [*base, "landmarks", i],
                f"a {landmark.get('measure')} rate at {_fmt(at)} months lies beyond {limit}",
            )


def _against_landmark(
    doc: Document, parts: Parts, median: dict[str, Any], landmark: dict[str, Any]
) -> Iterator[Problem]:
    at, pct = _number(landmark.get("at_months")), _number(landmark.get("pct"))
    if at is None or pct is None:
        return
    measure = landmark.get("measure")
    rate = f"the {at:g}-month {measure} rate of {_fmt(pct)}%"
    months = _number(median.get("months"))
    if months is not None and pct > 50 and months < at:
        yield _warn(doc, parts, f"median {_fmt(months)} months is before {at:g} months, yet {rate}")
    if pct < 50 and (median.get("not_reached") is True or (months is not None and months > at)):
        shown = "not reached" if months is None else f"{_fmt(months)} months"
        yield _warn(doc, parts, f"median {shown}, yet {rate} is below 50%")
    ci, rate_ci = median.get("ci95"), landmark.get("ci95")
    if not (isinstance(ci, list) and len(ci) == 2 and isinstance(rate_ci, list)):
        return
    if len(rate_ci) != 2:
        return
    low, high = _number(ci[0]), _number(ci[1])
    rate_low, rate_high = _number(rate_ci[0]), _number(rate_ci[1])
    if low is not None and rate_low is not None and rate_low > 50 and low < at:
        yield _warn(
            doc,
            [*parts, "ci95"],
            f"the median's lower 95% bound, {_fmt(low)} months, is before {at:g} months, yet"
            f" {rate} has a 95% CI ({_fmt(rate_low)}–{_fmt(rate_high or 0)}%) wholly above 50%",
        )
    if high is not None and rate_high is not None and rate_high < 50 and high > at:
        yield _warn(
            doc,
            [*parts, "ci95"],
            f"the median's upper 95% bound, {_fmt(high)} months, is after {at:g} months, yet"
            f" {rate} has a 95% CI wholly below 50%",
        )
