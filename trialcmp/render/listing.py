"""Reporters for `trialcmp list`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType

from trialcmp.formatting import NOT_REPORTED, text_or_missing
from trialcmp.render.common import cell, to_csv, to_json, to_markdown
from trialcmp.render.layout import Column, Table

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


COLUMNS = (
    Column("ID"),
    Column("Name", priority=1),
    Column("Targets"),
    Column("Phase", priority=3),
    Column("Status", priority=4),
    Column("Treated", priority=5, abbrev="Pts.", legend="patients treated", justify="right"),
    Column("ORR", priority=2),
)


def table(rows: Rows) -> RenderableType:
    return Table(
        COLUMNS,
        [[cell(v) for v in _flat(row)] for row in rows],
        notes=(f"{len(rows)} trial(s). NR = not reported; * = % computed from n/N.",),
        dropped_hint="widen the terminal (COLUMNS) or use --format csv",
    )


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
