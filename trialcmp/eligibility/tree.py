"""Eligibility rules parsed once into a small typed tree, and the walks over it.

A rule of `schemas/trial.schema.json` (`$defs/rule`) becomes `Leaf`, `All`, `AnyOf` or
`Not`. A leaf holds its threshold already in the field's canonical unit (numbers), its
options as a tuple (``in``), or its names reduced for matching (``contains any``), so
evaluating a rule for a patient converts nothing. Each use of a rule is ONE walk over the
tree (a ``match`` on the node type): `evaluate` (Kleene, see `trialcmp.eligibility.rules`),
`fields` (the profile fields it reads) and `walk` (every leaf with its `not` count and path).

A leaf whose rule is malformed (unknown field, operator that does not fit, value of the
wrong type) keeps the problem as text and raises ValueError only when evaluated, exactly
where the raw rule would have failed: validated records never contain one.

Everything here is pure: no I/O, no global state.
"""

from __future__ import annotations

import dataclasses
import math
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, Protocol

from trialcmp.eligibility.fields import FIELDS, Field

#: True, False, or None for unknown.
Truth = bool | None

NEVER = "never"
SIGNIFICANT_DIGITS = 12
COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})


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


TRUE = Outcome(True)
FALSE = Outcome(False)


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


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True)
class Leaf:
    """One comparison: `field` `op` `value` (canonical), as written in `unit`."""

    field: str
    op: str
    #: canonical threshold (float), options (tuple), names (frozenset) or the enum/bool value
    value: Any
    unit: str | None
    #: the field's definition; None for a field the profile does not have
    spec: Field | None = dataclasses.field(default=None, compare=False, repr=False)
    #: why this leaf cannot be evaluated (raised when it is), None when it can
    error: str | None = dataclasses.field(default=None, compare=False)
    #: the rule as written (for the threshold as written, e.g. near-threshold notes)
    raw: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    #: the test of a known profile value, built once by `parse` (see `_tester`)
    test: Callable[[Any], bool] = dataclasses.field(
        default=lambda have: False, compare=False, repr=False
    )


@dataclass(frozen=True)
class All:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Leaf | All | AnyOf | Not


# ---------------------------------------------------------------- parsing


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


def _leaf(rule: Mapping[str, Any]) -> Leaf:
    name = str(rule["field"])
    op = str(rule["op"])
    unit = rule.get("unit")
    target = rule.get("value")
    spec = FIELDS.get(name)
    if spec is None:
        unknown = f"rule names unknown profile field {name!r}"
        return _built(Leaf(name, op, target, unit, None, unknown, rule))
    value: Any = target
    error: str | None = None
    if spec.kind == "list":
        if op == "contains any":
            value = frozenset(name_key(str(v)) for v in target or [])
        elif op not in ("empty", "not empty"):
            error = f"operator {op!r} does not apply to the list {name}"
    elif spec.kind in ("number", "number_or_never"):
        value, error = _number_value(spec, op, target, unit)
    elif op in ("in", "not in"):
        value = tuple(target or [])
    elif op not in ("==", "!="):
        error = f"operator {op!r} does not apply to {name} ({spec.kind})"
    return _built(Leaf(name, op, value, unit, spec, error, rule))


def _built(leaf: Leaf) -> Leaf:
    return dataclasses.replace(leaf, test=_tester(leaf))


def parse(rule: Mapping[str, Any]) -> Node:
    """The tree of a rule as written in a trial record."""
    if "all" in rule:
        return All(tuple(parse(sub) for sub in rule["all"]))
    if "any" in rule:
        return AnyOf(tuple(parse(sub) for sub in rule["any"]))
    if "not" in rule:
        return Not(parse(rule["not"]))
    return _leaf(rule)


def parse_optional(rule: Mapping[str, Any] | None) -> Node | None:
    return None if rule is None else parse(rule)


# ---------------------------------------------------------------- evaluation


def _merge(parts: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for keys in parts:
        for key in keys:
            seen.setdefault(key, None)
    return tuple(seen)


def _item_names(item: Any) -> list[str]:
    if isinstance(item, str):
        return [item]
    if isinstance(item, Mapping):
        names = [str(item["product"])] if item.get("product") else []
        names += [str(t) for t in item.get("targets") or []]
        return names
    return [str(item)]


def _truth(found: bool) -> Outcome:
    return TRUE if found else FALSE


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


def _fail(message: str) -> NoReturn:
    raise ValueError(message)


def _list_test(name: str, op: str, value: Any, error: str | None) -> Callable[[Any], bool]:
    def test(have: Any) -> bool:
        if not isinstance(have, Sequence) or isinstance(have, str):
            _fail(f"{name} is not a list")
        if error is not None:
            _fail(error)
        if op == "empty":
            return len(have) == 0
        if op == "not empty":
            return len(have) > 0
        names = {name_key(n) for item in have for n in _item_names(item)}
        return not value.isdisjoint(names)

    return test


def _number_test(name: str, op: str, value: Any, error: str | None) -> Callable[[Any], bool]:
    compare = _COMPARE.get(op)
    wanted = op == "in"

    def test(have: Any) -> bool:
        if have == NEVER:
            measured: float = math.inf
        elif isinstance(have, bool) or not isinstance(have, int | float):
            _fail(f"{name} is not a number: {have!r}")
        else:
            measured = have
        if error is not None:
            _fail(error)
        if compare is None:  # in, not in
            return any(measured == o for o in value) is wanted
        return bool(compare(measured, value))

    return test


def _value_test(op: str, value: Any, error: str | None) -> Callable[[Any], bool]:
    compare = _COMPARE.get(op)
    wanted = op == "in"

    def test(have: Any) -> bool:
        if error is not None:
            _fail(error)
        if compare is None:  # in, not in
            return (have in value) is wanted
        return bool(compare(have, value))

    return test


def _tester(leaf: Leaf) -> Callable[[Any], bool]:
    """The test of a known (not None) profile value against the leaf, built once."""
    spec = leaf.spec
    if spec is None:
        return lambda have: _fail(str(leaf.error))
    if spec.kind == "list":
        return _list_test(leaf.field, leaf.op, leaf.value, leaf.error)
    if spec.kind in ("number", "number_or_never"):
        return _number_test(leaf.field, leaf.op, leaf.value, leaf.error)
    return _value_test(leaf.op, leaf.value, leaf.error)


def evaluate(node: Node, facts: Facts) -> Outcome:
    """The Kleene truth of the rule `node` for the profile `facts` (every part is evaluated)."""
    match node:
        case Leaf(field=name, spec=spec, test=test):
            if spec is None:
                _fail(str(node.error))
            value = facts.value(name)
            if value is None:
                return Outcome(None, facts.missing_keys(name))
            return TRUE if test(value) else FALSE
        case All(parts):
            outcomes = [evaluate(sub, facts) for sub in parts]
            if any(p.truth is False for p in outcomes):
                return FALSE
            unknown = [p.missing for p in outcomes if p.truth is None]
            return Outcome(None, _merge(unknown)) if unknown else TRUE
        case AnyOf(parts):
            outcomes = [evaluate(sub, facts) for sub in parts]
            if any(p.truth is True for p in outcomes):
                return TRUE
            unknown = [p.missing for p in outcomes if p.truth is None]
            return Outcome(None, _merge(unknown)) if unknown else FALSE
        case Not(part):
            inner = evaluate(part, facts)
            return inner if inner.truth is None else _truth(not inner.truth)
    raise TypeError(f"not a rule node: {node!r}")


# ---------------------------------------------------------------- other walks


def walk(
    node: Node, negations: int = 0, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Leaf, int, tuple[str | int, ...]]]:
    """Every leaf, depth first and in order, with the number of `not`s above it and its path."""
    match node:
        case Leaf():
            yield node, negations, path
        case All(parts):
            for i, sub in enumerate(parts):
                yield from walk(sub, negations, (*path, "all", i))
        case AnyOf(parts):
            for i, sub in enumerate(parts):
                yield from walk(sub, negations, (*path, "any", i))
        case Not(part):
            yield from walk(part, negations + 1, (*path, "not"))


def fields(node: Node | None) -> tuple[str, ...]:
    """The profile fields a rule reads, in order of first appearance."""
    if node is None:
        return ()
    return tuple(dict.fromkeys(leaf.field for leaf, _, _ in walk(node)))
