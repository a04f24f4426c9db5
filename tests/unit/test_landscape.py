"""Unit tests of the landscape facts: ID kinds, settings, dates and dated statuses."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.records import typed
from trialcmp import model
from trialcmp.errors import UsageProblem
from trialcmp.landscape import (
    dated_status,
    id_kind,
    months_between,
    parse_date,
    parse_setting,
    parse_today,
)

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("trial_id", "kind"),
    [
        ("NCT04181827", "registry"),
        ("ChiCTR2000033567", "registry"),
        ("TC-DURGA-1", "own"),
        ("PMID40228504", "pubmed"),
    ],
)
def test_id_kind(trial_id: str, kind: str) -> None:
    assert id_kind(trial_id) == kind


@pytest.mark.parametrize(
    ("typed", "setting"),
    [
        ("relapsed/refractory", "relapsed/refractory"),
        ("RRMM", "relapsed/refractory"),
        ("newly-diagnosed", "newly diagnosed"),
        ("Newly Diagnosed", "newly diagnosed"),
        ("ndmm", "newly diagnosed"),
        ("not-reported", "not reported"),
    ],
)
def test_parse_setting(typed: str, setting: str) -> None:
    assert parse_setting(typed) == setting


def test_parse_setting_rejects_unknown_words() -> None:
    with pytest.raises(UsageProblem, match="unknown setting 'smouldering'"):
        parse_setting("smouldering")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2025", dt.date(2025, 1, 1)),
        ("2025-11", dt.date(2025, 11, 1)),
        ("2025-11-13", dt.date(2025, 11, 13)),
        ("2025-02-30", None),
        ("not reported", None),
        ("11/2025", None),
    ],
)
def test_parse_date_gives_the_start_of_the_period(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


def test_parse_today() -> None:
    assert parse_today("2026-11-30") == TODAY
    assert parse_today(None) == dt.date.today()
    for bad in ("2026-11", "30.11.2026", "2026-13-01"):
        with pytest.raises(UsageProblem, match="must be a date YYYY-MM-DD"):
            parse_today(bad)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2025, 11, 1), dt.date(2026, 11, 30), 12),
        (dt.date(2025, 11, 30), dt.date(2026, 11, 29), 11),
        (dt.date(2026, 11, 1), dt.date(2026, 11, 30), 0),
        (dt.date(2027, 1, 1), dt.date(2026, 11, 30), -1),
    ],
)
def test_months_between(start: dt.date, end: dt.date, months: int) -> None:
    assert months_between(start, end) == months


def _record(status: str, as_of: str) -> model.Trial:
    return typed({"design": {"status": status, "status_as_of": as_of}})


def test_a_status_dated_a_year_ago_is_stale() -> None:
    status = dated_status(_record("recruiting", "2025-11"), TODAY)
    assert (status.as_of, status.age_months, status.stale) == ("2025-11", 12, True)
    assert status.open_and_dated
    assert status.text() == "recruiting (as of 2025-11, 12 mo ago, stale)"


def test_a_recent_status_is_not_stale() -> None:
    status = dated_status(_record("not yet recruiting", "2026-06-15"), TODAY)
    assert (status.age_months, status.stale, status.open_and_dated) == (5, False, True)
    assert status.as_dict() == {
        "status": "not yet recruiting",
        "status_as_of": "2026-06-15",
        "status_age_months": 5,
        "status_stale": False,
    }


def test_a_year_only_date_counts_from_january() -> None:
    assert dated_status(_record("recruiting", "2026"), TODAY).age_months == 10


def test_an_undated_open_status_is_not_counted_as_recruiting() -> None:
    status = dated_status(_record("recruiting", "not reported"), TODAY)
    assert status.open and not status.dated and not status.open_and_dated
    assert not status.stale
    assert status.text() == "recruiting (undated)"


def test_a_closed_status_is_not_open() -> None:
    assert not dated_status(_record("completed", "2026-01"), TODAY).open_and_dated


def test_a_status_dated_after_the_reference_date_says_so() -> None:
    status = dated_status(_record("recruiting", "2027-01"), TODAY)
    assert status.text() == "recruiting (as of 2027-01, after the reference date)"


def test_a_record_without_design_has_an_unreported_status() -> None:
    status = dated_status(typed({}), TODAY)  # the model's "not reported" status
    assert (status.status, status.dated, status.text()) == ("not reported", False, "not reported")


def test_reports_are_ordered_by_cutoff_else_date_else_file_order() -> None:
    from trialcmp.landscape import latest_first, latest_per_arm, report_order

    reports = [
        model.Report(label="update", data_cutoff="2024-05-01", cite=[]),
        model.Report(label="primary", date="2023-07", data_cutoff="2022-11-01", cite=[]),
        model.Report(label="undated, after the primary in the file", cite=[]),
        model.Report(label="arm b", arm="b", date="2021", cite=[]),
    ]
    assert report_order(reports) == [3, 1, 2, 0]
    assert latest_first(reports)[0] == 0
    assert latest_per_arm(reports) == {None: 0, "b": 3}
    assert report_order([]) == []


def test_names_of_ignores_lists_of_the_wrong_type() -> None:
    from trialcmp.names import names_of

    data = {"id": "NCT00000001", "aliases": True, "other_ids": ["X-1", 7]}
    assert names_of(data) == [(["id"], "NCT00000001"), (["other_ids", 0], "X-1")]
