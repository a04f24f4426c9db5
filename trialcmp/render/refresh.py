"""Reporters for `trialcmp refresh`: one row per changed field (or per trial otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table

from trialcmp.render.common import cell, to_csv, to_json

HEADER = ("ID", "Outcome", "Field", "Old", "New", "What")
ABSENT = "(absent)"
NOT_STATED = "(not stated)"
SHA_SHOWN = 12


def _value(field: str, value: Any, missing: str) -> str:
    if value is None:
        return missing
    text = str(value)
    if field.endswith("eligibility_sha256") and len(text) > SHA_SHOWN:
        return text[:SHA_SHOWN] + "…"
    return text


def rows(result: Any) -> list[list[str]]:
    out: list[list[str]] = []
    for trial in result.trials:
        if not trial.changes:
            out.append([trial.trial_id, trial.outcome, "", "", "", trial.message or ""])
            continue
        for change in trial.changes:
            what = change.kind
            if change.field == "design.status":
                what += " (review design.status_note: it may describe the earlier source)"
            if trial.written:
                what += "; written"
            elif trial.message:
                what += f"; {trial.message}"
            out.append(
                [
                    trial.trial_id,
                    trial.outcome,
                    change.field,
                    _value(change.field, change.old, ABSENT),
                    _value(change.field, change.new, NOT_STATED),
                    what,
                ]
            )
    return out


def _summary(result: Any) -> str:
    counts = result.counts()
    parts = [f"{n} {k}" for k, n in counts.items() if n]
    verb = "written" if result.write else "not written (add --write)"
    tail = f"; changes {verb}" if counts["changed"] else ""
    return f"{len(result.trials)} trial(s): " + ", ".join(parts or ["none"]) + tail + "."


TABLE_HEADER = ("ID", "Field", "Change")


def _table_change(trial: Any, change: Any) -> str:
    field = change.field
    old = _value(field, change.old, ABSENT)
    new = _value(field, change.new, NOT_STATED)
    out = f"{old} → {new}"
    if change.kind.startswith("eligibility"):
        out += " (eligibility text changed: re-curate the criteria)"
    if field == "design.status":
        out += " (review design.status_note)"
    if trial.message:
        out += f" ({trial.message})"
    return out


def table(result: Any) -> RenderableType:
    """One block of rows per trial: the ID once; registry fields without their prefix."""
    out = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    for name in TABLE_HEADER:
        out.add_column(name, overflow="fold", no_wrap=name in ("ID", "Field"))
    for trial in result.trials:
        if not trial.changes:
            message = trial.message or ""
            what = message if message.startswith(trial.outcome) else trial.outcome
            if message and what != message:
                what += f": {message}"
            style = "bold" if trial.outcome == "failed" else ""
            out.add_row(cell(trial.trial_id), cell(""), cell(what, style=style))
            continue
        for i, change in enumerate(trial.changes):
            out.add_row(
                cell(trial.trial_id if i == 0 else ""),
                cell(change.field.removeprefix("registry.")),
                cell(_table_change(trial, change)),
            )
    out.caption = (
        _summary(result)
        + f" Read from the registry on {result.read_on}. Fields without a prefix are in the"
        " registry block."
    )
    return out


def as_json(result: Any) -> str:
    return to_json(
        {
            "read_on": result.read_on,
            "write": result.write,
            "exit_code": result.exit_code,
            "counts": result.counts(),
            "trials": [t.as_dict() for t in result.trials],
        }
    )


def as_csv(result: Any) -> str:
    return to_csv(HEADER, rows(result))


REPORTERS: dict[str, Callable[[Any], RenderableType | str]] = {
    "table": table,
    "json": as_json,
    "csv": as_csv,
}
