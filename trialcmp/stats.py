"""Exact (Clopper–Pearson) binomial confidence intervals, in pure Python.

SciPy gives the same numbers (`scipy.stats.beta.ppf`) — the test suite checks ours against
it — but importing SciPy costs more start-up time than the whole CLI, so the interval is
found here by bisection on the exact binomial tail, to 1e-12.
"""

from __future__ import annotations

import math
from functools import cache


def _log_pmf_terms(k_max: int, total: int, p: float) -> float:
    """P(X <= k_max) for X ~ Binomial(total, p), summed in log space."""
    if k_max < 0:
        return 0.0
    if k_max >= total:
        return 1.0
    if p <= 0.0:
        return 1.0
    if p >= 1.0:
        return 0.0
    log_p = math.log(p)
    log_q = math.log1p(-p)
    base = math.lgamma(total + 1)
    terms = [
        base - math.lgamma(k + 1) - math.lgamma(total - k + 1) + k * log_p + (total - k) * log_q
        for k in range(k_max + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * math.fsum(math.exp(t - top) for t in terms))


def binom_cdf(k: int, total: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(total, p)."""
    return _log_pmf_terms(k, total, p)


def _bisect(target: float, k: int, total: int) -> float:
    lo, hi = 0.0, 1.0
    for _ in range(80):
        mid = (lo + hi) / 2
        value = binom_cdf(k, total, mid)
        # binom_cdf(k, total, p) decreases as p grows
        if value > target:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return (lo + hi) / 2


@cache
def clopper_pearson(n: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact two-sided interval for n successes in `total` trials, as fractions 0..1."""
    if total <= 0 or n < 0 or n > total:
        raise ValueError(f"need 0 <= n <= N and N > 0, got {n}/{total}")
    alpha = 1.0 - confidence
    # lower: P(X >= n | p) = alpha/2  <=>  cdf(n-1; p) = 1 - alpha/2
    lower = 0.0 if n == 0 else _bisect(1.0 - alpha / 2, n - 1, total)
    # upper: P(X <= n | p) = alpha/2
    upper = 1.0 if n == total else _bisect(alpha / 2, n, total)
    return lower, upper


def decimals_of(value: float) -> int:
    """How many decimals a reported number carries (20 -> 0, 0.5 -> 1, 66.7 -> 1)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        return 0
    _whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    return len(frac)


def agrees(reported: float, exact: float) -> bool:
    """True when `exact` rounds to `reported` at the precision the source reported."""
    places = decimals_of(reported)
    half_unit = 0.5 * 10 ** (-places)
    return bool(abs(reported - exact) <= half_unit + 1e-9)
