"""Cell widths and word wrapping that agree exactly with Rich's, at a fraction of the cost.

`show` and `list` lay their text out themselves (`render/outline.py`, `render/layout.py`)
and measure every word of it. Rich's `rich.cells.cell_len` sums a cached per-character
lookup in Python for any text holding a character outside its short list of one-cell
characters (bc19's labels hold ≥ and –), and `rich._wrap.divide_line` calls it per word:
half of `show`'s printing time went there.

`cell_len(text)` here is `len(text)` whenever every character of the text is one cell
wide, which one set operation in C says: the set grows with each character that Rich's
own `get_character_cell_size` measures as one cell (so it agrees with Rich by
construction, whatever Unicode version Rich's tables are set to). Any other text (a
wide, zero-width or control character, a zero-width joiner or a variation selector) is
measured by Rich itself. `divide_line` gives `rich._wrap.divide_line`'s offsets: for a
text of one-cell characters whose words all fit a line, a line at a time (a search for
where the line must end, not a step per word); else Rich's loop, step for step, with that
measure (a word wider than the line folded by Rich's `chop_cells` when it is not plain).
`tests/cli/test_cells.py` compares both with Rich's over every kind of character.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.cells import cell_len as rich_cell_len
from rich.cells import chop_cells, get_character_cell_size

#: characters known to be one cell wide (Rich said so); printable ASCII to start with
_ONE_CELL: set[str] = {chr(c) for c in range(0x20, 0x7F)}
_has_one_cell_only = _ONE_CELL.issuperset
#: characters known not to be one cell wide (so not measured again)
_OTHER: set[str] = set()
#: Rich measures a joiner and a variation selector with the character before them
_JOINERS = frozenset("\u200d\ufe0f")


def _learn(text: str) -> bool:
    """Whether every character of `text` is one cell wide (each new one asked of Rich)."""
    plain = True
    for character in set(text) - _ONE_CELL:
        if character in _OTHER or character in _JOINERS:
            plain = False
        elif get_character_cell_size(character) == 1:
            _ONE_CELL.add(character)
        else:
            _OTHER.add(character)
            plain = False
    return plain


def is_plain(text: str) -> bool:
    """Whether every character of `text` is one cell wide, so its width is `len(text)`."""
    # printable ASCII first: two checks in C that need no hashing of each character
    return (text.isascii() and text.isprintable()) or _has_one_cell_only(text) or _learn(text)


def cell_len(text: str) -> int:
    """The width of `text` in terminal cells, as `rich.cells.cell_len` says."""
    if (text.isascii() and text.isprintable()) or _has_one_cell_only(text) or _learn(text):
        return len(text)
    return rich_cell_len(text)


_WORD = re.compile(r"\s*\S+\s*")  # as rich._wrap's


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """The offsets where `text` breaks to fit `width` cells: `rich._wrap.divide_line`'s."""
    measure: Callable[[str], int] = cell_len
    if is_plain(text):
        measure = len
        found = _divide_plain(text, width)
        if found is not None:
            return found
    breaks: list[int] = []
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(text):
        # finditer finds what rich's `words` finds: each match starts where the last ended
        start = match.start()
        word = match.group()
        length = measure(word.rstrip())
        if width - offset >= length:
            offset += measure(word)
        elif length > width:
            if fold:
                pieces = _chop(word, width) if measure is len else chop_cells(word, width)
                if not pieces:  # pragma: no cover - Rich's loop would do nothing either
                    continue
                for piece in pieces[:-1]:
                    if start:
                        breaks.append(start)
                    start += len(piece)
                if start:
                    breaks.append(start)
                offset = measure(pieces[-1])
            else:
                if start:
                    breaks.append(start)
                offset = measure(word)
        elif offset and start:
            breaks.append(start)
            offset = measure(word)
    return breaks


_NON_SPACE = re.compile(r"\S")


def _divide_plain(text: str, width: int) -> list[int] | None:
    """`divide_line` of a text whose characters are all one cell wide, a line at a time;
    None when a word is wider than the line (folded or cropped: the loop above says how).

    Rich's loop puts a word on the line when its end, trailing spaces aside, is at most
    `width` cells past the line's start: so the line breaks before the word that holds the
    first non-space character at or past that point.
    """
    if width < 1:
        return None
    lead = len(text) - len(text.lstrip())  # the first word holds the spaces before it
    breaks: list[int] = []
    line = 0  # where the current line starts
    while True:
        found = _NON_SPACE.search(text, line + width)
        if found is None:
            return breaks
        start = found.start()
        while start > line and not text[start - 1].isspace():
            start -= 1
        if start <= lead:
            start = 0
        if start <= line:  # the word starts the line and is wider than it
            return None
        breaks.append(start)
        line = start


def _chop(word: str, width: int) -> list[str]:
    """`chop_cells` of a word whose characters are all one cell wide."""
    return [word[i : i + width] for i in range(0, len(word), width)]
