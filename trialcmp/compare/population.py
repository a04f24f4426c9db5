"""The Population section: baseline characteristics (shares without confidence intervals)."""

from __future__ import annotations

from typing import Any

from trialcmp.compare.cells import RowOut, clean_raw, median_cell, missing_cell, nr_cell
from trialcmp.compare.comparison import Cell, SourceRef
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import proportion_brief


def population_rows(ctx: TrialContext) -> list[RowOut]:
    population = ctx.data.get("population")
    keys = [
        ("age", "Median age", "median", "years"),
        ("prior_lines", "Median prior lines", "median", "lines"),
        ("female", "Female", "proportion", ""),
        ("extramedullary_disease", "Extramedullary disease", "proportion", ""),
        ("high_risk_cytogenetics", "High-risk cytogenetics", "proportion", ""),
        ("prior_asct", "Prior ASCT", "proportion", ""),
        ("triple_refractory", "Triple refractory", "proportion", ""),
        ("prior_car_t", "Prior CAR-T", "proportion", ""),
    ]
    if not isinstance(population, dict):
        return [(key, label, nr_cell()) for key, label, _, _ in keys]
    block = population.get("cite")
    rows: list[RowOut] = []
    for key, label, kind, unit in keys:
        value = population.get(key)
        own = value.get("cite") if isinstance(value, dict) else None
        refs = ctx.refs(own, block)
        if kind == "median":
            rows.append((key, label, median_cell(value, refs, unit)))
        else:
            rows.append((key, label, _baseline_cell(value, refs)))
    return rows


def _baseline_cell(value: Any, refs: tuple[SourceRef, ...]) -> Cell:
    """A baseline characteristic: the share and its counts, no confidence interval (it
    describes the patients treated; it estimates nothing)."""
    if not isinstance(value, dict):
        return missing_cell(value, refs)
    return Cell(proportion_brief(value), raw=clean_raw(value), refs=refs)
