""" "Near threshold": a continuous value within 5% (relative) of a threshold it is compared with.

Labs move between screening and enrolment, so a creatinine clearance of 41 against
">= 40" or an LVEF of 52 against "> 50" is worth re-checking, whichever side it falls.
Only continuous measurements are marked: integer scales (ECOG, NYHA class, lines of
therapy, toxicity grades) and durations or ages are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from trialcmp.eligibility.tree import Facts, Leaf, Node, walk

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


def candidates(rule: Node | None) -> tuple[Leaf, ...]:
    """The comparisons of `rule` that can be near a threshold (found once per rule)."""
    if rule is None:
        return ()
    found: list[Leaf] = []
    for leaf, _, _ in walk(rule):
        field = leaf.spec
        if field is None or field.dimension not in CONTINUOUS or leaf.op not in COMPARISONS:
            continue
        target = _number(leaf.written)
        if target is None or target == 0 or leaf.error is not None:
            continue
        found.append(leaf)
    return tuple(found)


def near_notes(leaves: Sequence[Leaf], facts: Facts) -> tuple[str, ...]:
    """One note per comparison among `leaves` whose patient value is near its threshold."""
    notes: list[str] = []
    for leaf in leaves:
        measured = _number(facts.value(leaf.field))
        threshold = _number(leaf.value)  # the target in the field's canonical unit
        if measured is None or threshold is None:
            continue
        if abs(measured - threshold) <= NEAR * abs(threshold):
            unit = (leaf.spec.canonical_unit if leaf.spec else None) or ""
            unit = unit if unit == "%" else f" {unit}" if unit else ""
            notes.append(
                f"{leaf.field} {_shown(measured)}{unit} is within 5% of the threshold"
                f" {leaf.op} {_shown(threshold)}{unit}"
            )
    return tuple(dict.fromkeys(notes))


def near_thresholds(rule: Node, facts: Facts) -> tuple[str, ...]:
    """One note per comparison in `rule` whose patient value is near its threshold."""
    return near_notes(candidates(rule), facts)
