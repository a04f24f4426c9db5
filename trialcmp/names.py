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
        listed = data.get(key)
        if not isinstance(listed, list):  # a wrong type is the schema's to report
            continue
        for i, name in enumerate(listed):
            if isinstance(name, str):
                names.append(([key, i], name))
    return names
