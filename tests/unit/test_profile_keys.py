"""Rules over the profile keys added for myeloma CAR-T screening (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.typed_engine import check_criterion
from trialcmp.eligibility.profile import profile_from_data
from trialcmp.eligibility.tree import rule_problems

#: "No prior BCMA-directed therapy": CAR-T (from car_t targets), bispecific or conjugate.
PRIOR_BCMA = {
    "any": [
        {"field": "prior_therapy.car_t", "op": "contains any", "value": ["BCMA"]},
        {"field": "prior_therapy.bcma_bispecific", "op": "==", "value": True},
        {"field": "prior_therapy.bcma_adc", "op": "==", "value": True},
    ]
}
LEN_REFRACTORY = {
    "field": "prior_therapy.refractory_drugs",
    "op": "contains any",
    "value": ["lenalidomide"],
}
HB = {"field": "labs.haemoglobin", "op": ">=", "value": 80, "unit": "g/L"}
CALCIUM = {"field": "labs.corrected_calcium", "op": "<=", "value": 14, "unit": "mg/dL"}
PCL_AMYLOID_POEMS = {
    "any": [
        {"field": "disease.plasma_cell_leukaemia", "op": "==", "value": True},
        {"field": "disease.al_amyloidosis", "op": "==", "value": True},
        {"field": "disease.poems_syndrome", "op": "==", "value": True},
    ]
}


def status(kind: str, rule: dict[str, Any], data: dict[str, Any]) -> str:
    criterion = {"id": "c", "kind": kind, "text": "t", "rule": rule}
    return check_criterion(criterion, profile_from_data(data, source="p.yaml")).status


@pytest.mark.parametrize("rule", [PRIOR_BCMA, LEN_REFRACTORY, HB, CALCIUM, PCL_AMYLOID_POEMS])
def test_the_rules_name_known_fields_and_units(rule: dict[str, Any]) -> None:
    assert rule_problems(rule) == []


@pytest.mark.parametrize(
    ("prior", "expected"),
    [
        ({"car_t": [{"product": "ide-cel", "targets": ["BCMA"]}]}, "fail"),
        (
            {
                "car_t": [{"product": "x", "targets": ["GPRC5D"]}],
                "bcma_bispecific": False,
                "bcma_adc": False,
            },
            "pass",
        ),
        ({"car_t": [], "bcma_bispecific": True}, "fail"),
        ({"car_t": [], "bcma_bispecific": False, "bcma_adc": True}, "fail"),
        ({"car_t": [], "bcma_bispecific": False, "bcma_adc": False}, "pass"),
        ({"car_t": [], "bcma_bispecific": False}, "unknown"),  # conjugate not known
        ({}, "unknown"),
    ],
)
def test_prior_bcma_directed_therapy_by_kind(prior: dict[str, Any], expected: str) -> None:
    assert status("exclusion", PRIOR_BCMA, {"prior_therapy": prior}) == expected


@pytest.mark.parametrize(
    ("drugs", "expected"),
    [(["Lenalidomide"], "pass"), (["bortezomib"], "fail"), ([], "fail"), (None, "unknown")],
)
def test_lenalidomide_refractory(drugs: list[str] | None, expected: str) -> None:
    data = {"prior_therapy": {"refractory_drugs": drugs}}
    assert status("inclusion", LEN_REFRACTORY, data) == expected


@pytest.mark.parametrize(
    ("hb", "expected"), [(8, "pass"), ("80 g/L", "pass"), (7.9, "fail"), ("4.9 mmol/L", "fail")]
)
def test_haemoglobin_threshold_in_g_per_l(hb: object, expected: str) -> None:
    assert status("inclusion", HB, {"labs": {"haemoglobin": hb}}) == expected


@pytest.mark.parametrize(("ca", "expected"), [(14, "pass"), ("3.5 mmol/L", "fail"), (14.1, "fail")])
def test_corrected_calcium(ca: object, expected: str) -> None:
    assert status("inclusion", CALCIUM, {"labs": {"corrected_calcium": ca}}) == expected


def test_plasma_cell_leukaemia_amyloidosis_poems_exclude_and_unknown_stays_unknown() -> None:
    none = {"plasma_cell_leukaemia": False, "al_amyloidosis": False, "poems_syndrome": False}
    assert status("exclusion", PCL_AMYLOID_POEMS, {"disease": none}) == "pass"
    assert (
        status("exclusion", PCL_AMYLOID_POEMS, {"disease": {**none, "poems_syndrome": True}})
        == "fail"
    )
    assert (
        status("exclusion", PCL_AMYLOID_POEMS, {"disease": {"al_amyloidosis": False}}) == "unknown"
    )
