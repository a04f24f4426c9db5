"""Reporters for `trialcmp show`: the whole record as a tree, as JSON, or as YAML."""

from __future__ import annotations

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
        if all(not isinstance(v, dict | list) for v in value):
            shown = ", ".join(clean(num(v) if isinstance(v, int | float) else v) for v in value)
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
    facts = Tree(Text("record", style="dim"), hide_root=True)
    for key in ("registry", "other_ids", "aliases"):
        if key in data:
            _add(facts, key, data[key], cites)
    for key in SECTIONS:
        if key in data:
            _add(facts, key, data[key], cites)
    parts.append(facts)
    parts.append(Rule("Sources", align="left"))
    for i, src in enumerate(sources, 1):
        line = Text(f"[{i}] ", style="cyan")
        line.append(clean(src.get("citation", "")))
        line.append(f" ({clean(src.get('kind', ''))}")
        for key in ("doi", "url", "file"):
            if src.get(key):
                line.append(f"; {key} {clean(src[key])}")
        line.append(")")
        if src.get("note"):
            line.append(f" — {clean(src['note'])}", style="dim")
        parts.append(line)
    parts.append(Text(LEGEND, "dim"))
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
