"""Three-valued evaluation of eligibility rules (trialcmp.eligibility.rules)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from trialcmp.eligibility.fields import FIELDS, OPERATORS
from trialcmp.eligibility.profile import profile_from_data
from trialcmp.eligibility.rules import Outcome, evaluate, fields_of, leaves

T, F, U = True, False, None


def facts(**sections: Any) -> Any:
    return profile_from_data(sections)


def leaf(field: str, op: str, value: Any = None, unit: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"field": field, "op": op}
    if value is not None:
        out["value"] = value
    if unit is not None:
        out["unit"] = unit
    return out


# ---------------------------------------------------------------- Kleene logic

#: ecog == 1 is True, False or unknown depending on the profile
ECOG_FOR = {T: {"ecog": 1}, F: {"ecog": 3}, U: {}}
#: pregnant == true likewise
PREGNANT_FOR = {T: {"pregnant": True}, F: {"pregnant": False}, U: {}}
A = leaf("ecog", "==", 1)
B = leaf("pregnant", "==", True)
ORDER = {F: 0, U: 1, T: 2}


def _kleene_and(a: bool | None, b: bool | None) -> bool | None:
    return min((a, b), key=lambda v: ORDER[v])


def _kleene_or(a: bool | None, b: bool | None) -> bool | None:
    return max((a, b), key=lambda v: ORDER[v])


@pytest.mark.parametrize(("a", "b"), list(itertools.product((T, F, U), repeat=2)))
def test_all_and_any_follow_kleene_truth_tables(a: bool | None, b: bool | None) -> None:
    profile = facts(**ECOG_FOR[a], **PREGNANT_FOR[b])
    assert evaluate({"all": [A, B]}, profile).truth is _kleene_and(a, b)
    assert evaluate({"any": [A, B]}, profile).truth is _kleene_or(a, b)


@pytest.mark.parametrize("a", [T, F, U])
def test_not_inverts_and_keeps_unknown(a: bool | None) -> None:
    result = evaluate({"not": A}, facts(**ECOG_FOR[a]))
    assert result.truth is (None if a is None else not a)
    assert result.missing == (("ecog",) if a is None else ())


@pytest.mark.parametrize(
    ("a", "b", "missing_all", "missing_any"),
    [
        (T, U, ("pregnant",), ()),  # any: a true part decides
        (F, U, (), ("pregnant",)),  # all: a false part decides
        (U, U, ("ecog", "pregnant"), ("ecog", "pregnant")),
        (T, T, (), ()),
    ],
)
def test_missing_names_only_the_keys_that_could_change_the_answer(
    a: bool | None,
    b: bool | None,
    missing_all: tuple[str, ...],
    missing_any: tuple[str, ...],
) -> None:
    profile = facts(**ECOG_FOR[a], **PREGNANT_FOR[b])
    assert evaluate({"all": [A, B]}, profile).missing == missing_all
    assert evaluate({"any": [A, B]}, profile).missing == missing_any


def test_missing_keys_are_listed_once_in_rule_order() -> None:
    rule = {"any": [B, {"all": [A, B]}, leaf("labs.anc", ">=", 1)]}
    assert evaluate(rule, facts()).missing == ("pregnant", "ecog", "labs.anc")


# ---------------------------------------------------------------- leaves


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("<", 2, False),
        ("<", 3, True),
        ("<=", 2, True),
        ("<=", 1, False),
        (">", 2, False),
        (">", 1, True),
        (">=", 2, True),
        (">=", 3, False),
        ("==", 2, True),
        ("==", 1, False),
        ("!=", 2, False),
        ("!=", 1, True),
        ("in", [0, 1, 2], True),
        ("in", [0, 1], False),
        ("not in", [0, 1], True),
        ("not in", [2], False),
    ],
)
def test_number_operators(op: str, value: Any, expected: bool) -> None:
    assert evaluate(leaf("ecog", op, value), facts(ecog=2)).truth is expected


@pytest.mark.parametrize(("op", "expected"), [("<", F), ("<=", F), (">", T), (">=", T)])
@pytest.mark.parametrize(
    "field",
    [
        "prior_therapy.weeks_since_other_trial",
        "conditions.months_since_myocardial_infarction",
        "conditions.months_since_coronary_revascularization",
    ],
)
def test_never_compares_as_infinitely_long_ago(field: str, op: str, expected: bool) -> None:
    section, key = field.split(".")
    profile = facts(**{section: {key: "never"}})
    assert evaluate(leaf(field, op, 10_000), profile).truth is expected


def test_a_finite_time_still_compares_as_a_number() -> None:
    profile = facts(prior_therapy={"weeks_since_other_trial": 3})
    assert evaluate(leaf("prior_therapy.weeks_since_other_trial", "<", 4), profile).truth is True
    assert evaluate(leaf("prior_therapy.weeks_since_other_trial", "<", 3), profile).truth is False


@pytest.mark.parametrize(
    ("allergies", "expected"),
    [
        ([], False),  # empty list: none
        (["penicillin"], False),
        (["Fludarabine"], True),  # case does not matter
        (["  cyclophosphamide "], True),
        (["interleukin 2"], True),  # hyphen and space are the same
        (None, None),  # absent: unknown
    ],
)
def test_contains_any(allergies: list[str] | None, expected: bool | None) -> None:
    rule = leaf("allergies", "contains any", ["fludarabine", "cyclophosphamide", "interleukin-2"])
    profile = facts() if allergies is None else facts(allergies=allergies)
    result = evaluate(rule, profile)
    assert result.truth is expected
    assert result.missing == (("allergies",) if expected is None else ())


@pytest.mark.parametrize(
    ("car_t", "empty", "bcma"),
    [
        ([], True, False),
        ([{"product": "ide-cel", "targets": ["BCMA"]}], False, True),
        (["cilta-cel"], False, False),
        ([{"product": "bcma car-t"}], False, False),
        (None, None, None),
    ],
)
def test_list_emptiness_and_car_t_items(
    car_t: list[Any] | None, empty: bool | None, bcma: bool | None
) -> None:
    profile = facts(prior_therapy={"car_t": car_t})
    assert evaluate(leaf("prior_therapy.car_t", "empty"), profile).truth is empty
    not_empty = None if empty is None else not empty
    assert evaluate(leaf("prior_therapy.car_t", "not empty"), profile).truth is not_empty
    targets = leaf("prior_therapy.car_t", "contains any", ["bcma"])
    assert evaluate(targets, profile).truth is bcma


def test_product_names_match_too() -> None:
    profile = facts(prior_therapy={"car_t": ["Cilta-Cel"]})
    rule = leaf("prior_therapy.car_t", "contains any", ["cilta cel"])
    assert evaluate(rule, profile).truth is True


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (leaf("sex", "==", "female"), True),
        (leaf("sex", "!=", "female"), False),
        (leaf("sex", "in", ["male", "female"]), True),
        (leaf("sex", "not in", ["female"]), False),
        (leaf("pregnant", "==", False), True),
        (leaf("pregnant", "!=", False), False),
    ],
)
def test_enum_and_boolean_operators(rule: dict[str, Any], expected: bool) -> None:
    assert evaluate(rule, facts(sex="female", pregnant=False)).truth is expected


@pytest.mark.parametrize("op", ["==", "!=", "<", "in"])
def test_absent_and_null_are_unknown_whatever_the_operator(op: str) -> None:
    value: Any = [1] if op == "in" else 1
    for profile in (facts(), facts(ecog=None)):
        assert evaluate(leaf("ecog", op, value), profile) == Outcome(None, ("ecog",))


@pytest.mark.parametrize(
    ("threshold", "unit", "expected"),
    [
        (1000, "/uL", True),  # 1000 /uL == 1.0 x10^9/L, patient 1.0
        (1001, "/uL", False),
        (10, "x10^8/L", True),
        (1.0, "x10^9/L", True),
        (1.01, "x10^9/L", False),
    ],
)
def test_rule_thresholds_are_converted_from_their_unit(
    threshold: float, unit: str, expected: bool
) -> None:
    profile = facts(labs={"anc": 1.0})
    assert evaluate(leaf("labs.anc", ">=", threshold, unit), profile).truth is expected


def test_creatinine_threshold_in_micromoles() -> None:
    profile = facts(labs={"creatinine": 1.0})  # mg/dL
    assert evaluate(leaf("labs.creatinine", "<=", 88.4, "umol/L"), profile).truth is True
    assert evaluate(leaf("labs.creatinine", "<", 88.4, "µmol/L"), profile).truth is False


def test_unknown_field_is_a_bug_not_a_silent_unknown() -> None:
    with pytest.raises(ValueError, match="unknown profile field"):
        evaluate(leaf("labs.ferritin", ">", 8), facts())


def test_leaves_and_fields_of_walk_the_whole_rule() -> None:
    rule = {"any": [A, {"not": {"all": [B, leaf("labs.anc", ">=", 1)]}}, A]}
    found = list(leaves(rule))
    assert [x.field for x in found] == ["ecog", "pregnant", "labs.anc", "ecog"]
    assert [x.negations for x in found] == [0, 1, 1, 0]
    assert found[2].path == ("any", 1, "not", "all", 1)
    assert fields_of(rule) == ("ecog", "pregnant", "labs.anc")
    assert fields_of(None) == ()


def test_every_operator_is_evaluated_for_every_kind_it_applies_to() -> None:
    sample = {
        "number": ("ecog", 1),
        "number_or_never": ("prior_therapy.weeks_since_other_trial", 3),
        "boolean": ("pregnant", False),
        "enum": ("sex", "male"),
        "list": ("allergies", ["x"]),
    }
    for op, kinds in OPERATORS.items():
        for kind in kinds:
            path, value = sample[kind]
            assert FIELDS[path].kind == kind
            if "." in path:
                section, key = path.split(".")
                profile = facts(**{section: {key: value}})
            else:
                profile = facts(**{path: value})
            operand: Any
            if op in ("in", "not in", "contains any"):
                operand = [value if not isinstance(value, list) else "x"]
            elif op in ("empty", "not empty"):
                operand = None
            else:
                operand = value
            result = evaluate(leaf(path, op, operand), profile)
            assert result.truth in (True, False), (op, kind)
