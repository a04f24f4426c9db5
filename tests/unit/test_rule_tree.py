"""Eligibility rules parsed once into a typed tree (trialcmp.eligibility.tree / compiled)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests import typed_engine
from tests.conftest import ROOT
from tests.records import all_trial_records
from tests.typed_engine import check_criterion, check_patients, check_trial
from trialcmp.eligibility import compiled
from trialcmp.eligibility.fields import UNITS
from trialcmp.eligibility.profile import load_profile, profile_from_data
from trialcmp.eligibility.rules import evaluate as evaluate_raw
from trialcmp.eligibility.rules import leaves
from trialcmp.eligibility.tree import (
    All,
    AnyOf,
    Leaf,
    Node,
    Not,
    decode,
    encode,
    evaluate,
    fields,
    parse,
    rule_problems,
    walk,
)

TRIALS = all_trial_records()
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _rules(trial: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for criterion in (trial.get("eligibility") or {}).get("criteria") or []:
        out += [criterion[k] for k in ("rule", "applies_when") if criterion.get(k) is not None]
    return out


def test_a_rule_parses_into_typed_nodes_with_canonical_thresholds() -> None:
    rule = {
        "all": [
            {"field": "labs.creatinine", "op": "<=", "value": 88.4, "unit": "umol/L"},
            {"any": [{"field": "sex", "op": "in", "value": ["female"]}]},
            {"not": {"field": "prior_therapy.car_t", "op": "contains any", "value": ["Ide-Cel"]}},
        ]
    }
    node = parse(rule)
    assert isinstance(node, All)
    creatinine, sex, negated = node.parts
    assert creatinine == Leaf("labs.creatinine", "<=", 1.0, "umol/L", 88.4, "number")
    assert isinstance(sex, AnyOf)
    assert sex.parts == (Leaf("sex", "in", ("female",), None, ("female",), "value"),)
    assert isinstance(negated, Not)
    assert negated.part == Leaf(
        "prior_therapy.car_t", "contains any", ("ide cel",), None, ("Ide-Cel",), "list"
    )
    assert fields(node) == ("labs.creatinine", "sex", "prior_therapy.car_t")
    assert [(leaf.field, n, path) for leaf, n, path in walk(node)] == [
        ("labs.creatinine", 0, ("all", 0)),
        ("sex", 0, ("all", 1, "any", 0)),
        ("prior_therapy.car_t", 1, ("all", 2, "not")),
    ]


def test_a_malformed_leaf_fails_only_where_the_rule_as_written_failed() -> None:
    wrong_op = parse({"field": "ecog", "op": "contains any", "value": [1]})
    assert evaluate(wrong_op, profile_from_data({})).truth is None
    with pytest.raises(ValueError, match="compared with a number"):
        evaluate(wrong_op, profile_from_data({"ecog": 1}))
    unknown = parse({"field": "labs.ferritin", "op": ">", "value": 8})
    with pytest.raises(ValueError, match="unknown profile field"):
        evaluate(unknown, profile_from_data({}))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_curated_rule_gives_the_same_truth_parsed_or_as_written(example: Path) -> None:
    profile = load_profile(example)
    rules = [rule for trial in TRIALS for rule in _rules(trial)]
    assert rules
    for rule in rules:
        node: Node = parse(rule)
        assert evaluate(node, profile) == evaluate_raw(rule, profile)
        assert [x.field for x in leaves(rule)] == [leaf.field for leaf, _, _ in walk(node)]


def test_parsed_rules_decode_from_their_encoding_and_evaluate_the_same() -> None:
    rules = [rule for trial in TRIALS for rule in _rules(trial)]
    nodes: list[Node | None] = [parse(rule) for rule in rules]
    nodes.append(None)
    data = encode(nodes)
    assert data.startswith(b'[{"type":')
    decoded = decode(data)
    assert decoded == tuple(nodes)
    assert all(type(a) is type(b) for a, b in zip(decoded, nodes, strict=True))
    profiles = [load_profile(p) for p in EXAMPLES]
    for node, rule in zip(decoded, rules, strict=False):
        assert node is not None
        assert [leaf.as_written() for leaf, _, _ in walk(node)] == [x.rule for x in leaves(rule)]
        for profile in profiles:
            assert evaluate(node, profile) == evaluate_raw(rule, profile)


def test_decode_refuses_what_is_not_a_rule() -> None:
    import msgspec

    with pytest.raises(msgspec.ValidationError):
        decode(b'[{"type": "leaf", "field": "ecog"}]')
    with pytest.raises(msgspec.ValidationError):
        decode(b'[{"type": "xor", "parts": []}]')


def test_rule_problems_are_collected_from_the_parsed_leaves_with_their_paths() -> None:
    rule = {
        "all": [
            {"field": "ecgo", "op": "<=", "value": 1},
            {"not": {"field": "labs.anc", "op": "in", "value": 1, "unit": "furlongs"}},
            {"any": [{"field": "sex", "op": "==", "value": "other"}, None]},
        ]
    }
    assert rule_problems(rule) == [
        ("rule.all[0].field", "unknown patient-profile field 'ecgo' (did you mean 'ecog'?)"),
        (
            "rule.all[1].not.unit",
            "unit 'furlongs' does not fit labs.anc; allowed: "
            + ", ".join(UNITS["count_1e9_per_l"]),
        ),
        ("rule.all[1].not.value", "operator 'in' needs a non-empty list"),
        ("rule.all[2].any[0].value", "sex is one of female, male"),
    ]
    assert rule_problems(rule, "applies_when")[0][0] == "applies_when.all[0].field"
    assert rule_problems(None) == [] and rule_problems({"field": 3, "op": "=="}) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_compiled_trials_give_the_report_of_the_trials_as_written(example: Path) -> None:
    profile = load_profile(example)
    run = check_patients(TRIALS, [profile], single=True)
    assert run.reports[0].results == tuple(check_trial(t, profile) for t in TRIALS)
    for trial in TRIALS:
        for criterion in (trial.get("eligibility") or {}).get("criteria") or []:
            parsed = typed_engine.compile_criterion(criterion)
            assert check_criterion(parsed, profile) == check_criterion(criterion, profile)


def test_each_rule_is_parsed_once_per_run_whatever_the_number_of_patients(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[object] = []
    real = compiled.parse_optional

    def counting(rule: Any) -> Node | None:
        calls.append(rule)
        return real(rule)

    monkeypatch.setattr(compiled, "parse_optional", counting)
    profiles = [load_profile(p) for p in EXAMPLES]
    check_patients(TRIALS, profiles[:1], single=False)
    once = len(calls)
    calls.clear()
    check_patients(TRIALS, profiles * 5, single=False)
    assert once > 0
    assert len(calls) == once


def test_a_compiled_criterion_shares_results_only_between_patients_with_the_same_facts() -> None:
    criterion = typed_engine.compile_criterion(
        {
            "id": "c",
            "kind": "inclusion",
            "text": "ANC at least 1.0",
            "rule": {"field": "labs.anc", "op": ">=", "value": 1.0, "unit": "x10^9/L"},
        }
    )
    first = check_criterion(criterion, profile_from_data({"ecog": 1, "labs": {"anc": 0.98}}))
    other = check_criterion(criterion, profile_from_data({"ecog": 2, "labs": {"anc": 0.98}}))
    assert other is first and first.status == "fail" and first.near
    higher = check_criterion(criterion, profile_from_data({"ecog": 1, "labs": {"anc": 2}}))
    assert higher.status == "pass" and higher.value == 2 and not higher.near
    unknown = check_criterion(criterion, profile_from_data({"ecog": 1}))
    assert unknown.status == "unknown" and unknown.missing == ("labs.anc",)
