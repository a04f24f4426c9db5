"""Eligibility rules parsed once into a small typed tree, and the walks over it.

A rule of `schemas/trial.schema.json` (`$defs/rule`) becomes `Leaf`, `All`, `AnyOf` or
`Not`: frozen msgspec Structs with a tag, so a parsed rule is plain data that `encode`
turns into JSON and `decode` reads back (validated by type) without parsing the rule again
(`Node` is the tagged union to embed in a larger msgspec type). A leaf holds its threshold
already in the field's canonical unit (numbers), its options (``in``) or its names reduced
for matching (``contains any``) as a tuple, so evaluating a rule for a patient converts
nothing; it also keeps the value and unit as written (for the text shown to the user).

Each use of a rule is ONE walk over the tree (a ``match`` on the node type): `evaluate`
(Kleene, see `trialcmp.eligibility.rules`), `fields` (the profile fields it reads), `walk`
(every leaf with its `not` count and path) and `problems` (what validation reports); the
text shown to the user is the walk of `trialcmp.eligibility.text`.

`parse` checks each leaf against the profile fields once and records two things: the
`problems` `validate` reports (unknown field, operator, unit or value, with the key they
concern), and the `error` evaluation raises as ValueError, only when the leaf is evaluated,
exactly where the raw rule would have failed. Validated records never contain either.

Everything here is pure: no I/O, no global state.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NoReturn, Protocol

import msgspec

from trialcmp.eligibility.comparison import LeafProblem, Test, meaning, name_key, unknown_field
from trialcmp.eligibility.comparison import problems as leaf_problems
from trialcmp.eligibility.fields import Field, table

#: True, False, or None for unknown.
Truth = bool | None

NEVER = "never"


class Facts(Protocol):
    """What a rule needs from a profile (see `trialcmp.eligibility.profile.Profile`)."""

    def value(self, path: str) -> Any:
        """The canonical value of `path`, or None when unknown."""

    def missing_keys(self, path: str) -> tuple[str, ...]:
        """The profile keys to collect so that `path` becomes known."""


class Outcome(msgspec.Struct, frozen=True):
    """The truth of a rule and, when it is unknown, the keys that would decide it (a
    Struct, not a dataclass: making a dataclass costs ~0.5-1 ms of every start that parses
    a rule)."""

    truth: Truth
    missing: tuple[str, ...] = ()


TRUE = Outcome(True)
FALSE = Outcome(False)


# ---------------------------------------------------------------- the tree

Scalar = bool | int | float | str
Value = Scalar | tuple[Scalar, ...] | None


class Leaf(msgspec.Struct, frozen=True, omit_defaults=True, tag="leaf"):
    """One comparison: `field` `op` `value` (canonical), as written: `written` in `unit`."""

    field: str
    op: str
    #: canonical threshold (float), options or names for matching (tuple), enum/bool value
    value: Value = None
    #: the unit as written
    unit: str | None = None
    #: the value as written (None when the rule has none)
    written: Value = None
    test: Test = "unknown"
    #: why this leaf cannot be evaluated (raised when it is), None when it can
    error: str | None = None
    #: what validation reports about this leaf
    problems: tuple[LeafProblem, ...] = ()

    @property
    def spec(self) -> Field | None:
        """The field's definition; None for a field the profile does not have."""
        return table().fields.get(self.field)

    def as_written(self) -> dict[str, Any]:
        """The leaf as a rule of a trial record: field, op, value (if any), unit (if any)."""
        out: dict[str, Any] = {"field": self.field, "op": self.op}
        if self.written is not None:
            out["value"] = list(self.written) if isinstance(self.written, tuple) else self.written
        if self.unit is not None:
            out["unit"] = self.unit
        return out


class All(msgspec.Struct, frozen=True, tag="all"):
    parts: tuple[Node, ...]


class AnyOf(msgspec.Struct, frozen=True, tag="any"):
    parts: tuple[Node, ...]


class Not(msgspec.Struct, frozen=True, tag="not"):
    part: Node


Node = Leaf | All | AnyOf | Not


def encode(nodes: Sequence[Node | None]) -> bytes:
    """Parsed rules (None for no rule) as JSON, to be stored and read back by `decode`.

    JSON has no infinity or NaN: validation rejects them in rules, so a validated record's
    rules come back equal.
    """
    return msgspec.json.encode(tuple(nodes))


def decode(data: bytes | str) -> tuple[Node | None, ...]:
    """The rules `encode` wrote; msgspec.ValidationError if `data` is not such rules."""
    return msgspec.json.decode(data, type=tuple[Node | None, ...])


# ---------------------------------------------------------------- parsing


#: the `error` of a leaf parsed for its text only (`parse(rule, checked=False)`)
UNCHECKED = "rule parsed for its text only, not read against the profile fields"


def _leaf(rule: Mapping[str, Any], checked: bool) -> Leaf:
    name, op = rule.get("field"), rule.get("op")
    if not isinstance(name, str) or not isinstance(op, str):
        return Leaf(str(name or ""), str(op or ""), error=f"not a rule: {dict(rule)!r}")
    unit = rule.get("unit")
    target = rule.get("value")
    written = tuple(target) if isinstance(target, list) else target
    if not checked:
        return Leaf(name, op, None, unit, written, "unknown", UNCHECKED)
    spec = table().fields.get(name)
    if spec is None:
        unknown = f"rule names unknown profile field {name!r}"
        return Leaf(name, op, written, unit, written, "unknown", unknown, (unknown_field(name),))
    test, value, error = meaning(spec, op, target, unit)
    return Leaf(name, op, value, unit, written, test, error, leaf_problems(spec, op, rule))


def _parts(rule: Mapping[str, Any], key: str, checked: bool) -> tuple[Node, ...] | None:
    parts = rule[key]
    if not isinstance(parts, list | tuple):
        return None
    return tuple(parse(sub, checked=checked) for sub in parts)


def parse(rule: Any, *, checked: bool = True) -> Node:
    """The tree of a rule as written in a trial record.

    Total: a part that is not a rule (from a record that failed validation) becomes a leaf
    whose `error` says so, with no `problems` (the schema reports it).

    `checked=False` is for the text of a rule only (`show`): each leaf keeps its field,
    operator, value and unit as written, and is not read against the profile fields, so the
    patient schema is not loaded (~0.8 ms); its `error` is `UNCHECKED` (evaluating it raises
    that) and it has no `problems`.
    """
    if not isinstance(rule, Mapping):
        return Leaf("", "", error=f"not a rule: {rule!r}")
    if "all" in rule and (parts := _parts(rule, "all", checked)) is not None:
        return All(parts)
    if "any" in rule and (parts := _parts(rule, "any", checked)) is not None:
        return AnyOf(parts)
    if "not" in rule:
        return Not(parse(rule["not"], checked=checked))
    return _leaf(rule, checked)


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


def _fail(message: str) -> NoReturn:
    raise ValueError(message)


def _compare(op: str, have: Any, value: Any) -> bool:
    if op == "<":
        return bool(have < value)
    if op == "<=":
        return bool(have <= value)
    if op == ">":
        return bool(have > value)
    if op == ">=":
        return bool(have >= value)
    if op == "==":
        return bool(have == value)
    if op == "!=":
        return bool(have != value)
    return (have in value) is (op == "in")  # in, not in


def _holds(leaf: Leaf, have: Any) -> bool:
    """The test of a known (not None) profile value against the leaf."""
    test, error = leaf.test, leaf.error
    if test == "number":
        if have == NEVER:
            have = math.inf
        elif isinstance(have, bool) or not isinstance(have, int | float):
            _fail(f"{leaf.field} is not a number: {have!r}")
        if error is not None:
            _fail(error)
        return _compare(leaf.op, have, leaf.value)
    if test == "list":
        if not isinstance(have, Sequence) or isinstance(have, str):
            _fail(f"{leaf.field} is not a list")
        if error is not None:
            _fail(error)
        if leaf.op == "empty":
            return len(have) == 0
        if leaf.op == "not empty":
            return len(have) > 0
        names = {name_key(n) for item in have for n in _item_names(item)}
        keys = leaf.value if isinstance(leaf.value, tuple) else ()
        return any(key in names for key in keys)
    if error is not None:
        _fail(error)
    return _compare(leaf.op, have, leaf.value)


def evaluate(node: Node, facts: Facts) -> Outcome:
    """The Kleene truth of the rule `node` for the profile `facts` (every part is evaluated)."""
    match node:
        case Leaf(field=name):
            if node.test == "unknown":
                _fail(str(node.error))
            value = facts.value(name)
            if value is None:
                return Outcome(None, facts.missing_keys(name))
            return TRUE if _holds(node, value) else FALSE
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
            return inner if inner.truth is None else (FALSE if inner.truth else TRUE)
    raise TypeError(f"not a rule node: {node!r}")


# ---------------------------------------------------------------- other walks

Path = tuple[str | int, ...]


def walk(node: Node, negations: int = 0, path: Path = ()) -> Iterator[tuple[Leaf, int, Path]]:
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


def problems(node: Node, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every problem `parse` recorded on a leaf, with its path (below `path`) and message."""
    for leaf, _, here in walk(node, 0, path):
        for key, message in leaf.problems:
            yield (*here, key), message


def dotted(path: Path) -> str:
    """A path as text: ('rule', 'all', 0, 'field') -> 'rule.all[0].field'."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def rule_problems(rule: object, path: str = "rule") -> list[tuple[str, str]]:
    """(json-path suffix, message) for every leaf naming an unknown field, unit or operator."""
    return [(dotted((path, *where)), message) for where, message in problems(parse(rule))]
