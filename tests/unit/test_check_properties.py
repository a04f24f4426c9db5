"""Property-based tests: missing information never helps a patient.

* removing information (deleting keys or setting them to null) only ever turns a
  criterion's status into `unknown`: never fail into pass, never anything into eligible;
* a profile with every field present is never `incomplete` for a trial whose criteria are
  complete (and no criterion of any trial is `unknown` for it);
* a trial whose curated criteria are incomplete is never `eligible`;
* the unit a lab value is written in does not change any status;
* Kleene evaluation is monotone for arbitrary rules.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA_DIR, FIXTURES, ROOT
from tests.records import all_trial_records
from tests.typed_engine import check_trial, compile_trial
from trialcmp.eligibility.compiled import Trial
from trialcmp.eligibility.fields import FIELDS
from trialcmp.eligibility.profile import CG_INPUTS, IMPLIED, cockcroft_gault, profile_from_data
from trialcmp.eligibility.rules import evaluate, leaves

SCHEMA = json.loads((ROOT / "schemas" / "patient.schema.json").read_text(encoding="utf-8"))
TRIALS: list[dict[str, Any]] = all_trial_records()
BASELINE: dict[str, Any] = yaml.safe_load(
    (FIXTURES / "patients" / "valid" / "all-criteria-met.yaml").read_text(encoding="utf-8")
)
COMPLETE = [t for t in TRIALS if (t.get("eligibility") or {}).get("complete") is True]
PARTIAL = [t for t in TRIALS if t not in COMPLETE]
#: Each record compiled once, as `check` compiles a collection once for a whole cohort: a
#: criterion then shares a result only between profiles with equal facts for it.
COMPILED: dict[str, Trial] = {t["id"]: compile_trial(t) for t in TRIALS}
PROPERTY_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _thresholds() -> dict[str, list[float]]:
    """Every numeric threshold of the curated rules, per field, in the field's unit."""
    found: dict[str, list[float]] = {}
    for trial in TRIALS:
        for crit in (trial.get("eligibility") or {}).get("criteria") or []:
            for key in ("rule", "applies_when"):
                for leaf in leaves(crit.get(key) or {"all": []}):
                    value = leaf.rule.get("value")
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        spec = FIELDS[leaf.field]
                        found.setdefault(leaf.field, []).append(
                            spec.to_canonical(float(value), leaf.rule.get("unit"))
                        )
    return found


THRESHOLDS = _thresholds()


def _spec(path: str) -> dict[str, Any]:
    node: dict[str, Any] = SCHEMA
    for part in path.split("."):
        node = node["properties"][part]
    return node


def _number(path: str) -> st.SearchStrategy[Any]:
    spec = _spec(path)
    low = float(spec.get("minimum", spec.get("exclusiveMinimum", 0)))
    high = float(spec.get("maximum", low + 200))
    if "exclusiveMinimum" in spec:
        low += 0.01
    near = [t + d for t in THRESHOLDS.get(path, []) for d in (-1, 0, 1)]
    if "integer" in spec["type"]:
        near_int = sorted({int(v) for v in near if low <= v <= high})
        ints = st.integers(int(low), int(high))
        return st.one_of(ints, st.sampled_from(near_int)) if near_int else ints
    # measurements have a few decimals; round so that values stay in range
    floats = st.floats(low, high, allow_nan=False, allow_infinity=False).map(
        lambda x: min(max(round(x, 3), low), high)
    )
    near_ok = sorted({v for v in near if low <= v <= high})
    return st.one_of(floats, st.sampled_from(near_ok)) if near_ok else floats


def _value(path: str) -> st.SearchStrategy[Any]:
    spec = FIELDS[path]
    if spec.kind == "boolean":
        return st.booleans()
    if spec.kind == "enum":
        return st.sampled_from(spec.choices)
    if spec.kind == "number_or_never":
        return st.one_of(st.just("never"), _number(path))
    if spec.kind == "list" and path == "allergies":
        names = ["fludarabine", "Cyclophosphamide", "penicillin", "interleukin-2", "IL-2"]
        return st.lists(st.sampled_from(names), max_size=3)
    if spec.kind == "list" and path == "prior_therapy.refractory_drugs":
        drugs = ["lenalidomide", "Pomalidomide", "bortezomib", "daratumumab"]
        return st.lists(st.sampled_from(drugs), max_size=3)
    if spec.kind == "list":
        items = [{"product": "ide-cel", "targets": ["BCMA"]}, "cilta-cel"]
        return st.lists(st.sampled_from(items), max_size=2)
    if path == "age":
        return st.one_of(st.integers(15, 90), _number(path))
    if path == "weight_kg":
        return st.floats(35, 150, allow_nan=False).map(lambda x: round(x, 1))
    if path == "labs.creatinine":
        return st.floats(0.3, 5, allow_nan=False).map(lambda x: round(x, 2))
    return _number(path)


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *sections, key = path.split(".")
    node = data
    for section in sections:
        node = node.setdefault(section, {})
    node[key] = value


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        node = node[part]
    return node


@st.composite
def full_profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A valid profile with every field present; creatinine clearance agrees with
    Cockcroft–Gault, so that removing it (or its inputs) does not change the facts.

    Half the time every field is random; otherwise a few fields of a profile that meets
    every curated rule are, so that eligible verdicts are common too."""
    if draw(st.booleans(), label="perturb the all-criteria-met profile"):
        changed = draw(st.sets(st.sampled_from(sorted(FIELDS)), max_size=3), label="changed")
    else:
        changed = set(FIELDS)
    values = {
        path: draw(_value(path), label=path) if path in changed else _get(BASELINE, path)
        for path in FIELDS
    }
    values["labs.creatinine_clearance"] = cockcroft_gault(
        *(values[k] for k in ("age", "weight_kg", "labs.creatinine", "sex"))
    )
    for target, origin, when, implied, _ in IMPLIED:  # a valid profile does not contradict
        if values[origin] == when:
            values[target] = implied
    data: dict[str, Any] = {"id": "H"}
    for path, value in values.items():
        _put(data, path, value)
    return data


@st.composite
def reductions(draw: st.DrawFn, full: dict[str, Any]) -> dict[str, Any]:
    """`full` with some keys deleted, set to null, or whole sections dropped."""
    reduced = copy.deepcopy(full)
    for path in draw(st.sets(st.sampled_from(sorted(FIELDS)), min_size=1)):
        *sections, key = path.split(".")
        node = reduced
        for section in sections:
            node = node.get(section) or {}
        if key in node:
            if draw(st.booleans(), label=f"null {path}"):
                node[key] = None
            else:
                del node[key]
    for section in ("disease", "labs", "serology"):
        if draw(st.integers(0, 9), label=f"drop {section}") == 0:
            reduced[section] = None
    return reduced


def _statuses(trial: dict[str, Any], profile: Any) -> tuple[str, list[str]]:
    result = check_trial(COMPILED[trial["id"]], profile)
    return result.verdict, [c.status for c in result.criteria]


@PROPERTY_SETTINGS
@given(st.data())
def test_removing_information_never_turns_a_verdict_into_eligible(data: st.DataObject) -> None:
    full = data.draw(full_profiles(), label="full")
    reduced = data.draw(reductions(full), label="reduced")
    full_profile, reduced_profile = profile_from_data(full), profile_from_data(reduced)
    for trial in TRIALS:
        full_verdict, full_statuses = _statuses(trial, full_profile)
        verdict, statuses = _statuses(trial, reduced_profile)
        for before, after in zip(full_statuses, statuses, strict=True):
            assert after in (before, "unknown"), trial["id"]
        if verdict == "eligible":
            assert full_verdict == "eligible", trial["id"]
        if full_verdict == "ineligible":
            assert verdict in ("ineligible", "incomplete"), trial["id"]
        if full_verdict != "eligible":
            assert verdict != "eligible", trial["id"]


@PROPERTY_SETTINGS
@given(full_profiles())
def test_a_profile_with_every_field_is_never_incomplete_when_the_criteria_are(
    full: dict[str, Any],
) -> None:
    profile = profile_from_data(full)
    assert COMPLETE, "no trial with complete criteria to test"
    for trial in COMPLETE:
        verdict, _ = _statuses(trial, profile)
        assert verdict in ("eligible", "ineligible"), trial["id"]
    for trial in TRIALS:
        assert "unknown" not in _statuses(trial, profile)[1], trial["id"]


@PROPERTY_SETTINGS
@given(st.data())
def test_incomplete_criteria_never_give_eligible(data: st.DataObject) -> None:
    full = data.draw(full_profiles(), label="full")
    profile = data.draw(st.sampled_from([full, data.draw(reductions(full))]), label="profile")
    checked = profile_from_data(profile)
    assert PARTIAL
    for trial in PARTIAL:
        assert check_trial(COMPILED[trial["id"]], checked).verdict != "eligible", trial["id"]


COUNT_UNITS = ("/uL", "x10^9/L", "cells/µL", "G/L")


@PROPERTY_SETTINGS
@given(full_profiles(), st.sampled_from(COUNT_UNITS), st.booleans())
def test_the_unit_of_a_lab_value_does_not_change_any_status(
    full: dict[str, Any], unit: str, micromol: bool
) -> None:
    written = copy.deepcopy(full)
    factor = 1000 if unit in ("/uL", "cells/µL") else 1
    for key in ("anc", "platelets", "alc"):
        written["labs"][key] = f"{full['labs'][key] * factor:.12g} {unit}"
    if micromol:
        written["labs"]["creatinine"] = f"{full['labs']['creatinine'] * 88.4:.12g} umol/L"
    # the clearance is recomputed from the converted creatinine
    del written["labs"]["creatinine_clearance"]
    del full["labs"]["creatinine_clearance"]
    plain, converted = profile_from_data(full), profile_from_data(written)
    for trial in TRIALS:
        assert _statuses(trial, plain) == _statuses(trial, converted), trial["id"]


# ---------------------------------------------------------------- arbitrary rules

RULE_FIELDS = ["ecog", "pregnant", "sex", "labs.anc", "allergies", "conditions.nyha_class"]


def _leaf_rules() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(
            lambda op, v: {"field": "ecog", "op": op, "value": v},
            st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
            st.integers(0, 5),
        ),
        st.builds(lambda v: {"field": "pregnant", "op": "==", "value": v}, st.booleans()),
        st.builds(
            lambda v: {"field": "sex", "op": "==", "value": v}, st.sampled_from(["female", "male"])
        ),
        st.builds(
            lambda v: {"field": "labs.anc", "op": ">=", "value": v, "unit": "/uL"},
            st.integers(0, 3000),
        ),
        st.just({"field": "allergies", "op": "contains any", "value": ["fludarabine"]}),
        st.just({"field": "allergies", "op": "empty"}),
    )


RULES = st.recursive(
    _leaf_rules(),
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=8,
)


@PROPERTY_SETTINGS
@given(RULES, full_profiles(), st.sets(st.sampled_from(RULE_FIELDS)))
def test_kleene_evaluation_is_monotone(
    rule: dict[str, Any], full: dict[str, Any], drop: set[str]
) -> None:
    reduced = copy.deepcopy(full)
    for path in drop:
        *sections, key = path.split(".")
        node = reduced
        for section in sections:
            node = node[section]
        del node[key]
    before = evaluate(rule, profile_from_data(full))
    after = evaluate(rule, profile_from_data(reduced))
    assert before.truth is not None
    assert after.truth in (before.truth, None)
    if after.truth is None:
        assert after.missing and set(after.missing) <= drop


def test_the_strategy_covers_every_cockcroft_gault_input() -> None:
    assert set(CG_INPUTS) <= set(FIELDS)
    assert Path(DATA_DIR).is_dir()
