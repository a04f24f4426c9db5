"""Reporters for `trialcmp check`.

* ``text`` (default): for one patient, per trial a verdict line with the recruitment status,
  then the criteria that fail, those unknown with the keys to collect, and those to confirm
  with the investigators, each with the criterion's text and the patient's value. For
  several patients, the verdict matrix (as ``table``).
* ``table``: the verdict matrix, one row per trial and one column per patient.
* ``csv``: the verdict matrix, one row per patient and one column per trial.
* ``json``: for one patient file, exactly the contract's object
  ``{"patient", "results": [{"trial", "verdict", "criteria": [...]}]}`` (plus extra keys);
  for several patients (several ``--patient`` options or a folder), an object
  ``{"trials": [IDs], "patients": [one contract object per patient],
  "matrix": [{"patient", "file", "verdicts": {trial: verdict}}]}``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from trialcmp.eligibility.fields import FIELDS
from trialcmp.formatting import num
from trialcmp.landscape import OPEN_STATUSES
from trialcmp.render.common import cell, to_csv, to_json
from trialcmp.text import clean

if TYPE_CHECKING:
    from trialcmp.eligibility.engine import (
        CheckRun,
        CriterionResult,
        PatientReport,
        TrialResult,
    )

VERDICT_STYLE = {"eligible": "bold green", "ineligible": "bold red", "incomplete": "bold yellow"}
MARK = {"fail": ("✗", "red"), "unknown": ("?", "yellow"), "manual": ("•", "cyan")}
UNKNOWN_RECRUITMENT = ("not reported", "unknown")
RESTATED_LEGEND = (
    "restated = the criterion is the curator's restatement from a fact sheet, not the"
    " source's own words."
)


class Indented:
    """Text wrapped to the console width, indented, with a hanging indent; no trailing pad."""

    def __init__(self, text: Text, indent: int, hang: int = 0) -> None:
        self.text = text
        self.indent = indent
        self.hang = hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - self.indent - self.hang, 20)
        for i, line in enumerate(self.text.wrap(console, width)):
            line.rstrip()
            yield Segment(" " * (self.indent + (self.hang if i else 0)))
            yield from line.render(console)
            yield Segment.line()


def recruitment(status: str, age: str | None = None) -> str:
    """The recruitment status with its date and age, trials that are not recruiting marked.

    `age` is the status's date and age ('as of 2025-11, 12 mo ago, stale', 'undated').
    """
    if status in OPEN_STATUSES:
        return f"{status} ({age})" if age else status
    if status in UNKNOWN_RECRUITMENT:
        dated = f"; {age}" if age and age != "undated" else ""
        return f"recruitment {status} (not known to be recruiting{dated})"
    dated = age if age and age != "undated" else ""
    if "not recruiting" in status:  # 'active, not recruiting' says it already
        return f"{status} ({dated})" if dated else status
    return f"{status} (not recruiting{'; ' + dated if dated else ''})"


def _recruitment_of(result: TrialResult) -> tuple[str, str]:
    """The recruitment text of a trial result and its style (plain only if open, dated, fresh)."""
    status = result.dated_status
    plain = status.open_and_dated and not status.stale
    return recruitment(result.status, status.age_text()), "" if plain else "magenta"


def setting_note(result: TrialResult) -> str | None:
    """'newly diagnosed setting' for a trial that is not relapsed/refractory, else None."""
    if result.setting == "relapsed/refractory":
        return None
    if result.setting == "not reported":
        return "disease setting not reported"
    return f"{result.setting} setting"


def show_value(key: str, value: Any, given: dict[str, str]) -> str:
    """A profile value for people: units, yes/no, none for [], never."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if not value:
            return "none"
        names = [str(v.get("product") or v) if isinstance(v, dict) else str(v) for v in value]
        return ", ".join(names)
    if isinstance(value, int | float):
        spec = FIELDS.get(key)
        unit = spec.canonical_unit if spec else None
        shown = num(round(value, 2)) if isinstance(value, float) else num(value)
        if unit == "%":
            shown += "%"
        elif unit and unit not in ("years",):
            shown += f" {unit}"
        if key in given:
            shown += f" (given as {given[key]})"
        return shown
    return str(value)


def patient_values(criterion: CriterionResult) -> str:
    given = dict(criterion.given)
    shown = [
        f"{key} = {show_value(key, value, given)}"
        for key, value in criterion.values
        if value is not None
    ]
    return "; ".join(shown)


def _line(label: str, body: str, style: str = "dim") -> Indented:
    out = Text(label, style=style)
    out.append(clean(body))
    return Indented(out, 6, len(label))


def _criterion(criterion: CriterionResult) -> list[RenderableType]:
    mark, style = MARK.get(criterion.status, ("·", ""))
    head = Text(f"{mark} ", style=style)
    head.append(clean(criterion.id), style="bold")
    restated = ", restated" if criterion.restated else ""
    head.append(f" ({criterion.kind}{restated}) ", style="dim")
    head.append(clean(criterion.text))
    out: list[RenderableType] = [Indented(head, 4, 2)]
    values = patient_values(criterion)
    if values:
        out.append(_line("patient: ", values))
    if criterion.status == "unknown":
        if criterion.hint:
            out.append(_line("collect: ", criterion.hint, style="yellow"))
        elif criterion.missing:
            out.append(_line("collect: ", ", ".join(criterion.missing), style="yellow"))
        else:
            out.append(_line("collect: ", "nothing in the profile decides it", style="yellow"))
    if criterion.status == "manual" and criterion.manual:
        out.append(_line("confirm: ", criterion.manual, style="cyan"))
    for note in criterion.computed:
        out.append(_line("note: ", note))
    return out


def _section(title: str, criteria: Sequence[CriterionResult]) -> list[RenderableType]:
    if not criteria:
        return []
    out: list[RenderableType] = [Indented(Text(title, style="bold"), 2)]
    for criterion in criteria:
        out.extend(_criterion(criterion))
    return out


def trial_block(result: TrialResult) -> list[RenderableType]:
    head = Text(clean(result.trial), style="bold")
    if result.short_name:
        head.append(f" ({clean(result.short_name)})")
    head.append(": ")
    head.append(result.verdict, style=VERDICT_STYLE[result.verdict])
    head.append(" · ", style="dim")
    text, style = _recruitment_of(result)
    head.append(clean(text), style=style)
    setting = setting_note(result)
    if setting:
        head.append(" · ", style="dim")
        head.append(clean(setting), style="magenta")
    out: list[RenderableType] = [Indented(head, 0, 2)]
    counts = Counter(c.status for c in result.criteria)
    if result.criteria:
        summary = (
            f"{len(result.criteria)} criteria: {counts['pass']} pass, {counts['fail']} fail,"
            f" {counts['unknown']} unknown, {counts['manual']} to confirm"
        )
        if not result.criteria_complete:
            summary += " · criteria incomplete: only part of the trial's criteria is curated"
        out.append(Indented(Text(summary, style="dim"), 2, 2))
    if result.reason and (not result.criteria or result.verdict == "incomplete"):
        out.append(Indented(Text(clean(result.reason), style="dim"), 2, 2))
    out += _section("Not met:", result.with_status("fail"))
    out += _section("Unknown — collect:", result.with_status("unknown"))
    out += _section("To confirm with the investigators:", result.with_status("manual"))
    return out


def patient_text(report: PatientReport) -> RenderableType:
    counts = Counter(r.verdict for r in report.results)
    head = Text("Patient ", style="bold")
    head.append(clean(report.patient), style="bold")
    head.append(f" ({clean(report.source)}): {_plural(len(report.results), 'trial')} — ")
    head.append(", ".join(f"{counts[v]} {v}" for v in ("eligible", "ineligible", "incomplete")))
    parts: list[RenderableType] = [Indented(head, 0, 2)]
    for key, note in report.computed:
        parts.append(Indented(Text(f"{key} {clean(note)}", style="dim"), 0, 2))
    if not report.results:
        parts.append(Text("no trial to check (see --trial and --recruiting)", style="yellow"))
    for result in report.results:
        parts.append(Text(""))
        parts.extend(trial_block(result))
    parts.append(Text(""))
    if any(c.restated for r in report.results for c in r.criteria):
        parts.append(Text(RESTATED_LEGEND, style="dim italic"))
    parts.append(
        Text(
            "A pre-screen of the curated criteria, not a decision: the trial's investigators"
            " decide eligibility.",
            style="dim italic",
        )
    )
    return Group(*parts)


def _plural(n: int, word: str) -> str:
    many = {"criterion": "criteria"}.get(word, f"{word}s")
    return f"{n} {word}" if n == 1 else f"{n} {many}"


def _labels(reports: Sequence[PatientReport]) -> list[str]:
    labels = [r.patient for r in reports]
    counts = Counter(labels)
    return [f"{r.patient} ({r.source})" if counts[r.patient] > 1 else r.patient for r in reports]


def matrix_table(run: CheckRun) -> RenderableType:
    out = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    out.add_column("Trial", no_wrap=True)
    out.add_column("Name", overflow="fold")
    out.add_column("Recruitment", overflow="fold")
    labels = _labels(run.reports)
    for label in labels:
        out.add_column(clean(label), overflow="fold")
    first = run.reports[0].results if run.reports else ()
    for i, result in enumerate(first):
        status = result.dated_status
        setting = setting_note(result)
        row = [
            cell(result.trial),
            cell("\n".join(x for x in (result.short_name, setting and f"({setting})") if x)),
            cell(
                result.status
                if status.age_text() == "undated" and not status.open
                else f"{result.status}\n{status.age_text()}",
                "" if status.open_and_dated and not status.stale else "magenta",
            ),
        ]
        for report in run.reports:
            verdict = report.results[i].verdict
            row.append(cell(verdict, VERDICT_STYLE[verdict]))
        out.add_row(*row)
    out.caption = (
        f"{_plural(len(run.reports), 'patient')} × {_plural(len(first), 'trial')};"
        " check one patient for the criteria behind a verdict."
    )
    return out


def as_text(run: CheckRun) -> RenderableType:
    if run.single and len(run.reports) == 1:
        return patient_text(run.reports[0])
    return matrix_table(run)


def as_table(run: CheckRun) -> RenderableType:
    return matrix_table(run)


def as_csv(run: CheckRun) -> str:
    header = ["patient", "file", *run.trials]
    rows = [[r.patient, r.source, *(res.verdict for res in r.results)] for r in run.reports]
    return to_csv(header, rows)


def as_json(run: CheckRun) -> str:
    return to_json(run.as_dict())


REPORTERS: dict[str, Callable[[CheckRun], RenderableType | str]] = {
    "text": as_text,
    "table": as_table,
    "csv": as_csv,
    "json": as_json,
}
