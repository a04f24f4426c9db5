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
    """`value` (a model value — a msgspec Struct —, a mapping, a list or a string) with
    every string `clean`ed; the same object when there is nothing to remove, else a copy
    (a Struct through `msgspec.structs.replace`: the model is frozen)."""
    if isinstance(value, str):
        return clean(value) if _CONTROLS.search(value) else value
    if isinstance(value, dict):
        pairs = [(clean_strings(k), clean_strings(v)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    if isinstance(value, list):
        items = [clean_strings(v) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    fields = getattr(type(value), "__struct_fields__", None)
    if fields is not None:
        changed = {}
        for name in fields:
            item = getattr(value, name)
            cleaned = clean_strings(item)
            if cleaned is not item:
                changed[name] = cleaned
        if not changed:
            return value
        import msgspec  # only when a record holds something to remove

        return msgspec.structs.replace(value, **changed)
    return value
