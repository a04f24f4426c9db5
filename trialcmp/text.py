"""Text from data files made safe to print: no terminal escapes, no control characters.

Rich markup is never interpreted in data because renderers build `rich.text.Text`
objects (literal) or call `rich.markup.escape`; this module only strips what a terminal
would act on.
"""

from __future__ import annotations

import re

# CSI / OSC / other ESC sequences, then any remaining C0/C1 control except tab and newline.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: object) -> str:
    """`value` as printable text: escape sequences and control characters removed."""
    text = value if isinstance(value, str) else str(value)
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)
