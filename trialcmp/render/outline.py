"""Indented text for reports: a tree of labels (`Outline`) and wrapped paragraphs (`Indented`).

`Outline` prints exactly the bytes `rich.tree.Tree(label, hide_root=True)` prints with the
default theme (guides, wrapping, colour), without Tree's nested renderers, which is where
`show` spent most of its time (about 500 labels per record). Each label is laid out once at
the width left beside its guides: it is rendered once and its segments are cut where
`Text.wrap` would break it (`divide_line`, whitespace past the width dropped), with widths
and breaks from `render/cells.py` (Rich's, computed faster). Without colour (NO_COLOR, a
pipe) a label's lines are one plain segment, tabs expanded as Rich expands them. What this
cannot say it leaves to Rich: a label holding a newline or a control character from data
(which the console strips before Rich lays it out), a tab in colour, a wide character Rich
would crop.
`tests/cli/test_outline.py` compares Outline with Tree on every record at several widths,
in colour and without, and on awkward labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.styled import Styled
from rich.text import Text

from trialcmp.render.cells import cell_len, divide_line
from trialcmp.render.safe_console import safe_text

#: Tree's guides (space, continue, fork, end), in Unicode and for ASCII-only output.
GUIDES = ("    ", "│   ", "├── ", "└── ")
ASCII_GUIDES = ("    ", "|   ", "+-- ", "`-- ")


class Outline:
    """A node of a tree whose root is not shown; `add` a label to get its child node."""

    __slots__ = ("children", "label")

    def __init__(self, label: Text | None = None) -> None:
        self.label = label if label is not None else Text()
        self.children: list[Outline] = []

    def add(self, label: Text) -> Outline:
        node = Outline(label)
        self.children.append(node)
        return node

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        guides = ASCII_GUIDES if options.ascii_only else GUIDES
        # as Tree: a child of the hidden root has no guide; below it, each level adds one
        stack: list[tuple[list[Outline], Iterator[int], str]] = [
            (self.children, iter(range(len(self.children))), "")
        ]
        pending: list[str] = []  # plain labels not yet yielded
        while stack:
            siblings, positions, above = stack[-1]
            at = next(positions, None)
            if at is None:
                stack.pop()
                continue
            node = siblings[at]
            if len(stack) == 1:
                first = rest = ""
            else:
                last = at == len(siblings) - 1
                first = above + guides[3 if last else 2]
                rest = above + guides[0 if last else 1]
            text = _plain_label(console, options, node.label, first, rest)
            if text is not None:
                pending.append(text)
            if pending and (text is None or len(pending) == _BATCH):
                yield Segment("".join(pending))
                pending.clear()
            if text is None:
                yield from _label(console, options, node.label, first, rest)
            if node.children:
                stack.append((node.children, iter(range(len(node.children))), rest))
        if pending:
            yield Segment("".join(pending))


#: without colour, the lines of this many labels are one segment (what Rich prints of
#: each label's segments, without passing each through every renderer above; not more,
#: as Rich splits a segment's lines one copy of the rest at a time)
_BATCH = 32


def _plain_label(
    console: Console, options: ConsoleOptions, label: Text, first: str, rest: str
) -> str | None:
    """The label's lines after their guides as plain text, when no style reaches the
    output (no colour); None when Rich must lay it out (see `_ranges`)."""
    if console.color_system is not None:
        return None
    plain = _without_tabs(console, label)
    ranges = _ranges(options, label, plain, options.max_width - cell_len(first))
    if ranges is None:
        return None
    if len(ranges) == 1:  # most labels: one line
        start, end = ranges[0]
        return f"{first}{plain[start:end]}\n"
    return "".join(
        f"{rest if i else first}{plain[start:end]}\n" for i, (start, end) in enumerate(ranges)
    )


def _label(
    console: Console, options: ConsoleOptions, label: Text, first: str, rest: str
) -> Iterator[Segment]:
    """The label's lines, each after its guides, as Tree renders them (see `_ranges`)."""
    width = options.max_width - cell_len(first)
    ranges = _ranges(options, label, label.plain, width)
    if ranges is not None:
        lines = _cut(_segments(console, label), ranges)
    else:  # what the fast path does not cover: Rich lays the label out itself
        lines = console.render_lines(
            Styled(label, "tree"),
            options.update(width=width, highlight=False, height=None),
            pad=options.justify is not None,
        )
    for i, line in enumerate(lines):
        prefix = rest if i else first
        if prefix:
            yield Segment(prefix)
        yield from line
        yield Segment.line()


_TRAILING_SPACE = re.compile(r"\s+$")  # as rich.text's
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _ranges(
    options: ConsoleOptions, label: Text, plain: str, width: int
) -> list[tuple[int, int]] | None:
    """The (start, end) offsets of the lines of the label's text `plain` wrapped to
    `width` as `Text.wrap` wraps them, or None when it cannot say.

    Text's renderer breaks the line where `divide_line` says (folding a word wider than
    the line), then drops the whitespace that would pass the width.
    """
    if (
        width < 1
        # a newline, a tab, an escape from data (none in a printable text)
        or (not plain.isprintable() and _CONTROL.search(plain) is not None)
        or options.justify is not None
        or options.overflow is not None
        or options.no_wrap
        or label.justify is not None
        or label.overflow is not None
        or label.no_wrap
    ):
        return None
    if cell_len(plain) <= width:  # fits: no wrapping
        return [(0, len(plain))]
    bounds = [0, *divide_line(plain, width, fold=True), len(plain)]
    ranges = []
    for start, end in pairwise(bounds):
        excess = end - start - width
        if excess > 0:
            space = _TRAILING_SPACE.search(plain, start, end)
            if space is not None:
                end -= min(end - space.start(), excess)
        if cell_len(plain[start:end]) > width:  # a wide character: Rich crops
            return None
        ranges.append((start, end))
    return ranges


def _without_tabs(console: Console, label: Text) -> str:
    """The label's text with each tab made spaces to the next tab stop, as `Text.wrap`
    does (`Text.expand_tabs`: a tab becomes a space, then spaces up to a multiple of the
    tab size in cells); unchanged when it holds another control character."""
    plain = label.plain
    if "\t" not in plain or _CONTROL.search(plain.replace("\t", "")) is not None:
        return plain
    tab_size = (console.tab_size if label.tab_size is None else label.tab_size) or 8
    parts = plain.split("\t")
    out = []
    position = 0
    for part in parts[:-1]:
        position += cell_len(part) + 1
        pad = -position % tab_size
        out.append(part + " " * (1 + pad))
        position += pad
    out.append(parts[-1])
    return "".join(out)


def _segments(console: Console, label: Text) -> list[Segment]:
    """The label rendered once, in colour."""
    # Text.render drops the base style of a text without spans; Text's renderer joins the
    # lines first, which makes the base style a span
    return list((Text().join((label,)) if label.style else label).render(console))


def _cut(segments: list[Segment], ranges: list[tuple[int, int]]) -> list[list[Segment]]:
    """The label's segments cut into its lines (`ranges`: offsets into its text)."""
    out: list[list[Segment]] = []
    at = 0  # offset of segments[0]
    index = 0
    for start, end in ranges:
        line: list[Segment] = []
        while index < len(segments) and at + len(segments[index].text) <= start:
            at += len(segments[index].text)
            index += 1
        i, offset = index, at
        while i < len(segments) and offset < end:
            text, style, _ = segments[i]
            piece = text[max(start - offset, 0) : end - offset]
            if piece:
                line.append(Segment(piece, style))
            offset += len(text)
            i += 1
        out.append(line)
    return out


class Indented:
    """Text wrapped to the console width, indented, with a hanging indent; no trailing pad.

    A word wider than the line (a long URL) stands whole on its own line, never cut.
    """

    def __init__(self, text: Text, indent: int, hang: int = 0) -> None:
        self.text = text
        self.indent = indent
        self.hang = hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - self.indent - self.hang, 20)
        # laid out as it will be printed (see trialcmp.render.terminal)
        text = safe_text(self.text)
        if console.color_system is None:  # no style reaches the output: one plain segment
            yield Segment(
                "".join(
                    f"{' ' * (self.indent + (self.hang if i else 0))}{line}\n"
                    for i, line in enumerate(_wrapped_plain(text.plain, width))
                )
            )
            return
        for i, line in enumerate(wrapped(text, width)):
            line.rstrip()
            yield Segment(" " * (self.indent + (self.hang if i else 0)))
            # Text.render drops the base style of a text without spans (a dim line would
            # print plain): joining makes the base style a span, as in `_label_lines`
            yield from (Text().join((line,)) if line.style else line).render(console)
            yield Segment.line()


def wrapped(text: Text, width: int) -> list[Text]:
    """`text` wrapped at spaces; a word wider than `width` is kept whole on its own line."""
    out: list[Text] = []
    for paragraph in text.split(allow_blank=True):
        out.extend(paragraph.divide(divide_line(str(paragraph), width, fold=False)))
    return out


def _wrapped_plain(text: str, width: int) -> list[str]:
    """The lines of `wrapped(Text(text), width)`, each without its trailing whitespace."""
    out: list[str] = []
    for paragraph in text.split("\n"):  # Text.split("\n", allow_blank=True)'s lines
        bounds = [0, *divide_line(paragraph, width, fold=False), len(paragraph)]
        out.extend(paragraph[start:end].rstrip() for start, end in pairwise(bounds))
    return out
