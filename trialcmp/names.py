"""The names a trial record claims: ID, short name, aliases and other IDs (cheap to import)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trialcmp.model import Trial

Parts = list[str | int]


def names_of(data: Mapping[str, Any] | Trial) -> list[tuple[Parts, str]]:
    """(where, name) for every name of a typed record, or of a document (any dict: a
    document that failed the schema gives the names it does hold, without a crash)."""
    if not isinstance(data, Mapping):
        names: list[tuple[Parts, str]] = [(["id"], data.id)]
        if data.short_name is not None:
            names.append((["short_name"], data.short_name))
        names.extend((["aliases", i], name) for i, name in enumerate(data.aliases))
        names.extend((["other_ids", i], name) for i, name in enumerate(data.other_ids))
        return names
    names = []
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
