"""The cohort matrix of `trialcmp check` (several patients), as a Rich renderable.

One row per trial and one column per patient (verdict and the reason that decides it)
while the patients fit the width; past that one row per patient (verdict counts and the
trials they are eligible for), and the output says so. Only the layout that is drawn is
built.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.text import Text

from trialcmp.render.check_patient import (
    VERDICT_STYLE,
    _plural,
    recruitment_style,
    setting_note,
    status_cell,
)
from trialcmp.render.common import cell
from trialcmp.render.layout import Column, Table, min_width
from trialcmp.text import clean

if TYPE_CHECKING:
    from trialcmp.eligibility.engine import CheckRun, PatientReport, TrialResult


def patient_labels(reports: Sequence[PatientReport]) -> list[str]:
    labels = [r.patient for r in reports]
    counts = Counter(labels)
    return [f"{r.patient} ({r.source})" if counts[r.patient] > 1 else r.patient for r in reports]


def short_reason(result: TrialResult) -> str:
    """The deciding reason in a matrix cell: the failing criterion, or what is missing."""
    failed = result.with_status("fail")
    if result.verdict == "ineligible" and failed:
        more = f" +{len(failed) - 1}" if len(failed) > 1 else ""
        return f"{failed[0].id}{more}"
    if result.verdict == "incomplete":
        if not result.criteria:
            return "no criteria"
        keys = {k for c in result.with_status("unknown") for k in c.missing}
        if keys:
            return f"{len(keys)} missing" if len(keys) > 1 else next(iter(keys))
        return "partial criteria"
    manual = len(result.with_status("manual"))
    return f"{manual} to confirm" if manual else ""


class CohortMatrix:
    """Trials × patients while the patients fit as columns; patients as rows past that."""

    def __init__(self, run: CheckRun) -> None:
        self.run = run

    def by_trial(self) -> Table:
        labels = patient_labels(self.run.reports)
        columns = [
            Column("Trial", nowrap=True),
            Column("Name", priority=2),
            Column("Status", priority=1),
        ]
        columns += [Column(label) for label in labels]
        first = self.run.reports[0].results if self.run.reports else ()
        rows = []
        for i, result in enumerate(first):
            row = [
                cell(result.trial),
                cell("\n".join(x for x in (result.short_name, setting_note(result)) if x)),
                cell(status_cell(result), recruitment_style(result)),
            ]
            for report in self.run.reports:
                mine = report.results[i]
                text = mine.verdict + (f"\n{short_reason(mine)}" if short_reason(mine) else "")
                row.append(cell(text, VERDICT_STYLE[mine.verdict]))
            rows.append(row)
        note = (
            f"{_plural(len(self.run.reports), 'patient')} × {_plural(len(first), 'trial')};"
            " under each verdict the reason that decides it. Check one patient for the"
            " criteria behind a verdict."
        )
        return Table(columns, rows, notes=(note, "NR = not reported."), separate_rows=True)

    def by_patient(self, width: int) -> Group:
        columns = [
            Column("Patient", nowrap=True),
            Column("Eligible", abbrev="Elig.", legend="eligible", justify="right"),
            Column("Ineligible", abbrev="Inel.", legend="ineligible", justify="right"),
            Column("Incomplete", abbrev="Inc.", legend="incomplete", justify="right"),
            Column("Eligible for"),
        ]
        rows = []
        for label, report in zip(patient_labels(self.run.reports), self.run.reports, strict=True):
            counts = Counter(r.verdict for r in report.results)
            eligible = [r.trial for r in report.results if r.verdict == "eligible"]
            rows.append(
                [
                    cell(label),
                    cell(counts["eligible"]),
                    cell(counts["ineligible"]),
                    cell(counts["incomplete"]),
                    cell(", ".join(eligible) or "—"),
                ]
            )
        trials = len(self.run.trials)
        said = Text(
            f"{_plural(len(self.run.reports), 'patient')} × {_plural(trials, 'trial')}: too"
            f" many patients to show as columns at {width} columns, so one row per patient."
            " --format csv or json gives the full matrix with every verdict and its reason.",
            style="dim",
        )
        return Group(said, Text(""), Table(columns, rows))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        results = self.run.reports[0].results if self.run.reports else ()
        fixed = max([len("Trial")] + [min_width(r.trial) for r in results])
        needed = fixed + sum(
            2 + max(min_width(clean(label)), len("incomplete"))
            for label in patient_labels(self.run.reports)
        )
        if needed <= width or len(self.run.reports) <= 1:
            yield self.by_trial()
        else:
            yield self.by_patient(width)
