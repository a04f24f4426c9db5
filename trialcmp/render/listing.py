"""Reporters for `trialcmp list`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeGuard

from rich.console import RenderableType

from trialcmp.formatting import NOT_REPORTED, text_or_missing
from trialcmp.landscape import STALE_MONTHS
from trialcmp.listing import Columns, Row
from trialcmp.render.common import cell, to_csv, to_json, to_markdown
from trialcmp.render.layout import Column, Table

HEADER = ("ID", "Name", "Targets", "Phase", "Status", "Treated", "ORR")

#: `list` rows (`trialcmp.listing.Row`), or the fields `--columns` picked
Rows = Sequence[Row] | Columns


NO_REGISTRY_MARK = "°"
NO_REGISTRY_LEGEND = (
    f"{NO_REGISTRY_MARK} = no registry ID: TC-… is trialcmp's own ID, PMID… the PubMed ID"
    " of the paper that reports the trial."
)
STATUS_LEGEND = (
    f"Status: the date it was last known true and its age; stale = older than {STALE_MONTHS}"
    " months; undated = no source gives a date."
)
SETTING_LEGEND = "Setting: relapsed/refractory unless the name says otherwise."


def _id(row: Row, lines: bool) -> str:
    """The ID; in the table, marked when it is not a registry ID (CSV keeps it exact)."""
    own = row.id_kind != "registry"
    return row.id + (NO_REGISTRY_MARK if own and lines else "")


def _name(row: Row, lines: bool) -> str:
    name = row.short_name or ""
    setting = row.setting
    if setting == "relapsed/refractory":
        return name
    mark = f"({setting})" if setting != "not reported" else "(setting NR)"
    return f"{name}\n{mark}" if lines and name else f"{name} {mark}".strip()


def status_age(row: Row) -> str | None:
    """'2025-11, 12 mo ago, stale', 'undated', or None for a status that is not reported."""
    if row.status_as_of is None:
        return None if row.status == "not reported" else "undated"
    age = row.status_age_months
    if age is None:  # pragma: no cover - a dated row always has an age
        return row.status_as_of
    if age < 0:
        when = "after the reference date"
    else:
        when = "this month" if age == 0 else f"{age} mo ago"
    return f"{row.status_as_of}, {when}" + (", stale" if row.status_stale else "")


def _status(row: Row, lines: bool) -> str:
    status = text_or_missing(row.status)
    age = status_age(row)
    if age is None:
        return status
    return f"{status}\n{age}" if lines else f"{status} ({age})"


def _flat(row: Row, lines: bool = False) -> list[str]:
    return [
        _id(row, lines),
        _name(row, lines),
        "/".join(row.targets),
        text_or_missing(row.phase),
        _status(row, lines),
        NOT_REPORTED if row.treated is None else str(row.treated),
        row.orr.text if row.orr else NOT_REPORTED,
    ]


COLUMNS = (
    Column("ID", nowrap=True),
    Column("Name", priority=1),
    Column("Targets"),
    Column("Phase", priority=3),
    Column("Status", priority=4),
    Column("Treated", priority=5, abbrev="Pts.", legend="patients treated", justify="right"),
    Column("ORR", priority=2),
)


def _picked(rows: Rows) -> TypeGuard[Columns]:
    """The rows are `list --columns` rows (the fields picked, as text)."""
    return isinstance(rows, Columns)


def _rows(rows: Rows) -> Sequence[Row]:
    assert not isinstance(rows, Columns)
    return rows


def _field_columns(names: tuple[str, ...]) -> list[Column]:
    from trialcmp.trial_fields import FIELDS

    out = []
    for i, name in enumerate(names):
        field = FIELDS[name]
        legend = field.help if field.abbrev else None
        priority = 0 if i == 0 else len(names) - i
        out.append(
            Column(
                field.header,
                priority=priority,
                abbrev=field.abbrev,
                legend=legend,
                nowrap=name == "id",
            )
        )
    return out


def _field_header(names: tuple[str, ...]) -> list[str]:
    from trialcmp.trial_fields import FIELDS

    return [FIELDS[n].header for n in names]


def table(rows: Rows) -> RenderableType:
    if _picked(rows):
        return Table(
            _field_columns(rows.names),
            [[cell(row[n]) for n in rows.names] for row in rows],
            notes=(f"{len(rows)} trial(s). NR = not reported; * = % computed from n/N.",),
            dropped_hint="widen the terminal (COLUMNS) or use --format csv",
        )
    return Table(
        COLUMNS,
        [[cell(v) for v in _flat(row, lines=True)] for row in _rows(rows)],
        notes=legend(_rows(rows)),
        dropped_hint="widen the terminal (COLUMNS) or use --format csv",
    )


def legend(rows: Sequence[Row]) -> list[str]:
    """The caption lines the rows need."""
    lines = [f"{len(rows)} trial(s). NR = not reported; * = % computed from n/N."]
    if any(status_age(r) is not None for r in rows):
        lines.append(STATUS_LEGEND)
    if any(r.setting != "relapsed/refractory" for r in rows):
        lines.append(SETTING_LEGEND)
    if any(r.id_kind != "registry" for r in rows):
        lines.append(NO_REGISTRY_LEGEND)
    return lines


def as_json(rows: Rows) -> str:
    if _picked(rows):
        return to_json(list(rows))
    import msgspec

    plain: list[dict[str, Any]] = msgspec.to_builtins(list(_rows(rows)))
    return to_json(plain)


def as_csv(rows: Rows) -> str:
    if _picked(rows):
        return to_csv(list(rows.names), [[row[n] for n in rows.names] for row in rows])
    return to_csv(HEADER, [_flat(r) for r in _rows(rows)])


def as_markdown(rows: Rows) -> str:
    if _picked(rows):
        names = rows.names
        return to_markdown(_field_header(names), [[row[n] for n in names] for row in rows])
    return to_markdown(HEADER, [_flat(r) for r in _rows(rows)])


REPORTERS: dict[str, Callable[[Rows], RenderableType | str]] = {
    "table": table,
    "json": as_json,
    "csv": as_csv,
    "markdown": as_markdown,
}
