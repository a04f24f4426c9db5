"""`render.cells` measures and wraps text exactly as Rich does, for every kind of character.

Outline and the list's table lay their text out with `render.cells`; their bytes must stay
those of Rich's own layout (`test_outline.py` compares whole records), so the width and the
break offsets are compared with Rich's here, character by character and on mixed text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len as rich_cell_len

from trialcmp.render import cells
from trialcmp.render.cells import cell_len, divide_line, is_plain

#: one of each kind: ASCII, Latin-1 and other one-cell letters and signs (≥ – é · °),
#: spaces (also no-break and ideographic), control characters, a soft hyphen, combining
#: marks, CJK, emoji, a zero-width joiner and a variation selector (which Rich measures
#: with the character before them), a character that VS16 makes wide (❤)
ALPHABET = (
    "aZ1-/.,;:()[]%"
    "≥≤–—é·°±µ×αЖ"
    " \xa0\u3000\u2003"
    "\t\n\x1b\x07\x7f\x85"
    "\xad\u0301\u0300\u20dd\u200b"
    "宽字符の"
    "😀👍🏽"
    "\u200d\ufe0f❤"
)
ODD = "\xad\u0301宽😀\u200d\ufe0f\x1b\u3000"
text = st.text(alphabet=ALPHABET, max_size=60)
PROPERTY = settings(max_examples=400, deadline=None, database=None)


def _table() -> list[tuple[int, int, int]]:
    """Rich's ranges of characters that are not one cell wide."""
    try:
        from rich._unicode_data import load  # Rich >= 14
    except ImportError:  # pragma: no cover - Rich 13
        from rich._cell_widths import CELL_WIDTHS

        return list(CELL_WIDTHS)
    return list(load().widths)


def _codepoints() -> list[int]:
    """Every codepoint up to U+3100 (Latin to CJK punctuation and kana), and the first,
    last and neighbouring codepoints of every range in Rich's width table."""
    found = set(range(0x3100))
    for start, end, _ in _table():
        found.update(c for c in (start - 1, start, start + 1, end - 1, end, end + 1) if c >= 0)
    return sorted(c for c in found if c < 0x110000 and not 0xD800 <= c < 0xE000)


def test_every_kind_of_character_has_rich_s_width() -> None:
    codepoints = _codepoints()
    assert len(codepoints) > 13_000
    wrong = [hex(c) for c in codepoints if cell_len(chr(c)) != rich_cell_len(chr(c))]
    assert wrong == []
    # and in words: each character between two ASCII letters, and all of them together
    assert [
        hex(c) for c in codepoints if cell_len(f"a{chr(c)}b") != rich_cell_len(f"a{chr(c)}b")
    ] == []
    everything = "".join(map(chr, codepoints))
    assert cell_len(everything) == rich_cell_len(everything)


def test_the_one_cell_set_learns_only_one_cell_characters() -> None:
    cell_len("≥ – é 宽 😀 \u0301 \x1b")
    assert {"≥", "–", "é"} <= cells._ONE_CELL
    assert not {"宽", "😀", "\u0301", "\x1b", "\u200d", "\ufe0f"} & cells._ONE_CELL
    assert is_plain("CD19 ≥ 2 – é") and not is_plain("宽") and not is_plain("❤\ufe0f")


@pytest.mark.parametrize(
    "sample",
    [
        "",
        "plain ASCII",
        "ECOG ≤ 1 – measurable disease",
        "宽字符的标签",
        "e\u0301",
        "👨\u200d👩\u200d👧",
        "❤\ufe0f",
        "\ufe0f at the start",
        "\u200d",
        "tab\tand\nnewline\x1b[31m",
        "x" * 600 + "宽",  # Rich measures 512 characters and more without its cache
    ],
)
def test_awkward_texts_have_rich_s_width(sample: str) -> None:
    assert cell_len(sample) == rich_cell_len(sample)


@PROPERTY
@given(text)
def test_any_text_has_rich_s_width(sample: str) -> None:
    assert cell_len(sample) == rich_cell_len(sample)


@PROPERTY
@given(text, st.integers(min_value=1, max_value=30), st.booleans())
def test_any_text_breaks_where_rich_breaks_it(sample: str, width: int, fold: bool) -> None:
    assert divide_line(sample, width, fold) == rich_divide_line(sample, width, fold)


@PROPERTY
@given(
    st.lists(
        st.text(alphabet="abcdefghij-", min_size=1, max_size=25)
        | st.text(alphabet=ODD + "ab", min_size=1, max_size=8),
        max_size=15,
    ).map(" ".join),
    st.integers(min_value=1, max_value=40),
    st.booleans(),
)
def test_words_of_any_length_break_where_rich_breaks_them(
    sample: str, width: int, fold: bool
) -> None:
    assert divide_line(sample, width, fold) == rich_divide_line(sample, width, fold)


@pytest.mark.parametrize("width", [1, 2, 3, 7, 20, 79, 100])
@pytest.mark.parametrize(
    "sample",
    [
        "   leading and trailing spaces   " * 5,
        "x" * 90 + " after the long word",
        "宽字符的标签 " * 12,
        "ECOG ≤ 1 – measurable disease (≥ 0.5 g/dL) " * 4,
        "ab😀" * 30,
        "ends with spaces" + " " * 150,
        "a" + "\u0301" * 40 + " b",
    ],
)
def test_awkward_texts_break_where_rich_breaks_them(sample: str, width: int) -> None:
    for fold in (True, False):
        assert divide_line(sample, width, fold) == rich_divide_line(sample, width, fold)
