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
    for key in ("aliases", "other_ids"):
        items = data.get(key)
        if not isinstance(items, list):  # a schema error, reported elsewhere; not a crash
            continue
        for i, item in enumerate(items):
            if isinstance(item, str):
                names.append(([key, i], item))
    return names
