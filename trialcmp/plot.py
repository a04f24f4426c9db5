"""`plot`: the data of a forest plot of one metric across trials.

Per trial: the point estimate (the source's percentage, else n/N), the 95% CI — exact
Clopper–Pearson from n/N when the source gives counts, else the source's own interval, else
none — the counts and the report it comes from (the latest report that states the metric).
Drawing is done by `trialcmp.render.plot` (text, or an image with the optional matplotlib).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trialcmp.collection import Trial
from trialcmp.compare import proportion_text
from trialcmp.errors import UsageProblem
from trialcmp.estimate import estimate
from trialcmp.formatting import missing
from trialcmp.landscape import headline_reports
from trialcmp.metrics import METRICS, Metric
from trialcmp.model import Proportion, Report, get

IMAGE_FORMATS = ("svg", "png")


@dataclass(frozen=True)
class Point:
    """One trial's line of the plot. `pct` is None when the trial does not report it."""

    trial: str
    label: str
    text: str
    pct: float | None = None
    pct_source: str | None = None  # "reported" | "computed"
    lo: float | None = None
    hi: float | None = None
    ci_source: str | None = None  # "exact" | "reported" | None
    n: int | None = None
    total: int | None = None
    report: str | None = None
    marks: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "trial": self.trial,
            "label": self.label,
            "pct": self.pct,
            "pct_source": self.pct_source,
            "ci95": None if self.lo is None else [self.lo, self.hi],
            "ci_source": self.ci_source,
            "n": self.n,
            "N": self.total,
            "report": self.report,
            "text": self.text,
        }


@dataclass(frozen=True)
class ForestPlot:
    metric: Metric
    points: tuple[Point, ...]
    not_reported: tuple[str, ...] = ()  # trials left out because they do not report it

    @property
    def drawn(self) -> tuple[Point, ...]:
        return tuple(p for p in self.points if p.pct is not None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric.key,
            "label": self.metric.label,
            "points": [p.as_dict() for p in self.points],
            "not_reported": list(self.not_reported),
        }


def resolve_metric(name: str) -> Metric:
    wanted = name.strip().casefold()
    for metric in METRICS.values():
        if wanted == metric.key or wanted in metric.aliases:
            return metric
    raise UsageProblem(
        f"unknown metric {name!r}",
        hint="valid metrics: " + "; ".join(f"{m.key} ({m.label})" for m in METRICS.values()),
    )


def image_format(path: Path, *, force: bool = False) -> str:
    """'svg' or 'png' from the file name; refuse an existing file unless `force`."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in IMAGE_FORMATS:
        raise UsageProblem(
            f"cannot write {str(path)!r}: the image must end in .svg or .png",
            hint="e.g. --out orr.svg",
        )
    if path.exists() and not force:
        raise UsageProblem(
            f"{str(path)!r} already exists; nothing was written",
            hint="pass --force to overwrite it, or choose another --out file",
        )
    if path.is_dir():
        raise UsageProblem(f"{str(path)!r} is a folder, not an image file")
    folder = path.parent
    if not folder.is_dir():
        raise UsageProblem(
            f"cannot write {str(path)!r}: the folder {str(folder)!r} does not exist",
            hint=f"create it first (mkdir -p {folder}) or choose another --out file",
        )
    return kind


def _latest(trial: Trial, metric: Metric) -> tuple[Any, Report | None]:
    """The metric from the latest report that states it; else a 'not applicable' or None."""
    fallback: Any = None
    for report in headline_reports(trial.record):
        value: Any = get(report, metric.block)
        for key in metric.path:
            value = get(value, key)
        if isinstance(value, Proportion):
            return value, report
        if value is not None and fallback is None:
            fallback = value
    return fallback, None


def point_of(trial: Trial, metric: Metric) -> Point:
    value, report = _latest(trial, metric)
    label = trial.label
    if report is None:
        return Point(trial.id, label, text=missing(value) or "NR")
    est = estimate(value)
    text, marks = proportion_text(value)
    return Point(
        trial=trial.id,
        label=label,
        text=text,
        pct=est.pct,
        pct_source=est.pct_source,
        lo=est.lo,
        hi=est.hi,
        ci_source=est.ci_source,
        n=est.n,
        total=est.total,
        report=report.label,
        marks=tuple(marks),
    )


def forest_plot(trials: Sequence[Trial], metric: Metric, *, explicit: bool = False) -> ForestPlot:
    """One point per trial that reports `metric`; with `explicit` (trials named by the
    user) the others are kept as points without a value, else listed in `not_reported`."""
    points: list[Point] = []
    left_out: list[str] = []
    for trial in trials:
        point = point_of(trial, metric)
        if point.pct is None and not explicit:
            left_out.append(trial.id)
        else:
            points.append(point)
    return ForestPlot(metric, tuple(points), tuple(left_out))
