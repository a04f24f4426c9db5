"""The Rich side of `trialcmp.render.terminal`: a console that strips escapes from data.

`SafeConsole` cleans every Text it lays out (before the layout) and every segment it prints
(before Rich adds its own styling); `safe_text` is the same cleaning for layouts of our own
that measure text before the console sees it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Span, Text

from trialcmp.text import UNSAFE, clean, removed_ranges


def safe_text(text: Text) -> Text:
    """`text` without escape sequences and control characters; styles stay on what stays."""
    plain = text.plain
    if UNSAFE.search(plain) is None:
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
                if segment.control is None and UNSAFE.search(segment.text) is not None:
                    segment = Segment(clean(segment.text), segment.style)
                yield segment
        finally:
            self._cleaning = False
