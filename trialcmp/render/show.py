"""Reporters for `trialcmp show`: the whole record as a tree, as JSON, or as YAML.

Every view reads the typed record (`collection.Trial.record`, `trialcmp.model`). The text
view is the record's title and status, its facts (`record_tree`: the SECTIONS in this
order, the keys inside each in the order the record's file wrote them), its criteria
(`record_criteria`) and its numbered sources (`record_sources`); JSON and YAML are
`msgspec.to_builtins(record)`, in the file's order too. Values come from the model only; the
file gives nothing but the order (`collection.Trial.key_order`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from msgspec import to_builtins
from msgspec.structs import replace
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from trialcmp.formatting import missing
from trialcmp.key_order import arranged
from trialcmp.landscape import ID_KINDS, id_kind, latest_per_arm
from trialcmp.render.common import cell, to_json
from trialcmp.render.outline import Indented, Outline
from trialcmp.render.record_criteria import eligibility_lines
from trialcmp.render.record_sources import Cites, source_lines
from trialcmp.render.record_tree import add_fact, present
from trialcmp.text import clean_strings

if TYPE_CHECKING:
    from trialcmp import model
    from trialcmp.collection import Trial
    from trialcmp.model import Report


SECTIONS = (
    "identification",
    "design",
    "arms",
    "product",
    "dosing",
    "lymphodepletion",
    "endpoints",
    "population",
    "results",
    "eligibility",
    "inconsistencies",
    "notes",
)
REPORTS_LEGEND = (
    "[latest] = the latest report (of its arm), by data cut-off, else date;"
    " every report stays citable."
)
LEGEND = (
    "NR = not reported; n/a = not applicable; 0 is a reported zero;"
    " * = percentage computed from n/N (the source gives none)."
)


def report_text(report: Report, arms: dict[str, str] | None = None) -> str:
    """'Update — arm Cilta-cel; reported 2025-02; data cut-off 2024-05-01'."""
    names = arms or {}
    bits = []
    if report.arm:
        bits.append(f"arm {names.get(report.arm, report.arm)}")
    if report.date:
        bits.append(f"reported {report.date}")
    cutoff = report.data_cutoff
    if cutoff is not None:
        bits.append(f"data cut-off {missing(cutoff) or cutoff}")
    return " — ".join([report.label, "; ".join(bits)]) if bits else ""


def _headline(record: model.Trial) -> Text:
    """'status: recruiting, as of 2025-11 · setting: relapsed/refractory · 2 arms'."""
    status = record.design.status
    as_of = record.design.status_as_of
    when = f", as of {as_of}" if as_of and as_of != "not reported" else " (undated)"
    out = Text()  # Text("…", style=…) would make its style the whole headline's
    out.append("status: ", style="bold")
    out.append(status + (when if status != "not reported" or as_of else ""))
    out.append(" · setting: ", style="bold")
    out.append(record.setting)
    if record.arms:
        out.append(" · arms: ", style="bold")
        out.append(", ".join(f"{a.label} ({a.role})" for a in record.arms))
    if id_kind(record.id) != "registry":
        out.append(" · ", style="bold")
        out.append("no registry ID: " + ID_KINDS[id_kind(record.id)])
    return out


def _report_heads(record: model.Trial) -> model.Trial:
    """The record with each report labelled for the tree, and its hazard ratios naming
    arms by their labels (a copy: the model is frozen)."""
    if not record.results:
        return record
    arms = {a.id: a.label or a.id for a in record.arms}
    reports = list(record.results)
    groups = Counter(r.arm for r in reports)
    for arm, index in latest_per_arm(reports).items():
        if groups[arm] > 1:
            reports[index] = replace(reports[index], label=f"{reports[index].label} [latest]")
    for i, report in enumerate(reports):
        label = report_text(report, arms) or report.label
        ratios = [
            replace(hr, arm=arms.get(hr.arm, hr.arm), versus=arms.get(hr.versus, hr.versus))
            for hr in report.hazard_ratios
        ]
        reports[i] = replace(report, label=label, hazard_ratios=ratios)
    return replace(record, results=reports)


def as_text(trial: Trial) -> RenderableType:
    # The console strips escapes from whatever it prints (trialcmp.render.terminal); the
    # record's text is cleaned once here too, before Rich's Text drops a BEL by itself and
    # so turns an OSC sequence ended by it into one that hides the text after it.
    record = _report_heads(clean_strings(trial.record))
    cites = Cites(record.sources)
    parts: list[RenderableType] = []
    head = Text.assemble((record.id, "bold"))
    if record.short_name:
        head.append(f" · {record.short_name}")
    parts.append(head)
    parts.append(cell(record.title))
    parts.append(_headline(record))
    if record.registry.url:
        parts.append(Text(f"{record.registry.name}: {record.registry.url}"))
    facts = Outline()
    order = trial.key_order
    fields = dict(present(record))
    for key in ("registry", "other_ids", "aliases", "setting_note", *SECTIONS):
        if key in fields and key != "eligibility":
            add_fact(facts, key, fields[key], cites, order[key])
    parts.append(facts)
    if record.eligibility is not None:
        parts.append(Rule("Eligibility", align="left"))
        parts.extend(eligibility_lines(record.eligibility, cites))
    parts.append(Rule("Sources", align="left"))
    for i, src in enumerate(record.sources, 1):
        first, *marks = source_lines(i, src)
        parts.append(Indented(first, 0, 4))
        parts.extend(marks)
    parts.append(Text(LEGEND, "dim"))
    if any("[latest]" in r.label for r in record.results):
        parts.append(Text(REPORTS_LEGEND, "dim"))
    return Group(*parts)


def as_json(trial: Trial) -> str:
    return to_json(arranged(to_builtins(trial.record), trial.key_order))


def as_yaml(trial: Trial) -> str:
    import yaml

    document = arranged(to_builtins(trial.record), trial.key_order)
    return str(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100))


REPORTERS: dict[str, Callable[[Trial], RenderableType | str]] = {
    "text": as_text,
    "json": as_json,
    "yaml": as_yaml,
}
