"""Reporters for `trialcmp show`: the whole record as a tree, as JSON, or as YAML."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text
from rich.tree import Tree

from trialcmp.collection import Trial
from trialcmp.eligibility.text import rule_text
from trialcmp.eligibility.tree import parse
from trialcmp.formatting import (
    dose,
    hazard_ratio_summary,
    median_range,
    missing,
    num,
    proportion_brief,
    time_to_event,
)
from trialcmp.landscape import ID_KINDS, id_kind, latest_per_arm
from trialcmp.render.check_patient import Indented
from trialcmp.render.common import cell, to_json
from trialcmp.text import clean

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
SOURCE_KINDS = {
    "paper": "paper",
    "abstract": "abstract",
    "registry": "registry record",
    "secondary_report": "secondary report",
    "curation_note": "curation note",
    "press_release": "press release",
    "news": "news",
    "article_summary": "third-party summary of a paper",
    "review": "review",
}
REPORTS_LEGEND = (
    "[latest] = the latest report (of its arm), by data cut-off, else date;"
    " every report stays citable."
)
LEGEND = (
    "NR = not reported; n/a = not applicable; 0 is a reported zero;"
    " * = percentage computed from n/N (the source gives none)."
)


def _label(key: str | int) -> str:
    if isinstance(key, int):
        return f"#{key + 1}"
    return {
        "ci95": "95% CI",
        "orr": "ORR",
        "scr": "sCR",
        "cr": "CR",
        "vgpr": "VGPR",
        "pr": "PR",
        "sd": "SD",
        "pd": "PD",
        "dlt": "DLT",
        "crs": "CRS",
        "grade3plus": "grade ≥3",
        "mrd_negative": "MRD-negative",
        "cr_or_better": "≥CR",
        "vgpr_or_better": "≥VGPR",
    }.get(key, key.replace("_", " "))


class _Cites:
    def __init__(self, sources: list[dict[str, Any]]) -> None:
        self.number = {s["id"]: i + 1 for i, s in enumerate(sources)}

    def text(self, cites: list[dict[str, Any]]) -> Text:
        out = Text("source: ", style="dim")
        for i, c in enumerate(cites):
            if i:
                out.append("; ", style="dim")
            out.append(f"[{self.number.get(c.get('source'), '?')}] ", style="cyan")
            out.append(clean(c.get("where", "")), style="dim")
            if c.get("quote"):
                out.append(f" “{clean(c['quote'])}”", style="dim italic")
        return out


def _is_proportion(value: dict[str, Any]) -> bool:
    if "at_months" in value or "measure" in value:
        return False
    return isinstance(value.get("N"), int) or isinstance(value.get("pct"), int | float)


HR_KEYS = ("measure", "measure_note", "arm", "versus", "hr", "ci95", "p", "population")


def _is_hazard_ratio(value: dict[str, Any]) -> bool:
    return {"measure", "arm", "versus", "hr"} <= value.keys()


def hazard_ratio_text(hr: dict[str, Any], arms: dict[str, str] | None = None) -> str:
    """'PFS HR 0.26 (95% CI 0.18–0.38; p <0.001; ITT), Cilta-cel vs Standard care'."""
    names = arms or {}
    arm, versus = str(hr.get("arm", "")), str(hr.get("versus", ""))
    return f"{hazard_ratio_summary(hr)}, {names.get(arm, arm)} vs {names.get(versus, versus)}"


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


def _summary(value: dict[str, Any]) -> str | None:
    """A one-line rendering for value objects (proportion, median, time-to-event, dose)."""
    if _is_hazard_ratio(value):
        return hazard_ratio_text(value)
    if _is_proportion(value):
        out = proportion_brief(value)
        if value.get("ci95"):
            out += f"; 95% CI {num(value['ci95'][0])}–{num(value['ci95'][1])} (reported)"
        return out
    if "exponent" in value and "per_kg" in value:
        return dose(value)
    if isinstance(value.get("median"), int | float):
        return median_range(value, value.get("unit", ""))
    if isinstance(value.get("months"), int | float) or value.get("not_reached") is True:
        return time_to_event(value)
    return None


def _add(tree: Tree, key: str | int, value: Any, cites: _Cites) -> None:
    label = clean(_label(key))  # item names (id, label, measure, ...) come from the data
    mark = missing(value)
    if mark is not None and not isinstance(value, dict | list):
        tree.add(Text.assemble((f"{label}: ", "bold"), (str(value), "yellow")))
        return
    if isinstance(value, dict):
        summary = _summary(value)
        head = Text.assemble((f"{label}", "bold"))
        if summary is not None:
            head.append(": ")
            head.append(clean(summary))
        branch = tree.add(head)
        for k, v in value.items():
            if summary is not None and _is_hazard_ratio(value) and k in HR_KEYS:
                continue
            if summary is not None and k in (
                "n",
                "N",
                "pct",
                "ci95",
                "median",
                "min",
                "max",
                "months",
                "not_reached",
                "unit",
                "spread",
                "value",
                "value_max",
                "exponent",
                "per_kg",
                "cells",
            ):
                continue
            if k == "label" and v == key:  # already the branch's name
                continue
            if k == "cite":  # a list of cites, or one (an inconsistency's statement)
                branch.add(cites.text(v if isinstance(v, list) else [v]))
            else:
                _add(branch, k, v, cites)
        return
    if isinstance(value, list):
        if (
            value
            and all(isinstance(v, str) for v in value)
            and (key in ("notes", "note") or any(len(v) > 40 for v in value))
        ):
            branch = tree.add(Text(label, style="bold"))
            for item in value:
                branch.add(Text("• " + clean(item)))
            return
        if all(not isinstance(v, dict | list) for v in value):
            shown = ", ".join(
                clean(num(v) if isinstance(v, int | float) else words(str(v))) for v in value
            )
            tree.add(Text.assemble((f"{label}: ", "bold"), shown or "none"))
            return
        branch = tree.add(Text(label, style="bold"))
        for i, item in enumerate(value):
            name: str | int = i
            if isinstance(item, dict):
                name = (
                    item.get("id")
                    or item.get("label")
                    or item.get("measure")
                    or item.get("drug")
                    or item.get("event")
                    or i
                )
            _add(branch, name, item, cites)
        return
    shown = num(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    if isinstance(value, bool):
        shown = "yes" if value else "no"
    elif isinstance(value, str):
        shown = words(value)
    tree.add(Text.assemble((f"{label}: ", "bold"), clean(shown)))


def _headline(data: dict[str, Any]) -> Text:
    """'status: recruiting, as of 2025-11 · setting: relapsed/refractory · 2 arms'."""
    design = data.get("design") or {}
    status = str(design.get("status") or "not reported")
    as_of = design.get("status_as_of")
    when = f", as of {as_of}" if as_of and as_of != "not reported" else " (undated)"
    out = Text("status: ", style="bold")
    out.append(clean(status + (when if status != "not reported" or as_of else "")))
    out.append(" · setting: ", style="bold")
    out.append(clean(data.get("setting") or "not reported"))
    arms = [a for a in data.get("arms") or [] if isinstance(a, dict)]
    if arms:
        out.append(" · arms: ", style="bold")
        out.append(clean(", ".join(f"{a.get('label')} ({a.get('role')})" for a in arms)))
    if id_kind(str(data.get("id", ""))) != "registry":
        out.append(" · ", style="bold")
        out.append("no registry ID: " + ID_KINDS[id_kind(str(data.get("id", "")))])
    return out


def _source_line(number: int, src: dict[str, Any]) -> list[Text]:
    """A numbered source with its kind, address, page date and reliability marks."""
    line = Text(f"[{number}] ", style="cyan")
    line.append(clean(src.get("citation", "")))
    kind = str(src.get("kind", ""))
    line.append(f" ({clean(SOURCE_KINDS.get(kind, kind))}")
    if src.get("page_date"):
        line.append(f"; page date {clean(src['page_date'])}")
    for key in ("doi", "url"):
        if src.get(key):
            line.append(f"; {key} {clean(src[key])}")
    if src.get("sheet_ref"):  # the label in the fact sheet (internal file names stay out)
        line.append(f"; fact sheet {clean(src['sheet_ref'])}")
    line.append(")")
    if src.get("note"):
        line.append(f" — {clean(src['note'])}", style="dim")
    out = [line]
    if src.get("secondary") is True:
        out.append(
            Text("    secondary: the page reports someone else's data second-hand", "yellow")
        )
    if src.get("doubtful"):
        out.append(Text(f"    doubtful: {clean(src['doubtful'])}", "yellow"))
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
    data = _report_heads(trial.data)
    sources = data.get("sources") or []
    cites = _Cites(sources)
    parts: list[RenderableType] = []
    head = Text.assemble((clean(data["id"]), "bold"))
    if data.get("short_name"):
        head.append(f" · {clean(data['short_name'])}")
    parts.append(head)
    parts.append(cell(data.get("title", "")))
    parts.append(_headline(data))
    registry = data.get("registry")
    if isinstance(registry, dict) and registry.get("url"):
        parts.append(Text(f"{clean(registry.get('name', 'registry'))}: {clean(registry['url'])}"))
    facts = Tree(Text("record", style="dim"), hide_root=True)
    for key in ("registry", "other_ids", "aliases", "setting_note"):
        if key in data:
            _add(facts, key, data[key], cites)
    for key in SECTIONS:
        if key in data and key != "eligibility":
            _add(facts, key, data[key], cites)
    parts.append(facts)
    if isinstance(data.get("eligibility"), dict):
        parts.append(Rule("Eligibility", align="left"))
        parts.extend(eligibility_lines(data["eligibility"], cites))
    parts.append(Rule("Sources", align="left"))
    for i, src in enumerate(sources, 1):
        first, *marks = _source_line(i, src)
        parts.append(Indented(first, 0, 4))
        parts.extend(marks)
    parts.append(Text(LEGEND, "dim"))
    if any("[latest]" in str(r.get("label")) for r in data.get("results") or []):
        parts.append(Text(REPORTS_LEGEND, "dim"))
    return Group(*parts)


_ENUM = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def words(value: str) -> str:
    """An enum value as words: 'tandem_bispecific' -> 'tandem bispecific'."""
    return value.replace("_", " ") if _ENUM.match(value) else value


def eligibility_lines(block: dict[str, Any], cites: _Cites) -> list[RenderableType]:
    """The criteria as a flat list: kind and ID, the text, the rule, what to confirm."""
    out: list[RenderableType] = []
    complete = block.get("complete")
    status = "complete" if complete is True else "partial: only some criteria are curated"
    out.append(Indented(Text(f"Curated criteria: {status}.", style="dim"), 0, 2))
    if block.get("note"):
        out.append(Indented(Text(clean(block["note"]), style="dim"), 0, 2))
    for criterion in block.get("criteria") or []:
        head = Text("• ")
        head.append(f"{clean(criterion.get('kind', ''))} ", style="dim")
        head.append(clean(criterion.get("id", "")), style="bold")
        head.append(": " + clean(criterion.get("text", "")))
        if criterion.get("restated"):
            head.append(" (restated)", style="dim")
        out.append(Indented(head, 0, 2))
        for label, value in (
            ("applies when", criterion.get("applies_when")),
            ("rule", criterion.get("rule")),
        ):
            if value is not None:
                out.append(Indented(Text(f"{label}: {clean(rule_text(parse(value)))}"), 2, 4))
        for label in ("manual", "note"):
            if criterion.get(label):
                name = "investigators" if label == "manual" else label
                out.append(Indented(Text(f"{name}: {clean(criterion[label])}", style="dim"), 2, 4))
        if criterion.get("cite"):
            out.append(Indented(cites.text(criterion["cite"]), 2, 4))
    return out


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
