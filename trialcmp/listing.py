"""`list`: one summary row per trial, with filters.

A row is a `Row` (typed, from the trial's typed record); `--columns` gives `Columns`
instead (the chosen fields of `trialcmp.trial_fields` as printed text). The JSON format
prints a row's fields in order, None as null (`msgspec.to_builtins(row)`).

A row is its trial's `Listed` facts (what does not depend on the date: the list's slice of
the collection, `trialcmp.list_slice`, keeps them) with the status aged on the reference
date. This module does not import the typed model: a warm `list` never decodes a record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from trialcmp.landscape import (
    OPEN_STATUSES,
    DatedStatus,
    dated_status,
    id_kind,
    months_between,
    parse_date,
)

if TYPE_CHECKING:
    from trialcmp.collection import Trial

COLUMNS = ("id", "short_name", "targets", "phase", "status", "treated", "orr")


class Orr(msgspec.Struct, frozen=True, kw_only=True):
    """The ORR of the latest report that states it: counts, percentage, the printed text."""

    n: int | None
    N: int | None
    pct: int | float | None
    text: str
    report: str | None


class Row(msgspec.Struct, frozen=True, kw_only=True):
    """One trial's list row; values stay data (numbers as numbers, None if absent)."""

    id: str
    id_kind: str  # 'registry', 'own' or 'pubmed' (landscape.ID_KINDS)
    short_name: str | None
    setting: str
    targets: list[str]
    phase: str
    status: str
    status_as_of: str | None  # None when the record gives no date
    status_age_months: int | None
    status_stale: bool
    treated: int | None
    orr: Orr | None


class Listed(msgspec.Struct, frozen=True, kw_only=True):
    """What `list` shows and filters of one trial, whatever the date: its row but the
    status's age, and the countries of its sites."""

    id: str
    id_kind: str
    short_name: str | None
    setting: str
    targets: list[str]
    phase: str
    status: str
    status_as_of: str | None  # a date `parse_date` reads; None when the record gives none
    treated: int | None
    orr: Orr | None
    countries: list[str]


def listed(trial: Trial) -> Listed:
    """The list's facts of one trial, from its typed record."""
    from trialcmp.formatting import latest, proportion_brief, trial_treated
    from trialcmp.model import Proportion

    record = trial.record
    orr, report = latest(record, "efficacy", "orr")
    return Listed(
        id=record.id,
        id_kind=id_kind(record.id),
        short_name=record.short_name,
        setting=record.setting,
        targets=list(record.product.targets),
        phase=record.design.phase,
        status=record.design.status,
        status_as_of=dated_status(record, None).as_of,
        treated=trial_treated(record),
        orr=None
        if not isinstance(orr, Proportion)
        else Orr(
            n=orr.n,
            N=orr.N,
            pct=orr.pct,
            text=proportion_brief(orr),
            report=report.label if report else None,
        ),
        countries=list(record.design.countries),
    )


def _dated(facts: Listed, today: dt.date) -> DatedStatus:
    """The trial's status aged on `today`, as `landscape.dated_status` ages its record's."""
    status = facts.status or "not reported"
    when = parse_date(facts.status_as_of) if facts.status_as_of is not None else None
    if when is None:
        return DatedStatus(status, None, None)
    return DatedStatus(status, facts.status_as_of, months_between(when, today))


def row_of(facts: Listed, today: dt.date) -> Row:
    """The list row of one trial, its status aged on `today` (`status_as_of`,
    `status_age_months` and `status_stale`: older than 12 months)."""
    status = _dated(facts, today)
    return Row(
        id=facts.id,
        id_kind=facts.id_kind,
        short_name=facts.short_name,
        setting=facts.setting,
        targets=facts.targets,
        phase=facts.phase,
        status=facts.status,
        status_as_of=status.as_of,
        status_age_months=status.age_months,
        status_stale=status.stale,
        treated=facts.treated,
        orr=facts.orr,
    )


def summary_row(trial: Trial, today: dt.date) -> Row:
    """The list row of one trial (see `row_of`)."""
    return row_of(listed(trial), today)


def _matches(value: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return True
    return value is not None and wanted.casefold() in value.casefold()


def _status_key(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").replace(",", " ").split()).casefold()


def _status_matches(value: str | None, wanted: str | None) -> bool:
    """A status matches whole, not as a part: 'recruiting' is not 'active, not recruiting'."""
    if wanted is None:
        return True
    return value is not None and _status_key(value) == _status_key(wanted)


class Columns(list[dict[str, Any]]):
    """Rows of the fields asked for with `--columns` (field name -> printed text)."""

    def __init__(self, names: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
        super().__init__(rows)
        self.names = tuple(names)


def with_columns(trials: Iterable[Trial], rows: Sequence[Row], names: Sequence[str]) -> Columns:
    """The rows again, as the fields `names` of the field registry."""
    from trialcmp.trial_fields import read

    by_id = {t.id: t for t in trials}
    return Columns(names, [{n: read(n, by_id[r.id].record)[0] for n in names} for r in rows])


def sort_rows(
    trials: Iterable[Trial], rows: list[Row], field: str, *, descending: bool
) -> list[Row]:
    """The rows ordered by one field of the registry; unreported values last."""
    from trialcmp.trial_fields import sort_key

    by_id = {t.id: t for t in trials}
    return sorted(rows, key=lambda r: sort_key(field, by_id[r.id].record, descending=descending))


def list_rows(
    trials: Iterable[Trial] | Iterable[Listed],
    *,
    today: dt.date,
    target: str | None = None,
    phase: str | None = None,
    status: str | None = None,
    setting: str | None = None,
    recruiting: bool = False,
    country: str | None = None,
) -> list[Row]:
    """Rows for the trials (or their `Listed` facts) that pass every filter.

    `target` matches one antigen exactly (case-insensitive); `phase` and `status` match
    a part of the value (so `--phase 1` finds 'Phase 1' and 'Phase 1/2'); `setting` is
    one of the schema's settings, matched exactly; `recruiting` keeps only a
    'recruiting' or 'not yet recruiting' status that has a date.
    """
    rows = []
    for trial in trials:
        facts = trial if isinstance(trial, Listed) else listed(trial)
        row = row_of(facts, today)
        if target is not None and target.casefold() not in {t.casefold() for t in row.targets}:
            continue
        if not _matches(row.phase, phase) or not _status_matches(row.status, status):
            continue
        if setting is not None and row.setting != setting:
            continue
        if recruiting and not _dated(facts, today).open_and_dated:
            continue
        if country is not None and country.casefold() not in {
            c.casefold() for c in facts.countries
        }:
            continue
        rows.append(row)
    return rows


def undated_open(rows: Iterable[Row]) -> list[str]:
    """IDs of the rows whose 'recruiting'/'not yet recruiting' status has no date."""
    return [r.id for r in rows if r.status in OPEN_STATUSES and r.status_as_of is None]


def recruiting_summary(counted: list[Row], candidates: list[Row]) -> str:
    """What `list --recruiting` counted, how old those statuses are, and what it left out."""
    ages = [r.status_age_months for r in counted if r.status_age_months is not None]
    if counted:
        stale = sum(1 for r in counted if r.status_stale)
        span = f"{min(ages)}" if min(ages) == max(ages) else f"{min(ages)} to {max(ages)}"
        text = (
            f"{len(counted)} trial(s) recruiting or not yet recruiting by a dated status,"
            f" {span} month(s) old" + (f" ({stale} stale: older than 12 months)" if stale else "")
        )
    else:
        text = "no trial is recruiting or not yet recruiting by a dated status"
    undated = undated_open(candidates)
    if undated:
        text += (
            f"; not counted: {len(undated)} whose status says so with no date"
            f" ({', '.join(undated)})"
        )
    return text + "."
