"""One comparison of an eligibility rule read against the profile field it names.

For a leaf ``{field, op, value, unit}`` of a rule, `meaning` gives how evaluation tests a
profile value (number, list, enum or boolean value), the value it compares with in the
field's canonical unit, and why it cannot be evaluated; `problems` gives what validation
reports about it (operator, unit and value that do not fit the field), each with the key of
the leaf it concerns. `trialcmp.eligibility.tree.parse` calls both once per leaf.

Everything here is pure: no I/O, no global state.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from trialcmp.eligibility.fields import OPERATORS, Field, table

SIGNIFICANT_DIGITS = 12
COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})

#: how a leaf tests a profile value: a number (or "never"), a list, an enum or boolean value;
#: "unknown" for a field the profile does not have (or a part that is not a rule at all)
Test = Literal["number", "list", "value", "unknown"]
#: (the key of the leaf it concerns: field, op, unit or value; the message)
LeafProblem = tuple[str, str]


def tidy(x: float) -> float:
    """`x` rounded to 12 significant digits, so unit conversions compare exactly."""
    if not math.isfinite(x):
        return x
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")


def to_canonical(spec: Field, value: float, unit: str | None) -> float:
    """A threshold or a measurement in `unit`, converted to the field's canonical unit."""
    if unit is None:
        return value
    return tidy(spec.to_canonical(float(value), unit))


def name_key(name: str) -> str:
    """A drug, product or antigen name reduced for matching."""
    return " ".join(name.replace("-", " ").replace("_", " ").split()).casefold()


def _number_value(spec: Field, op: str, target: Any, unit: str | None) -> tuple[Any, str | None]:
    name = spec.path
    try:
        if op in ("in", "not in"):
            return tuple(to_canonical(spec, float(v), unit) for v in target or []), None
        if isinstance(target, bool) or not isinstance(target, int | float):
            return None, f"{name} is compared with a number, not {target!r}"
        if op not in COMPARISONS:
            return None, f"operator {op!r} is not a comparison"
        return to_canonical(spec, float(target), unit), None
    except (TypeError, ValueError, KeyError) as err:
        return None, str(err)


def meaning(spec: Field, op: str, target: Any, unit: Any) -> tuple[Test, Any, str | None]:
    """How the leaf is tested, its canonical value, and why it cannot be evaluated."""
    name = spec.path
    test: Test = "list" if spec.kind == "list" else "number" if "number" in spec.kind else "value"
    listed = ("contains any",) if test == "list" else ("in", "not in")
    if op in listed and target is not None and not isinstance(target, list | tuple):
        return test, target, f"operator {op!r} needs a list, not {target!r}"
    if spec.kind == "list":
        if op == "contains any":
            return "list", tuple(dict.fromkeys(name_key(str(v)) for v in target or [])), None
        if op in ("empty", "not empty"):
            return "list", None, None
        return "list", target, f"operator {op!r} does not apply to the list {name}"
    if spec.kind in ("number", "number_or_never"):
        value, error = _number_value(spec, op, target, unit)
        return "number", value, error
    if op in ("in", "not in"):
        return "value", tuple(target or []), None
    if op not in ("==", "!="):
        return "value", target, f"operator {op!r} does not apply to {name} ({spec.kind})"
    return "value", target, None


def _value_problem(spec: Field, op: str, rule: Mapping[str, Any]) -> str | None:
    name, value = spec.path, rule.get("value")
    if op in ("empty", "not empty"):
        return f"operator {op!r} takes no value" if "value" in rule else None
    if op in ("in", "not in", "contains any"):
        ok = isinstance(value, list) and value
        return None if ok else f"operator {op!r} needs a non-empty list"
    if "value" not in rule:
        return f"operator {op!r} needs a value"
    if spec.kind in ("number", "number_or_never") and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        return f"{name} is compared with a number, not {value!r}"
    if spec.kind == "boolean" and not isinstance(value, bool):
        return f"{name} is true or false, not {value!r}"
    if spec.kind == "enum" and value not in spec.choices:
        return f"{name} is one of {', '.join(spec.choices)}"
    return None


def problems(spec: Field, op: str, rule: Mapping[str, Any]) -> tuple[LeafProblem, ...]:
    """What validation reports about a leaf on a known field."""
    name = spec.path
    found: list[LeafProblem] = []
    if spec.kind not in OPERATORS.get(op, frozenset()):
        found.append(("op", f"operator {op!r} does not apply to {name} ({spec.kind})"))
    unit = rule.get("unit")
    if unit is not None and not isinstance(unit, str):
        found.append(("unit", "unit must be text"))
    elif not spec.accepts_unit(unit):
        allowed = ", ".join(table().units[spec.dimension]) or "no unit"
        found.append(("unit", f"unit {unit!r} does not fit {name}; allowed: {allowed}"))
    wrong = _value_problem(spec, op, rule)
    if wrong is not None:
        found.append(("value", wrong))
    return tuple(found)


def unknown_field(name: str) -> LeafProblem:
    import difflib

    close = difflib.get_close_matches(name, list(table().fields), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return "field", f"unknown patient-profile field {name!r}{hint}"
