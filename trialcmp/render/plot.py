"""Reporters for `trialcmp plot`: a text forest plot, JSON, and an image (matplotlib).

matplotlib is an optional extra (`pip install 'trialcmp[plot]'`), imported only when an
image is written; Rich is imported when the text plot is rendered.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialcmp.compare import CAUTION, INCONSISTENT, MARK_MEANINGS, VERIFY
from trialcmp.errors import MissingExtraError, UsageProblem
from trialcmp.estimate import CI_EXACT, CI_REPORTED, PCT_COMPUTED
from trialcmp.plot import ForestPlot, Point
from trialcmp.render.common import to_json
from trialcmp.render.compare import trimmed
from trialcmp.text import clean

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

INSTALL_HINT = "install the plot extra: pip install 'trialcmp[plot]'"
MAX_LABEL_WIDTH = 20
MIN_AXIS_WIDTH = 21
MAX_AXIS_WIDTH = 61
NUMBERS_WIDTH = 34  # room kept for '92% (46/50; 95% CI 81–98‡)'

POINT = "●"
IMAGE_KEY = "● estimate with its 95% CI; ○ estimate without a CI (none given or computable)"
TICK = "·"


def axis_width(width: int, label_width: int) -> int:
    """Characters of the 0–100% axis: 4k+1 (so 25/50/75% fall on a character)."""
    room = width - label_width - NUMBERS_WIDTH - 2
    room = max(MIN_AXIS_WIDTH, min(MAX_AXIS_WIDTH, room))
    return 4 * ((room - 1) // 4) + 1


def position(pct: float, width: int) -> int:
    """The character of the axis that `pct` (0–100) falls on."""
    pct = max(0.0, min(100.0, pct))
    return int(pct / 100.0 * (width - 1) + 0.5)


def axis_line(point: Point, width: int) -> str:
    """'│    ·  ├──●─┤  ·    │': the CI as a bar, the estimate as a dot; │ marks 0% and 100%,
    · marks 25, 50 and 75%."""
    chars = [" "] * width
    quarter = (width - 1) // 4
    for i in range(5):
        chars[i * quarter] = "│" if i in (0, 4) else TICK
    if point.pct is None:
        return "".join(chars)
    if point.lo is not None and point.hi is not None:
        lo, hi = position(point.lo, width), position(point.hi, width)
        for i in range(lo, hi + 1):
            chars[i] = "─"
        if hi > lo:
            chars[lo], chars[hi] = "├", "┤"
    chars[position(point.pct, width)] = POINT
    return "".join(chars)


def scale_line(width: int) -> str:
    """'0%   25%   50%   75%  100%' aligned with the axis (0% and 100% at its ends)."""
    chars = [" "] * width
    quarter = (width - 1) // 4
    placed: list[tuple[int, str]] = []
    for i, text in enumerate(("0%", "25%", "50%", "75%", "100%")):
        at = i * quarter
        placed.append(
            (0 if i == 0 else (width - len(text) if i == 4 else at - len(text) // 2), text)
        )
    if any(b[0] <= a[0] + len(a[1]) for a, b in itertools.pairwise(placed)):
        placed = [placed[0], placed[2], placed[4]]  # too narrow for the quarters
    for start, text in placed:
        chars[start : start + len(text)] = list(text)
    return "".join(chars).rstrip()


def legend_lines(plot: ForestPlot) -> list[str]:
    marks = {m for p in plot.points for m in p.marks}
    lines = [f"{POINT} estimate; ├─┤ 95% CI; a dot alone = no CI given or computable"]
    shown = (CI_EXACT, CI_REPORTED, PCT_COMPUTED, INCONSISTENT, VERIFY)
    lines += [f"{m} = {MARK_MEANINGS[m]}" for m in shown if m in marks]
    if plot.not_reported:
        lines.append(f"Not reporting {plot.metric.label}: " + ", ".join(plot.not_reported))
    lines.append(CAUTION)
    return lines


class ForestText:
    """The forest plot drawn with characters; the axis adapts to the console width."""

    def __init__(self, plot: ForestPlot) -> None:
        self.plot = plot

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from trimmed(console, options, list(self._pieces(options.max_width)))

    def _pieces(self, max_width: int) -> Iterator[Any]:
        from rich.table import Table
        from rich.text import Text

        plot = self.plot
        yield Text(f"{plot.metric.label} — estimate and 95% CI", style="bold")
        if not plot.points:
            yield Text(f"No trial reports {plot.metric.label}.")
            yield from (Text(line, style="dim") for line in legend_lines(plot))
            return
        label_width = min(MAX_LABEL_WIDTH, max(len(p.label) for p in plot.points))
        width = axis_width(max_width, label_width)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=label_width, overflow="ellipsis", no_wrap=True)
        grid.add_column(width=width, no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(Text(""), Text(scale_line(width)), Text(""))
        for point in plot.points:
            drawn = Text(axis_line(point, width))
            numbers = Text(point.text, style="" if point.pct is not None else "dim")
            grid.add_row(Text(point.label), drawn, numbers)
        yield grid
        yield from (Text(line, style="dim") for line in legend_lines(plot))


def as_text(plot: ForestPlot) -> RenderableType:
    return ForestText(plot)


def as_json(plot: ForestPlot) -> str:
    return to_json(plot.as_dict())


REPORTERS: dict[str, Callable[[ForestPlot], Any]] = {
    "text": as_text,
    "json": as_json,
}


# ---------------------------------------------------------------- image


def require_matplotlib() -> None:
    """Raise MissingExtraError (exit 2) when matplotlib is not installed."""
    try:
        import matplotlib.figure  # noqa: F401
    except ImportError:
        raise MissingExtraError(
            "writing an image (--out) needs matplotlib, which is not installed",
            hint=INSTALL_HINT,
        ) from None


def draw(plot: ForestPlot) -> Any:
    """A matplotlib Figure of the plot (no pyplot, no global state).

    Sizes are in inches so that the footer (legend and caution) never overlaps the axis.
    """
    require_matplotlib()
    import textwrap

    from matplotlib.figure import Figure

    points = plot.points
    rows = max(1, len(points))
    footer = [
        wrapped
        for line in [IMAGE_KEY, *legend_lines(plot)[1:]]
        for wrapped in textwrap.wrap(clean(line), 150, subsequent_indent="   ")
    ]
    top, body, axis, foot = 0.45, 0.42 * rows + 0.3, 0.65, 0.13 * len(footer) + 0.15
    height = top + body + axis + foot
    fig = Figure(figsize=(10.0, height))
    fig.subplots_adjust(left=0.17, right=0.6, top=1 - top / height, bottom=(axis + foot) / height)
    ax = fig.add_subplot()
    for i, point in enumerate(points):
        y = rows - 1 - i
        if point.pct is None:
            ax.text(1, y, "not reported", va="center", fontsize=8, color="grey")
            ax.text(101.5, y, clean(point.text), va="center", fontsize=8, clip_on=False)
            continue
        if point.lo is not None and point.hi is not None:
            err = [[max(0.0, point.pct - point.lo)], [max(0.0, point.hi - point.pct)]]
            ax.errorbar(
                [point.pct],
                [y],
                xerr=err,
                fmt="o",
                color="black",
                ecolor="black",
                capsize=3,
                linestyle="none",
            )
        else:
            ax.plot([point.pct], [y], "o", markerfacecolor="white", markeredgecolor="black")
        ax.text(101.5, y, clean(point.text), va="center", fontsize=8, clip_on=False)
    ax.set_yticks(range(rows))
    ax.set_yticklabels([clean(p.label) for p in reversed(points)] if points else [""])
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, rows - 0.4)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(f"{clean(plot.metric.label)} (%)", fontsize=9)
    ax.grid(axis="x", color="0.9")
    ax.set_title(f"{clean(plot.metric.label)}: estimate and 95% CI", fontsize=10)
    fig.text(0.01, 0.1 / height, "\n".join(footer), fontsize=6.5, va="bottom", color="0.25")
    return fig


def write_image(plot: ForestPlot, path: Path, kind: str, *, force: bool = False) -> None:
    """Write the plot to `path` as `kind` (svg/png); never overwrite unless `force`.

    Without `force` the file is created exclusively (an existing file makes it fail, even
    one that appeared after the check); with `force` the image is written to a temporary
    file in the same folder that then replaces `path`. A failed write leaves nothing behind.
    """
    fig = draw(plot)
    if not force:
        try:
            fh = path.open("xb")
        except FileExistsError:
            raise UsageProblem(
                f"{str(path)!r} already exists; nothing was written",
                hint="pass --force to overwrite it, or choose another --out file",
            ) from None
        try:
            with fh:
                fig.savefig(fh, format=kind, metadata=_metadata(kind), **_resolution(kind))
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return
    fd, tmp_name = tempfile.mkstemp(prefix=".trialcmp-", suffix=f".{kind}", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            fig.savefig(out, format=kind, metadata=_metadata(kind), **_resolution(kind))
        # the replaced file keeps its mode; a new one gets the usual mode (umask applied)
        tmp.chmod(_mode_for(path))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


#: PNG pixels per inch: the 10-inch-wide figure is 1,600 pixels wide
PNG_DPI = 160


def _resolution(kind: str) -> dict[str, Any]:
    return {"dpi": PNG_DPI} if kind == "png" else {}


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _metadata(kind: str) -> dict[str, Any]:
    """No creation date in SVGs, so the same plot gives the same file."""
    if kind == "svg":
        return {"Date": None}
    return {"Software": "trialcmp"}
