"""Text from data files made safe to print: no terminal escapes, no control characters.

Rich markup is never interpreted in data because renderers build `rich.text.Text` objects
(literal); this module only says what a terminal would act on. Output is made safe where it
is written (`trialcmp.render.terminal`), not by each renderer.
"""

from __future__ import annotations

import re
from typing import Any

# CSI / OSC / other ESC sequences, then any remaining C0/C1 control except tab and newline.
# The first and the third are patterns that `re` compiles (and keeps) when first used, not
# at import: compiling them cost ~0.3 ms of every command, which rarely needs them.
_ESCAPES = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: what `clean` removes starts with one of these characters
UNSAFE = _CONTROLS
# both in one pass (the same result: an escape sequence is tried first at every ESC)
_UNSAFE = f"{_ESCAPES}|{_CONTROLS.pattern}"


def clean(value: object) -> str:
    """`value` as printable text: escape sequences and control characters removed."""
    text = value if isinstance(value, str) else str(value)
    if "\x1b" in text:
        text = re.sub(_ESCAPES, "", text)
    return _CONTROLS.sub("", text)


def removed_ranges(text: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of `text` that `clean` removes, in order."""
    return [m.span() for m in re.finditer(_UNSAFE, text)]


#: what msgspec's JSON makes of a C0 control that `_CONTROLS` matches (\b, \f, \r or
#: \u00XX; \t and \n are kept and written \t, \n) and of DEL (as it is). Substrings, not a
#: pattern: compiling one cost ~0.3 ms. An escaped backslash before b, f or r matches too,
#: which only costs the walk.
_JSON_C0 = (b"\\u00", b"\\b", b"\\f", b"\\r", b"\x7f")


def _may_hold_controls(encoded: bytes) -> bool:
    """Whether msgspec's JSON of a value may hold a character that `_CONTROLS` matches."""
    if any(mark in encoded for mark in _JSON_C0):
        return True
    # a C1 control is \xc2\x80-\xc2\x9f in UTF-8 (\xc2 alone also starts °, ±, µ, ·)
    return b"\xc2" in encoded and re.search(rb"\xc2[\x80-\x9f]", encoded) is not None


def clean_strings(value: Any) -> Any:
    """`value` (a model value — a msgspec Struct —, a mapping, a list or a string) with
    every string `clean`ed; the same object when there is nothing to remove, else a copy
    (a Struct through `msgspec.structs.replace`: the model is frozen).

    Whether there is anything to remove is first read from `value`'s JSON, written in C
    (~0.1 ms for a record against ~1.7 ms for the walk over its ~2,700 values): `show`'s
    records almost never hold a control character. A Struct's JSON leaves out a field at
    its default, which the walk would see: the model's defaults are None and [] only."""
    import msgspec  # already imported by whatever made the value

    try:
        encoded = msgspec.json.encode(value)
    except (TypeError, ValueError, msgspec.EncodeError):  # not JSON: walk it
        return _clean_strings(value)
    return _clean_strings(value) if _may_hold_controls(encoded) else value


def _clean_strings(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value) if _CONTROLS.search(value) else value
    if isinstance(value, dict):
        pairs = [(_clean_strings(k), _clean_strings(v)) for k, v in value.items()]
        if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    if isinstance(value, list):
        items = [_clean_strings(v) for v in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    fields = getattr(type(value), "__struct_fields__", None)
    if fields is not None:
        changed = {}
        for name in fields:
            item = getattr(value, name)
            cleaned = _clean_strings(item)
            if cleaned is not item:
                changed[name] = cleaned
        if not changed:
            return value
        import msgspec  # only when a record holds something to remove

        return msgspec.structs.replace(value, **changed)
    return value
