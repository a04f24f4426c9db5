"""Plain-text formatting of record values, shared by every view and every output format.

"Not reported", "not applicable" and zero are always distinguishable: the first two are
written as `NR` / `n/a` in tables (spelled out in the legend) and 0 is written as 0.

Values are the typed model's (`trialcmp.model`): a `Proportion`, a `MedianRange`, ... or
one of the "missing" words (or None) where the model allows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trialcmp.landscape import headline_reports
from trialcmp.stats import round_half_up

if TYPE_CHECKING:
    from trialcmp.model import (
        DoseLevel,
        HazardRatio,
        MedianRange,
        Proportion,
        ProportionStatement,
        Report,
        TimeToEvent,
        Trial,
    )

NOT_REPORTED = "NR"
NOT_APPLICABLE = "n/a"
MISSING_WORDS = {"not reported": NOT_REPORTED, "not applicable": NOT_APPLICABLE}


def missing(value: Any) -> str | None:
    """The short mark for an absent/'not reported'/'not applicable' value, else None."""
    if value is None:
        return NOT_REPORTED
    if isinstance(value, str) and value in MISSING_WORDS:
        return MISSING_WORDS[value]
    return None


def num(x: float | int) -> str:
    """A number without a needless trailing .0 (92.0 -> 92, 66.7 -> 66.7)."""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return f"{x:g}"


def text_or_missing(value: Any) -> str:
    mark = missing(value)
    if mark is not None:
        return mark
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "none"
    return num(value) if isinstance(value, int | float) else str(value)


def proportion_brief(prop: Proportion | ProportionStatement | str | None) -> str:
    """'73% (94/128)' — the reported percentage with its counts."""
    mark = missing(prop)
    if mark is not None or isinstance(prop, str) or prop is None:
        return mark or str(prop)
    n, total, pct = prop.n, prop.N, prop.pct
    counts = f"{n}/{total}" if n is not None and total is not None else None
    if pct is None and n is not None and total is not None:
        shown = f"{round_half_up(100.0 * n / total)}%*"
    elif pct is not None:
        shown = f"{num(pct)}%"
    else:  # pragma: no cover - the schema requires pct or n/N
        return NOT_REPORTED
    return f"{shown} ({counts})" if counts else shown


def median_range(value: MedianRange | str | None, unit: str = "") -> str:
    mark = missing(value)
    if mark is not None or isinstance(value, str) or value is None:
        return mark or str(value)
    out = num(value.median)
    if unit:
        out += f" {unit}"
    lo, hi = value.min, value.max
    if lo is not None and hi is not None:
        spread = "IQR " if value.spread == "IQR" else ""
        out += f" ({spread}{num(lo)}–{num(hi)})"
    return out


def time_to_event(value: TimeToEvent | str | None) -> str:
    mark = missing(value)
    if mark is not None or isinstance(value, str) or value is None:
        return mark or str(value)
    if value.not_reached:
        out = "not reached"
    else:
        out = f"{num(value.months)} mo" if value.months is not None else "NR"
    ci = value.ci95
    if ci:
        hi = "NE" if ci[1] is None else num(ci[1])
        out += f" (95% CI {num(ci[0]) if ci[0] is not None else 'NE'}–{hi})"
    return out


#: how a dose level's cell kind reads
DOSE_CELLS = {
    "CAR+ T cells": "CAR+ T cells",
    "total T cells": "total T cells",
    "cells (unspecified)": "cells, CAR+/total unspecified",
}


def scaled(value: float, exponent: int) -> str:
    """`value`×10^exponent written as a coefficient of 10^6."""
    return num(round(value * 10.0 ** (exponent - 6), 9))


def dose(level: DoseLevel) -> str:
    """'0.75×10^6/kg (CAR+ T cells)', '150–450×10^6 flat (CAR+ T cells)': the one dose text
    of show, compare and list."""
    exponent = level.exponent
    value = scaled(level.value, exponent)
    if level.value_max is not None:
        value += f"–{scaled(level.value_max, exponent)}"
    basis = "/kg" if level.per_kg else " flat"
    cells = DOSE_CELLS.get(level.cells, level.cells)
    return f"{value}×10^6{basis} ({cells})"


def trial_treated(data: Trial) -> int | None:
    infused = data.population.infused if data.population is not None else None
    if isinstance(infused, int):
        return infused
    for report in headline_reports(data):
        treated = report.treated
        if isinstance(treated, int):
            return treated
    return None


def latest(data: Trial, section: str, key: str) -> tuple[Any, Report | None]:
    """The value of results[*].<section>.<key> from the latest report that states it (for a
    randomised trial, of its CAR-T arm: see `headline_reports`), with that report."""
    for report in headline_reports(data):
        block = getattr(report, section, None)
        value = getattr(block, key, None) if block is not None else None
        if value is not None and missing(value) is None:
            return value, report
    return None, None


def hazard_ratio_summary(hr: HazardRatio) -> str:
    """'PFS HR 0.26 (95% CI 0.18–0.38; p <0.001; ITT)': the ratio without its arms."""
    measure = hr.measure_note if hr.measure == "other" and hr.measure_note else hr.measure
    inner = []
    if hr.ci95:
        inner.append(f"95% CI {num(hr.ci95[0])}–{num(hr.ci95[1])}")
    if hr.p:
        inner.append(f"p {hr.p}")
    if hr.population:
        inner.append(hr.population)
    return f"{measure} HR {num(hr.hr)}" + (f" ({'; '.join(inner)})" if inner else "")
