"""The check engine: statuses, verdicts, the contract's JSON, and every curated threshold."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ORIGINAL_IDS, ROOT
from tests.records import all_trial_records, load_yaml
from tests.typed_engine import check_criterion, check_patient, check_patients, check_trial
from trialcmp.eligibility.engine import NO_CRITERIA
from trialcmp.eligibility.fields import FIELDS, OPERATORS
from trialcmp.eligibility.profile import IMPLIED, Profile, load_profile, profile_from_data
from trialcmp.eligibility.rules import Leaf, leaves, tidy

SCHEMA = json.loads((ROOT / "schemas" / "patient.schema.json").read_text(encoding="utf-8"))
TRIALS: list[dict[str, Any]] = all_trial_records()
BY_ID = {t["id"]: t for t in TRIALS}
BASELINE_PATH = FIXTURES / "patients" / "valid" / "all-criteria-met.yaml"
BASELINE: dict[str, Any] = load_yaml(BASELINE_PATH)
EXAMPLES = ROOT / "examples"
CURATED = ("NCT07003555", "NCT07003568", "NCT04637269", "ChiCTR2000033567", "NCT04182581")
UNCURATED = ("ChiCTR1800018143", "NCT03361748", "NCT03548207")


def criteria(trial: dict[str, Any]) -> list[dict[str, Any]]:
    return list((trial.get("eligibility") or {}).get("criteria") or [])


PRIOR_BCMA_CAR_T = [{"product": "ide-cel", "targets": ["BCMA"]}]


def baseline_for(trial: dict[str, Any]) -> dict[str, Any]:
    """The baseline patient, with a prior BCMA CAR-T for trials that enrol only such patients
    (an inclusion rule asking for one); for every other trial the baseline has none."""
    for item in criteria(trial):
        if item["kind"] != "inclusion" or "rule" not in item:
            continue
        for found in leaves(item["rule"]):
            wants = found.op in ("not empty", "contains any") and found.negations % 2 == 0
            if found.field == "prior_therapy.car_t" and wants:
                return with_value(BASELINE, "prior_therapy.car_t", PRIOR_BCMA_CAR_T)
    return BASELINE


def crit(kind: str, **extra: Any) -> dict[str, Any]:
    return {"id": "c", "kind": kind, "text": "a criterion", **extra}


def trial(*items: dict[str, Any], complete: bool | None = True, **extra: Any) -> dict[str, Any]:
    eligibility: dict[str, Any] = {"criteria": list(items), "cite": []}
    if complete is not None:
        eligibility["complete"] = complete
    return {"id": "T1", "design": {"status": "recruiting"}, "eligibility": eligibility, **extra}


ECOG_OK = {"field": "ecog", "op": "<=", "value": 1}
PREGNANT = {"field": "pregnant", "op": "==", "value": True}
FEMALE = {"field": "sex", "op": "==", "value": "female"}


def with_value(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    *sections, key = path.split(".")
    for section in sections:
        node = node.setdefault(section, {})
    node[key] = value
    return out


def without(data: dict[str, Any], path: str) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node = out
    *sections, key = path.split(".")
    for section in sections:
        node = node[section]
    del node[key]
    return out


# ---------------------------------------------------------------- one criterion


@pytest.mark.parametrize(
    ("kind", "ecog", "status"),
    [
        ("inclusion", 0, "pass"),
        ("inclusion", 3, "fail"),
        ("inclusion", None, "unknown"),
        ("exclusion", 0, "fail"),  # for an exclusion the rule is what excludes
        ("exclusion", 3, "pass"),
        ("exclusion", None, "unknown"),  # missing data is unknown for exclusions too
    ],
)
def test_status_of_a_rule(kind: str, ecog: int | None, status: str) -> None:
    profile = profile_from_data({} if ecog is None else {"ecog": ecog})
    result = check_criterion(crit(kind, rule=ECOG_OK), profile)
    assert result.status == status
    assert result.missing == (("ecog",) if status == "unknown" else ())
    assert result.value == ecog


@pytest.mark.parametrize(
    ("kind", "ecog", "status"),
    [
        ("inclusion", 0, "manual"),  # the rule holds; the rest is for the investigators
        ("inclusion", 3, "fail"),
        ("inclusion", None, "unknown"),
        ("exclusion", 0, "fail"),
        ("exclusion", 3, "manual"),
        ("exclusion", None, "unknown"),
    ],
)
def test_status_of_a_rule_with_a_manual_part(kind: str, ecog: int | None, status: str) -> None:
    profile = profile_from_data({} if ecog is None else {"ecog": ecog})
    result = check_criterion(crit(kind, rule=ECOG_OK, manual="the rest"), profile)
    assert result.status == status
    assert (result.as_dict().get("manual") == "the rest") is (status == "manual")


@pytest.mark.parametrize("kind", ["inclusion", "exclusion"])
def test_a_criterion_with_no_rule_is_manual(kind: str) -> None:
    result = check_criterion(crit(kind, manual="consent"), profile_from_data({"ecog": 0}))
    assert result.status == "manual"
    assert result.value is None
    assert result.missing == ()


@pytest.mark.parametrize(
    ("sex", "ecog", "status", "missing"),
    [
        ("male", 3, "pass", ()),  # not applicable: passes whatever the rule says
        ("male", None, "pass", ()),
        ("female", 3, "fail", ()),
        ("female", 0, "pass", ()),
        ("female", None, "unknown", ("ecog",)),
        (None, 0, "pass", ()),  # passes whether or not it applies
        (None, 3, "unknown", ("sex",)),  # fails only if it applies
        (None, None, "unknown", ("sex", "ecog")),
    ],
)
def test_applies_when(sex: str | None, ecog: int | None, status: str, missing: tuple[str]) -> None:
    data: dict[str, Any] = {}
    if sex is not None:
        data["sex"] = sex
    if ecog is not None:
        data["ecog"] = ecog
    result = check_criterion(
        crit("inclusion", rule=ECOG_OK, applies_when=FEMALE), profile_from_data(data)
    )
    assert result.status == status
    assert result.missing == missing
    assert result.applicable is {"male": False, "female": True, None: None}[sex]


@pytest.mark.parametrize(
    ("breastfeeding", "status", "missing"),
    [(True, "manual", ()), (False, "pass", ()), (None, "unknown", ("breastfeeding",))],
)
def test_applies_when_with_a_manual_only_criterion(
    breastfeeding: bool | None, status: str, missing: tuple[str, ...]
) -> None:
    condition = {"field": "breastfeeding", "op": "==", "value": True}
    data = {} if breastfeeding is None else {"breastfeeding": breastfeeding}
    result = check_criterion(
        crit("exclusion", applies_when=condition, manual="willing to stop?"),
        profile_from_data(data),
    )
    assert result.status == status
    assert result.missing == missing


def test_several_fields_give_a_mapping_of_the_known_values() -> None:
    rule = {"all": [ECOG_OK, {"field": "labs.lvef_pct", "op": ">", "value": 50}]}
    result = check_criterion(crit("inclusion", rule=rule), profile_from_data({"ecog": 1}))
    assert result.value == {"ecog": 1}
    assert result.missing == ("labs.lvef_pct",)
    none_known = check_criterion(crit("inclusion", rule=rule), profile_from_data({}))
    assert none_known.value is None


def test_a_computed_value_is_reported_as_computed() -> None:
    rule = {"field": "labs.creatinine_clearance", "op": ">=", "value": 40, "unit": "mL/min"}
    data = {"age": 60, "sex": "female", "weight_kg": 72, "labs": {"creatinine": 1.0}}
    result = check_criterion(crit("inclusion", rule=rule), profile_from_data(data))
    assert result.status == "pass"
    assert result.value == pytest.approx(68.0)
    (note,) = result.as_dict()["computed"]
    assert note.startswith("labs.creatinine_clearance: computed by Cockcroft–Gault")


def test_when_creatinine_clearance_cannot_be_computed_missing_names_the_inputs() -> None:
    rule = {"field": "labs.creatinine_clearance", "op": ">=", "value": 40, "unit": "mL/min"}
    data = {"age": 60, "sex": "female", "labs": {"creatinine": 1.0}}
    result = check_criterion(crit("inclusion", rule=rule), profile_from_data(data))
    assert result.status == "unknown"
    assert result.missing == ("labs.creatinine_clearance", "weight_kg")
    assert result.hint is not None and "weight_kg" in result.hint


# ---------------------------------------------------------------- verdicts


def _verdict(*items: dict[str, Any], data: dict[str, Any], **kw: Any) -> str:
    return check_trial(trial(*items, **kw), profile_from_data(data)).verdict


def test_any_fail_is_ineligible_even_with_unknowns() -> None:
    items = (crit("inclusion", rule=ECOG_OK), {**crit("exclusion", rule=PREGNANT), "id": "d"})
    assert _verdict(*items, data={"ecog": 3}) == "ineligible"


def test_nothing_fails_but_something_unknown_is_incomplete() -> None:
    items = (crit("inclusion", rule=ECOG_OK), {**crit("exclusion", rule=PREGNANT), "id": "d"})
    assert _verdict(*items, data={"ecog": 0}) == "incomplete"


def test_pass_and_manual_only_is_eligible() -> None:
    items = (crit("inclusion", rule=ECOG_OK), {**crit("inclusion", manual="consent"), "id": "d"})
    result = check_trial(trial(*items), profile_from_data({"ecog": 0}))
    assert result.verdict == "eligible"
    assert [c.id for c in result.with_status("manual")] == ["d"]


@pytest.mark.parametrize("complete", [False, None])
def test_incomplete_criteria_never_give_eligible(complete: bool | None) -> None:
    result = check_trial(
        trial(crit("inclusion", rule=ECOG_OK), complete=complete), profile_from_data({"ecog": 0})
    )
    assert result.verdict == "incomplete"
    assert result.criteria_complete is False
    assert result.reason is not None and "incomplete" in result.reason
    failing = check_trial(
        trial(crit("inclusion", rule=ECOG_OK), complete=complete), profile_from_data({"ecog": 4})
    )
    assert failing.verdict == "ineligible"
    assert failing.as_dict()["criteria_complete"] is False


@pytest.mark.parametrize("eligibility", [None, {"criteria": [], "cite": [], "complete": True}])
def test_no_curated_criteria_is_incomplete_with_a_reason(eligibility: Any) -> None:
    data: dict[str, Any] = {"id": "T2", "design": {"status": "completed"}}
    if eligibility is not None:
        data["eligibility"] = eligibility
    result = check_trial(data, profile_from_data(BASELINE))
    assert result.verdict == "incomplete"
    assert result.reason == NO_CRITERIA
    assert result.criteria == ()


@pytest.mark.parametrize("trial_id", UNCURATED)
def test_uncurated_trials_in_the_collection_are_incomplete(trial_id: str) -> None:
    if trial_id not in BY_ID or "eligibility" in BY_ID[trial_id]:
        pytest.skip(f"{trial_id} is not an uncurated trial of this collection")
    result = check_trial(BY_ID[trial_id], profile_from_data(BASELINE))
    assert (result.verdict, result.reason) == ("incomplete", NO_CRITERIA)


def test_recruitment_status_comes_from_the_design() -> None:
    result = check_trial(trial(crit("inclusion", manual="x")), profile_from_data({}))
    assert (result.status, result.recruiting) == ("recruiting", True)
    result = check_trial({"id": "T3"}, profile_from_data({}))
    assert (result.status, result.recruiting) == ("not reported", False)


# ---------------------------------------------------------------- the contract's JSON


def test_the_contract_json_shape() -> None:
    profile = profile_from_data(with_value(BASELINE, "labs.lvef_pct", 50))
    report = check_patient([BY_ID["NCT07003555"]], profile).as_dict()
    assert report["patient"] == "ALL-MET"
    (result,) = report["results"]
    assert {"trial", "verdict", "criteria"} <= set(result)
    assert result["trial"] == "NCT07003555"
    assert result["verdict"] == "ineligible"
    lvef = next(c for c in result["criteria"] if c["id"] == "lvef")
    assert {k: lvef[k] for k in ("kind", "status", "value", "missing")} == {
        "kind": "inclusion",
        "status": "fail",
        "value": 50,
        "missing": [],
    }
    assert lvef["text"] == next(
        c["text"] for c in criteria(BY_ID["NCT07003555"]) if c["id"] == "lvef"
    )
    for item in result["criteria"]:
        assert {"id", "kind", "text", "status", "value", "missing"} <= set(item)
        assert item["status"] in ("pass", "fail", "unknown", "manual")
        assert item["kind"] in ("inclusion", "exclusion")
        assert isinstance(item["missing"], list)
    json.dumps(report, allow_nan=False)


def test_several_patients_give_an_object_with_a_patients_list() -> None:
    profiles = [profile_from_data(BASELINE), profile_from_data({"id": "EMPTY"})]
    run = check_patients(TRIALS, profiles, single=False).as_dict()
    assert [p["patient"] for p in run["patients"]] == ["ALL-MET", "EMPTY"]
    assert run["trials"] == [t["id"] for t in TRIALS]
    assert run["matrix"][1]["verdicts"] == {t["id"]: "incomplete" for t in TRIALS}
    single = check_patients(TRIALS, profiles[:1], single=True).as_dict()
    assert set(single) >= {"patient", "results"}


def test_the_engine_is_deterministic() -> None:
    profile = profile_from_data(BASELINE)
    first = json.dumps(check_patient(TRIALS, profile).as_dict())
    shuffled = dict(reversed(list(BASELINE.items())))
    again = json.dumps(check_patient(TRIALS, profile_from_data(shuffled)).as_dict())
    assert first == again


# ---------------------------------------------------------------- the curated trials


def test_every_curated_criterion_is_a_rule_or_for_the_investigators() -> None:
    seen = 0
    for data in TRIALS:
        for item in criteria(data):
            seen += 1
            assert "rule" in item or "manual" in item, f"{data['id']}: {item['id']}"
    assert seen >= 50


@pytest.mark.parametrize("trial_id", CURATED)
def test_the_curated_trials_have_criteria(trial_id: str) -> None:
    assert criteria(BY_ID[trial_id])


def test_the_baseline_meets_every_curated_rule() -> None:
    # The baseline patient was written for the eight original records; the landscape's
    # trials enrol different patients (1-3 prior lines, prior CAR-T, newly diagnosed).
    for data in (t for t in TRIALS if t["id"] in ORIGINAL_IDS):
        result = check_trial(data, profile_from_data(baseline_for(data)))
        assert result.with_status("fail") == (), data["id"]
        assert result.with_status("unknown") == (), data["id"]
        complete = (data.get("eligibility") or {}).get("complete") is True
        assert result.verdict == ("eligible" if complete else "incomplete"), data["id"]


def _numeric_leaves() -> list[Any]:
    out = []
    for data in TRIALS:
        for item in criteria(data):
            if "rule" not in item:
                continue
            for found in leaves(item["rule"]):
                if found.op in ("<", "<=", ">", ">=") and FIELDS[found.field].kind != "list":
                    where = ".".join(str(p) for p in found.path) or "rule"
                    out.append(
                        pytest.param(data, item, found, id=f"{data['id']}:{item['id']}:{where}")
                    )
    return out


NUMERIC_LEAVES = _numeric_leaves()
#: leaf truth just below, at and just above the threshold
EXPECTED = {
    "<": (True, False, False),
    "<=": (True, True, False),
    ">": (False, False, True),
    ">=": (False, True, True),
}


def test_there_are_numeric_thresholds_to_test() -> None:
    ids = {p.id for p in NUMERIC_LEAVES}
    assert len(ids) >= 30
    assert "NCT07003555:lvef:rule" in ids
    assert "NCT04637269:alc:rule" in ids


def _schema_of(path: str) -> dict[str, Any]:
    node: dict[str, Any] = SCHEMA
    for part in path.split("."):
        node = node["properties"][part]
    return node


def _profile_value(path: str, value: float, unit: str | None) -> Any:
    """`value` (in the rule's unit) as the profile would hold it."""
    spec = FIELDS[path]
    if path.startswith("labs.") and unit is not None:
        return f"{value:.12g} {unit}"  # exercise the unit parser too
    if unit is not None and unit != spec.canonical_unit:
        return tidy(spec.to_canonical(value, unit))  # as a profile would hold it: 12 digits
    return value


def _status(data: dict[str, Any], item: dict[str, Any], value: Any, leaf: Leaf) -> str:
    changed = with_value(baseline_for(data), leaf.field, value)
    for target, origin, *_ in IMPLIED:  # keep the broader key consistent with it
        if target == leaf.field:
            changed = with_value(changed, origin, value)
    return check_criterion(item, profile_from_data(changed)).status


@pytest.mark.parametrize(("data", "item", "leaf"), NUMERIC_LEAVES)
def test_each_threshold_flips_exactly_where_the_operator_says(
    data: dict[str, Any], item: dict[str, Any], leaf: Leaf
) -> None:
    threshold = float(leaf.rule["value"])
    unit = leaf.rule.get("unit")
    integer = "integer" in _schema_of(leaf.field).get("type", [])
    step = 1.0 if integer else 0.01
    samples = [threshold - step, threshold, threshold + step]
    minimum = _schema_of(leaf.field).get("minimum")
    # a threshold at the field's minimum has nothing valid below it to try
    valid = [minimum is None or s >= minimum for s in samples]
    samples = [s for s, ok in zip(samples, valid, strict=True) if ok]
    if integer:
        assert threshold.is_integer(), "a whole-number field compared with a fraction"
    statuses = [
        _status(data, item, _profile_value(leaf.field, int(v) if integer else v, unit), leaf)
        for v in samples
    ]
    # with the baseline, every other part of the rule is neutral, so the criterion's rule
    # is true exactly when this leaf is (inverted under an odd number of `not`s)
    truths = [t != (leaf.negations % 2 == 1) for t in EXPECTED[leaf.op]]
    if item["kind"] == "inclusion":
        want = ["fail" if not t else ("manual" if item.get("manual") else "pass") for t in truths]
    else:
        want = ["fail" if t else ("manual" if item.get("manual") else "pass") for t in truths]
    want = [w for w, ok in zip(want, valid, strict=True) if ok]
    assert statuses == want, f"{leaf.field} {leaf.op} {threshold:g} {unit or ''}: {samples}"


@pytest.mark.parametrize(("data", "item", "leaf"), NUMERIC_LEAVES)
def test_a_missing_threshold_value_is_unknown(
    data: dict[str, Any], item: dict[str, Any], leaf: Leaf
) -> None:
    reduced = without(baseline_for(data), leaf.field)
    if leaf.field == "labs.creatinine_clearance":
        reduced = without(reduced, "weight_kg")
    for target, origin, *_ in IMPLIED:  # a broader key would decide it: remove that too
        if target == leaf.field:
            reduced = without(reduced, origin)
    result = check_criterion(item, profile_from_data(reduced))
    assert result.status == "unknown"
    assert leaf.field in result.missing


NEVER_LEAVES = [p for p in NUMERIC_LEAVES if FIELDS[p.values[2].field].kind == "number_or_never"]


@pytest.mark.parametrize(("data", "item", "leaf"), NEVER_LEAVES)
def test_never_is_infinitely_long_ago(
    data: dict[str, Any], item: dict[str, Any], leaf: Leaf
) -> None:
    far = _status(data, item, 1e9, leaf)
    assert _status(data, item, "never", leaf) == far
    expected_truth = EXPECTED[leaf.op][2]
    assert (far == "fail") is (expected_truth == (item["kind"] == "exclusion"))


def test_the_boundary_cases_cover_every_comparison_operator_in_the_data() -> None:
    ops = {p.values[2].op for p in NUMERIC_LEAVES}
    assert ops <= set(OPERATORS)
    assert {"<", "<=", ">", ">="} & ops == ops
    assert not math.isnan(len(ops))


# ---------------------------------------------------------------- the examples


def _example(name: str) -> Profile:
    return load_profile(EXAMPLES / name)


def test_example_eligible_with_only_manual_criteria_left() -> None:
    result = check_trial(BY_ID["NCT07003555"], _example("eligible-nct07003555.yaml"))
    assert result.verdict == "eligible"
    assert result.with_status("unknown") == ()
    assert result.with_status("fail") == ()
    assert result.with_status("manual")
    renal = next(c for c in result.criteria if c.id == "renal")
    assert renal.computed  # creatinine clearance computed by Cockcroft–Gault


def test_example_ineligible_lvef_50() -> None:
    result = check_trial(BY_ID["NCT07003555"], _example("ineligible-lvef-50.yaml"))
    assert result.verdict == "ineligible"
    assert [(c.id, c.value) for c in result.with_status("fail")] == [("lvef", 50)]


def test_example_incomplete_missing_labs() -> None:
    result = check_trial(BY_ID["NCT07003555"], _example("incomplete-missing-labs.yaml"))
    assert result.verdict == "incomplete"
    unknown = {c.id: c.missing for c in result.with_status("unknown")}
    assert unknown["renal"] == ("labs.creatinine_clearance", "labs.creatinine")
    assert "coagulation" in unknown


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_loads_and_says_what_it_shows(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("# Example patient profile: ")
    load_profile(path)
