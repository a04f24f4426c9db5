"""A parsed rule as text for the user: one walk over the tree, in one of two styles.

`rule_text(node)` writes the rule as `show` prints it, with the profile's own names and
operators: ``labs.lvef_pct > 50% and (ecog <= 1 or sex == male)``.

`rule_text(node, Thresholds(prefixes))` writes it as `compare` prints a threshold row:
operators as symbols, the units as people write them, boolean fields as words (``BCMA+``),
a pair of fields with the same threshold merged (``ALT/AST ≤ 2.5× ULN``) and a unit shared
by every bound written once (``≥ 18 and ≤ 75 years``); a field of the row reads with its
prefix (``serum creatinine ≤ 2 mg/dL``), any other field with its name. `prune` first cuts
the rule down to the part that constrains the row's fields, and `as_written` gives that part
back as a rule of a record (for the JSON of a cell).

Everything here is pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import msgspec

from trialcmp.eligibility.tree import All, AnyOf, Leaf, Node, Not
from trialcmp.formatting import num

Combinator = Literal["all", "any"]

OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
#: true / false phrases of boolean fields
BOOLEAN_WORDS: dict[str, tuple[str, str]] = {
    "disease.bcma_positive": ("BCMA+", "BCMA−"),
    "disease.cd19_positive": ("CD19+", "CD19−"),
    "disease.gprc5d_positive": ("GPRC5D+", "GPRC5D−"),
    "disease.extramedullary_measurable": ("measurable EMD", "no measurable EMD"),
    "disease.relapsed_refractory": ("RRMM", "not RRMM"),
}
MERGED_PREFIXES = {
    frozenset({"labs.alt_uln", "labs.ast_uln"}): "ALT/AST ",
    frozenset({"labs.pt_uln", "labs.aptt_uln"}): "PT/APTT ",
}


class Thresholds(msgspec.Struct, frozen=True):
    """The style of a compare threshold row; `prefixes` names the row's fields as shown."""

    prefixes: Mapping[str, str] = msgspec.field(default_factory=dict)


# ---------------------------------------------------------------- show's style


def _plain_leaf(leaf: Leaf) -> str:
    op, value = leaf.op, leaf.written
    if op in ("empty", "not empty"):
        return f"{leaf.field} {op}"
    if isinstance(value, tuple):
        shown = "[" + ", ".join(str(v) for v in value) + "]"
    elif isinstance(value, bool):
        shown = "true" if value else "false"
    else:
        shown = num(value) if isinstance(value, int | float) else str(value)
    if leaf.unit:
        shown += leaf.unit if leaf.unit == "%" else f" {leaf.unit}"
    return f"{leaf.field} {op} {shown}"


def _plain_parts(parts: tuple[Node, ...], joiner: str) -> str:
    texts = [rule_text(part) for part in parts]
    return joiner.join(f"({t})" if (" and " in t or " or " in t) else t for t in texts)


# ---------------------------------------------------------------- compare's style


def _value_with_unit(value: Any, unit: str | None) -> str:
    if isinstance(value, tuple):
        text = ", ".join(num(v) if isinstance(v, int | float) else str(v) for v in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = num(value)
    else:
        text = str(value)
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit in ("x ULN", "× ULN", "xULN"):
        return f"{text}× ULN"
    if unit.startswith(("x10^", "×10^", "x 10^")):
        return f"{text}×10^{unit.split('^', 1)[1]}"
    return f"{text} {unit}"


def leaf_text(leaf: Leaf, prefix: str = "") -> str:
    """One rule leaf as a threshold: '> 50%', '≤ 2', 'ALT < 3× ULN', 'BCMA+'."""
    name, op, value = leaf.field, leaf.op, leaf.written
    if name in BOOLEAN_WORDS and op in ("==", "!=") and isinstance(value, bool):
        yes, no = BOOLEAN_WORDS[name]
        return yes if (value is True) == (op == "==") else no
    if op in ("empty", "not empty"):
        return f"{prefix or name + ' '}{op}".strip()
    if op in OPS:
        return f"{prefix}{OPS[op]} {_value_with_unit(value, leaf.unit)}"
    return f"{prefix or name + ' '}{op} {_value_with_unit(value, leaf.unit)}"


def _same_threshold(a: Leaf, b: Leaf) -> bool:
    return (a.op, a.written, a.unit) == (b.op, b.written, b.unit)


def _threshold_parts(children: tuple[Node, ...], joiner: str, style: Thresholds) -> str:
    prefixes = style.prefixes
    parts: list[str] = []
    merged: set[int] = set()
    for i, child in enumerate(children):
        if i in merged:
            continue
        if not isinstance(child, Leaf):
            parts.append(f"({rule_text(child, style)})")
            continue
        for j in range(i + 1, len(children)):
            other = children[j]
            pair = frozenset({child.field, other.field if isinstance(other, Leaf) else ""})
            if j not in merged and pair in MERGED_PREFIXES and isinstance(other, Leaf):
                if _same_threshold(child, other):
                    merged.add(j)
                    parts.append(leaf_text(child, MERGED_PREFIXES[pair]))
                    break
        else:
            parts.append(leaf_text(child, prefixes.get(child.field, "")))
    return joiner.join(_factor_units(parts, [c for i, c in enumerate(children) if i not in merged]))


def _factor_units(parts: list[str], children: list[Node]) -> list[str]:
    """'≥ 18 years', '≤ 75 years' → '≥ 18', '≤ 75 years' when one field shares a word unit."""
    leaves = [c for c in children if isinstance(c, Leaf)]
    if len(leaves) != len(children) or len(leaves) != len(parts) or len(parts) < 2:
        return parts
    units = {c.unit for c in leaves}
    unit = next(iter(units))
    if len({c.field for c in leaves}) != 1 or len(units) != 1 or not isinstance(unit, str):
        return parts
    suffix = f" {unit}"
    if not all(p.endswith(suffix) for p in parts):
        return parts
    return [p[: -len(suffix)] for p in parts[:-1]] + [parts[-1]]


# ---------------------------------------------------------------- the walks


def rule_text(node: Node, style: Thresholds | None = None) -> str:
    """The rule in one line, as `show` writes it (no style) or as a threshold row."""
    match node:
        case Leaf():
            if style is None:
                return _plain_leaf(node)
            return leaf_text(node, style.prefixes.get(node.field, ""))
        case Not(part):
            return f"not ({rule_text(part, style)})"
        case All(parts) | AnyOf(parts):
            joiner = " and " if isinstance(node, All) else " or "
            if style is None:
                return _plain_parts(parts, joiner)
            return _threshold_parts(parts, joiner, style)
    raise TypeError(f"not a rule node: {node!r}")


def prune(node: Node | None, fields: Mapping[str, str], conjunctive: Combinator) -> Node | None:
    """The part of a rule that constrains `fields`, None if no part does.

    For an inclusion, `all` children are independent requirements (conjunctive='all');
    for an exclusion, `any` children are independent reasons to exclude ('any'). Children
    of the other combinator are alternatives, so such a node is kept whole.
    """
    match node:
        case Leaf():
            return node if node.field in fields else None
        case Not(part):
            sub = prune(part, fields, "any" if conjunctive == "all" else "all")
            return None if sub is None else Not(sub)
        case All(parts) | AnyOf(parts):
            pruned = [prune(part, fields, conjunctive) for part in parts]
            if (conjunctive == "all") is not isinstance(node, All):
                return node if any(p is not None for p in pruned) else None
            kept = tuple(p for p in pruned if p is not None)
            if not kept:
                return None
            return kept[0] if len(kept) == 1 else type(node)(kept)
    return None


def as_written(node: Node) -> dict[str, Any]:
    """The rule as a record writes it: {field, op, value, unit}, {all}, {any} or {not}."""
    match node:
        case Leaf():
            return node.as_written()
        case All(parts):
            return {"all": [as_written(part) for part in parts]}
        case AnyOf(parts):
            return {"any": [as_written(part) for part in parts]}
        case Not(part):
            return {"not": as_written(part)}
    raise TypeError(f"not a rule node: {node!r}")
