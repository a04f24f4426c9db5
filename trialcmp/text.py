"""Text from data files made safe to print: no terminal escapes, no control characters.

Rich markup is never interpreted in data because renderers build `rich.text.Text` objects
(literal); this module only says what a terminal would act on. Output is made safe where it
is written (`trialcmp.render.terminal`), not by each renderer.
"""

from __future__ import annotations

import re
from typing import Any

# CSI / OSC / other ESC sequences, then any remaining C0/C1 control except tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: what `clean` removes starts with one of these characters
UNSAFE = _CONTROLS
# both in one pass (the same result: an escape sequence is tried first at every ESC)
_UNSAFE = re.compile(f"{_ESCAPES.pattern}|{_CONTROLS.pattern}")


def clean(value: object) -> str:
    """`value` as printable text: escape sequences and control characters removed."""
    text = value if isinstance(value, str) else str(value)
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def removed_ranges(text: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of `text` that `clean` removes, in order."""
    return [m.span() for m in _UNSAFE.finditer(text)]


def clean_strings(value: Any) -> Any:
    """`value` (a record's mapping, list or string) with every string `clean`ed; the same
    object when there is nothing to remove."""
    if isinstance(value, str):
        return clean(value) if _CONTROLS.search(value) else value
    if isinstance(value, dict):
        return {clean_strings(k): clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_strings(v) for v in value]
    return value
