"""What every part of a skeleton shares: the curation marks, the source id, plain text."""

from __future__ import annotations

from typing import Any

from trialcmp.ctgov.criteria import unescape
from trialcmp.curation import MARKER, TARGET_MARKER

__all__ = ["MARKER", "SOURCE_ID", "TARGET_MARKER", "TEXT_CRITERION", "cite", "text"]

SOURCE_ID = "ctgov"

TEXT_CRITERION = (
    f"{MARKER}: no rule yet; a curator writes one from the text, or states what only the"
    " investigators can judge"
)


def text(value: Any) -> str:
    """A registry text as plain text: markdown escapes removed, whitespace collapsed."""
    return " ".join(unescape(str(value)).split())


def cite(where: str) -> dict[str, str]:
    return {"source": SOURCE_ID, "where": where}
