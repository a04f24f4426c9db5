"""One rounding rule: a percentage computed from n/N reads the same in every command."""

from __future__ import annotations

from trialcmp.compare import proportion_text
from trialcmp.estimate import estimate, percent_text
from trialcmp.formatting import proportion_brief
from trialcmp.model import Proportion


def test_one_in_eight_is_13_percent_in_list_show_compare_and_plot() -> None:
    value = Proportion(n=1, N=8)
    assert proportion_brief(value) == "13%* (1/8)"  # list and show
    assert proportion_text(value)[0].startswith("13%* (1/8; ")  # compare and plot
    assert percent_text(estimate(value)) == "13%*"


def test_halves_round_up_and_reported_percentages_stay_as_reported() -> None:
    assert proportion_brief(Proportion(n=3, N=8)) == "38%* (3/8)"  # 37.5
    assert proportion_brief(Proportion(n=5, N=8)) == "63%* (5/8)"  # 62.5
    assert proportion_brief(Proportion(n=1, N=8, pct=12.5)) == "12.5% (1/8)"
    assert percent_text(estimate(Proportion(n=1, N=8, pct=12))) == "12%"
