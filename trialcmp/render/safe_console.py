"""The Rich side of `trialcmp.render.terminal`: a console that strips escapes from data.

`SafeConsole` cleans every Text it lays out (before the layout) and every segment it prints
(before Rich adds its own styling); `safe_text` is the same cleaning for layouts of our own
that measure text before the console sees it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType
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

    def printed(self, renderable: ConsoleRenderable) -> str:
        """What `print(renderable)` writes, as `capture` gets it.

        Without colour and not on a terminal (NO_COLOR, a pipe), faster: Rich measures
        every line it prints with its own `cell_len`, character by character for a line
        with a dash or a ≥ (a third of `show`'s printing); here a line is measured by
        `render.cells` (the same widths) and left to Rich to crop only when it is too
        wide. No style reaches such output, and control segments are not written.
        """
        plain = self.color_system is None and not self.is_terminal and not self.soft_wrap
        if (
            not plain
            or self._render_hooks
            or self.style is not None
            or isinstance(renderable, Text)
            or not isinstance(renderable, ConsoleRenderable)
        ):
            with self.capture() as captured:
                self.print(renderable)
            return captured.get()
        from trialcmp.render.cells import cell_len

        width = self.width
        options = self.options.update(
            justify=None, overflow=None, height=None, no_wrap=None, markup=None, highlight=None
        )
        out: list[str] = []
        line: list[Segment] = []

        def fitted() -> str:  # the line as Rich crops it to the width (`print`'s crop)
            text = "".join(segment.text for segment in line)
            if cell_len(text) <= width:
                return text
            return "".join(s.text for s in Segment.adjust_line_length(line, width, pad=False))

        for text, style, control in self.render(renderable, options):
            if control:
                continue
            if "\n" in text:
                *heads, text = text.split("\n")
                for head in heads:
                    if not line and cell_len(head) <= width:  # a whole line that fits
                        out.append(head + "\n")
                        continue
                    if head:
                        line.append(Segment(head, style))
                    out.append(fitted() + "\n")
                    line.clear()
            if text:
                line.append(Segment(text, style))
        if line:
            out.append(fitted())
        return "".join(out)
