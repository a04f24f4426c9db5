"""Structured inconsistency flags: JSON paths, resolution, and the warning validate prints."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CliFn
from trialcmp.flags import flag_message, parse_path, resolve


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("$", []),
        ("$.results[0].efficacy.pr", ["results", 0, "efficacy", "pr"]),
        ("$['odd key'][2]", ["odd key", 2]),
        ('$["a"].b', ["a", "b"]),
        ("$.results[x]", None),
        ("results[0]", None),
        ("$.a..b", None),
    ],
)
def test_parse_path(path: str, parts: list[str | int] | None) -> None:
    assert parse_path(path) == parts


def test_resolve_reports_how_far_a_path_leads() -> None:
    data = {"results": [{"efficacy": {"pr": {"n": 7}}}]}
    assert resolve(data, ["results", 0, "efficacy", "pr"]) == (
        True,
        ["results", 0, "efficacy", "pr"],
    )
    assert resolve(data, ["results", 1, "efficacy"]) == (False, ["results"])
    assert resolve(data, ["results", 0, "efficacy", "orr"]) == (False, ["results", 0, "efficacy"])


def test_the_message_says_what_disagrees_with_what_and_where() -> None:
    flag = {
        "id": "pr-text-vs-table",
        "kind": "within_source",
        "what": "PR is 7 (16%) in the text and 7 (14) in Table 2",
        "path": "$.results[0].efficacy.pr",
        "statements": [
            {"says": "7 (16%)", "cite": {"source": "shi2024", "where": "Results"}},
            {"says": "7 (14)", "cite": {"source": "shi2024", "where": "Table 2"}},
        ],
        "resolution": "Table 2",
    }
    assert flag_message(flag) == (
        "a source contradicts itself [pr-text-vs-table]: PR is 7 (16%) in the text and 7 (14)"
        " in Table 2 (value $.results[0].efficacy.pr) — '7 (16%)' (shi2024, Results) vs"
        " '7 (14)' (shi2024, Table 2); the record follows: Table 2"
    )


def test_validate_prints_each_flag_of_the_shipped_data_as_a_warning(cli: CliFn) -> None:
    run = cli("validate", "--format", "json")
    problems = json.loads(run.stdout)["problems"]
    flags = [p for p in problems if p["code"] == "inconsistency"]
    assert flags, "the shipped records carry inconsistency flags"
    assert all(p["severity"] == "warning" and p["line"] for p in flags)
    assert run.exit_code == 0
