"""Reported outcomes: one `Report` per paper, abstract or follow-up, with its efficacy,
safety, landmarks, hazard ratios, and the arm, dates and population it covers.

Field names are the schema's keys (`schemas/trial.schema.json`, `$defs/report` and below).
"""

# No `from __future__ import annotations` here: msgspec would then resolve ~300 string
# annotations through typing's eval when it builds the decoder of `Trial` (~2.5 ms of
# every `show` and `list`); real annotations cost ~0.5 ms more at import and none then.

from typing import Literal

from trialcmp.model.common import (
    CI95,
    Cites,
    Date,
    MedianRange,
    MedianRangeOrMissing,
    Model,
    Number,
    Proportion,
    ProportionOrMissing,
    TimeToEventOrMissing,
)
from trialcmp.model.sections import CountOrMissing, Population


class Landmark(Model, frozen=True, kw_only=True):
    """`$defs/landmark`: a Kaplan–Meier rate at a fixed time."""

    measure: Literal["PFS", "OS", "DOR", "EFS"]
    at_months: Number
    pct: Number
    ci95: CI95 | None = None
    population: str | None = None
    note: str | None = None
    cite: Cites


class Subgroup(Model, frozen=True, kw_only=True):
    label: str
    measure: str
    value: Proportion


class Efficacy(Model, frozen=True, kw_only=True):
    """`$defs/efficacy`: best response (mutually exclusive categories), MRD, survival."""

    response_criteria: str | None = None
    evaluable: CountOrMissing | None = None
    orr: ProportionOrMissing | None = None
    cr_or_better: ProportionOrMissing | None = None
    vgpr_or_better: ProportionOrMissing | None = None
    scr: ProportionOrMissing | None = None
    cr: ProportionOrMissing | None = None
    vgpr: ProportionOrMissing | None = None
    pr: ProportionOrMissing | None = None
    sd: ProportionOrMissing | None = None
    pd: ProportionOrMissing | None = None
    mrd_negative: ProportionOrMissing | None = None
    mrd_threshold: str | None = None
    mrd_method: str | None = None
    pfs_median: TimeToEventOrMissing | None = None
    os_median: TimeToEventOrMissing | None = None
    dor_median: TimeToEventOrMissing | None = None
    landmarks: list[Landmark] = []
    subgroups: list[Subgroup] = []
    note: str | None = None
    cite: Cites


class GradedEvent(Model, frozen=True, kw_only=True):
    """`$defs/graded_event`: an adverse event, any grade and grade ≥3."""

    event: str
    any_grade: ProportionOrMissing | None = None
    grade3plus: ProportionOrMissing | None = None
    grade_not_stated: ProportionOrMissing | None = None
    note: str | None = None


class Crs(Model, frozen=True, kw_only=True):
    any_grade: ProportionOrMissing | None = None
    grade3plus: ProportionOrMissing | None = None
    grading: str | None = None
    onset_days: MedianRange | None = None
    duration_days: MedianRange | None = None
    note: str | None = None


class Neurotoxicity(Model, frozen=True, kw_only=True):
    term: Literal["ICANS", "neurotoxicity", "neurotoxic events", "not reported"] | None = None
    any_grade: ProportionOrMissing | None = None
    grade3plus: ProportionOrMissing | None = None
    grading: str | None = None
    note: str | None = None


class Safety(Model, frozen=True, kw_only=True):
    crs: Crs | None = None
    neurotoxicity: Neurotoxicity | None = None
    haematologic: list[GradedEvent] = []
    other_events: list[GradedEvent] = []
    tocilizumab: ProportionOrMissing | None = None
    corticosteroids: ProportionOrMissing | None = None
    dlt: ProportionOrMissing | None = None
    deaths: ProportionOrMissing | None = None
    deaths_note: str | None = None
    note: str | None = None
    cite: Cites


class HazardRatio(Model, frozen=True, kw_only=True):
    """`$defs/hazard_ratio`: `arm` versus the reference arm `versus`."""

    measure: Literal["PFS", "OS", "EFS", "DOR", "TTP", "other"]
    measure_note: str | None = None
    arm: str
    versus: str
    hr: Number
    ci95: list[Number] | None = None
    p: str | None = None
    population: str | None = None
    verify: str | None = None
    note: str | None = None
    cite: Cites


class Report(Model, frozen=True, kw_only=True):
    """`$defs/report`: one report at one data cut-off, for the trial or one `arm`. Order
    reports with `trialcmp.landscape.report_order` (data cut-off, else date)."""

    label: str
    arm: str | None = None
    date: Date | None = None
    #: a date or 'not reported' / 'not applicable'
    data_cutoff: Date | None = None
    treated: CountOrMissing | None = None
    median_follow_up: MedianRangeOrMissing | None = None
    population: Population | None = None
    hazard_ratios: list[HazardRatio] = []
    efficacy: Efficacy | None = None
    safety: Safety | None = None
    note: str | None = None
    cite: Cites
