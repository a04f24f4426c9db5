"""Marks a record skeleton carries until a curator has done the work, and the `validate`
warning that lists what is left ("skeleton, not yet curated")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from trialcmp.problems import Problem, Severity
from trialcmp.schema import json_path
from trialcmp.yamlio import Document

#: Starts every text of a skeleton that still needs a curator.
MARKER = "to curate"
#: Stands in the product's targets until a curator reads them from a source.
TARGET_MARKER = "TO-CURATE"


def is_marked(value: Any) -> bool:
    return isinstance(value, str) and (
        value == TARGET_MARKER or value[: len(MARKER)].casefold() == MARKER
    )


def check_skeleton_marks(
    doc: Document, nodes: list[tuple[list[str | int], Any]]
) -> Iterator[Problem]:
    """One warning per top-level section that still holds a curation mark."""
    found: dict[str, list[list[str | int]]] = {}
    for parts, value in nodes:
        if parts and is_marked(value):
            found.setdefault(str(parts[0]), []).append(parts)
    for section, places in found.items():
        first = places[0]
        line, column = doc.locate(first)
        count = f"{len(places)} values" if len(places) > 1 else "a value"
        yield Problem(
            doc.path,
            line,
            column,
            json_path([section]),
            f"skeleton, not yet curated: {count} marked '{MARKER}' (first at {json_path(first)})",
            Severity.WARNING,
            "skeleton",
        )
