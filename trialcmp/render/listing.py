"""Reporters for `trialcmp list`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table

from trialcmp.formatting import NOT_REPORTED, text_or_missing
from trialcmp.render.common import cell, to_csv, to_json, to_markdown

HEADER = ("ID", "Name", "Targets", "Phase", "Status", "Treated", "ORR")

Rows = list[dict[str, Any]]


def _flat(row: dict[str, Any]) -> list[str]:
    return [
        row["id"],
        row["short_name"] or "",
        "/".join(row["targets"]),
        text_or_missing(row["phase"]),
        text_or_missing(row["status"]),
        NOT_REPORTED if row["treated"] is None else str(row["treated"]),
        row["orr"]["text"] if row["orr"] else NOT_REPORTED,
    ]


def table(rows: Rows) -> RenderableType:
    out = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False, show_edge=False)
    for name in HEADER:
        out.add_column(name, overflow="fold", no_wrap=name == "ID")
    for row in rows:
        out.add_row(*(cell(v) for v in _flat(row)))
    out.caption = f"{len(rows)} trial(s). NR = not reported; * = % computed from n/N."
    return out


def as_json(rows: Rows) -> str:
    return to_json(rows)


def as_csv(rows: Rows) -> str:
    return to_csv(HEADER, [_flat(r) for r in rows])


def as_markdown(rows: Rows) -> str:
    return to_markdown(HEADER, [_flat(r) for r in rows])


REPORTERS: dict[str, Callable[[Rows], RenderableType | str]] = {
    "table": table,
    "json": as_json,
    "csv": as_csv,
    "markdown": as_markdown,
}
