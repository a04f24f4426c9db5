"""The Population section: baseline characteristics (shares without confidence intervals:
they describe the patients treated; they estimate nothing).

ECOG performance status and ISS stage have no field of their own in the schema: a record
holds them as `population.other` entries whose label names them ('ECOG performance status
0', 'ISS stage III', 'R-ISS stage II'); each row lists those entries, one line each.
"""

from __future__ import annotations

import re
from typing import Any

from trialcmp.compare.cells import RowOut, clean_raw, median_cell, missing_cell, nr_cell
from trialcmp.compare.comparison import NR_TEXT, Cell, SourceRef
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import median_range, proportion_brief
from trialcmp.model import MedianRange, Population, Proportion


def population_rows(ctx: TrialContext) -> list[RowOut]:
    population = ctx.record.population
    if ctx.arm is not None:  # an arm's own baseline (its latest report that gives one)
        population = next(
            (r.population for r in reversed(ctx.results) if r.population is not None),
            population,
        )
    keys = [
        ("age", "Median age", "median", "years"),
        ("prior_lines", "Median prior lines", "median", "lines"),
        ("female", "Female", "proportion", ""),
        ("ecog", "ECOG", "other", ""),
        ("iss", "ISS stage", "other", ""),
        ("extramedullary_disease", "Extramedullary disease", "proportion", ""),
        ("high_risk_cytogenetics", "High-risk cytogenetics", "proportion", ""),
        ("prior_asct", "Prior ASCT", "proportion", ""),
        ("triple_refractory", "Triple refractory", "proportion", ""),
        ("prior_car_t", "Prior CAR-T", "proportion", ""),
    ]
    if population is None:
        return [(key, label, nr_cell()) for key, label, _, _ in keys]
    block = population.cite
    rows: list[RowOut] = []
    for key, label, kind, unit in keys:
        if kind == "other":
            rows.append((key, label, _characteristics_cell(ctx, population, key)))
            continue
        value = getattr(population, key)
        own = value.cite if isinstance(value, Proportion | MedianRange) else None
        refs = ctx.refs(own, block)
        if kind == "median":
            rows.append((key, label, median_cell(value, refs, unit)))
        else:
            rows.append((key, label, _baseline_cell(value, refs)))
    return rows


def _baseline_cell(value: Any, refs: tuple[SourceRef, ...]) -> Cell:
    """A baseline characteristic: the share and its counts, no confidence interval (it
    describes the patients treated; it estimates nothing)."""
    if not isinstance(value, Proportion):
        return missing_cell(value, refs)
    return Cell(proportion_brief(value), raw=clean_raw(value), refs=refs)


#: `population.other` labels a row collects, and the words they shorten to in its lines
OTHER_ROWS: dict[str, tuple[re.Pattern[str], tuple[tuple[str, str], ...]]] = {
    "ecog": (
        re.compile(r"\bECOG\b"),
        ((r"\bECOG\s+(?:performance status|PS)\b", "ECOG"),),
    ),
    "iss": (
        re.compile(r"\bISS\b"),
        ((r"\bISS\s+stage\b", "ISS"),),
    ),
}


def _characteristics_cell(ctx: TrialContext, population: Population, key: str) -> Cell:
    """'ECOG 0: 44% (22/50)' — one line per `population.other` entry the row collects."""
    names, shorten = OTHER_ROWS[key]
    found = [c for c in population.other if names.search(c.label)]
    if not found:
        return nr_cell()
    lines: list[str] = []
    refs: list[SourceRef] = []
    for characteristic in found:
        label = characteristic.label
        for pattern, short in shorten:
            label = re.sub(pattern, short, label)
        value: Proportion | MedianRange | None = characteristic.proportion
        if characteristic.proportion is not None:
            text = proportion_brief(characteristic.proportion)
        else:
            value = characteristic.median
            text = median_range(value, value.unit or "") if value is not None else NR_TEXT
        lines.append(f"{label}: {text}")
        refs.extend(ctx.refs(value.cite if value is not None else None, population.cite))
    return Cell("\n".join(lines), raw=clean_raw(found), refs=tuple(dict.fromkeys(refs)))
