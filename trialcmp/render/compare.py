"""Reporters for `trialcmp compare`: table (side by side, or stacked when narrow), Markdown,
CSV and JSON. All four carry the same rows, cells, footnotes and legend.

Rich is imported inside functions: this module is imported at CLI start-up for its
registry of format names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from trialcmp.compare import DIFFERS, VALUE, Cell, Comparison, Footnote, Row, Section
from trialcmp.render.common import md_escape, to_csv, to_json
from trialcmp.text import clean

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table

#: Narrowest trial column of the side-by-side table; below it the landscape layout.
MIN_TRIAL_WIDTH = 14
#: The attribute column's width is its longest label, capped here (longer labels wrap).
MAX_LABEL_WIDTH = 16
MIN_LABEL_WIDTH = 10


def cell_text(cell: Cell) -> str:
    """The cell as shown: its text, its report tag and its footnote markers."""
    text = cell.text
    if cell.report:
        text += f" ‹{cell.report}›"
    if cell.sources:
        text += " " + "".join(f"[{n}]" for n in cell.sources)
    return clean(text)


def trial_heading(comparison: Comparison, index: int) -> str:
    trial = comparison.trials[index]
    return f"{trial.id} · {trial.short_name}" if trial.short_name else trial.id


def footnote_text(note: Footnote) -> str:
    text = note.citation
    extra = [f"doi:{note.doi}" if note.doi else "", note.url or ""]
    extra = [e for e in extra if e]
    if extra:
        text += " — " + "; ".join(extra)
    return clean(text)


# ---------------------------------------------------------------- table


def trimmed(console: Console, options: ConsoleOptions, pieces: list[Any]) -> RenderResult:
    """Render `pieces` line by line without the trailing blanks Rich pads table cells with."""
    from rich.segment import Segment

    for piece in pieces:
        for line in console.render_lines(piece, options, pad=False):
            segments = list(line)
            while segments and not segments[-1].control and not segments[-1].text.strip():
                segments.pop()
            if segments and not segments[-1].control:
                last = segments[-1]
                segments[-1] = Segment(last.text.rstrip(), last.style, last.control)
            yield from segments
            yield Segment.line()


class CompareTable:
    """Side by side when every trial column gets MIN_TRIAL_WIDTH characters, else stacked.

    The choice is made at render time from the console width (COLUMNS), so the reporter
    stays a pure function of the comparison.
    """

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison

    def label_width(self) -> int:
        longest = max((len(r.label) for _, r in self.comparison.rows()), default=0)
        return max(MIN_LABEL_WIDTH, min(MAX_LABEL_WIDTH, longest))

    def trial_width(self, width: int) -> int:
        n = len(self.comparison.trials)
        columns = n + 2  # marker, label, trials
        padding = 2 * columns - 2  # one space each side of every column but the edges
        return (width - 1 - self.label_width() - padding) // n

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.side_by_side_fits(width):
            pieces = [*self._side_by_side(width), *self._notes(width)]
        else:
            pieces = [*self._landscape(width), *self._notes(width)]
        yield from trimmed(console, options, pieces)

    def side_by_side_fits(self, width: int) -> bool:
        """Side by side while every trial column keeps MIN_TRIAL_WIDTH characters and no
        word of any cell has to break."""
        if self.trial_width(width) < MIN_TRIAL_WIDTH:
            return False
        # the grid wraps at spaces only: every word of every cell must fit its column
        longest = max(
            (
                len(word)
                for _, row in self.comparison.rows()
                for c in row.cells
                for word in cell_text(c).split()
            ),
            default=0,
        )
        heads = [t.id for t in self.comparison.trials]
        label_words = [len(w) for _, row in self.comparison.rows() for w in row.label.split()]
        if max(label_words, default=0) > self.label_width():
            return False
        return max([longest, *map(len, heads)]) <= self.trial_width(width)

    def _landscape(self, width: int) -> Iterator[Any]:
        """One row per trial, one column per field, section by section (as review papers
        print their tables); a section with more fields than fit continues in a second
        table. Said in a line first: the layout never changes silently."""
        from rich.text import Text

        from trialcmp.render.layout import GAP, Column, Table, min_width

        comparison = self.comparison
        n = len(comparison.trials)
        yield Text(
            f"{n} trials do not fit side by side at {width} columns: landscape layout, one row"
            " per trial and one column per field, section by section. A wider terminal"
            " (COLUMNS) shows them side by side; --format csv or json has every value.",
            style="italic",
        )
        if not comparison.sections:
            yield Text(self._empty_message())
            return
        names = [trial_heading(comparison, i).replace(" · ", "\n") for i in range(n)]
        first = max(min_width(name) for name in names)
        for section in comparison.sections:
            yield self._rule(section.title)
            chunks: list[list[int]] = [[]]
            used = first
            for k, row in enumerate(section.rows):
                need = max(
                    [max((len(w) for w in row.label.split()), default=0)]
                    + [min_width(cell_text(c)) for c in row.cells]
                    + [12]
                )
                if chunks[-1] and used + GAP + need > width:
                    chunks.append([])
                    used = first
                chunks[-1].append(k)
                used += GAP + need
            for part, keys in enumerate(chunks):
                columns = [Column("Trial", nowrap=True)]
                columns += [
                    Column(
                        (DIFFERS + " " if section.rows[k].differs else "") + section.rows[k].label
                    )
                    for k in keys
                ]
                rows = [
                    [Text(names[i], style="bold")]
                    + [self._cell(section.rows[k].cells[i]) for k in keys]
                    for i in range(n)
                ]
                if part:
                    yield Text(f"{section.title} (continued)", style="dim")
                yield Table(columns, rows, separate_rows=True, width=width)
            yield from self._caution(section)

    # -- pieces

    def _grid(self, trial_columns: int, trial_width: int) -> Table:
        from rich.table import Table

        grid = Table(
            box=None,
            show_header=False,
            padding=(0, 1),
            pad_edge=False,
            expand=False,
            collapse_padding=False,
        )
        grid.add_column(width=1, no_wrap=True)
        grid.add_column(width=self.label_width(), overflow="fold")
        for _ in range(trial_columns):
            grid.add_column(width=trial_width, overflow="fold")
        return grid

    @staticmethod
    def _label(row: Row) -> list[Any]:
        from rich.text import Text

        marker = Text(DIFFERS if row.differs else " ")
        label = Text(row.label, style="bold" if row.differs else "")
        return [marker, label]

    @staticmethod
    def _cell(cell: Cell) -> Any:
        from rich.text import Text

        style = "" if cell.kind == VALUE else "dim italic"
        return Text(cell_text(cell), style=style)

    @staticmethod
    def _rule(title: str, character: str = "─") -> Any:
        from rich.rule import Rule

        return Rule(title, align="left", characters=character, style="")

    def _caution(self, section: Section) -> Iterator[Any]:
        from rich.text import Text

        if section.note:
            yield Text(section.note, style="italic")

    def _side_by_side(self, width: int) -> Iterator[Any]:
        from rich.text import Text

        comparison = self.comparison
        trial_width = self.trial_width(width)
        head = self._grid(len(comparison.trials), trial_width)
        head.add_row(Text(""), Text(""), *(Text(t.id, style="bold") for t in comparison.trials))
        if any(t.short_name for t in comparison.trials):
            head.add_row(Text(""), Text(""), *(Text(t.short_name or "") for t in comparison.trials))
        yield head
        if not comparison.sections:
            yield Text(self._empty_message())
        for section in comparison.sections:
            yield self._rule(section.title)
            grid = self._grid(len(comparison.trials), trial_width)
            for row in section.rows:
                grid.add_row(*self._label(row), *(self._cell(c) for c in row.cells))
            yield grid
            yield from self._caution(section)

    def _stacked(self, width: int) -> Iterator[Any]:
        from rich.text import Text

        comparison = self.comparison
        value_width = max(8, width - 1 - self.label_width() - 4)
        if not comparison.sections:
            yield Text(self._empty_message())
            return
        for index in range(len(comparison.trials)):
            yield self._rule(trial_heading(comparison, index), "═")
            for section in comparison.sections:
                yield self._rule(section.title)
                grid = self._grid(1, value_width)
                for row in section.rows:
                    grid.add_row(*self._label(row), self._cell(row.cells[index]))
                yield grid
                yield from self._caution(section)

    def _empty_message(self) -> str:
        if self.comparison.diff_only:
            return "The trials do not differ in the selected sections."
        return "Nothing to compare."

    def _notes(self, width: int) -> Iterator[Any]:
        from rich.text import Text

        comparison = self.comparison
        if comparison.footnotes:
            from trialcmp.render.outline import Indented

            yield self._rule("Sources")
            for note in comparison.footnotes:
                mark = f"[{note.number}] "
                # wraps at spaces; a URL wider than the line stays whole
                yield Indented(Text(mark + footnote_text(note)), 0, len(mark))
        yield self._rule("Legend")
        for line in comparison.legend:
            yield Text(line, style="dim")


def as_table(comparison: Comparison) -> RenderableType:
    return CompareTable(comparison)


# ---------------------------------------------------------------- markdown


def _md(text: str) -> str:
    """Markdown-safe cell text: pipes, backslashes, emphasis characters, newlines.

    Footnote markers like [1] stay as they are: without a link definition they are text.
    """
    escaped = md_escape(text)
    for char in ("*", "_"):
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def as_markdown(comparison: Comparison) -> str:
    heads = [trial_heading(comparison, i) for i in range(len(comparison.trials))]
    lines = ["## Trial comparison: " + _md(" vs ".join(heads)), ""]
    if not comparison.sections:
        lines += [
            "The trials do not differ in the selected sections."
            if comparison.diff_only
            else "Nothing to compare.",
            "",
        ]
    for section in comparison.sections:
        lines += [f"### {_md(section.title)}", ""]
        lines.append("| Attribute | " + " | ".join(_md(h) for h in heads) + " |")
        lines.append("|---" * (len(heads) + 1) + "|")
        for row in section.rows:
            label = _md(row.label)
            if row.differs:
                label = f"**{label}** {DIFFERS}"
            cells = " | ".join(_md(cell_text(c)) for c in row.cells)
            lines.append(f"| {label} | {cells} |")
        lines.append("")
        if section.note:
            lines += [f"*{_md(section.note)}*", ""]
    if comparison.footnotes:
        lines += ["### Sources", ""]
        lines += [f"- [{n.number}] {_md(footnote_text(n))}" for n in comparison.footnotes]
        lines.append("")
    lines += ["### Legend", ""]
    lines += [f"- {_md(line)}" for line in comparison.legend]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- csv and json


def as_csv(comparison: Comparison) -> str:
    """One row per attribute; then the caution, the sources and the legend as extra rows
    (section 'Note' / 'Sources' / 'Legend'), so the file stays one rectangular table."""
    header = ["section", "attribute", "differs", *(t.id for t in comparison.trials)]
    blanks = [""] * (len(comparison.trials) - 1)
    rows: list[list[object]] = []
    for section in comparison.sections:
        for row in section.rows:
            rows.append(
                [
                    section.title,
                    row.label,
                    "yes" if row.differs else "no",
                    *(cell_text(c) for c in row.cells),
                ]
            )
    for section in comparison.sections:
        if section.note:
            rows.append(["Note", section.title, "", section.note, *blanks])
    for note in comparison.footnotes:
        rows.append(["Sources", f"[{note.number}]", "", footnote_text(note), *blanks])
    for line in comparison.legend:
        rows.append(["Legend", "", "", line, *blanks])
    return to_csv(header, rows)


def as_json(comparison: Comparison) -> str:
    return to_json(comparison.as_dict())


REPORTERS: dict[str, Callable[[Comparison], Any]] = {
    "table": as_table,
    "markdown": as_markdown,
    "csv": as_csv,
    "json": as_json,
}
