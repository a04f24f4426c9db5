"""Where output meets the terminal: text from data files is made safe here, and only here.

Renderers build `rich.text.Text` (literal: Rich markup in data is never interpreted) and
plain strings straight from the data; they do not clean anything. What they produce is
printed through `console()` or written by `write()`:

- `SafeConsole` strips terminal escape sequences and control characters (`trialcmp.text.
  clean`) from every Text it lays out, before the layout (so wrapping and column widths
  are those of what is printed), and from every segment it prints, before Rich adds its
  own styling (so colour still works, and nothing a renderer yields directly escapes).
- `write()` does the same for the plain writers' output (CSV, Markdown, JSON, YAML,
  validate's text and GitHub formats). JSON escapes control characters itself, so it
  passes unchanged.

Layouts of our own (`render/layout.py`, `render/outline.py`) measure text before Rich sees
it; they take their cells through `safe_text`, or leave a label with control characters to
Rich (and so to this console).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Iterable
from typing import IO

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Span, Text

from trialcmp.text import clean, removed_ranges

#: what `clean` removes starts with one of these characters
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: Text) -> Text:
    """`text` without escape sequences and control characters; styles stay on what stays."""
    plain = text.plain
    if _UNSAFE.search(plain) is None:
        return text
    cuts = removed_ranges(plain)
    starts = [start for start, _ in cuts]
    before = [0]  # characters removed before each cut
    for start, end in cuts:
        before.append(before[-1] + end - start)

    def moved(offset: int) -> int:
        k = bisect_right(starts, offset) - 1
        if k < 0:
            return offset
        start, end = cuts[k]
        if offset < end:  # inside a removed range: where it was
            return start - before[k]
        return offset - before[k + 1]

    kept = []
    at = 0
    for start, end in cuts:
        kept.append(plain[at:start])
        at = end
    kept.append(plain[at:])
    spans = [Span(moved(s.start), moved(s.end), s.style) for s in text.spans]
    return Text(
        "".join(kept),
        style=text.style,
        justify=text.justify,
        overflow=text.overflow,
        no_wrap=text.no_wrap,
        end=text.end,
        tab_size=text.tab_size,
        spans=[s for s in spans if s.end > s.start],
    )


class SafeConsole(Console):
    """A Console that never prints an escape sequence or control character from data."""

    _cleaning = False  # an outer `render` is cleaning every segment

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = safe_text(renderable)
        if self._cleaning:
            yield from super().render(renderable, options)
            return
        self._cleaning = True
        try:
            for segment in super().render(renderable, options):
                if segment.control is None and _UNSAFE.search(segment.text) is not None:
                    segment = Segment(clean(segment.text), segment.style)
                yield segment
        finally:
            self._cleaning = False


def console(file: IO[str], *, width: int | None, soft_wrap: bool) -> SafeConsole:
    """The console every command prints through (stdout or stderr)."""
    return SafeConsole(file=file, width=width, soft_wrap=soft_wrap, highlight=False)


def write(text: str, file: IO[str] | None = None) -> None:
    """Write a plain writer's output (CSV, Markdown, JSON, YAML, text) safely."""
    out = file if file is not None else sys.stdout
    out.write(clean(text) if _UNSAFE.search(text) is not None else text)
    out.flush()
