"""General arithmetic checks: percentages no count gives, medians against follow-up and
landmark rates (trialcmp.arithmetic)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from trialcmp.arithmetic import possible_share, smallest_group
from trialcmp.consistency import file_problems
from trialcmp.problems import Problem
from trialcmp.yamlio import Document


def findings(data: dict[str, Any]) -> list[Problem]:
    text = yaml.safe_dump(data, sort_keys=False)
    doc = Document(path=f"{data['id']}.yaml", text=text, data=data)
    return [p for p in file_problems(doc) if p.code == "arithmetic"]


def record(**results: Any) -> dict[str, Any]:
    return {"id": "NCT00000040", "results": [{"label": "r", **results}]}


@pytest.mark.parametrize(
    ("pct", "total", "possible"),
    [(60.9, 18, False), (61.1, 18, True), (60.9, 23, True), (14, 50, True), (16, 50, True)],
)
def test_a_share_of_a_denominator(pct: float, total: int, possible: bool) -> None:
    assert possible_share(pct, total) is possible


def test_62_2_percent_is_no_share_of_23_or_fewer_but_77_8_is() -> None:
    assert smallest_group(62.2, 23) is None  # BM38's CAR-T persistence at 12 months
    assert smallest_group(77.8, 23) == 9  # 7/9


def test_a_percentage_of_a_stated_denominator_that_no_count_gives_is_flagged() -> None:
    data = record(efficacy={"cr_or_better": {"pct": 60.9, "N": 18}})
    [found] = findings(data)
    assert found.path == "$.results[0].efficacy.cr_or_better"
    assert "60.9% cannot be a share of 18" in found.message
    assert findings(record(efficacy={"cr_or_better": {"pct": 61.1, "N": 18}})) == []


def test_a_percentage_without_denominator_is_bounded_by_the_patients_of_the_report() -> None:
    value = {"pct": 62.2, "population": "evaluable patients (number not given)"}
    subgroup = {"label": "persistence", "measure": "CAR-T detectable", "value": value}
    data = record(treated=23, efficacy={"subgroups": [subgroup]})
    [found] = findings(data)
    assert "62.2% cannot be a share of any group of at most 23" in found.message
    value["pct"] = 77.8
    assert findings(data) == []


def test_counts_stated_with_the_percentage_are_left_to_the_n_over_n_check() -> None:
    assert findings(record(efficacy={"pr": {"n": 7, "N": 50, "pct": 16}})) == []


BC19 = {
    "treated": 50,
    "median_follow_up": {"median": 11, "min": 2.3, "max": 24, "unit": "months"},
}


def test_a_median_ci_beyond_the_longest_follow_up_is_flagged() -> None:
    data = record(**BC19, efficacy={"pfs_median": {"months": 19.7, "ci95": [7.7, 31.7]}})
    [found] = findings(data)
    assert found.path == "$.results[0].efficacy.pfs_median.ci95"
    assert "reaches 31.7 months, beyond the longest follow-up" in found.message
    data["results"][0]["efficacy"]["pfs_median"]["ci95"] = [7.7, 24]
    assert findings(data) == []


def test_a_median_and_a_landmark_beyond_follow_up() -> None:
    eff = {
        "os_median": {"months": 30},
        "landmarks": [{"measure": "OS", "at_months": 36, "pct": 40}],
    }
    messages = [p.message for p in findings(record(**BC19, efficacy=eff))]
    assert any("median OS 30 months lies beyond" in m for m in messages)
    assert any("OS rate at 36 months lies beyond" in m for m in messages)


def test_a_lower_bound_against_a_landmark_rate_wholly_above_50_percent() -> None:
    eff = {
        "os_median": {"months": 19.7, "ci95": [5.0, 24]},
        "landmarks": [{"measure": "OS", "at_months": 12, "pct": 85, "ci95": [71, 93]}],
    }
    [found] = findings(record(**BC19, efficacy=eff))
    assert "lower 95% bound, 5.0 months, is before 12 months" in found.message
    eff["landmarks"][0]["ci95"] = [38, 69]  # a rate whose CI includes 50%: nothing to say
    eff["landmarks"][0]["pct"] = 55
    assert findings(record(**BC19, efficacy=eff)) == []


@pytest.mark.parametrize(
    ("median", "pct", "flagged"),
    [
        ({"months": 10}, 60, True),  # more than half event-free at 12 months: median >= 12
        ({"months": 14}, 60, False),
        ({"months": 14}, 40, True),  # fewer than half at 12 months: median <= 12
        ({"not_reached": True}, 40, True),
        ({"not_reached": True}, 60, False),
    ],
)
def test_a_median_against_a_landmark_rate(median: dict[str, Any], pct: int, flagged: bool) -> None:
    eff = {"pfs_median": median, "landmarks": [{"measure": "PFS", "at_months": 12, "pct": pct}]}
    assert bool(findings(record(efficacy=eff))) is flagged


def test_a_landmark_of_another_population_is_not_compared() -> None:
    landmark = {"measure": "PFS", "at_months": 12, "pct": 40, "population": "CR or better"}
    eff = {"pfs_median": {"months": 19.7}, "landmarks": [landmark]}
    assert findings(record(efficacy=eff)) == []
