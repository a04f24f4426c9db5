"""Reporters for `trialcmp check`.

* ``text`` (default): for one patient, the summary (per trial: verdict, status with its
  date, the deciding reason), what to collect to decide more trials, then the detail per
  trial (`trialcmp.render.check_patient`); ``--brief`` stops after the first two. For
  several patients, the cohort matrix (as ``table``).
* ``table``: one patient: the summary table. Several: the cohort matrix — one row per trial
  and one column per patient (verdict and deciding reason) while the patients fit the
  width; past that one row per patient (verdict counts and the trials they are eligible
  for), and the output says so. CSV and JSON always carry the full matrix.
* ``csv``: one row per patient; per trial its verdict and its deciding reason.
* ``json``: for one patient file, exactly the contract's object
  ``{"patient", "results": [{"trial", "verdict", "criteria": [...]}]}`` (plus extra keys);
  for several patients, ``{"trials": [IDs], "patients": [one contract object per
  patient], "matrix": [{"patient", "file", "verdicts": {trial: verdict},
  "reasons": {trial: deciding reason}}]}``.
* ``markdown``: the text report (one patient) or the matrix (several) for pasting into a
  tumour-board note.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from trialcmp.eligibility.summary import to_collect
from trialcmp.render.check_patient import (
    VERDICT_STYLE,
    _plural,
    patient_text,
    patient_values,
    reason_text,
    recruitment,
    recruitment_style,
    setting_note,
    status_cell,
    summary_table,
)
from trialcmp.render.common import cell, md_escape, to_csv, to_json
from trialcmp.render.layout import Column, Table, min_width
from trialcmp.text import clean

if TYPE_CHECKING:
    from trialcmp.eligibility.engine import CheckRun, PatientReport, TrialResult

SHORT = {"eligible": "eligible", "ineligible": "ineligible", "incomplete": "incomplete"}


def _labels(reports: Sequence[PatientReport]) -> list[str]:
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
        labels = _labels(self.run.reports)
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
        for label, report in zip(_labels(self.run.reports), self.run.reports, strict=True):
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
        table = self.by_trial()
        results = self.run.reports[0].results if self.run.reports else ()
        fixed = max([len("Trial")] + [min_width(r.trial) for r in results])
        needed = fixed + sum(
            2 + max(min_width(clean(label)), len("incomplete"))
            for label in _labels(self.run.reports)
        )
        if needed <= width or len(self.run.reports) <= 1:
            yield table
        else:
            yield self.by_patient(width)


def as_text(run: CheckRun) -> RenderableType:
    if run.single and len(run.reports) == 1:
        return patient_text(run.reports[0], brief=run.brief)
    return CohortMatrix(run)


def as_table(run: CheckRun) -> RenderableType:
    if run.single and len(run.reports) == 1:
        return summary_table(run.reports[0].results)
    return CohortMatrix(run)


def as_csv(run: CheckRun) -> str:
    header = ["patient", "file"]
    for trial in run.trials:
        header += [trial, f"{trial} reason"]
    rows = []
    for report in run.reports:
        row: list[Any] = [report.patient, report.source]
        for result in report.results:
            row += [result.verdict, reason_text(result)]
        rows.append(row)
    return to_csv(header, rows)


def as_json(run: CheckRun) -> str:
    data = run.as_dict()
    if "matrix" in data:
        for entry, report in zip(data["matrix"], run.reports, strict=True):
            entry["reasons"] = {r.trial: reason_text(r) for r in report.results}
    return to_json(data)


# ---------------------------------------------------------------- markdown


def _md_patient(report: PatientReport, brief: bool) -> list[str]:
    out = [f"## Pre-screen of patient {md_escape(report.patient)}", ""]
    out += [f"Profile: `{md_escape(report.source)}`", ""]
    for key, note in report.computed:
        out += [f"- {md_escape(key)} {md_escape(note)}"]
    if report.computed:
        out.append("")
    out += ["| Trial | Name | Verdict | Status | Deciding reason |", "|---|---|---|---|---|"]
    for r in report.results:
        out.append(
            f"| {md_escape(r.trial)} | {md_escape(r.short_name or '')} | **{r.verdict}** |"
            f" {md_escape(status_cell(r))} | {md_escape(reason_text(r))} |"
        )
    out += ["", "### To decide more trials, collect", ""]
    items = to_collect(report)
    for n, item in enumerate(items, 1):
        unit = f" ({md_escape(item.unit)})" if item.unit else ""
        decides = f"decides {_plural(len(item.decides), 'trial')} alone; " if item.decides else ""
        out.append(
            f"{n}. `{md_escape(item.key)}`{unit} — {decides}needed by"
            f" {md_escape(', '.join(item.criteria))}"
        )
    if not items:
        out.append("Nothing more to collect that would decide a trial.")
    out.append("")
    if brief:
        return out
    for r in report.results:
        out += [f"### {md_escape(r.trial)} ({md_escape(r.short_name or '')}): {r.verdict}", ""]
        out += [
            f"{md_escape(recruitment(r.status, r.status_as_of))}. {md_escape(reason_text(r))}.",
            "",
        ]
        for status, title in (
            ("fail", "Not met"),
            ("unknown", "Unknown"),
            ("manual", "To confirm with the investigators"),
        ):
            for c in r.with_status(status):  # type: ignore[arg-type]
                values = patient_values(c)
                extra = f" — patient: {md_escape(values)}" if values else ""
                if status == "unknown" and c.missing:
                    extra += f" — collect: {md_escape(', '.join(c.missing))}"
                if status == "manual" and c.manual:
                    extra += f" — confirm: {md_escape(c.manual)}"
                near = f" — near threshold: {md_escape('; '.join(c.near))}" if c.near else ""
                out.append(
                    f"- **{title}**: {md_escape(c.id)} ({c.kind}): {md_escape(c.text)}{extra}{near}"
                )
        for c in r.criteria:
            if c.near and c.status == "pass":
                near = md_escape("; ".join(c.near))
                out.append(f"- **Met, near a threshold**: {md_escape(c.id)}: {near}")
        out.append("")
    return out


def as_markdown(run: CheckRun) -> str:
    out: list[str] = []
    if run.single and len(run.reports) == 1:
        out += _md_patient(run.reports[0], run.brief)
    else:
        labels = _labels(run.reports)
        out += ["| Patient | " + " | ".join(md_escape(t) for t in run.trials) + " |"]
        out += ["|---|" + "---|" * len(run.trials)]
        for label, report in zip(labels, run.reports, strict=True):
            cells = [
                f"**{r.verdict}** ({md_escape(short_reason(r))})"
                if short_reason(r)
                else f"**{r.verdict}**"
                for r in report.results
            ]
            out.append(f"| {md_escape(label)} | " + " | ".join(cells) + " |")
        out.append("")
    out.append(
        "_A pre-screen of the curated criteria, not a decision: the trial's investigators"
        " decide eligibility._"
    )
    return "\n".join(out) + "\n"


REPORTERS: dict[str, Callable[[CheckRun], RenderableType | str]] = {
    "text": as_text,
    "table": as_table,
    "csv": as_csv,
    "json": as_json,
    "markdown": as_markdown,
}
