"""Landscape facts of a record: kind of ID, disease setting, dated recruitment status.

A status is only as good as its date. `design.status_as_of` is the registry's
status-verified date or the page date a source gives (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``), or 'not reported'. Ages are counted from the START of the stated period
(a status dated 2025-11 counts from 1 November 2025), so a partial date never makes a
status look fresher than it may be. "Today" is always passed in (``--as-of`` /
``TRIALCMP_TODAY`` in the CLI), so results do not change as time passes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from trialcmp.errors import UsageProblem

if TYPE_CHECKING:
    from trialcmp.model import Report, Trial


#: statuses under which a patient may (soon) be enrolled
OPEN_STATUSES = ("recruiting", "not yet recruiting")
#: a status older than this many months is stale
STALE_MONTHS = 12
TODAY_ENV = "TRIALCMP_TODAY"

_DATE = re.compile(r"^([12][0-9]{3})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?$")

# ---------------------------------------------------------------- IDs

#: id kind -> what the list legend says about it
ID_KINDS = {
    "registry": "registry ID",
    "own": "trialcmp's own ID (the trial has no registry ID)",
    "pubmed": "PubMed ID of the paper that reports it (no registry ID)",
}


def id_kind(trial_id: str) -> str:
    """'registry' (NCT…, ChiCTR…), 'own' (TC-…) or 'pubmed' (PMID…)."""
    if trial_id.startswith("TC-"):
        return "own"
    if trial_id.startswith("PMID"):
        return "pubmed"
    return "registry"


# ---------------------------------------------------------------- setting

SETTINGS = ("relapsed/refractory", "newly diagnosed", "not reported")
_SETTING_WORDS = {
    "relapsed/refractory": "relapsed/refractory",
    "relapsed-refractory": "relapsed/refractory",
    "relapsed": "relapsed/refractory",
    "rr": "relapsed/refractory",
    "rrmm": "relapsed/refractory",
    "newly diagnosed": "newly diagnosed",
    "newly-diagnosed": "newly diagnosed",
    "nd": "newly diagnosed",
    "ndmm": "newly diagnosed",
    "not reported": "not reported",
    "not-reported": "not reported",
}
SETTING_CHOICES = "relapsed/refractory (rrmm), newly-diagnosed (ndmm), not-reported"


def parse_setting(text: str) -> str:
    """The schema's setting for what a user typed (`rrmm`, `newly-diagnosed`, …)."""
    found = _SETTING_WORDS.get(" ".join(text.strip().casefold().replace("_", "-").split()))
    if found is None:
        raise UsageProblem(f"unknown setting {text!r}", hint=f"use one of: {SETTING_CHOICES}")
    return found


# ---------------------------------------------------------------- dates


def parse_date(text: str) -> dt.date | None:
    """The first day of a YYYY / YYYY-MM / YYYY-MM-DD date; None if it is not one."""
    match = _DATE.match(text.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:  # e.g. 2025-02-30
        return None


def parse_today(text: str | None) -> dt.date:
    """The reference date: `text` (YYYY-MM-DD) when given, else the system date."""
    if text is None or not text.strip():
        return dt.date.today()
    value = text.strip()
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _bad_today(value)
    except ValueError:
        return _bad_today(value)


def _bad_today(value: str) -> NoReturn:
    raise UsageProblem(
        f"--as-of / {TODAY_ENV} must be a date YYYY-MM-DD, not {value!r}",
        hint="e.g. --as-of 2026-11-30",
    )


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (negative when `end` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return months


# ---------------------------------------------------------------- dated status


class DatedStatus(NamedTuple):
    """A recruitment status with the date it was true and its age on the reference date.
    (A NamedTuple, not a dataclass: the CLI imports this module at every start, and making
    a dataclass costs ~0.6 ms.)"""

    status: str
    #: the date as the record gives it; None when 'not reported'
    as_of: str | None
    #: whole months from the start of `as_of` to the reference date; None if undated
    age_months: int | None

    @property
    def dated(self) -> bool:
        return self.as_of is not None

    @property
    def stale(self) -> bool:
        """Older than STALE_MONTHS (an undated status is not 'stale': it is undated)."""
        return self.age_months is not None and self.age_months >= STALE_MONTHS

    @property
    def open(self) -> bool:
        """'recruiting' or 'not yet recruiting', whether dated or not."""
        return self.status in OPEN_STATUSES

    @property
    def open_and_dated(self) -> bool:
        """What `--recruiting` counts: an open status with a date."""
        return self.open and self.dated

    def age_text(self) -> str:
        """'as of 2025-11, 12 mo ago, stale' / 'undated'."""
        if not self.dated:
            return "undated"
        age = self.age_months
        if age is None:
            return f"as of {self.as_of}"
        if age < 0:
            return f"as of {self.as_of}, after the reference date"
        ago = "this month" if age == 0 else f"{age} mo ago"
        return f"as of {self.as_of}, {ago}" + (", stale" if self.stale else "")

    def text(self) -> str:
        """'recruiting (as of 2025-11, 12 mo ago, stale)'; an unknown status stays short."""
        if self.status == "not reported" and not self.dated:
            return self.status
        return f"{self.status} ({self.age_text()})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "status_as_of": self.as_of,
            "status_age_months": self.age_months,
            "status_stale": self.stale,
        }


def dated_status(data: Trial, today: dt.date | None) -> DatedStatus:
    """The record's `design.status` with its `status_as_of`, aged on `today` (if given)."""
    return status_aged(data.design.status, data.design.status_as_of, today)


def status_aged(status: object, as_of: object, today: dt.date | None) -> DatedStatus:
    """A status with the date it was true (`design.status`, `design.status_as_of`), aged
    on `today` (if given); a missing status is 'not reported'."""
    status_text = str(status) if isinstance(status, str) and status else "not reported"
    when = parse_date(as_of) if isinstance(as_of, str) else None
    if when is None:
        return DatedStatus(status_text, None, None)
    age = months_between(when, today) if today is not None else None
    return DatedStatus(status_text, str(as_of), age)


# ---------------------------------------------------------------- reports


def _report_date(report: Report) -> dt.date | None:
    for value in (report.data_cutoff, report.date):
        when = parse_date(value) if value is not None else None
        if when is not None:
            return when
    return None


def report_order(reports: Sequence[Report]) -> list[int]:
    """Indices of `reports`, earliest first: by data cut-off, else report date.

    A report with neither keeps its place after the report before it in the file, and
    reports with the same date keep their file order.
    """
    keys: list[dt.date] = []
    previous = dt.date.min
    for report in reports:
        previous = _report_date(report) or previous
        keys.append(previous)
    return sorted(range(len(reports)), key=lambda i: keys[i])


def latest_first(reports: Sequence[Report]) -> list[int]:
    """Indices of `reports`, latest first (see `report_order`)."""
    return report_order(reports)[::-1]


def latest_per_arm(reports: Sequence[Report]) -> dict[str | None, int]:
    """The index of the latest report of each arm (None: reports on the whole trial)."""
    out: dict[str | None, int] = {}
    for index in report_order(reports):
        out[reports[index].arm or None] = index
    return out


def headline_reports(data: Trial) -> list[Report]:
    """The reports that speak for the trial's CAR-T in one-line views (list, plot), latest
    first: a randomised trial's comparator arm never stands for the trial."""
    reports = data.results
    comparators = {arm.id for arm in data.arms if arm.role == "comparator"}
    return [reports[i] for i in latest_first(reports) if reports[i].arm not in comparators]
