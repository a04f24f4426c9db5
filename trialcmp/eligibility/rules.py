"""Three-valued (Kleene) evaluation of an eligibility rule against a normalised profile.

A rule is the declarative structure of `schemas/trial.schema.json` (`$defs/rule`): a leaf
``{field, op, value, unit}`` or ``{all: [...]}``, ``{any: [...]}``, ``{not: rule}``.

The result is True, False or None (unknown). A leaf is unknown when its field is absent or
null in the profile; the combinators follow Kleene's strong logic, so an unknown part only
makes the whole unknown when it could change the answer (``any`` with one true part is true,
``all`` with one false part is false). Whenever the result is unknown, `missing` names the
profile keys whose absence made it so.

Conventions for values: ``"never"`` (e.g. ``weeks_since_other_trial: never``) compares as
infinitely long ago; an empty list means "none" (``allergies: []``); ``contains any`` on a
list matches case-insensitively, ignoring hyphens, underscores and repeated spaces; for
``prior_therapy.car_t`` an item matches by its product name or any of its targets.

Everything here is pure: no I/O, no global state.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from trialcmp.eligibility.fields import FIELDS, Field

#: True, False, or None for unknown.
Truth = bool | None

NEVER = "never"
SIGNIFICANT_DIGITS = 12


class Facts(Protocol):
    """What a rule needs from a profile (see `trialcmp.eligibility.profile.Profile`)."""

    def value(self, path: str) -> Any:
        """The canonical value of `path`, or None when unknown."""

    def missing_keys(self, path: str) -> tuple[str, ...]:
        """The profile keys to collect so that `path` becomes known."""


@dataclass(frozen=True)
class Outcome:
    """The truth of a rule and, when it is unknown, the keys that would decide it."""

    truth: Truth
    missing: tuple[str, ...] = ()


def tidy(x: float) -> float:
    """`x` rounded to 12 significant digits, so unit conversions compare exactly."""
    if not math.isfinite(x):
        return x
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}")


def to_canonical(field: Field, value: float, unit: str | None) -> float:
    """A threshold or a measurement in `unit`, converted to the field's canonical unit."""
    if unit is None:
        return value
    return tidy(field.to_canonical(float(value), unit))


def name_key(name: str) -> str:
    """A drug, product or antigen name reduced for matching."""
    return " ".join(name.replace("-", " ").replace("_", " ").split()).casefold()


def _item_names(item: Any) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, Mapping):
        names = [str(item["product"])] if item.get("product") else []
        names += [str(t) for t in item.get("targets") or []]
        return names
    return [str(item)]


def _merge(parts: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for keys in parts:
        for key in keys:
            seen.setdefault(key, None)
    return tuple(seen)


def _compare(op: str, left: Any, right: Any) -> bool:
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    if op == ">=":
        return bool(left >= right)
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    raise ValueError(f"operator {op!r} is not a comparison")


def _leaf(rule: Mapping[str, Any], facts: Facts) -> Outcome:
    name = str(rule["field"])
    op = str(rule["op"])
    field = FIELDS.get(name)
    if field is None:
        raise ValueError(f"rule names unknown profile field {name!r}")
    value = facts.value(name)
    if value is None:
        return Outcome(None, facts.missing_keys(name))
    unit = rule.get("unit")
    target = rule.get("value")

    if field.kind == "list":
        if not isinstance(value, Sequence) or isinstance(value, str):
            raise ValueError(f"{name} is not a list")
        if op == "empty":
            return Outcome(len(value) == 0)
        if op == "not empty":
            return Outcome(len(value) > 0)
        if op == "contains any":
            wanted = {name_key(str(v)) for v in target or []}
            have = {name_key(n) for item in value for n in _item_names(item)}
            return Outcome(bool(wanted & have))
        raise ValueError(f"operator {op!r} does not apply to the list {name}")

    if field.kind in ("number", "number_or_never"):
        if value == NEVER:
            measured: float = math.inf
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} is not a number: {value!r}")
        else:
            measured = value
        if op in ("in", "not in"):
            options = [to_canonical(field, float(v), unit) for v in target or []]
            found = any(measured == o for o in options)
            return Outcome(found if op == "in" else not found)
        if isinstance(target, bool) or not isinstance(target, int | float):
            raise ValueError(f"{name} is compared with a number, not {target!r}")
        threshold = to_canonical(field, float(target), unit)
        return Outcome(_compare(op, measured, threshold))

    # boolean and enum fields
    if op in ("in", "not in"):
        found = value in (target or [])
        return Outcome(found if op == "in" else not found)
    if op in ("==", "!="):
        return Outcome(_compare(op, value, target))
    raise ValueError(f"operator {op!r} does not apply to {name} ({field.kind})")


def evaluate(rule: Mapping[str, Any], facts: Facts) -> Outcome:
    """The Kleene truth of `rule` for the profile `facts`."""
    if "all" in rule:
        parts = [evaluate(sub, facts) for sub in rule["all"]]
        if any(p.truth is False for p in parts):
            return Outcome(False)
        unknown = [p.missing for p in parts if p.truth is None]
        return Outcome(None, _merge(unknown)) if unknown else Outcome(True)
    if "any" in rule:
        parts = [evaluate(sub, facts) for sub in rule["any"]]
        if any(p.truth is True for p in parts):
            return Outcome(True)
        unknown = [p.missing for p in parts if p.truth is None]
        return Outcome(None, _merge(unknown)) if unknown else Outcome(False)
    if "not" in rule:
        inner = evaluate(rule["not"], facts)
        return inner if inner.truth is None else Outcome(not inner.truth)
    return _leaf(rule, facts)


@dataclass(frozen=True)
class Leaf:
    """One comparison inside a rule, with the number of `not`s above it."""

    rule: Mapping[str, Any]
    negations: int
    path: tuple[str | int, ...]

    @property
    def field(self) -> str:
        return str(self.rule["field"])

    @property
    def op(self) -> str:
        return str(self.rule["op"])


def leaves(rule: Mapping[str, Any], path: tuple[str | int, ...] = ()) -> Iterator[Leaf]:
    """Every leaf of `rule`, depth first, in order."""
    stack: list[tuple[Mapping[str, Any], int, tuple[str | int, ...]]] = [(rule, 0, path)]
    while stack:
        node, negations, here = stack.pop()
        if "all" in node or "any" in node:
            key = "all" if "all" in node else "any"
            subs = list(enumerate(node[key]))
            stack.extend((sub, negations, (*here, key, i)) for i, sub in reversed(subs))
        elif "not" in node:
            stack.append((node["not"], negations + 1, (*here, "not")))
        else:
            yield Leaf(node, negations, here)


def fields_of(rule: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The profile fields a rule reads, in order of first appearance."""
    if rule is None:
        return ()
    return _merge([(leaf.field,) for leaf in leaves(rule)])
