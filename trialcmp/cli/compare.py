"""`compare` and `plot`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import typer

from trialcmp.choices import SECTION_NAMES
from trialcmp.cli.app import app, collection_of, emit, format_choices, format_option, note
from trialcmp.errors import UsageProblem
from trialcmp.metrics import METRICS
from trialcmp.render.registry import reporter

if TYPE_CHECKING:  # the real choices are built from the reporter registries below
    CompareFormat: TypeAlias = Enum
    PlotFormat: TypeAlias = Enum
else:
    CompareFormat = format_choices("CompareFormat", "compare")
    PlotFormat = format_choices("PlotFormat", "plot")

METRIC_HELP = "; ".join(f"{m.key} = {m.label}" for m in METRICS.values())


@app.command(
    "compare",
    epilog=(
        "Examples:\n\n"
        "  trialcmp compare NCT07003555 ChiCTR2000033567\n\n"
        "  trialcmp compare bc19 ide-cel cilta-cel --section efficacy --section safety\n\n"
        "  trialcmp compare BC19 KarMMa --diff --format markdown > comparison.md"
    ),
)
def compare_cmd(
    ctx: typer.Context,
    trial_ids: list[str] | None = typer.Argument(
        None,
        metavar="ID…",
        help="Two or more registry IDs, short names or aliases (any case).",
        show_default=False,
    ),
    sections: list[str] | None = typer.Option(
        None,
        "--section",
        "-s",
        metavar="NAME",
        help="Only this section (repeatable, any case): " + ", ".join(SECTION_NAMES) + ".",
        show_default=False,
    ),
    diff: bool = typer.Option(False, "--diff", help="Only the rows where the trials differ."),
    fmt: CompareFormat = format_option("table", "the comparison"),
) -> None:
    """Trials side by side: one column per trial, one row per attribute, in sections.

    Proportions read 92% (46/50; 95% CI 81–98‡): ‡ = exact Clopper–Pearson interval
    computed from n/N, † = interval as the source reports it. [n] marks the source of each
    value (listed under the table); rows marked ≠ differ between the trials. When more
    trials are asked for than fit side by side, the output says so and prints a landscape
    layout: one row per trial, one column per field, section by section.
    """
    from trialcmp.compare import build_comparison, resolve_sections

    queries = list(trial_ids or [])
    if len(queries) < 2:
        raise UsageProblem(
            "compare needs at least two trials"
            + (f" (got only {queries[0]!r})" if queries else ""),
            hint="use `trialcmp show ID` to see one trial; `trialcmp list` lists them all",
        )
    chosen = resolve_sections(sections or [])
    trials = collection_of(ctx, named=queries).select(queries)
    if len(trials) < 2:
        raise UsageProblem(
            "compare needs at least two different trials: "
            + ", ".join(repr(q) for q in queries)
            + f" all name {trials[0].id}",
            hint="use `trialcmp show ID` to see one trial",
        )
    comparison = build_comparison(trials, chosen, diff_only=diff)
    emit(reporter("compare", fmt.value)(comparison))


@app.command(
    "plot",
    epilog=(
        "Examples:\n\n"
        "  trialcmp plot orr\n\n"
        "  trialcmp plot crs3 BC19 KarMMa cilta-cel\n\n"
        "  trialcmp plot mrd --out mrd.svg"
    ),
)
def plot_cmd(
    ctx: typer.Context,
    metric: str = typer.Argument(..., metavar="METRIC", help="One of: " + METRIC_HELP + "."),
    trial_ids: list[str] | None = typer.Argument(
        None,
        metavar="[ID…]",
        help="Trials to plot (default: every trial that reports the metric).",
        show_default=False,
    ),
    out: Path | None = typer.Option(
        None,
        "--out",
        "-o",
        metavar="FILE",
        help="Write the plot as an image (.svg or .png) instead of drawing it in the terminal."
        " Needs matplotlib: pip install 'trialcmp[plot]'.",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --out file."),
    fmt: PlotFormat = format_option("text", "the plot (with --out, only json is printed)"),
) -> None:
    """A forest plot of one metric across trials: point estimate and 95% CI, with n/N.

    The interval is the exact Clopper–Pearson CI from n/N (‡) when the source gives counts,
    else the source's own CI (†); a point without counts or CI is drawn without an interval.
    """
    from trialcmp.plot import forest_plot, image_format, resolve_metric
    from trialcmp.render import plot as plot_render

    chosen = resolve_metric(metric)
    kind = None
    if out is not None:
        kind = image_format(out, force=force)
        plot_render.require_matplotlib()
    collection = collection_of(ctx, named=trial_ids or ())
    trials = collection.select(list(trial_ids)) if trial_ids else list(collection)
    plot = forest_plot(trials, chosen, explicit=bool(trial_ids))
    if out is not None and kind is not None:
        plot_render.write_image(plot, out, kind, force=force)
        note(f"wrote {out} ({len(plot.points)} trial(s))")
        if fmt.value == "json":
            emit(reporter("plot", "json")(plot))
        return
    emit(reporter("plot", fmt.value)(plot))
