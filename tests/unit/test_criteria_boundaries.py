"""Criteria that decide what their own verbatim text says (issue 10), at their boundaries.

Each test starts from the profile that meets every curated rule and changes only the keys
the criterion names, then checks the status the criterion's text implies.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from tests.conftest import DATA_DIR, FIXTURES
from tests.typed_engine import check_criterion, check_trial
from trialcmp.eligibility.profile import profile_from_data

BASELINE: dict[str, Any] = yaml.safe_load(
    (FIXTURES / "patients" / "valid" / "all-criteria-met.yaml").read_text(encoding="utf-8")
)
DROP = object()


def _trial(trial_id: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (DATA_DIR / f"{trial_id}.yaml").read_text(encoding="utf-8")
    )
    return data


def _profile(changes: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(BASELINE)
    for path, value in changes.items():
        node = out
        *sections, key = path.split(".")
        for section in sections:
            node = node.setdefault(section, {})
        if value is DROP:
            node.pop(key, None)
        else:
            node[key] = value
    return out


def status(trial_id: str, criterion_id: str, **changes: Any) -> str:
    """The status of one criterion for the baseline profile with `changes` (dotted keys
    written with `__` for `.`; DROP removes a key)."""
    criterion = next(
        c for c in _trial(trial_id)["eligibility"]["criteria"] if c["id"] == criterion_id
    )
    data = _profile({k.replace("__", "."): v for k, v in changes.items()})
    return check_criterion(criterion, profile_from_data(data)).status


# ---------------------------------------------------------------- NCT07003555


@pytest.mark.parametrize(
    ("active", "uncontrolled", "expected"),
    [
        (False, DROP, "pass"),  # no GVHD at all: uncontrolled does not matter
        (True, False, "pass"),  # active but controlled: the text excludes only uncontrolled
        (True, True, "fail"),
        (True, DROP, "unknown"),
    ],
)
def test_gvhd_excludes_only_active_uncontrolled_disease(
    active: bool, uncontrolled: object, expected: str
) -> None:
    got = status(
        "NCT07003555",
        "gvhd",
        conditions__gvhd_active=active,
        conditions__gvhd_uncontrolled=uncontrolled,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("disorder", "symptomatic", "expected"),
    [(True, False, "pass"), (True, True, "fail"), (False, DROP, "pass"), (True, DROP, "unknown")],
)
def test_cns_disease_excludes_only_symptomatic_disease(
    disorder: bool, symptomatic: object, expected: str
) -> None:
    got = status(
        "NCT07003555",
        "cns",
        conditions__cns_disorder=disorder,
        conditions__cns_disorder_symptomatic=symptomatic,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("ischemic", "manual"), ("non-ischemic", "fail"), (DROP, "unknown")],
)
def test_only_severe_non_ischemic_cardiomyopathy_excludes(kind: object, expected: str) -> None:
    got = status(
        "NCT07003555",
        "cardiovascular",
        conditions__cardiomyopathy_severe=True,
        conditions__cardiomyopathy_type=kind,
    )
    assert got == expected  # "manual": the rule passes, other heart disease is to confirm


@pytest.mark.parametrize(
    ("cabg", "pci", "expected"),
    [(6, "never", "fail"), (7, "never", "manual"), ("never", 1, "manual")],
)
def test_cabg_within_6_months_excludes_but_a_stent_does_not(
    cabg: object, pci: object, expected: str
) -> None:
    got = status(
        "NCT07003555",
        "cardiovascular",
        conditions__months_since_cabg=cabg,
        conditions__months_since_pci=pci,
        conditions__months_since_coronary_revascularization=1 if pci == 1 else cabg,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("detectable", "quantifiable", "expected"),
    [(True, False, "pass"), (True, True, "fail"), (False, DROP, "pass")],
)
def test_hcv_rna_must_be_above_the_limit_of_quantification(
    detectable: bool, quantifiable: object, expected: str
) -> None:
    got = status(
        "NCT07003555",
        "serology",
        serology__hcv_antibody_positive=True,
        serology__hcv_rna_detectable=detectable,
        serology__hcv_rna_quantifiable=quantifiable,
    )
    assert got == expected  # detectable but below quantification is not excluded


@pytest.mark.parametrize(("lvef", "expected"), [(50, "fail"), (51, "manual"), (DROP, "unknown")])
def test_lvef_passes_with_its_2_week_window_to_confirm(lvef: object, expected: str) -> None:
    assert status("NCT07003555", "lvef", labs__lvef_pct=lvef) == expected


def test_pregnancy_and_breastfeeding_do_not_make_a_man_unknown() -> None:
    man = {"sex": "male", "pregnant": DROP, "breastfeeding": DROP}
    assert status("NCT07003555", "pregnant-lactating", **man) == "pass"
    woman = {"sex": "female", "pregnant": DROP, "breastfeeding": False}
    assert status("NCT07003555", "pregnant-lactating", **woman) == "unknown"
    assert status("NCT07003555", "pregnant-lactating", sex="female", breastfeeding=True) == "fail"


# ---------------------------------------------------------------- NCT04637269


@pytest.mark.parametrize(
    ("pci", "cabg", "expected"),
    [(12, "never", "fail"), (13, "never", "manual"), ("never", 3, "manual")],
)
def test_heart_disease_counts_angioplasty_and_stents_not_cabg(
    pci: object, cabg: object, expected: str
) -> None:
    got = status(
        "NCT04637269",
        "heart-disease",
        conditions__months_since_pci=pci,
        conditions__months_since_cabg=cabg,
        conditions__months_since_coronary_revascularization=min(
            v for v in (pci, cabg) if isinstance(v, int)
        ),
    )
    assert got == expected  # "within one year" is inclusive: 12 months excludes


@pytest.mark.parametrize(("weeks", "expected"), [(4, "fail"), (4.5, "manual"), ("never", "manual")])
def test_other_trial_within_4_weeks_is_inclusive(weeks: object, expected: str) -> None:
    got = status("NCT04637269", "other-trial", prior_therapy__weeks_since_other_trial=weeks)
    assert got == expected  # "manual": the 5 half-lives part stays with the investigators


@pytest.mark.parametrize(
    ("relapsed", "refractory", "expected"),
    [(True, True, "pass"), (True, False, "fail"), (False, True, "fail"), (True, DROP, "unknown")],
)
def test_relapsed_and_refractory_needs_both(
    relapsed: bool, refractory: object, expected: str
) -> None:
    got = status(
        "NCT04637269",
        "rrmm",
        disease__relapsed=relapsed,
        disease__refractory=refractory,
        disease__relapsed_refractory=True,
    )
    assert got == expected


@pytest.mark.parametrize(("active", "expected"), [(False, "manual"), (True, "fail")])
def test_remission_boundary_keeps_deciding_and_names_the_boundary(
    active: bool, expected: str
) -> None:
    # "more than 5 years" against the profile's ">= 5 years": a pass is listed to confirm
    # the boundary, never turned into unknown
    assert status(
        "NCT04637269", "other-malignancy", conditions__other_malignancy_active=active
    ) == (expected)
    criterion = next(
        c for c in _trial("NCT04637269")["eligibility"]["criteria"] if c["id"] == "other-malignancy"
    )
    assert "MORE THAN 5 years" in criterion["manual"]


# ---------------------------------------------------------------- NCT04182581


@pytest.mark.parametrize(("lines", "expected"), [(2, "fail"), (3, "pass")])
def test_the_stricter_prior_therapy_statement_decides(lines: int, expected: str) -> None:
    assert status("NCT04182581", "prior-lines-3", prior_therapy__lines=lines) == expected


@pytest.mark.parametrize(("regimens", "expected"), [(1, "fail"), (2, "pass"), (DROP, "unknown")])
def test_regimens_are_not_silently_lines(regimens: object, expected: str) -> None:
    got = status(
        "NCT04182581", "prior-regimens-2", prior_therapy__regimens=regimens, prior_therapy__lines=5
    )
    assert got == expected


def test_two_prior_lines_make_nct04182581_ineligible_as_its_note_says() -> None:
    profile = profile_from_data(_profile({"prior_therapy.lines": 2}))
    result = check_trial(_trial("NCT04182581"), profile)
    assert result.verdict == "ineligible"
    assert [c.id for c in result.with_status("fail")] == ["prior-lines-3"]


# ---------------------------------------------------------------- implied keys


def test_no_revascularisation_implies_no_pci_and_no_cabg_and_says_so() -> None:
    data = _profile(
        {
            "conditions.months_since_pci": DROP,
            "conditions.months_since_cabg": DROP,
            "conditions.months_since_coronary_revascularization": "never",
        }
    )
    profile = profile_from_data(data)
    assert profile.value("conditions.months_since_pci") == "never"
    assert profile.value("conditions.months_since_cabg") == "never"
    assert (
        "implied by conditions.months_since_coronary_revascularization"
        in (profile.computed["conditions.months_since_pci"])
    )
    recent = _profile(
        {
            "conditions.months_since_pci": DROP,
            "conditions.months_since_coronary_revascularization": 3,
        }
    )
    assert profile_from_data(recent).value("conditions.months_since_pci") is None
