"""The one place output is made safe: `trialcmp.render.terminal`.

Whatever a renderer hands the console — Text in a Group, a table cell, a tree label, a
rule's title, a string, segments of its own — reaches the terminal as it would if the
text had been cleaned before (same bytes, colour included); plain writers' output too.
"""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from trialcmp.render import safe_console, terminal
from trialcmp.render.common import to_csv, to_json
from trialcmp.render.outline import Indented, Outline
from trialcmp.text import clean, removed_ranges

EVIL = "\x1b[31mred\x1b[0m \x1b]8;;http://x\x07osc\x1b]8;;\x07 \x1b[2J\x9b2J\x07\x00\x7f\x85"
PIECES = st.sampled_from(["a", "bc ", " ", "\x1b", "[", "31m", "]8;;", "\x07", "\\", "\x9b", EVIL])
STYLES = st.sampled_from(["", "bold", "red", "dim italic"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.lists(PIECES).map("".join), STYLES), max_size=6))
def test_safe_text_strips_what_clean_strips_and_keeps_every_style(
    parts: list[tuple[str, str]],
) -> None:
    text = Text.assemble(*parts, style="underline")
    text.stylize("blink", 2, 9)
    safe = safe_console.safe_text(text)
    assert safe.plain == clean(text.plain)
    removed = {i for start, end in removed_ranges(text.plain) for i in range(start, end)}
    kept = [i for i in range(len(text.plain)) if i not in removed]

    def styles(t: Text, i: int) -> list[str]:
        return sorted(str(s.style) for s in t.spans if s.start <= i < s.end)

    assert [styles(safe, j) for j in range(len(kept))] == [styles(text, i) for i in kept]


class _OwnSegments:
    """A renderable that yields raw segments (no Text for the console to clean first)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(self.text)
        yield Segment.line()


def _views(value: str, own: str) -> Group:
    tree = Tree("", hide_root=True)
    tree.add(Text.assemble(("label: ", "bold"), value)).add(Text(value, style="dim"))
    outline = Outline()
    outline.add(Text.assemble(("label: ", "bold"), value * 3)).add(Text(value, style="red"))
    return Group(
        Text.assemble(("head ", "bold"), value, (" tail", "yellow")),
        tree,
        outline,
        Indented(Text.assemble(("• ", "bold"), value * 4), 2, 2),
        _OwnSegments(f"own {own} own"),
    )


def _printed(group: Group, console: Console) -> str:
    with console.capture() as captured:
        console.print(group)
    return captured.get()


def test_the_console_prints_hostile_text_as_it_prints_clean_text() -> None:
    for colour in (True, False):
        for width in (40, 120):
            safe = safe_console.SafeConsole(
                file=io.StringIO(),
                width=width,
                force_terminal=colour,
                color_system="truecolor" if colour else None,
                highlight=False,
            )
            value = f"x {EVIL} y"
            hostile = _printed(_views(value, value), safe)
            # Rich's Text drops BEL, BS, VT, FF and CR itself, before the console sees it:
            # an OSC sequence that ended at a BEL then runs to the next ESC
            expected = _printed(_views(clean(Text(value).plain), clean(value)), safe)
            assert hostile == expected
            assert ("\x1b[" in hostile) is colour  # Rich's own colour still works


def test_rich_tables_and_rules_print_nothing_unsafe() -> None:
    """Rich's Table and Rule measure their text before the console sees it (hostile text can
    widen a column or shorten a rule's title); what they print is still cleaned."""
    table = Table("name", "value")
    table.add_row(Text(EVIL, style="cyan"), EVIL)
    safe = terminal.console(io.StringIO(), width=80, soft_wrap=False)
    printed = _printed(Group(table, Rule(Text(f"rule {EVIL}")), Rule(f"str {EVIL}")), safe)
    assert "red" in printed
    assert clean(printed) == printed


def test_a_plain_console_would_have_printed_the_escapes() -> None:  # the test can fail
    plain = Console(file=io.StringIO(), width=120, color_system=None)
    assert "\x1b[2J" in _printed(_views(EVIL, EVIL), plain)


def test_plain_writers_are_written_safely() -> None:
    out = io.StringIO()
    terminal.write(to_csv(["a"], [[f"x{EVIL}y"]]), out)
    assert out.getvalue() == to_csv(["a"], [[clean(f"x{EVIL}y")]])
    data = {"text": EVIL, EVIL: [EVIL]}
    encoded = to_json(data)
    out = io.StringIO()
    terminal.write(encoded, out)
    assert out.getvalue() == encoded  # JSON escapes every control character itself
    assert json.loads(out.getvalue()) == data
