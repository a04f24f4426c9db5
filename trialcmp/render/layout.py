"""Tables that never break a word: our own column layout, rendered through Rich.

Rich's table folds a word that is wider than its column ("CARTITUD|E-1"). This layout
never does: a cell wraps only at a space, or after a ``/`` or a ``-`` (kept at the end of
the line); a column is never narrower than its widest unbreakable piece. When the columns
do not fit the width, a header first takes its abbreviation from a fixed legend (an
abbreviation ends in ``.``), then columns are dropped, lowest priority first, and a footer
names what was dropped and how to see it. Nothing invisible is ever inserted, and no line
ends in spaces.

`Table` is a Rich renderable: the width comes from the console at print time, so
reporters stay pure and do not need to know the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from trialcmp.render.cells import cell_len
from trialcmp.render.safe_console import safe_text
from trialcmp.text import clean

GAP = 2
#: a word may break just after "/" or "-" between two letters, when at least two
#: characters follow ("BCMA/ GPRC5D", "anti- BCMA"; not "46/ 50", "CAR- T", "2020- 11")
_BREAK = re.compile(r"(?<=[^\W\d_][/\-])(?=[^\W\d_][^\s/\-])")


def pieces(text: str) -> list[str]:
    """The unbreakable pieces of one line of text, in order (spaces between are dropped)."""
    return [piece for word in text.split() for piece in _BREAK.split(word)]


def min_width(text: str) -> int:
    """The narrowest width `text` can wrap to without breaking a piece."""
    return max((cell_len(p) for line in text.split("\n") for p in pieces(line)), default=0)


def natural_width(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def wrap(text: str, width: int) -> list[str]:
    """`text` wrapped to `width` at spaces and after "/" or "-"; a piece is never split."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            for k, piece in enumerate(_BREAK.split(word)):
                joiner = " " if k == 0 and line else ""
                if line and cell_len(line) + cell_len(joiner) + cell_len(piece) > width:
                    out.append(line)
                    line = piece
                else:
                    line += joiner + piece
        out.append(line)
    return out


@dataclass(frozen=True)
class Column:
    """A table column.

    `priority` 0 is never dropped; otherwise the highest number is dropped first.
    `abbrev` is the header's abbreviation (ending in "."), used when space is short;
    `legend` explains it in the footer.
    """

    header: str
    priority: int = 0
    abbrev: str | None = None
    legend: str | None = None
    justify: str = "left"
    style: str = ""
    #: never wrapped (IDs): the column is as wide as its widest cell
    nowrap: bool = False


@dataclass
class Table:
    """Rows of cells (text or `rich.text.Text`) laid out to the console's width."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[Text | str]]
    #: lines printed under the table (whatever the width)
    notes: Sequence[str] = ()
    #: how to get a dropped column back, e.g. "use a wider terminal or --format csv"
    dropped_hint: str = "widen the terminal (COLUMNS), or use --format csv or json"
    #: a blank line between rows when a row spans several lines
    separate_rows: bool = False
    header_style: str = "bold"
    width: int | None = None
    last_dropped: list[str] = field(default_factory=list)

    def lines(self, width: int) -> list[Text]:
        """The table as lines of at most `width` cells (a piece wider than that aside)."""
        # measured as they will be printed: what the console would strip is stripped first
        cells = [
            [safe_text(c if isinstance(c, Text) else Text(c)) for c in row] for row in self.rows
        ]
        keep = list(range(len(self.columns)))
        headers = [clean(c.header) for c in self.columns]

        def mins(index: int) -> int:
            measure = natural_width if self.columns[index].nowrap else min_width
            found = [max((cell_len(w) for w in headers[index].split()), default=0)]
            found += [measure(row[index].plain) for row in cells if index < len(row)]
            return max(found)

        def total(indexes: list[int]) -> int:
            return sum(mins(i) for i in indexes) + GAP * max(len(indexes) - 1, 0)

        abbreviated: list[int] = []
        if total(keep) > width:  # abbreviate headers wider than their cells first
            for i in keep:
                column = self.columns[i]
                if column.abbrev and min_width(column.header) > max(
                    [min_width(r[i].plain) for r in cells if i < len(r)] or [0]
                ):
                    headers[i] = column.abbrev
                    abbreviated.append(i)
        dropped: list[int] = []
        while total(keep) > width:
            candidates = [i for i in keep if self.columns[i].priority > 0]
            if not candidates:
                break
            worst = max(candidates, key=lambda i: (self.columns[i].priority, i))
            keep.remove(worst)
            dropped.append(worst)
        self.last_dropped = [self.columns[i].header for i in sorted(dropped)]

        widths = {i: mins(i) for i in keep}
        naturals = {
            i: max(
                [natural_width(headers[i])]
                + [natural_width(r[i].plain) for r in cells if i < len(r)]
            )
            for i in keep
        }
        spare = width - total(keep)
        widths = self._share(cells, headers, keep, widths, naturals, spare)

        out: list[Text] = []
        head = [Text(headers[i], style=self.header_style) for i in keep]
        out.extend(self._row(head, keep, widths))
        rule = (" " * GAP).join("─" * widths[i] for i in keep)
        out.append(Text(rule, style="dim"))
        rendered = [
            self._row([r[i] if i < len(r) else Text("") for i in keep], keep, widths) for r in cells
        ]
        tall = self.separate_rows and any(len(lines) > 1 for lines in rendered)
        for n, lines in enumerate(rendered):
            if tall and n:
                out.append(Text(""))
            out.extend(lines)
        footer: list[str] = []
        legend = [
            f"{self.columns[i].abbrev} = {self.columns[i].legend or self.columns[i].header}"
            for i in abbreviated
            if i in keep
        ]
        if legend:
            footer.append("; ".join(legend) + ".")
        if dropped:
            names = ", ".join(self.columns[i].header for i in sorted(dropped))
            footer.append(f"Not shown at {width} columns: {names} ({self.dropped_hint}).")
        for line in [*footer, *self.notes]:
            out.extend(Text(part, style="dim") for part in wrap(line, max(width, 20)))
        return out

    @staticmethod
    def _share(
        cells: list[list[Text]],
        headers: list[str],
        keep: list[int],
        widths: dict[int, int],
        naturals: dict[int, int],
        spare: int,
    ) -> dict[int, int]:
        """Give the spare width where it saves most lines: greedy over each column's widths
        at which one of its cells fits on one line."""
        cache: dict[tuple[int, int], list[int]] = {}

        def heights(i: int, w: int) -> list[int]:
            if (i, w) not in cache:
                texts = [headers[i]] + [r[i].plain if i < len(r) else "" for r in cells]
                cache[i, w] = [len(wrap(x, w)) for x in texts]
            return cache[i, w]

        def cost(ws: dict[int, int]) -> int:
            columns = [heights(i, ws[i]) for i in keep]
            return sum(max(rows) for rows in zip(*columns, strict=True))

        candidates = {
            i: sorted({natural_width(r[i].plain) for r in cells if i < len(r)} | {naturals[i]})
            for i in keep
        }
        current = cost(widths)
        while spare > 0:
            best: tuple[float, int, Any] | None = None
            for i in keep:
                for w in candidates[i]:
                    extra = w - widths[i]
                    if extra <= 0 or extra > spare:
                        continue
                    saved = current - cost({**widths, i: w})
                    if saved > 0 and (best is None or saved / extra > best[0]):
                        best = (saved / extra, i, w)
            if best is None:  # no one column saves a line alone: try two together
                best = _pair(keep, candidates, widths, spare, current, cost)
            if best is None:
                break
            _, i, w = best
            if isinstance(w, tuple):
                (i, wi), (j, wj) = w
                spare -= wi - widths[i] + wj - widths[j]
                widths[i], widths[j] = wi, wj
                current = cost(widths)
                continue
            spare -= w - widths[i]
            widths[i] = w
            current = cost(widths)
        # what is left makes whole the cells that need least (fewer breaks inside a cell)
        for i in sorted(keep, key=lambda i: (naturals[i] - widths[i], i)):
            need = naturals[i] - widths[i]
            if 0 < need <= spare:
                widths[i] += need
                spare -= need
        # and the rest goes to the column that is furthest from fitting its cells
        short = [i for i in keep if naturals[i] > widths[i]]
        if spare > 0 and short:
            widest = max(short, key=lambda i: (naturals[i] - widths[i], -i))
            widths[widest] += min(spare, naturals[widest] - widths[widest])
        return widths

    def _row(self, row: Sequence[Text], keep: list[int], widths: dict[int, int]) -> list[Text]:
        wrapped = [wrap(cell.plain, widths[i]) for cell, i in zip(row, keep, strict=True)]
        height = max((len(w) for w in wrapped), default=1)
        lines: list[Text] = []
        for n in range(height):
            line = Text()
            for k, (cell, i) in enumerate(zip(row, keep, strict=True)):
                part = wrapped[k][n] if n < len(wrapped[k]) else ""
                pad = widths[i] - cell_len(part)
                if k:
                    line.append(" " * GAP)
                style = cell.style if isinstance(cell.style, str | Style) else ""
                column_style = self.columns[i].style
                if self.columns[i].justify == "right":
                    line.append(" " * pad)
                    line.append(part, style=style or column_style)
                else:
                    line.append(part, style=style or column_style)
                    line.append(" " * pad)
            line.rstrip()
            lines.append(line)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = self.width or options.max_width
        for line in self.lines(width):
            yield from line.render(console)
            yield Segment.line()


def _pair(
    keep: list[int],
    candidates: dict[int, list[int]],
    widths: dict[int, int],
    spare: int,
    current: int,
    cost: Callable[[dict[int, int]], int],
) -> tuple[float, int, Any] | None:
    best: tuple[float, int, Any] | None = None
    for a, i in enumerate(keep):
        for j in keep[a + 1 :]:
            for wi in candidates[i]:
                for wj in candidates[j]:
                    extra = wi - widths[i] + wj - widths[j]
                    if wi <= widths[i] or wj <= widths[j] or extra > spare:
                        continue
                    saved = current - cost({**widths, i: wi, j: wj})
                    if saved > 0 and (best is None or saved / extra > best[0]):
                        best = (saved / extra, i, ((i, wi), (j, wj)))
    return best
