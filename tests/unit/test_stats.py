"""The exact (Clopper–Pearson) interval against SciPy, and the BC19 paper's intervals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trialcmp.estimate import ci_bound, ci_text
from trialcmp.stats import agrees, betainc, clopper_pearson, round_half_up

beta = pytest.importorskip("scipy.stats").beta


def scipy_interval(n: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """The textbook exact interval: beta quantiles, 0 / 1 at the edges."""
    alpha = 1.0 - confidence
    lo = 0.0 if n == 0 else float(beta.ppf(alpha / 2, n, total - n + 1))
    hi = 1.0 if n == total else float(beta.ppf(1 - alpha / 2, n + 1, total - n))
    return lo, hi


GRID = [(n, total) for total in range(1, 41) for n in range(total + 1)]
LARGE = [(n, total) for total in (97, 128, 250, 500) for n in range(0, total + 1, 13)]


@pytest.mark.parametrize("total", range(1, 41))
def test_matches_scipy_on_a_grid(total: int) -> None:
    for n in range(total + 1):
        ours = clopper_pearson(n, total)
        oracle = scipy_interval(n, total)
        assert ours == pytest.approx(oracle, abs=1e-12), (n, total)


@pytest.mark.parametrize(("n", "total"), LARGE)
def test_matches_scipy_for_large_denominators(n: int, total: int) -> None:
    assert clopper_pearson(n, total) == pytest.approx(scipy_interval(n, total), abs=1e-12)


@pytest.mark.parametrize(
    ("n", "total"), [(0, 100_000), (1, 100_000), (50_000, 100_000), (999_997, 1_000_000)]
)
def test_exact_for_every_n_without_a_cap(n: int, total: int) -> None:
    assert clopper_pearson(n, total) == pytest.approx(scipy_interval(n, total), abs=1e-12)


def test_incomplete_beta_matches_scipy() -> None:
    special = pytest.importorskip("scipy.special")
    for a, b, x in [(0.5, 0.5, 0.3), (2.0, 3.0, 0.9), (40.0, 11.0, 0.75), (1e4, 2e4, 0.33)]:
        assert betainc(a, b, x) == pytest.approx(float(special.betainc(a, b, x)), abs=1e-12)
    assert betainc(2.0, 3.0, 0.0) == 0.0
    assert betainc(2.0, 3.0, 1.0) == 1.0


@pytest.mark.parametrize("confidence", [0.80, 0.90, 0.99])
def test_other_confidence_levels(confidence: float) -> None:
    for n, total in [(0, 10), (3, 10), (46, 50), (10, 10)]:
        ours = clopper_pearson(n, total, confidence)
        assert ours == pytest.approx(scipy_interval(n, total, confidence), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=400).flatmap(
        lambda total: st.tuples(st.integers(min_value=0, max_value=total), st.just(total))
    )
)
def test_interval_contains_the_estimate_and_matches_scipy(pair: tuple[int, int]) -> None:
    n, total = pair
    lo, hi = clopper_pearson(n, total)
    assert 0.0 <= lo <= n / total <= hi <= 1.0
    assert (lo, hi) == pytest.approx(scipy_interval(n, total), abs=1e-12)


@pytest.mark.parametrize(
    ("n", "total", "shown"),
    [
        (46, 50, "81–98"),  # ORR and CRS any grade, as the paper reports
        (34, 41, "68–93"),  # MRD negativity, as the paper reports
        (2, 50, "0.5–14"),  # neurotoxic events: the paper's 0.5%–14%
        (4, 50, "2–19"),  # CRS grade ≥3: the paper reports 2%–20%
        (0, 50, "0–7"),
        (50, 50, "93–100"),
        (6, 7, "42–99.6"),  # the paper rounds the upper bound to 100
    ],
)
def test_bc19_intervals_rounded_to_whole_percent(n: int, total: int, shown: str) -> None:
    lo, hi = clopper_pearson(n, total)
    assert ci_text(100 * lo, 100 * hi) == shown


def test_the_papers_crs_grade3_interval_is_not_the_exact_one() -> None:
    lo, hi = clopper_pearson(4, 50)
    assert 100 * lo == pytest.approx(2.2227, abs=1e-3)
    assert 100 * hi == pytest.approx(19.2337, abs=1e-3)
    assert agrees(2, 100 * lo)
    assert not agrees(20, 100 * hi)  # the paper's 2%–20% is off by one at the top
    # … while its other intervals agree with the exact ones at the precision it reports
    for n, total, reported in [(46, 50, (81, 98)), (34, 41, (68, 93)), (2, 50, (0.5, 14))]:
        lo, hi = clopper_pearson(n, total)
        assert agrees(reported[0], 100 * lo) and agrees(reported[1], 100 * hi)


@pytest.mark.parametrize(("bad_n", "bad_total"), [(-1, 10), (11, 10), (0, 0)])
def test_rejects_impossible_counts(bad_n: int, bad_total: int) -> None:
    with pytest.raises(ValueError, match="0 <= n <= N"):
        clopper_pearson(bad_n, bad_total)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (80.766, "81"),
        (2.5, "3"),  # halves round up, not to even
        (0.488, "0.5"),  # a positive bound is never shown as 0
        (0.003, "<0.1"),
        (0.0, "0"),
        (99.639, "99.6"),  # a bound below 100 is never shown as 100
        (99.97, ">99.9"),
        (100.0, "100"),
    ],
)
def test_ci_bound(value: float, text: str) -> None:
    assert ci_bound(value) == text


def test_round_half_up_differs_from_round() -> None:
    assert round_half_up(2.5) == 3 and round(2.5) == 2
    assert round_half_up(59.5) == 60
    assert round_half_up(59.49) == 59
