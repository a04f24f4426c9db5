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
from trialcmp.eligibility.text import Thresholds, as_written, prune, rule_text
from trialcmp.eligibility.tree import Node, parse_optional
from trialcmp.model import Criterion, Eligibility

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
#: (criterion as written, its rule, its condition), each rule parsed once per trial
Parsed = list[tuple[Criterion, Node | None, Node | None]]


def _parsed(eligibility: Eligibility) -> Parsed:
    return [
        (c, parse_optional(c.rule), parse_optional(c.applies_when)) for c in eligibility.criteria
    ]


def _threshold_cell(ctx: TrialContext, criteria: Parsed, fields: dict[str, str]) -> Cell:
    eligibility = ctx.record.eligibility
    if eligibility is None:
        return Cell(NR_TEXT, NOT_REPORTED, raw=None)
    pieces: list[str] = []
    raw: list[dict[str, Any]] = []
    refs: list[SourceRef] = []
    for criterion, rule, when in criteria:
        kind = criterion.kind
        pruned = prune(rule, fields, "all" if kind == "inclusion" else "any")
        if pruned is None:
            continue
        text = rule_text(pruned, Thresholds(fields))
        if kind == "exclusion":
            text = f"excluded if {text}"
        if when is not None:
            text += f" (when {rule_text(when, Thresholds())})"
        pieces.append(text)
        raw.append({"criterion": criterion.id, "kind": kind, "rule": as_written(pruned)})
        refs.extend(ctx.refs(criterion.cite, eligibility.cite))
    if pieces:
        return Cell("; ".join(pieces), raw=raw, refs=tuple(dict.fromkeys(refs)))
    complete = eligibility.complete is not False
    return Cell(
        NOT_STATED_TEXT if complete else PARTIAL_TEXT,
        NOT_STATED,
        raw={"criteria_complete": complete},
        refs=ctx.refs(eligibility.cite),
    )


def eligibility_rows(ctx: TrialContext) -> list[RowOut]:
    eligibility = ctx.record.eligibility
    criteria = _parsed(eligibility) if eligibility is not None else []
    return [
        (key, label, _threshold_cell(ctx, criteria, fields))
        for key, label, fields in ELIGIBILITY_ROWS
    ]
