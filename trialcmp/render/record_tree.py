"""The facts of a record as a tree of labelled values (`show`'s main part).

Each key becomes a label ("planned enrolment: 50"); a value object (a proportion, a median,
a time to event, a dose, a hazard ratio) reads as one line; lists of long strings become
bullets, other lists a comma-separated line; every `cite` becomes a "source: [n] …" line.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

from trialcmp.formatting import (
    dose,
    hazard_ratio_summary,
    median_range,
    missing,
    num,
    proportion_brief,
    time_to_event,
)
from trialcmp.render.outline import Outline
from trialcmp.render.record_sources import Cites


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


def add_fact(tree: Outline, key: str | int, value: Any, cites: Cites) -> None:
    label = _label(key)  # item names (id, label, measure, ...) come from the data
    mark = missing(value)
    if mark is not None and not isinstance(value, dict | list):
        tree.add(Text.assemble((f"{label}: ", "bold"), (str(value), "yellow")))
        return
    if isinstance(value, dict):
        summary = _summary(value)
        head = Text.assemble((f"{label}", "bold"))
        if summary is not None:
            head.append(": ")
            head.append(summary)
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
                add_fact(branch, k, v, cites)
        return
    if isinstance(value, list):
        if (
            value
            and all(isinstance(v, str) for v in value)
            and (key in ("notes", "note") or any(len(v) > 40 for v in value))
        ):
            branch = tree.add(Text(label, style="bold"))
            for item in value:
                branch.add(Text("• " + item))
            return
        if all(not isinstance(v, dict | list) for v in value):
            shown = ", ".join(
                num(v) if isinstance(v, int | float) else words(str(v)) for v in value
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
            add_fact(branch, name, item, cites)
        return
    shown = num(value) if isinstance(value, int | float) and not isinstance(value, bool) else value
    if isinstance(value, bool):
        shown = "yes" if value else "no"
    elif isinstance(value, str):
        shown = words(value)
    tree.add(Text.assemble((f"{label}: ", "bold"), shown))


_ENUM = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def words(value: str) -> str:
    """An enum value as words: 'tandem_bispecific' -> 'tandem bispecific'."""
    return value.replace("_", " ") if _ENUM.match(value) else value
