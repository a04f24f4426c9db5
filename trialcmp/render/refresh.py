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


TABLE_HEADER = ("ID", "Field", "Old", "New", "What")


def table(result: Any) -> RenderableType:
    """One block of rows per trial: the ID once, the outcome where there is no change."""
    out = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    for name in TABLE_HEADER:
        out.add_column(name, overflow="fold", no_wrap=name in ("ID", "Field"))
    shown = ""
    for trial_id, outcome, field_name, old, new, what in rows(result):
        first = trial_id != shown
        shown = trial_id
        if not field_name:
            what = outcome if not what or what == outcome else f"{outcome}: {what}"
            if outcome == "no registry API":
                what = what.replace("no registry API: no registry API", "no registry API")
        out.add_row(
            cell(trial_id if first else ""),
            cell(field_name),
            cell(old),
            cell(new),
            cell(what, style="bold" if outcome == "failed" else ""),
        )
    out.caption = _summary(result) + f" Read from the registry on {result.read_on}."
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
