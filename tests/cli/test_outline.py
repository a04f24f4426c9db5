"""`Outline` prints exactly what `rich.tree.Tree(hide_root=True)` prints, faster.

`show` draws each record's facts as an Outline; these tests render the same nodes both ways,
at several widths, in colour and without, and on an ASCII-only console, and compare bytes.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from tests.conftest import DATA_DIR
from trialcmp.collection import load_collection
from trialcmp.render.outline import Outline
from trialcmp.render.show import as_text

WIDTHS = (45, 100)


class _AsciiFile(io.StringIO):
    encoding = "ascii"


def _console(width: int, colour: bool, ascii_only: bool = False) -> Console:
    return Console(
        file=_AsciiFile() if ascii_only else io.StringIO(),
        width=width,
        force_terminal=colour,
        color_system="truecolor" if colour else None,
        soft_wrap=False,
        highlight=False,
    )


def _tree(outline: Outline, tree: Tree) -> Tree:
    for child in outline.children:
        _tree(child, tree.add(child.label))
    return tree


def _printed(renderable: object, width: int, colour: bool, ascii_only: bool = False) -> str:
    console = _console(width, colour, ascii_only)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def _assert_same(outline: Outline, width: int, colour: bool, ascii_only: bool = False) -> None:
    tree = _tree(outline, Tree("", hide_root=True))
    expected = _printed(tree, width, colour, ascii_only)
    assert _printed(outline, width, colour, ascii_only) == expected


def _outlines() -> list[tuple[str, Outline]]:
    collection = load_collection(DATA_DIR, use_cache=False)
    out = []
    for trial in collection.trials:
        group = as_text(trial)
        found = [p for p in group.renderables if isinstance(p, Outline)]  # type: ignore[attr-defined]
        assert len(found) == 1
        out.append((trial.id, found[0]))
    return out


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_every_record_prints_as_rich_tree_prints_it(colour: bool) -> None:
    outlines = _outlines()
    assert len(outlines) >= 8
    for _, outline in outlines:
        for width in WIDTHS:
            _assert_same(outline, width, colour)


def _awkward() -> Outline:
    """Labels that wrap in every way Rich knows: long words, spaces at the edges, wide
    characters, a newline, a tab, an empty label, a whole-label style and nested spans."""
    root = Outline()
    node = root.add(Text("plain"))
    child = node.add(Text.assemble(("bold: ", "bold"), "x" * 90 + " after the long word"))
    child.add(Text("   leading and trailing spaces   " * 5, style="dim"))
    child.add(Text("宽字符的标签 " * 12))
    last = node.add(Text("line one\nline two " * 6, style="yellow"))
    last.add(Text(""))
    last.add(Text("a\ttab " * 20))
    last.add(Text("宽\t≥ 12345678\tx\t\tend " * 6, tab_size=4))
    styled = Text("outer ", style="italic")
    styled.append("inner " * 10, style="bold red")
    styled.append(" tail " * 10, style="cyan")
    styled.stylize("underline", 3, 40)
    root.add(styled).add(Text("x", style="bold")).add(Text("y " * 70))
    root.add(Text("ends with spaces" + " " * 150))
    return root


@pytest.mark.parametrize("width", [1, 5, 12, 25, 40, 79, 120])
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_awkward_labels_print_as_rich_tree_prints_them(width: int, colour: bool) -> None:
    _assert_same(_awkward(), width, colour)


def test_an_ascii_only_console_gets_ascii_guides() -> None:
    _assert_same(_awkward(), 60, colour=False, ascii_only=True)
    assert "+-- " in _printed(_awkward(), 60, colour=False, ascii_only=True)


@pytest.mark.parametrize("style", ["dim", "bold", ""])
def test_an_indented_text_keeps_its_own_style_in_colour(style: str) -> None:
    from trialcmp.render.outline import Indented

    text = Text("curated criteria are not complete for this trial", style=style)
    out = io.StringIO()
    console = Console(file=out, width=30, color_system="standard", force_terminal=True)
    console.print(Indented(text, 2, 2))
    expected = io.StringIO()
    reference = Console(file=expected, width=30, color_system="standard", force_terminal=True)
    for i, line in enumerate(["curated criteria are not", "complete for this trial"]):
        reference.print(" " * (2 + (2 if i else 0)), end="")
        reference.print(Text(line, style=style))
    assert out.getvalue() == expected.getvalue()
    assert ("\x1b[2m" in out.getvalue()) is (style == "dim")


INDENTED = (
    "curated criteria are not complete for this trial",
    "a\n\nblank line, then a trailing newline\n",
    "http://example.org/" + "z" * 120 + " then words after the long one",
    "tabs\tin\ttext and   many   spaces   ",
    "宽字符的标签 " * 9 + "≥ 0.5 g/dL – measurable",
    "an escape \x1b[31mred\x1b[0m and a bell \x07 are dropped",
    "",
)


@pytest.mark.parametrize("width", [1, 24, 60, 100])
@pytest.mark.parametrize("indent,hang", [(0, 4), (2, 2), (6, 0)])
def test_an_indented_text_without_colour_prints_rich_s_lines(
    width: int, indent: int, hang: int
) -> None:
    """Without colour an Indented text is one plain segment; its lines are those of
    `wrapped` (Rich's Text split and divided), each stripped, after its indent."""
    from trialcmp.render.outline import Indented, wrapped
    from trialcmp.render.safe_console import safe_text

    for sample in INDENTED:
        text = Text(sample, style="dim")
        lines = wrapped(safe_text(text), max(width - indent - hang, 20))
        expected = ""
        for i, line in enumerate(lines):
            line.rstrip()
            expected += " " * (indent + (hang if i else 0)) + line.plain + "\n"
        console = Console(file=io.StringIO(), width=width, color_system=None)
        rendered = console.render(Indented(text, indent, hang), console.options)
        assert "".join(s.text for s in rendered) == expected
