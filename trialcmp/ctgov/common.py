"""What every part of a skeleton shares: the curation marks, the source id, plain text."""

from __future__ import annotations

from typing import Any

from trialcmp.ctgov.criteria import unescape
from trialcmp.curation import MARKER, TARGET_MARKER
from trialcmp.text import clean

__all__ = [
    "MARKER",
    "SOURCE_ID",
    "TARGET_MARKER",
    "TEXT_CRITERION",
    "cite",
    "first_text",
    "text",
]

SOURCE_ID = "ctgov"

TEXT_CRITERION = (
    f"{MARKER}: no rule yet; a curator writes one from the text, or states what only the"
    " investigators can judge"
)


def text(value: Any) -> str:
    """A registry text as plain text: markdown escapes, terminal escapes and control
    characters removed, whitespace collapsed."""
    return " ".join(clean(unescape(str(value))).split())


def cite(where: str) -> dict[str, str]:
    return {"source": SOURCE_ID, "where": where}


def first_text(*values: Any) -> str | None:
    """The first value that is a string with some text left once made plain, as plain text."""
    for value in values:
        if isinstance(value, str):
            plain = text(value)
            if plain:
                return plain
    return None
