"""One column's trial (or arm) with helpers to cite and to pick values from its reports;
the Report / Data cutoff / Median follow-up rows of the reports a section used.

The sections read the typed model (`trial.record`, `trialcmp.model`), never the raw dict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trialcmp.collection import Trial
from trialcmp.compare.cells import (
    RowOut,
    clean_raw,
    missing_cell,
    nr_cell,
    time_to_event_text,
    value_flags,
    with_flags,
)
from trialcmp.compare.comparison import NA_TEXT, NOT_REPORTED, NR_TEXT, Cell, SourceRef
from trialcmp.formatting import median_range, missing
from trialcmp.landscape import report_order
from trialcmp.model import (
    Arm,
    Cites,
    Efficacy,
    HazardRatio,
    MedianRange,
    Report,
    Safety,
    TimeToEvent,
    get,
)

#: a report's block that the compare rows read
Block = Efficacy | Safety
#: what `TrialContext.entries_cell` shows of one entry: its line, its marks, the cites of its
#: values and its raw values
Entry = tuple[str, list[str], list[Cites | None], list[dict[str, Any]]]


class TrialContext:
    """A trial record (`trial.record`, the typed model) with helpers to cite and to pick
    values from its reports."""

    def __init__(self, trial: Trial, arm: Arm | None = None) -> None:
        self.trial = trial
        self.record = trial.record
        self.id = self.record.id
        #: the arm this column shows (a randomised trial has one column per arm)
        self.arm = arm
        reports = list(self.record.results)
        if arm is not None:
            reports = [r for r in reports if r.arm == arm.id]
        # earliest first, by data cut-off else report date: the latest stating a value wins
        self.results: list[Report] = [reports[i] for i in report_order(reports)]

    def hazard_ratios(self) -> list[HazardRatio]:
        """The hazard ratios of this arm (every report of the trial), or of the whole trial."""
        return [
            hr
            for report in self.record.results
            for hr in report.hazard_ratios
            if self.arm is None or hr.arm == self.arm.id
        ]

    def refs(self, *cite_lists: Cites | None) -> tuple[SourceRef, ...]:
        """Sources of the first non-empty cite list (a value's own, then its block's)."""
        for cites in cite_lists:
            if cites:
                return tuple(dict.fromkeys(SourceRef(self.id, c.source) for c in cites))
        return ()

    def letter(self, index: int) -> str | None:
        return chr(ord("A") + index) if len(self.results) > 1 else None

    def block(self, index: int, name: str) -> Block | None:
        """The report's `efficacy` or `safety` block."""
        report = self.results[index]
        return report.efficacy if name == "efficacy" else report.safety

    def from_reports(self, block: str, get: Callable[[Any], Any]) -> tuple[Any, int | None]:
        """The value from the latest report that states it, and the report's index.

        When no report states it, the value is the first 'not applicable' found (else None).
        """
        fallback: Any = None
        for index in range(len(self.results) - 1, -1, -1):
            body = self.block(index, block)
            if body is None:
                continue
            value = get(body)
            if value is None:
                continue
            if missing(value) is None:
                return value, index
            if missing(value) == NA_TEXT and fallback is None:
                fallback = value
        return fallback, None

    def report_cites(self, block: str, index: int) -> tuple[Cites | None, Cites]:
        body = self.block(index, block)
        return (body.cite if body is not None else None), self.results[index].cite

    def entries_cell(
        self,
        block: str,
        get: Callable[[Any], list[Any] | None],
        used: set[int],
        describe: Callable[[Any], Entry],
    ) -> Cell:
        """One line per entry that `get` lists in the latest report that lists any (NR when
        none does); `describe` gives each entry's line, marks, the cites of its values and
        its raw values. The report is marked used."""
        entries, index = self.from_reports(block, get)
        if index is None:
            return nr_cell()
        used.add(index)
        block_cites, report_cites = self.report_cites(block, index)
        lines: list[str] = []
        marks: list[str] = []
        refs: list[SourceRef] = []
        raw: list[dict[str, Any]] = []
        for entry in entries:
            line, entry_marks, cites, entry_raw = describe(entry)
            lines.append(line)
            marks.extend(entry_marks)
            for cite in cites:
                refs.extend(self.refs(cite, block_cites, report_cites))
            raw.extend(entry_raw)
        return Cell(
            "\n".join(lines),
            raw=raw,
            marks=tuple(dict.fromkeys(marks)),
            refs=tuple(dict.fromkeys(refs)),
            report=self.letter(index),
        )


def report_rows(ctx: TrialContext, used: set[int]) -> list[RowOut]:
    if not used:
        return [
            ("report", "Report", nr_cell()),
            ("data_cutoff", "Data cutoff", nr_cell()),
            ("follow_up", "Median follow-up", nr_cell()),
        ]
    order = sorted(used)

    def lettered(index: int, text: str) -> str:
        letter = ctx.letter(index)
        return f"{letter}: {text}" if letter else text

    def refs_of(index: int) -> tuple[SourceRef, ...]:
        return ctx.refs(ctx.results[index].cite)

    labels, cutoffs, follow_ups = [], [], []
    refs: list[SourceRef] = []
    cutoff_known = follow_known = False
    follow_marks: list[str] = []
    for index in order:
        report = ctx.results[index]
        refs.extend(refs_of(index))
        labels.append(lettered(index, report.label))
        cutoff = report.data_cutoff
        if cutoff is not None and missing(cutoff) is None:
            cutoff_known = True
            cutoffs.append(lettered(index, str(cutoff)))
        else:
            cutoffs.append(lettered(index, missing(cutoff) or NR_TEXT))
        mfu = report.median_follow_up
        if isinstance(mfu, MedianRange):
            follow_known = True
            follow_marks.extend(value_flags(mfu))
            text = median_range(mfu, mfu.unit or "months")
            follow_ups.append(lettered(index, with_flags(text, value_flags(mfu))))
        else:
            follow_ups.append(lettered(index, missing(mfu) or NR_TEXT))
    all_refs = tuple(dict.fromkeys(refs))
    raw_reports = [
        {
            "report": ctx.letter(i),
            "label": ctx.results[i].label,
            "data_cutoff": ctx.results[i].data_cutoff,
            "median_follow_up": clean_raw(ctx.results[i].median_follow_up),
        }
        for i in order
    ]
    cutoff_cell = (
        Cell("\n".join(cutoffs), raw=raw_reports, refs=all_refs)
        if cutoff_known
        else Cell(NR_TEXT, NOT_REPORTED, refs=all_refs)
    )
    follow_cell = (
        Cell("\n".join(follow_ups), raw=raw_reports, marks=tuple(follow_marks), refs=all_refs)
        if follow_known
        else Cell(NR_TEXT, NOT_REPORTED, refs=all_refs)
    )
    return [
        ("report", "Report", Cell("\n".join(labels), raw=raw_reports, refs=all_refs)),
        ("data_cutoff", "Data cutoff", cutoff_cell),
        ("follow_up", "Median follow-up", follow_cell),
    ]


def dig(*keys: str) -> Callable[[Any], Any]:
    """`dig("crs", "any_grade")`: reads `block.crs.any_grade` (None where a step is absent)."""

    def read(body: Any) -> Any:
        value: Any = body
        for key in keys:
            value = get(value, key)
        return value

    return read


Maker = Callable[[Any, tuple[SourceRef, ...], str | None], Cell]


def reported_value(
    ctx: TrialContext,
    block: str,
    keys: tuple[str, ...],
    used: set[int],
    make: Maker,
) -> Cell:
    value, index = ctx.from_reports(block, dig(*keys))
    if index is None:
        return missing_cell(value)
    used.add(index)
    own = get(value, "cite")
    block_cites, report_cites = ctx.report_cites(block, index)
    refs = ctx.refs(own, block_cites, report_cites)
    return make(value, refs, ctx.letter(index))


def make_tte(value: Any, refs: tuple[SourceRef, ...], report: str | None) -> Cell:
    if not isinstance(value, TimeToEvent):
        return missing_cell(value, refs)
    text, marks = time_to_event_text(value)
    return Cell(text, raw=clean_raw(value), marks=tuple(marks), refs=refs, report=report)


def make_text(value: Any, refs: tuple[SourceRef, ...], report: str | None) -> Cell:
    return Cell(str(value), raw=value, refs=refs, report=report)
