"""Read one key of a record's value, typed or not (transitional, and cheap to import).

While commands move from `collection.Trial.data` (the document's dicts) to `.record` (the
typed model, `trialcmp.model`), the shared helpers (formatting, landscape, estimate) take
either: `get(value, "pct")` is `value.pct` of a model value and `value.get("pct")` of a
dict. It imports nothing, so `--version` and `list` start-up pay nothing for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def get(value: Any, key: str) -> Any:
    """Field `key` of a model value (a msgspec Struct), or `value[key]` of a dict; None when
    absent, or when `value` is anything else (None, 'not reported', a number, ...)."""
    if isinstance(value, Mapping):
        return value.get(key)
    if hasattr(type(value), "__struct_fields__"):
        return getattr(value, key, None)
    return None
