"""Reporters for `trialcmp show`: the whole record as a tree, as JSON, or as YAML.

The text view is the record's title and status, its facts (`record_tree`), its criteria
(`record_criteria`) and its numbered sources (`record_sources`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from trialcmp.formatting import missing
from trialcmp.landscape import ID_KINDS, id_kind, latest_per_arm
from trialcmp.render.common import cell, to_json
from trialcmp.render.outline import Indented, Outline
from trialcmp.render.record_criteria import eligibility_lines
from trialcmp.render.record_sources import Cites, source_lines
from trialcmp.render.record_tree import add_fact
from trialcmp.text import clean_strings

if TYPE_CHECKING:
    from trialcmp.collection import Trial


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


def report_text(report: dict[str, Any], arms: dict[str, str] | None = None) -> str:
    """'Update — arm Cilta-cel; reported 2025-02; data cut-off 2024-05-01'."""
    names = arms or {}
    bits = []
    if report.get("arm"):
        bits.append(f"arm {names.get(report['arm'], report['arm'])}")
    if report.get("date"):
        bits.append(f"reported {report['date']}")
    cutoff = report.get("data_cutoff")
    if cutoff is not None:
        bits.append(f"data cut-off {missing(cutoff) or cutoff}")
    return " — ".join([str(report.get("label", "")), "; ".join(bits)]) if bits else ""


def _headline(data: dict[str, Any]) -> Text:
    """'status: recruiting, as of 2025-11 · setting: relapsed/refractory · 2 arms'."""
    design = data.get("design") or {}
    status = str(design.get("status") or "not reported")
    as_of = design.get("status_as_of")
    when = f", as of {as_of}" if as_of and as_of != "not reported" else " (undated)"
    out = Text()  # Text("…", style=…) would make its style the whole headline's
    out.append("status: ", style="bold")
    out.append(status + (when if status != "not reported" or as_of else ""))
    out.append(" · setting: ", style="bold")
    out.append(data.get("setting") or "not reported")
    arms = [a for a in data.get("arms") or [] if isinstance(a, dict)]
    if arms:
        out.append(" · arms: ", style="bold")
        out.append(", ".join(f"{a.get('label')} ({a.get('role')})" for a in arms))
    if id_kind(str(data.get("id", ""))) != "registry":
        out.append(" · ", style="bold")
        out.append("no registry ID: " + ID_KINDS[id_kind(str(data.get("id", "")))])
    return out


def _report_heads(data: dict[str, Any]) -> dict[str, Any]:
    """The record with each report and criterion labelled for the tree (a copy)."""
    arms = {
        str(a["id"]): str(a.get("label") or a["id"])
        for a in data.get("arms") or []
        if isinstance(a, dict) and a.get("id")
    }
    out = dict(data)
    if isinstance(data.get("results"), list):
        reports = [dict(r) if isinstance(r, dict) else r for r in data["results"]]
        groups = Counter(r.get("arm") if isinstance(r, dict) else None for r in reports)
        for arm, index in latest_per_arm(reports).items():
            if groups[arm] > 1:
                label = f"{reports[index].get('label')} [latest]"
                reports[index] = {**reports[index], "label": label}
        for report in reports:
            if isinstance(report, dict) and report_text(report, arms):
                report["label"] = report_text(report, arms)
            if isinstance(report, dict) and isinstance(report.get("hazard_ratios"), list):
                report["hazard_ratios"] = [
                    {
                        **hr,
                        "arm": arms.get(hr["arm"], hr["arm"]),
                        "versus": arms.get(hr["versus"], hr["versus"]),
                    }
                    if isinstance(hr, dict)
                    and isinstance(hr.get("arm"), str)
                    and isinstance(hr.get("versus"), str)
                    else hr
                    for hr in report["hazard_ratios"]
                ]
        out["results"] = reports
    return out


def as_text(trial: Trial) -> RenderableType:
    # The console strips escapes from whatever it prints (trialcmp.render.terminal); the
    # record's text is cleaned once here too, before Rich's Text drops a BEL by itself and
    # so turns an OSC sequence ended by it into one that hides the text after it.
    data = _report_heads(clean_strings(trial.data))
    sources = data.get("sources") or []
    cites = Cites(sources)
    parts: list[RenderableType] = []
    head = Text.assemble((data["id"], "bold"))
    if data.get("short_name"):
        head.append(f" · {data['short_name']}")
    parts.append(head)
    parts.append(cell(data.get("title", "")))
    parts.append(_headline(data))
    registry = data.get("registry")
    if isinstance(registry, dict) and registry.get("url"):
        parts.append(Text(f"{registry.get('name', 'registry')}: {registry['url']}"))
    facts = Outline()
    for key in ("registry", "other_ids", "aliases", "setting_note"):
        if key in data:
            add_fact(facts, key, data[key], cites)
    for key in SECTIONS:
        if key in data and key != "eligibility":
            add_fact(facts, key, data[key], cites)
    parts.append(facts)
    if isinstance(data.get("eligibility"), dict):
        parts.append(Rule("Eligibility", align="left"))
        parts.extend(eligibility_lines(data["eligibility"], cites))
    parts.append(Rule("Sources", align="left"))
    for i, src in enumerate(sources, 1):
        first, *marks = source_lines(i, src)
        parts.append(Indented(first, 0, 4))
        parts.extend(marks)
    parts.append(Text(LEGEND, "dim"))
    if any("[latest]" in str(r.get("label")) for r in data.get("results") or []):
        parts.append(Text(REPORTS_LEGEND, "dim"))
    return Group(*parts)


def as_json(trial: Trial) -> str:
    return to_json(trial.data)


def as_yaml(trial: Trial) -> str:
    import yaml

    return str(yaml.safe_dump(trial.data, sort_keys=False, allow_unicode=True, width=100))


REPORTERS: dict[str, Callable[[Trial], RenderableType | str]] = {
    "text": as_text,
    "json": as_json,
    "yaml": as_yaml,
}
