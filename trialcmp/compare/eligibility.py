"""The Eligibility thresholds section: the part of each curated criterion that constrains a
field (age, ECOG, labs, antigen…), as a threshold text."""

from __future__ import annotations

from typing import Any

from trialcmp.compare.cells import RowOut
from trialcmp.compare.comparison import (
    NOT_REPORTED,
    NOT_STATED,
    NOT_STATED_TEXT,
    NR_TEXT,
    PARTIAL_TEXT,
    Cell,
    SourceRef,
)
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import num

OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}

#: (row key, label, {field: prefix})
ELIGIBILITY_ROWS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("age", "Age", {"age": ""}),
    ("ecog", "ECOG", {"ecog": ""}),
    ("life_expectancy", "Life expectancy", {"life_expectancy_months": ""}),
    ("prior_lines", "Prior lines", {"prior_therapy.lines": ""}),
    (
        "renal",
        "Creatinine clearance",
        {"labs.creatinine_clearance": "", "labs.creatinine": "serum creatinine "},
    ),
    ("lvef", "LVEF", {"labs.lvef_pct": ""}),
    ("spo2", "SpO₂", {"labs.spo2_pct": ""}),
    ("fev1", "FEV₁ (% predicted)", {"labs.fev1_pct_predicted": ""}),
    ("alt_ast", "ALT / AST", {"labs.alt_uln": "ALT ", "labs.ast_uln": "AST "}),
    ("bilirubin", "Bilirubin", {"labs.bilirubin_uln": ""}),
    ("coagulation", "PT / APTT", {"labs.pt_uln": "PT ", "labs.aptt_uln": "APTT "}),
    ("anc", "ANC", {"labs.anc": ""}),
    ("platelets", "Platelets", {"labs.platelets": ""}),
    ("alc", "ALC", {"labs.alc": ""}),
    (
        "antigen",
        "Antigen requirement",
        {
            "disease.bcma_positive": "",
            "disease.cd19_positive": "",
            "disease.gprc5d_positive": "",
            "disease.bcma_expression_pct": "BCMA expression ",
        },
    ),
    ("extramedullary", "Extramedullary disease", {"disease.extramedullary_measurable": ""}),
)
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


def _value_with_unit(value: Any, unit: str | None) -> str:
    if isinstance(value, list):
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


def leaf_text(leaf: dict[str, Any], prefix: str = "") -> str:
    """One rule leaf as a threshold: '> 50%', '≤ 2', 'ALT < 3× ULN', 'BCMA+'."""
    name, op, value = str(leaf["field"]), str(leaf["op"]), leaf.get("value")
    if name in BOOLEAN_WORDS and op in ("==", "!=") and isinstance(value, bool):
        yes, no = BOOLEAN_WORDS[name]
        return yes if (value is True) == (op == "==") else no
    if op in ("empty", "not empty"):
        return f"{prefix or name + ' '}{op}".strip()
    if op in OPS:
        return f"{prefix}{OPS[op]} {_value_with_unit(value, leaf.get('unit'))}"
    return f"{prefix or name + ' '}{op} {_value_with_unit(value, leaf.get('unit'))}"


def _is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and "field" in node


def _prune(node: Any, fields: dict[str, str], conjunctive: str) -> Any:
    """The part of a rule that constrains `fields`.

    For an inclusion, `all` children are independent requirements (conjunctive='all');
    for an exclusion, `any` children are independent reasons to exclude ('any'). Children
    of the other combinator are alternatives, so such a node is kept whole.
    """
    if not isinstance(node, dict):
        return None
    if _is_leaf(node):
        return node if node["field"] in fields else None
    if "not" in node:
        flipped = "any" if conjunctive == "all" else "all"
        sub = _prune(node["not"], fields, flipped)
        return None if sub is None else {"not": sub}
    for comb in ("all", "any"):
        if comb in node:
            pruned = [_prune(c, fields, conjunctive) for c in node[comb]]
            if comb == conjunctive:
                kept = [p for p in pruned if p is not None]
                if not kept:
                    return None
                return kept[0] if len(kept) == 1 else {comb: kept}
            return node if any(p is not None for p in pruned) else None
    return None


def _rule_text(node: Any, fields: dict[str, str]) -> str:
    if _is_leaf(node):
        return leaf_text(node, fields.get(node["field"], ""))
    if "not" in node:
        return f"not ({_rule_text(node['not'], fields)})"
    comb = "all" if "all" in node else "any"
    children = list(node[comb])
    parts: list[str] = []
    used: set[int] = set()
    for i, child in enumerate(children):
        if i in used:
            continue
        if _is_leaf(child):
            for j in range(i + 1, len(children)):
                other = children[j]
                pair = frozenset({child["field"], other.get("field") if _is_leaf(other) else ""})
                if (
                    j not in used
                    and pair in MERGED_PREFIXES
                    and all(child.get(k) == other.get(k) for k in ("op", "value", "unit"))
                ):
                    used.add(j)
                    parts.append(leaf_text(child, MERGED_PREFIXES[pair]))
                    break
            else:
                parts.append(leaf_text(child, fields.get(child["field"], "")))
            continue
        inner = _rule_text(child, fields)
        parts.append(f"({inner})")
    word = " and " if comb == "all" else " or "
    return word.join(_factor_units(parts, children, used))


def _factor_units(parts: list[str], children: list[Any], merged: set[int]) -> list[str]:
    """'≥ 18 years', '≤ 75 years' → '≥ 18', '≤ 75 years' when one field shares a word unit."""
    leaves = [c for i, c in enumerate(children) if i not in merged]
    if len(leaves) != len(parts) or len(parts) < 2:
        return parts
    if not all(_is_leaf(c) for c in leaves):
        return parts
    fields = {c["field"] for c in leaves}
    units = {c.get("unit") for c in leaves}
    unit = next(iter(units))
    if len(fields) != 1 or len(units) != 1 or not isinstance(unit, str):
        return parts
    suffix = f" {unit}"
    if not all(p.endswith(suffix) for p in parts):
        return parts
    return [p[: -len(suffix)] for p in parts[:-1]] + [parts[-1]]


def _threshold_cell(ctx: TrialContext, fields: dict[str, str]) -> Cell:
    eligibility = ctx.data.get("eligibility")
    if not isinstance(eligibility, dict):
        return Cell(NR_TEXT, NOT_REPORTED, raw=None)
    pieces: list[str] = []
    raw: list[dict[str, Any]] = []
    refs: list[SourceRef] = []
    for criterion in eligibility.get("criteria") or []:
        kind = criterion.get("kind")
        conjunctive = "all" if kind == "inclusion" else "any"
        pruned = _prune(criterion.get("rule"), fields, conjunctive)
        if pruned is None:
            continue
        text = _rule_text(pruned, fields)
        if kind == "exclusion":
            text = f"excluded if {text}"
        when = criterion.get("applies_when")
        if isinstance(when, dict):
            text += f" (when {_rule_text(when, {})})"
        pieces.append(text)
        raw.append({"criterion": criterion.get("id"), "kind": kind, "rule": pruned})
        refs.extend(ctx.refs(criterion.get("cite"), eligibility.get("cite")))
    if pieces:
        return Cell("; ".join(pieces), raw=raw, refs=tuple(dict.fromkeys(refs)))
    complete = eligibility.get("complete", True) is not False
    return Cell(
        NOT_STATED_TEXT if complete else PARTIAL_TEXT,
        NOT_STATED,
        raw={"criteria_complete": complete},
        refs=ctx.refs(eligibility.get("cite")),
    )


def eligibility_rows(ctx: TrialContext) -> list[RowOut]:
    return [(key, label, _threshold_cell(ctx, fields)) for key, label, fields in ELIGIBILITY_ROWS]
