"""A parsed rule as text (trialcmp.eligibility.text): show's style and compare's threshold rows."""

from __future__ import annotations

from typing import Any

import pytest

from trialcmp.eligibility.text import Thresholds, as_written, prune, rule_text
from trialcmp.eligibility.tree import parse

AGE = {
    "all": [
        {"field": "age", "op": ">=", "value": 18, "unit": "years"},
        {"field": "age", "op": "<=", "value": 75, "unit": "years"},
    ]
}
LIVER = {
    "all": [
        {"field": "labs.alt_uln", "op": "<=", "value": 2.5, "unit": "x ULN"},
        {"field": "labs.ast_uln", "op": "<=", "value": 2.5, "unit": "x ULN"},
        {"field": "labs.bilirubin_uln", "op": "<=", "value": 1.5, "unit": "x ULN"},
    ]
}


def test_show_writes_the_rule_with_the_profiles_names() -> None:
    rule = {
        "all": [
            {"field": "labs.lvef_pct", "op": ">", "value": 50, "unit": "%"},
            {
                "any": [
                    {"field": "ecog", "op": "<=", "value": 1},
                    {"field": "sex", "op": "==", "value": "male"},
                ]
            },
        ]
    }
    assert rule_text(parse(rule)) == "labs.lvef_pct > 50% and (ecog <= 1 or sex == male)"
    negated = {"not": {"field": "allergies", "op": "contains any", "value": ["x"]}}
    assert rule_text(parse(negated)) == "not (allergies contains any [x])"
    assert rule_text(parse({"field": "allergies", "op": "empty"})) == "allergies empty"
    assert rule_text(parse(AGE)) == "age >= 18 years and age <= 75 years"


@pytest.mark.parametrize(
    ("rule", "fields", "expected"),
    [
        (AGE, {"age": ""}, "≥ 18 and ≤ 75 years"),
        (LIVER, {"labs.alt_uln": "ALT ", "labs.ast_uln": "AST "}, "ALT/AST ≤ 2.5× ULN"),
        (LIVER, {"labs.bilirubin_uln": ""}, "≤ 1.5× ULN"),
        ({"field": "disease.bcma_positive", "op": "==", "value": True}, {}, "BCMA+"),
        ({"field": "disease.bcma_positive", "op": "!=", "value": True}, {}, "BCMA−"),
        (
            {"field": "labs.creatinine", "op": "<=", "value": 2, "unit": "mg/dL"},
            {"labs.creatinine": "serum creatinine "},
            "serum creatinine ≤ 2 mg/dL",
        ),
        ({"field": "labs.anc", "op": ">=", "value": 1, "unit": "x10^9/L"}, {}, "≥ 1×10^9/L"),
        ({"field": "sex", "op": "in", "value": ["female", "male"]}, {}, "sex in female, male"),
    ],
)
def test_a_threshold_row_writes_symbols_units_and_merged_pairs(
    rule: dict[str, Any], fields: dict[str, str], expected: str
) -> None:
    pruned = prune(parse(rule), fields, "all") if fields else parse(rule)
    assert pruned is not None
    assert rule_text(pruned, Thresholds(fields)) == expected


def test_prune_keeps_the_part_that_constrains_the_rows_fields() -> None:
    either = {"any": [{"field": "ecog", "op": "<=", "value": 1}, AGE]}
    rule = parse({"all": [{"field": "ecog", "op": "<=", "value": 2}, either]})
    ecog = prune(rule, {"ecog": ""}, "all")
    assert ecog is not None
    # the `any` is a set of alternatives: it is kept whole, not cut down to its ECOG part
    assert as_written(ecog) == {"all": [{"field": "ecog", "op": "<=", "value": 2}, either]}
    assert rule_text(ecog, Thresholds({"ecog": ""})) == "≤ 2 and (≤ 1 or (≥ 18 and ≤ 75 years))"
    assert prune(rule, {"labs.anc": ""}, "all") is None
    # for an exclusion the `any` parts are independent reasons, the `all` parts alternatives
    exclusion = parse({"any": [{"field": "ecog", "op": ">", "value": 2}, AGE]})
    reason = prune(exclusion, {"ecog": ""}, "any")
    assert reason is not None
    assert as_written(reason) == {"field": "ecog", "op": ">", "value": 2}
    negated = prune(parse({"not": AGE}), {"age": ""}, "all")
    assert negated is not None and as_written(negated) == {"not": AGE}


def test_as_written_gives_the_rule_back() -> None:
    rule = {"any": [LIVER, {"not": {"field": "prior_therapy.car_t", "op": "not empty"}}]}
    assert as_written(parse(rule)) == rule


def _rules() -> list[Any]:
    from tests.conftest import DATA_DIR
    from trialcmp.yamlio import load_document

    found: list[Any] = []
    for path in sorted(DATA_DIR.glob("*.yaml")):
        data = load_document(path).data
        for criterion in data.get("eligibility", {}).get("criteria", []):
            found += [criterion[k] for k in ("applies_when", "rule") if k in criterion]
    return found


def test_a_rule_parsed_for_its_text_only_reads_as_the_checked_one() -> None:
    """`show` parses its rules with `checked=False` (no patient schema to load)."""
    odd = [
        {"field": "no.such_field", "op": ">=", "value": [1, 2], "unit": "mg"},
        {"not": {"field": "ecog", "op": "in", "value": [0, 1]}},
        {"field": 3, "op": None},
        "not a rule",
    ]
    rules = _rules()
    assert len(rules) > 100
    for rule in [*rules, *odd]:
        assert rule_text(parse(rule, checked=False)) == rule_text(parse(rule)), rule


def test_a_leaf_parsed_for_its_text_only_cannot_be_evaluated() -> None:
    from trialcmp.eligibility.tree import UNCHECKED, Leaf, evaluate

    leaf = parse({"field": "ecog", "op": "<=", "value": 1}, checked=False)
    assert isinstance(leaf, Leaf) and leaf.error == UNCHECKED and leaf.problems == ()
    with pytest.raises(ValueError, match="text only"):
        evaluate(leaf, None)  # type: ignore[arg-type]
