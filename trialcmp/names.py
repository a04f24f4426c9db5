"""The names a trial record claims: ID, short name, aliases and other IDs (cheap to import)."""

from __future__ import annotations

from typing import Any

Parts = list[str | int]


def names_of(data: dict[str, Any]) -> list[tuple[Parts, str]]:
    names: list[tuple[Parts, str]] = []
    if isinstance(data.get("id"), str):
        names.append((["id"], data["id"]))
    if isinstance(data.get("short_name"), str):
        names.append((["short_name"], data["short_name"]))
    for i, alias in enumerate(data.get("aliases") or []):
        if isinstance(alias, str):
            names.append((["aliases", i], alias))
    for i, other in enumerate(data.get("other_ids") or []):
        if isinstance(other, str):
            names.append((["other_ids", i], other))
    return names
