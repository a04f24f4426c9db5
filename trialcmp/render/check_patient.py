"""The check report of one patient as text: summary, what to collect, then the detail.

1. Summary: per trial one line — verdict, recruitment status with its date, and the one
   reason that decides it (`trialcmp.eligibility.summary.deciding_reason`).
2. "To decide more trials, collect:" the missing profile keys ranked by how many undecided
   trials each would decide, each with its unit and the criteria that need it.
3. The detail per trial: the criteria that fail, those unknown with the keys to collect,
   those to confirm with the investigators, and values near a threshold.

`--brief` prints the first two parts only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from trialcmp.eligibility.fields import FIELDS
from trialcmp.eligibility.summary import reason_text, to_collect
from trialcmp.formatting import num
from trialcmp.landscape import OPEN_STATUSES, STALE_MONTHS
from trialcmp.render.common import cell
from trialcmp.render.layout import Column, Table
from trialcmp.render.outline import Indented

if TYPE_CHECKING:
    from trialcmp.eligibility.engine import CriterionResult, PatientReport, TrialResult

VERDICT_STYLE = {"eligible": "bold green", "ineligible": "bold red", "incomplete": "bold yellow"}
MARK = {"fail": ("✗", "red"), "unknown": ("?", "yellow"), "manual": ("•", "cyan")}
UNKNOWN_RECRUITMENT = ("not reported", "unknown")
RESTATED_LEGEND = (
    "restated = the criterion is the curator's restatement from a fact sheet, not the"
    " source's own words."
)


def _age(as_of: str | None, age_months: int | None) -> str:
    """', as of 2025-11 (12 mo ago, stale)', ', undated' for an open status, or ''."""
    if not as_of:
        return ""
    if age_months is None:
        return f", as of {as_of}"
    if age_months < 0:
        return f", as of {as_of} (after the reference date)"
    ago = "this month" if age_months == 0 else f"{age_months} mo ago"
    stale = ", stale" if age_months >= STALE_MONTHS else ""
    return f", as of {as_of} ({ago}{stale})"


def recruitment(status: str, as_of: str | None = None, age_months: int | None = None) -> str:
    """The recruitment status with its date and age, trials that are not recruiting marked.

    An open status with no date says 'undated': `--recruiting` does not count it.
    """
    when = _age(as_of, age_months)
    if status in OPEN_STATUSES:
        return f"{status}{when or ', undated'}"
    if status in UNKNOWN_RECRUITMENT:
        return f"recruitment {status}{when} (not known to be recruiting)"
    if "not recruiting" in status:  # 'active, not recruiting' says it already
        return f"{status}{when}"
    return f"{status}{when} (not recruiting)"


def recruitment_style(result: TrialResult) -> str:
    """Plain only for an open status that is dated and not stale."""
    status = result.dated_status
    return "" if status.open_and_dated and not status.stale else "magenta"


def setting_note(result: TrialResult) -> str | None:
    """'newly diagnosed setting' for a trial that is not relapsed/refractory, else None."""
    if result.setting == "relapsed/refractory":
        return None
    if result.setting == "not reported":
        return "disease setting not reported"
    return f"{result.setting} setting"


def status_cell(result: TrialResult) -> str:
    """The status for a table cell: the record's words, date and age."""
    when = _age(result.status_as_of, result.status_age_months)
    if result.status in OPEN_STATUSES:
        return f"{result.status}{when or ', undated'}"
    if when:
        return f"{result.status}{when}"
    return result.status if result.status != "not reported" else "NR"


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
    out.append(body)
    return Indented(out, 6, len(label))


def _criterion(criterion: CriterionResult) -> list[RenderableType]:
    mark, style = MARK.get(criterion.status, ("·", ""))
    head = Text(f"{mark} ", style=style)
    head.append(criterion.id, style="bold")
    restated = ", restated" if criterion.restated else ""
    head.append(f" ({criterion.kind}{restated}) ", style="dim")
    head.append(criterion.text)
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
    for note in criterion.near:
        out.append(_line("near threshold: ", note + " (re-check at enrolment)", style="magenta"))
    return out


def _section(title: str, criteria: Sequence[CriterionResult]) -> list[RenderableType]:
    if not criteria:
        return []
    out: list[RenderableType] = [Indented(Text(title, style="bold"), 2)]
    for criterion in criteria:
        out.extend(_criterion(criterion))
    return out


def trial_block(result: TrialResult) -> list[RenderableType]:
    head = Text(result.trial, style="bold")
    if result.short_name:
        head.append(f" ({result.short_name})")
    head.append(": ")
    head.append(result.verdict, style=VERDICT_STYLE[result.verdict])
    head.append(" · ", style="dim")
    head.append(
        recruitment(result.status, result.status_as_of, result.status_age_months),
        style=recruitment_style(result),
    )
    setting = setting_note(result)
    if setting:
        head.append(" · ", style="dim")
        head.append(setting, style="magenta")
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
        out.append(Indented(Text(result.reason, style="dim"), 2, 2))
    out += _section("Not met:", result.with_status("fail"))
    out += _section("Unknown — collect:", result.with_status("unknown"))
    out += _section("To confirm with the investigators:", result.with_status("manual"))
    near = [c for c in result.criteria if c.near and c.status in ("pass",)]
    out += _section("Met, but near a threshold:", near)
    return out


SUMMARY_COLUMNS = (
    Column("Trial", nowrap=True),
    Column("Verdict"),
    Column("Status", priority=1),
    Column("Deciding reason"),
)


def summary_table(results: Sequence[TrialResult]) -> Table:
    rows = [
        [
            cell(r.trial + "".join(f"\n{x}" for x in (r.short_name, setting_note(r)) if x)),
            cell(r.verdict, VERDICT_STYLE[r.verdict]),
            cell(status_cell(r), recruitment_style(r)),
            cell(reason_text(r)),
        ]
        for r in results
    ]
    return Table(SUMMARY_COLUMNS, rows, notes=("NR = not reported.",), separate_rows=True)


def collect_lines(report: PatientReport) -> list[RenderableType]:
    """'To decide more trials, collect:' and one numbered line per key."""
    items = to_collect(report)
    if not items:
        undecided = sum(r.verdict == "incomplete" for r in report.results)
        if undecided:
            text = "Nothing in the profile would decide the undecided trials: see the detail."
        else:
            text = "Every trial is decided: nothing more to collect."
        return [Indented(Text(text, style="dim"), 0, 2)]
    out: list[RenderableType] = [Text("To decide more trials, collect:", style="bold")]
    for n, item in enumerate(items, 1):
        line = Text(f"{n}. ")
        line.append(item.key, style="bold")
        if item.unit:
            line.append(f" ({item.unit})")
        trials = len(item.needed_by)
        if item.decides:
            line.append(f" — decides {_plural(len(item.decides), 'trial')} alone")
            line.append(f"; needed by {trials}" if trials > len(item.decides) else "")
        else:
            line.append(f" — needed by {_plural(trials, 'trial')}")
        line.append(": " + ", ".join(item.criteria), style="dim")
        out.append(Indented(line, 2, len(f"{n}. ")))
    return out


NO_CRITERIA_GROUP = "No eligibility criteria curated — cannot pre-screen:"


def uncurated_lines(results: Sequence[TrialResult]) -> list[RenderableType]:
    """The trials without curated criteria, in their own group (verdict `incomplete`)."""
    names = Text()
    for i, result in enumerate(results):
        names.append(", " if i else "")
        names.append(result.trial, style="bold")
        if result.short_name:
            names.append(f" ({result.short_name})")
    return [Text(NO_CRITERIA_GROUP, style="bold"), Indented(names, 2)]


def patient_text(report: PatientReport, brief: bool = False) -> RenderableType:
    counts = Counter(r.verdict for r in report.results)
    head = Text("Patient ", style="bold")
    head.append(report.patient, style="bold")
    head.append(f" ({report.source}): {_plural(len(report.results), 'trial')} — ")
    head.append(", ".join(f"{counts[v]} {v}" for v in ("eligible", "ineligible", "incomplete")))
    parts: list[RenderableType] = [Indented(head, 0, 2)]
    for key, note in report.computed:
        parts.append(Indented(Text(f"{key} {note}", style="dim"), 0, 2))
    curated = [r for r in report.results if r.reason_code != "no-criteria"]
    uncurated = [r for r in report.results if r.reason_code == "no-criteria"]
    if not report.results:
        parts.append(Text("no trial to check (see --trial and --recruiting)", style="yellow"))
    else:
        if curated:
            parts += [Text(""), summary_table(curated)]
        if uncurated:
            parts += [Text(""), *uncurated_lines(uncurated)]
        parts.append(Text(""))
        parts += collect_lines(report)
    if not brief:
        for result in curated:
            parts.append(Text(""))
            parts.extend(trial_block(result))
    parts.append(Text(""))
    if not brief and any(c.restated for r in report.results for c in r.criteria):
        parts.append(Indented(Text(RESTATED_LEGEND, style="dim italic"), 0))
    parts.append(
        Indented(
            Text(
                "A pre-screen of the curated criteria, not a decision: the trial's"
                " investigators decide eligibility."
                + (" --brief: run without it for the criteria of each trial." if brief else ""),
                style="dim italic",
            ),
            0,
        )
    )
    return Group(*parts)


def _plural(n: int, word: str) -> str:
    many = {"criterion": "criteria"}.get(word, f"{word}s")
    return f"{n} {word}" if n == 1 else f"{n} {many}"
