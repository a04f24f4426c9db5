""" "Near threshold": a continuous value within 5% (relative) of a threshold it is compared with.

Labs move between screening and enrolment, so a creatinine clearance of 41 against
">= 40" or an LVEF of 52 against "> 50" is worth re-checking, whichever side it falls.
Only continuous measurements are marked: integer scales (ECOG, NYHA class, lines of
therapy, toxicity grades) and durations or ages are not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trialcmp.eligibility.fields import FIELDS
from trialcmp.eligibility.rules import Facts, leaves, to_canonical

#: relative distance from the threshold that counts as near
NEAR = 0.05
#: dimensions of continuous measurements (see `trialcmp.eligibility.fields.UNITS`)
CONTINUOUS = frozenset(
    {
        "count_1e9_per_l",
        "creatinine_mg_dl",
        "uln_multiple",
        "percent",
        "ml_min",
        "haemoglobin_g_dl",
        "calcium_mg_dl",
        "kg",
        "mg_day",
    }
)
COMPARISONS = ("<", "<=", ">", ">=")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _shown(value: float) -> str:
    return f"{value:g}"


def near_thresholds(rule: Mapping[str, Any], facts: Facts) -> tuple[str, ...]:
    """One note per comparison in `rule` whose patient value is near its threshold."""
    notes: list[str] = []
    for leaf in leaves(rule):
        field = FIELDS.get(leaf.field)
        if field is None or field.dimension not in CONTINUOUS or leaf.op not in COMPARISONS:
            continue
        measured = _number(facts.value(leaf.field))
        target = _number(leaf.rule.get("value"))
        if measured is None or target is None or target == 0:
            continue
        threshold = to_canonical(field, target, leaf.rule.get("unit"))
        if abs(measured - threshold) <= NEAR * abs(threshold):
            unit = field.canonical_unit or ""
            unit = unit if unit == "%" else f" {unit}" if unit else ""
            notes.append(
                f"{leaf.field} {_shown(measured)}{unit} is within 5% of the threshold"
                f" {leaf.op} {_shown(threshold)}{unit}"
            )
    return tuple(dict.fromkeys(notes))
