"""Build the typed model from a validated document, and read it back from the cache's JSON.

`build(document)` is the one way from a document (a dict that passed the schema) to a
`Trial`: `msgspec.convert`, strict (no coercion). It raises `msgspec.ValidationError` (a
`ValueError`) when the document does not fit the model, which for a validated document
means the schema and the model disagree (see tests/unit/test_model.py).
"""

from __future__ import annotations

from typing import Any

import msgspec

from trialcmp.model.trial import Trial


def build(document: dict[str, Any]) -> Trial:
    """The typed record of one validated trial document."""
    return msgspec.convert(document, Trial, strict=True)


def from_json(raw: bytes | msgspec.Raw) -> Trial:
    """The typed record from the JSON of a validated document (the cache's form)."""
    return msgspec.json.decode(raw, type=Trial)


def to_document(record: Trial) -> dict[str, Any]:
    """The document again (keys in the model's field order, see `trialcmp.model`)."""
    out: dict[str, Any] = msgspec.to_builtins(record)
    return out
