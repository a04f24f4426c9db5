"""Reporters for `trialcmp show`: the whole record as a tree, as JSON, or as YAML."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.text import Text
from rich.tree import Tree

from trialcmp.collection import Trial
from trialcmp.formatting import (
    dose,
    median_range,
    missing,
    num,
    proportion_brief,
    time_to_event,
)
from trialcmp.render.check_patient import Indented
from trialcmp.render.common import cell, to_json
from trialcmp.text import clean

SECTIONS = (
    "identification",
    "design",
    "product",
    "dosing",
    "lymphodepletion",
    "endpoints",
    "population",
    "results",
    "eligibility",
    "notes",
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


def _summary(value: dict[str, Any]) -> str | None:
    """A one-line rendering for value objects (proportion, median, time-to-event, dose)."""
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
            if k == "cite":
                branch.add(cites.text(v))
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


def as_text(trial: Trial) -> RenderableType:
    data = trial.data
    sources = data.get("sources") or []
    cites = _Cites(sources)
    parts: list[RenderableType] = []
    head = Text.assemble((clean(data["id"]), "bold"))
    if data.get("short_name"):
        head.append(f" · {clean(data['short_name'])}")
    parts.append(head)
    parts.append(cell(data.get("title", "")))
    registry = data.get("registry")
    if isinstance(registry, dict) and registry.get("url"):
        parts.append(Text(f"{clean(registry.get('name', 'registry'))}: {clean(registry['url'])}"))
    facts = Tree(Text("record", style="dim"), hide_root=True)
    for key in ("registry", "other_ids", "aliases"):
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
        line = Text(f"[{i}] ", style="cyan")
        line.append(clean(src.get("citation", "")))
        line.append(f" ({words(clean(src.get('kind', '')))}")
        if src.get("doi"):
            line.append(f"; doi {clean(src['doi'])}")
        line.append(")")
        if src.get("url"):
            line.append(f" {clean(src['url'])}", style="blue")
        if src.get("note"):
            line.append(f" — {clean(src['note'])}", style="dim")
        parts.append(Indented(line, 0, 4))
    parts.append(Text(LEGEND, "dim"))
    return Group(*parts)


_ENUM = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def words(value: str) -> str:
    """An enum value as words: 'tandem_bispecific' -> 'tandem bispecific'."""
    return value.replace("_", " ") if _ENUM.match(value) else value


def rule_text(rule: Any) -> str:
    """A rule in one line: 'labs.lvef_pct > 50% and ecog <= 2'."""
    if not isinstance(rule, dict):
        return str(rule)
    for key, joiner in (("all", " and "), ("any", " or ")):
        if key in rule:
            parts = [rule_text(r) for r in rule[key]]
            inner = [f"({p})" if (" and " in p or " or " in p) else p for p in parts]
            return joiner.join(inner)
    if "not" in rule:
        return f"not ({rule_text(rule['not'])})"
    op = str(rule.get("op"))
    value = rule.get("value")
    if op in ("empty", "not empty"):
        return f"{rule.get('field')} {op}"
    if isinstance(value, list):
        shown = "[" + ", ".join(str(v) for v in value) + "]"
    elif isinstance(value, bool):
        shown = "true" if value else "false"
    else:
        shown = num(value) if isinstance(value, int | float) else str(value)
    unit = rule.get("unit")
    if unit:
        shown += unit if unit == "%" else f" {unit}"
    return f"{rule.get('field')} {op} {shown}"


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
                out.append(Indented(Text(f"{label}: {clean(rule_text(value))}"), 2, 4))
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
