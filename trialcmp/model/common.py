"""Value types shared by every section of a trial record: citations, the "missing" words,
proportions (the one estimate-bearing value), medians with ranges, times to event.

Each mirrors one `$defs` entry of `schemas/trial.schema.json` with the schema's own key
names, so `msgspec.to_builtins(value)` is the document's object again. A value that the
schema allows to be "not reported" / "not applicable" is typed `X | Missing`; a number is
`Number` (`int | float`), so a 92 stays 92 and a 92.0 stays 92.0 when written back.
"""

# No `from __future__ import annotations` here: msgspec would then resolve ~300 string
# annotations through typing's eval when it builds the decoder of `Trial` (~2.5 ms of
# every `show` and `list`); real annotations cost ~0.5 ms more at import and none then.

from typing import Any, Literal

import msgspec

#: the schema's `$defs/missing`: 'not reported' (the sources do not state it) or
#: 'not applicable' (it cannot apply to this trial)
Missing = Literal["not reported", "not applicable"]
MISSING: tuple[str, ...] = ("not reported", "not applicable")

#: a JSON number as the document writes it
Number = int | float
#: an ISO date: YYYY, YYYY-MM or YYYY-MM-DD (the schema checks the pattern)
Date = str
#: a 95% CI in percent, [lower, upper] (the schema checks there are two), as stated
CI95 = list[Number]


class Model(
    msgspec.Struct,
    frozen=True,
    kw_only=True,
    omit_defaults=True,
    forbid_unknown_fields=True,
    gc=False,
):
    """Base of every model type: immutable, keyword-only, absent keys stay absent.

    `gc=False`: the garbage collector does not track the instances (a record is a tree, it
    holds no reference cycles), which makes decoding a large collection about twice as
    fast (the collector no longer walks every new record again and again)."""


class Cite(Model, frozen=True, kw_only=True):
    """`$defs/cite`: a source id and the place in it where the facts were read."""

    source: str
    where: str
    quote: str | None = None


Cites = list[Cite]


class FactNote(Model, frozen=True, kw_only=True):
    """`$defs/fact_note`: a free-text fact with its citation."""

    text: str
    cite: Cites


class ProportionStatement(Model, frozen=True, kw_only=True):
    """`$defs/proportion_statement`: the same proportion as another place states it."""

    n: int | None = None
    N: int | None = None
    pct: Number | None = None
    ci95: CI95 | None = None
    note: str | None = None
    cite: Cites


class Proportion(Model, frozen=True, kw_only=True):
    """`$defs/proportion`: n of N with the percentage and CI exactly as reported (the
    schema guarantees `pct`, or `n` and `N`). `trialcmp.estimate.estimate` turns one into
    an `Estimate` (the exact CI, the one rounding rule)."""

    n: int | None = None
    N: int | None = None
    pct: Number | None = None
    ci95: CI95 | None = None
    ci_method: str | None = None
    population: str | None = None
    verify: str | None = None
    source_inconsistency: str | None = None
    variants: list[ProportionStatement] = []
    derived: str | None = None
    note: str | None = None
    cite: Cites = []


ProportionOrMissing = Proportion | Missing


class MedianRange(Model, frozen=True, kw_only=True):
    """`$defs/median_range`: a median with its range (or IQR when `spread` says so)."""

    median: Number
    min: Number | None = None
    max: Number | None = None
    spread: Literal["range", "IQR"] | None = None
    unit: str | None = None
    verify: str | None = None
    note: str | None = None
    cite: Cites = []


MedianRangeOrMissing = MedianRange | Missing


class TimeToEvent(Model, frozen=True, kw_only=True):
    """`$defs/time_to_event`: a median in months, or `not_reached`; a CI upper bound that
    was not estimable is None."""

    months: Number | None = None
    not_reached: bool | None = None
    ci95: list[Number | None] | None = None
    population: str | None = None
    verify: str | None = None
    note: str | None = None
    cite: Cites = []


TimeToEventOrMissing = TimeToEvent | Missing


def get(value: object, key: str) -> Any:
    """Field `key` of a model value, read by name (a path such as a plot metric's or a list
    column's); None when the field is absent, or when `value` is no model value (None,
    'not reported', a number, ...)."""
    return getattr(value, key, None) if isinstance(value, msgspec.Struct) else None
