"""`SafeConsole.printed` gives what `print` then `capture` give, for every view and width.

Piped output (no colour, no terminal) is laid out by `printed`, which measures each line
with `render.cells` and lets Rich crop only a line that is too wide; these tests compare it
with Rich's own print on every record's `show`, the list, comparisons and a check report,
and on renderables whose lines Rich must crop (wide and combining characters at the edge,
a word wider than the line, a control segment, a tab).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.control import Control
from rich.segment import Segment
from rich.text import Text

from tests.conftest import DATA_DIR, ROOT
from trialcmp.collection import load_collection
from trialcmp.listing import list_rows
from trialcmp.render.layout import Column, Table
from trialcmp.render.outline import Indented, Outline
from trialcmp.render.registry import reporter
from trialcmp.render.safe_console import SafeConsole
from trialcmp.render.terminal import console

WIDTHS = (20, 45, 100)


def _both(renderable: object, width: int) -> tuple[str, str]:
    """(Rich's print, captured; `printed`) on the console every command prints through."""
    reference = console(io.StringIO(), width=width, soft_wrap=False)
    with reference.capture() as captured:
        reference.print(renderable)
    fast = console(io.StringIO(), width=width, soft_wrap=False)
    return captured.get(), fast.printed(renderable)  # type: ignore[arg-type]


def _views() -> list[object]:
    collection = load_collection(DATA_DIR, use_cache=False)
    views: list[object] = [reporter("show", "text")(t) for t in collection.trials]
    views.append(reporter("list", "table")(list_rows(collection, today=dt.date(2026, 11, 30))))
    from trialcmp.compare import build_comparison

    pair = collection.select(["NCT07003555", "ChiCTR2000033567"])
    views.append(reporter("compare", "table")(build_comparison(pair)))
    from trialcmp.eligibility.engine import check_patients
    from trialcmp.eligibility.profile import load_profile

    patient = load_profile(ROOT / "examples" / "eligible-nct07003555.yaml")
    run = check_patients([t.record for t in collection.trials], [patient], single=True)
    views.append(reporter("check", "text")(run))
    return views


@pytest.mark.parametrize("width", WIDTHS)
def test_every_view_prints_as_rich_prints_it(width: int) -> None:
    views = _views()
    assert len(views) > 10
    for view in views:
        expected, got = _both(view, width)
        assert got == expected


class _Raw:
    """Segments as given: lines wider than the console, split where Rich must crop."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment("x" * 19)
        yield Segment("e\u0301" + "y" * 30)  # a combining mark right at the edge
        yield Segment.line()
        yield Segment("宽" * 15, None)  # a wide character across the edge
        yield Segment("\n")
        yield Control.bell().segment  # a control segment: not written
        yield Segment("tail\nlast line without its newline")


def _awkward() -> list[object]:
    outline = Outline()
    outline.add(Text("a\ttab " * 20)).add(Text("宽字符的标签 " * 12))
    table = Table(
        [Column("ID", nowrap=True), Column("Text")],
        [["NCT" + "9" * 40, "a-word-that-never-breaks-" * 3], ["x", "short ≥ – text"]],
    )
    return [
        _Raw(),
        outline,
        table,
        Group(Text("≥ " * 80), Indented(Text("http://example.org/" + "z" * 120), 4, 2)),
        Group(),
    ]


@pytest.mark.parametrize("width", (1, 5, 20, 33, 80))
def test_lines_rich_crops_print_as_rich_prints_them(width: int) -> None:
    for renderable in _awkward():
        expected, got = _both(renderable, width)
        assert got == expected


def test_colour_a_terminal_and_text_are_left_to_rich() -> None:
    text = Text("plain text " * 20, style="bold")
    colour = SafeConsole(file=io.StringIO(), width=30, color_system="standard")
    terminal = SafeConsole(file=io.StringIO(), width=30, force_terminal=True)
    for target in (colour, terminal):
        with target.capture() as captured:
            target.print(_Raw())
        assert target.printed(_Raw()) == captured.get()
    plain = console(io.StringIO(), width=30, soft_wrap=False)
    with plain.capture() as captured:
        plain.print(text)
    assert plain.printed(text) == captured.get()
