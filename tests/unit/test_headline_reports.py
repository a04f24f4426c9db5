"""One-line views (list, plot) speak for a randomised trial's CAR-T arm, never its comparator."""

from __future__ import annotations

from typing import Any

from trialcmp import model
from trialcmp.formatting import latest, trial_treated
from trialcmp.landscape import headline_reports


def _report(label: str, arm: str | None, date: str, orr: float, treated: int) -> dict[str, Any]:
    report: dict[str, Any] = {
        "label": label,
        "date": date,
        "treated": treated,
        "efficacy": {"orr": {"pct": orr}, "cite": []},
        "cite": [],
    }
    if arm is not None:
        report["arm"] = arm
    return report


def _record(**parts: Any) -> model.Trial:
    """A typed record with just enough besides `parts` to build."""
    return model.build(
        {
            "id": "NCT00000001",
            "registry": {"name": "none"},
            "title": "A trial",
            "setting": "relapsed/refractory",
            "design": {
                "phase": "Phase 3",
                "status": "completed",
                "status_as_of": "2025",
                "cite": [],
            },
            "product": {
                "name": "x-cel",
                "targets": ["BCMA"],
                "construct": "single_target",
                "cite": [],
            },
            "sources": [],
            **parts,
        }
    )


RANDOMISED = _record(
    arms=[
        {"id": "car-t", "label": "CAR-T", "role": "experimental"},
        {"id": "soc", "label": "Standard care", "role": "comparator"},
    ],
    results=[
        _report("primary, CAR-T", "car-t", "2023-07", 84.6, 176),
        _report("primary, standard care", "soc", "2023-07", 67.3, 208),
        _report("update, standard care", "soc", "2025-02", 68.0, 208),
    ],
)


def test_the_comparator_arm_never_stands_for_the_trial() -> None:
    assert [r.label for r in headline_reports(RANDOMISED)] == ["primary, CAR-T"]
    value, report = latest(RANDOMISED, "efficacy", "orr")
    assert value == model.Proportion(pct=84.6)
    assert report is not None and report.arm == "car-t"
    assert trial_treated(RANDOMISED) == 176


def test_single_arm_reports_come_latest_first_by_date_not_file_order() -> None:
    data = _record(
        results=[
            _report("later", None, "2024-12", 90.0, 40),
            _report("earlier", None, "2022-06", 80.0, 20),
        ]
    )
    assert [r.label for r in headline_reports(data)] == ["later", "earlier"]
    assert latest(data, "efficacy", "orr")[0] == model.Proportion(pct=90.0)
    assert trial_treated(data) == 40
