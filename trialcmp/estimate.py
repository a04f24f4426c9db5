"""One estimate type: n of N, the percentage, the reported CI, the exact CI, and where each
came from; and ONE rounding rule for every command that prints a percentage.

A percentage the source reports is shown as reported (`num`); one computed from n/N is a
whole number with halves rounded up (1/8 = 12.5% -> 13%), in `list`, `show`, `compare`
and `plot` alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trialcmp.formatting import num
from trialcmp.stats import agrees, clopper_pearson, round_half_up

if TYPE_CHECKING:
    from trialcmp.model import Proportion, ProportionStatement

PCT_COMPUTED = "*"
CI_EXACT = "‡"
CI_REPORTED = "†"


def ci_bound(x: float) -> str:
    """A CI bound in percent, whole unless it would read 0 or 100 without being 0 or 100."""
    whole = round_half_up(x)
    if whole == 0 and x > 0:
        return f"{x:.1f}" if x >= 0.05 else "<0.1"
    if whole == 100 and x < 100:
        return f"{x:.1f}" if x < 99.95 else ">99.9"
    return str(whole)


def ci_text(lo: float, hi: float) -> str:
    return f"{ci_bound(lo)}–{ci_bound(hi)}"


def reported_ci_text(ci: Sequence[float | None]) -> str:
    hi = "NE" if ci[1] is None else num(ci[1])
    return f"{num(ci[0]) if ci[0] is not None else 'NE'}–{hi}"


@dataclass(frozen=True)
class Estimate:
    """A proportion with its point estimate and 95% CI in percent, and how each was got."""

    pct: float
    pct_source: str  # "reported" | "computed"
    n: int | None
    total: int | None
    lo: float | None
    hi: float | None
    ci_source: str | None  # "exact" | "reported" | None
    reported_ci: tuple[float, float] | None
    ci_disagrees: bool

    def raw(self, value: Proportion) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "N": self.total,
            "pct": value.pct,
            "pct_computed": None
            if self.n is None or self.total is None
            else 100.0 * self.n / self.total,
            "ci95": None if self.lo is None else [self.lo, self.hi],
            "ci_source": self.ci_source,
            "ci95_reported": None if self.reported_ci is None else list(self.reported_ci),
        }
        if value.population:
            out["population"] = value.population
        return out


def estimate(value: Proportion | ProportionStatement) -> Estimate:
    """Point estimate and 95% CI of a `model.Proportion` (or of another statement of it)."""
    n, total, pct = value.n, value.N, value.pct
    counts: tuple[int, int] | None = None
    if isinstance(n, int) and isinstance(total, int) and 0 <= n <= total and total > 0:
        counts = (n, total)
    reported = value.ci95
    reported_ci = (float(reported[0]), float(reported[1])) if reported else None
    lo: float | None = None
    hi: float | None = None
    ci_source: str | None = None
    disagrees = False
    if counts is not None:
        flo, fhi = clopper_pearson(*counts)
        lo, hi, ci_source = 100.0 * flo, 100.0 * fhi, "exact"
        if reported_ci is not None:
            disagrees = not (agrees(reported_ci[0], lo) and agrees(reported_ci[1], hi))
    elif reported_ci is not None:
        lo, hi, ci_source = reported_ci[0], reported_ci[1], "reported"
    if pct is not None:
        point, pct_source = float(pct), "reported"
    elif counts is not None:
        point, pct_source = 100.0 * counts[0] / counts[1], "computed"
    else:  # pragma: no cover - the schema requires pct or n/N
        raise ValueError("a proportion needs pct or n/N")
    return Estimate(
        pct=point,
        pct_source=pct_source,
        n=counts[0] if counts else None,
        total=counts[1] if counts else None,
        lo=lo,
        hi=hi,
        ci_source=ci_source,
        reported_ci=reported_ci,
        ci_disagrees=disagrees,
    )


def percent_text(est: Estimate) -> str:
    """`92%` as reported, or `13%*` computed from n/N (whole, halves up)."""
    if est.pct_source == "reported":
        return f"{num(est.pct)}%"
    return f"{round_half_up(est.pct)}%{PCT_COMPUTED}"
