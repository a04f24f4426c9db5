"""`trialcmp check --format markdown`: the report for pasting into a tumour-board note.

One patient: the summary table, what to collect, then the detail per trial (``--brief``
stops after the first two). Several patients: the matrix of verdicts with the reason
that decides each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trialcmp.eligibility.summary import reason_text, to_collect
from trialcmp.render.check_matrix import patient_labels, short_reason
from trialcmp.render.check_patient import _plural, patient_values, recruitment, status_cell
from trialcmp.render.common import md_escape

if TYPE_CHECKING:
    from trialcmp.eligibility.engine import CheckRun, PatientReport


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
        labels = patient_labels(run.reports)
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
