"""The Dosing section: dose levels (the dose text of `show`) and schedule."""

from __future__ import annotations

from trialcmp.compare.cells import RowOut, nr_cell, text_cell, value_flags, with_flags
from trialcmp.compare.comparison import NOT_REPORTED, NR_TEXT, Cell, SourceRef
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import dose, scaled
from trialcmp.model import DoseLevel


def dose_text(level: DoseLevel) -> str:
    """'target dose: 0.75×10^6/kg (CAR+ T cells)': the dose text of show (`formatting.dose`),
    with its label."""
    text = dose(level)
    if level.label:
        text = f"{level.label}: {text}"
    return with_flags(text, value_flags(level))


def dosing_rows(ctx: TrialContext) -> list[RowOut]:
    dosing = ctx.record.dosing
    if dosing is None:
        return [("levels", "Dose levels", nr_cell()), ("schedule", "Schedule", nr_cell())]
    block = dosing.cite
    levels = dosing.levels
    if levels:
        refs: list[SourceRef] = []
        marks: list[str] = []
        for level in levels:
            refs.extend(ctx.refs(level.cite, block))
            marks.extend(value_flags(level))
        level_cell = Cell(
            "\n".join(dose_text(level) for level in levels),
            raw=[
                {
                    "label": lv.label,
                    "per_kg": lv.per_kg,
                    "cells": lv.cells,
                    "x10^6": [
                        float(scaled(lv.value, lv.exponent)),
                        float(scaled(lv.value_max or lv.value, lv.exponent)),
                    ],
                    "as_written": lv.as_written,
                }
                for lv in levels
            ],
            marks=tuple(dict.fromkeys(marks)),
            refs=tuple(dict.fromkeys(refs)),
        )
    else:
        level_cell = Cell(NR_TEXT, NOT_REPORTED, refs=ctx.refs(block))
    return [
        ("levels", "Dose levels", level_cell),
        ("schedule", "Schedule", text_cell(dosing.schedule, ctx.refs(block))),
    ]
