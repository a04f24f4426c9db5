"""Shared cell helpers: missing values, flags, proportions, time-to-event and median cells."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from trialcmp.compare.comparison import (
    INCONSISTENT,
    NA_TEXT,
    NOT_APPLICABLE,
    NOT_REPORTED,
    NR_TEXT,
    VERIFY,
    Cell,
    SourceRef,
)
from trialcmp.estimate import (
    CI_EXACT,
    CI_REPORTED,
    PCT_COMPUTED,
    ci_text,
    estimate,
    reported_ci_text,
)
from trialcmp.formatting import median_range, missing, num
from trialcmp.model import MedianRange, Proportion, TimeToEvent, get
from trialcmp.stats import round_half_up


def missing_cell(value: Any, refs: tuple[SourceRef, ...] = ()) -> Cell:
    mark = missing(value)
    if mark == NA_TEXT:
        return Cell(NA_TEXT, NOT_APPLICABLE, refs=refs)
    return Cell(NR_TEXT, NOT_REPORTED, refs=refs)


def nr_cell() -> Cell:
    return Cell(NR_TEXT, NOT_REPORTED)


def value_flags(value: Any) -> list[str]:
    """§ for a value the sources state inconsistently, ? for one flagged for verification
    (`value`: a model value; anything else has neither)."""
    marks = []
    if get(value, "variants") or get(value, "source_inconsistency"):
        marks.append(INCONSISTENT)
    if get(value, "verify"):
        marks.append(VERIFY)
    return marks


def with_flags(text: str, marks: list[str]) -> str:
    flags = "".join(m for m in marks if m in (INCONSISTENT, VERIFY))
    return f"{text} {flags}" if flags else text


def proportion_text(value: Proportion, *, all_of: bool = False) -> tuple[str, list[str]]:
    """'92% (46/50; 95% CI 81–98‡)' and the marks it uses.

    With `all_of`, a count where every patient counted had it (n == N) reads
    'all 50 (95% CI 93–100‡)' rather than '100% (50/50; …)'.
    """
    est = estimate(value)
    marks: list[str] = []
    parts: list[str] = []
    if all_of and est.n is not None and est.n == est.total:
        head = f"all {est.total}"
    elif est.pct_source == "reported":
        head = f"{num(est.pct)}%"
        parts.append(f"{est.n}/{est.total}" if est.n is not None else "n/N NR")
    else:
        head = f"{round_half_up(est.pct)}%{PCT_COMPUTED}"
        marks.append(PCT_COMPUTED)
        parts.append(f"{est.n}/{est.total}")
    if est.ci_source == "exact" and est.lo is not None and est.hi is not None:
        ci = f"95% CI {ci_text(est.lo, est.hi)}{CI_EXACT}"
        marks.append(CI_EXACT)
        if est.ci_disagrees and est.reported_ci is not None:
            ci += f", reported {reported_ci_text(est.reported_ci)}{CI_REPORTED}"
            marks.append(CI_REPORTED)
        parts.append(ci)
    elif est.ci_source == "reported" and est.reported_ci is not None:
        parts.append(f"95% CI {reported_ci_text(est.reported_ci)}{CI_REPORTED}")
        marks.append(CI_REPORTED)
    else:
        parts.append("no CI")
    flags = value_flags(value)
    return with_flags(f"{head} ({'; '.join(parts)})", flags), marks + flags


def time_to_event_text(value: TimeToEvent) -> tuple[str, list[str]]:
    """'19.7 mo (95% CI 7.7–31.7†)', 'not reached'."""
    out = "not reached" if value.not_reached else f"{num(value.months or 0)} mo"
    marks: list[str] = []
    ci = value.ci95
    if ci:
        out += f" (95% CI {reported_ci_text(ci)}{CI_REPORTED})"
        marks.append(CI_REPORTED)
    flags = value_flags(value)
    return with_flags(out, flags), marks + flags


def clean_raw(value: Any) -> Any:
    """A record value (a model value, or a rule's dict) for JSON, without its citations."""
    if hasattr(type(value), "__struct_fields__"):
        value = msgspec.to_builtins(value)
    if isinstance(value, dict):
        return {k: clean_raw(v) for k, v in value.items() if k not in ("cite",)}
    if isinstance(value, list | tuple):
        return [clean_raw(v) for v in value]
    return value


def join_parts(parts: Iterable[str], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


def text_cell(value: Any, refs: tuple[SourceRef, ...]) -> Cell:
    if missing(value) is not None:
        return missing_cell(value, refs)
    return Cell(str(value), raw=clean_raw(value), refs=refs)


def proportion_cell(value: Any, refs: tuple[SourceRef, ...], report: str | None = None) -> Cell:
    if not isinstance(value, Proportion):
        return missing_cell(value, refs)
    text, marks = proportion_text(value)
    return Cell(
        text,
        raw=estimate(value).raw(value),
        marks=tuple(marks),
        refs=refs,
        report=report,
    )


def median_cell(value: Any, refs: tuple[SourceRef, ...], unit: str) -> Cell:
    if not isinstance(value, MedianRange):
        return missing_cell(value, refs)
    flags = value_flags(value)
    text = median_range(value, value.unit or unit)
    return Cell(with_flags(text, flags), raw=clean_raw(value), marks=tuple(flags), refs=refs)


RowOut = tuple[str, str, Cell]
