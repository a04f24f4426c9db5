"""`list`: one summary row per trial, with filters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from trialcmp.collection import Trial
from trialcmp.formatting import latest, proportion_brief, trial_treated

COLUMNS = ("id", "short_name", "targets", "phase", "status", "treated", "orr")


def summary_row(trial: Trial) -> dict[str, Any]:
    """The list row of one trial; values stay data (numbers as numbers, None if absent)."""
    data = trial.data
    design = data.get("design") or {}
    orr, report = latest(data, "efficacy", "orr")
    return {
        "id": trial.id,
        "short_name": data.get("short_name"),
        "targets": list((data.get("product") or {}).get("targets") or []),
        "phase": design.get("phase"),
        "status": design.get("status"),
        "treated": trial_treated(data),
        "orr": None
        if orr is None
        else {
            "n": orr.get("n"),
            "N": orr.get("N"),
            "pct": orr.get("pct"),
            "text": proportion_brief(orr),
            "report": report.get("label") if report else None,
        },
    }


def _matches(value: str | None, wanted: str | None) -> bool:
    if wanted is None:
        return True
    return value is not None and wanted.casefold() in value.casefold()


def list_rows(
    trials: Iterable[Trial],
    *,
    target: str | None = None,
    phase: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """Rows for the trials that pass every filter.

    `target` matches one antigen exactly (case-insensitive); `phase` and `status` match
    a part of the value (so `--phase 1` finds 'Phase 1' and 'Phase 1/2').
    """
    rows = []
    for trial in trials:
        row = summary_row(trial)
        if target is not None and target.casefold() not in {t.casefold() for t in row["targets"]}:
            continue
        if not _matches(row["phase"], phase) or not _matches(row["status"], status):
            continue
        rows.append(row)
    return rows
