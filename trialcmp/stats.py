"""Exact (Clopper–Pearson) binomial confidence intervals, in pure Python.

The bounds are quantiles of beta distributions: lower = B⁻¹(α/2; n, N−n+1), upper =
B⁻¹(1−α/2; n+1, N−n). The regularised incomplete beta function is evaluated by its continued
fraction (modified Lentz), which takes O(√N) terms, so the interval is exact for every N;
the quantile is found by bisection to the last bit of a double. SciPy gives the same numbers
to 1e-12 (the test suite checks ours against `scipy.stats.beta.ppf`), but importing SciPy
costs more start-up time than the whole CLI.
"""

from __future__ import annotations

import math
from functools import cache

_TINY = 1e-300
_EPS = 1e-16
_MAX_TERMS = 100_000


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (converges for x < (a+1)/(a+b+2))."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_TERMS):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_cf(b, a, 1.0 - x) / b


def beta_ppf(q: float, a: float, b: float) -> float:
    """The x with I_x(a, b) = q: bisection until the interval cannot shrink any more."""
    lo, hi = 0.0, 1.0
    while True:
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            return mid
        if betainc(a, b, mid) < q:
            lo = mid
        else:
            hi = mid


def binom_cdf(k: int, total: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(total, p) = I_{1-p}(total - k, k + 1)."""
    if k < 0:
        return 0.0
    if k >= total:
        return 1.0
    return betainc(total - k, k + 1, 1.0 - p)


@cache
def clopper_pearson(n: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact two-sided interval for n successes in `total` trials, as fractions 0..1."""
    if total <= 0 or n < 0 or n > total:
        raise ValueError(f"need 0 <= n <= N and N > 0, got {n}/{total}")
    alpha = 1.0 - confidence
    lower = 0.0 if n == 0 else beta_ppf(alpha / 2, n, total - n + 1)
    upper = 1.0 if n == total else beta_ppf(1.0 - alpha / 2, n + 1, total - n)
    return lower, upper


def round_half_up(x: float) -> int:
    """Whole number, halves rounded up (Python's round() rounds halves to even): the ONE
    rounding rule of a percentage computed from n/N, in every command."""
    return math.floor(x + 0.5 + 1e-9)


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
