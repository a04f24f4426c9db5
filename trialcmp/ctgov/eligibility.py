"""The eligibility block of a skeleton: age and sex as rules, every other criterion marked
for curation, and the list marked incomplete so that `check` never says "eligible"."""

from __future__ import annotations

from typing import Any

from trialcmp.ctgov import record as rec
from trialcmp.ctgov.common import MARKER, TEXT_CRITERION, cite
from trialcmp.ctgov.criteria import split_criteria

_AGE_UNITS = {"year": "years", "years": "years"}
_SEX = {"FEMALE": "female", "MALE": "male"}


def eligibility_block(study: dict[str, Any]) -> dict[str, Any]:
    module = rec.module(study, "eligibilityModule")
    criteria = _structured_criteria(module)
    unknown_kind = 0
    for item in split_criteria(str(module.get("eligibilityCriteria") or "")):
        kind = item.kind or "inclusion"
        prefix = {"inclusion": "inc", "exclusion": "exc"}[kind]
        criterion: dict[str, Any] = {
            "id": f"{prefix}-{item.number}" if item.kind else f"item-{item.number}",
            "kind": kind,
            "text": item.text,
            "manual": TEXT_CRITERION,
            "cite": [cite(f"eligibilityModule.eligibilityCriteria, {kind} item {item.number}")],
        }
        if item.kind is None:
            unknown_kind += 1
            where = f"eligibilityModule.eligibilityCriteria, item {item.number}"
            criterion["cite"] = [cite(where)]
            criterion["note"] = (
                f"{MARKER}: no inclusion or exclusion heading stands before this item;"
                " 'inclusion' is a placeholder"
            )
        criteria.append(criterion)
    note = (
        "Split from the registry's eligibility text, one criterion per top-level item with"
        " its sub-items joined to it; age and sex from the registry's structured fields."
        " Marked incomplete until every criterion is curated, so `check` never finds a"
        " patient eligible for this skeleton."
    )
    if unknown_kind:
        note += f" {unknown_kind} item(s) stand before any inclusion/exclusion heading."
    return {
        "complete": False,
        "note": note,
        "cite": [cite("eligibilityModule")],
        "criteria": criteria,
    }


def _age(value: Any) -> tuple[float | int, str] | None:
    """'18 Years' -> (18, 'years'); None for any other unit or shape."""
    if not isinstance(value, str):
        return None
    parts = value.split()
    if len(parts) != 2 or parts[1].casefold() not in _AGE_UNITS:
        return None
    try:
        number = float(parts[0])
    except ValueError:
        return None
    return (int(number) if number.is_integer() else number), "years"


def _structured_criteria(module: dict[str, Any]) -> list[dict[str, Any]]:
    criteria: list[dict[str, Any]] = []
    low, high = module.get("minimumAge"), module.get("maximumAge")
    if low is not None or high is not None:
        shown = f"{low or 'no minimum'} to {high or 'no maximum'}"
        criterion: dict[str, Any] = {
            "id": "age",
            "kind": "inclusion",
            "text": f"Ages eligible for study: {shown}",
        }
        bounds = [(">=", _age(low), low), ("<=", _age(high), high)]
        leaves = [
            {"field": "age", "op": op, "value": parsed[0], "unit": parsed[1]}
            for op, parsed, raw in bounds
            if raw is not None and parsed is not None
        ]
        unreadable = [str(raw) for _, parsed, raw in bounds if raw is not None and parsed is None]
        if unreadable:
            criterion["manual"] = (
                f"{MARKER}: the age limit {', '.join(unreadable)} is not in years, the unit of"
                " the patient profile's age"
            )
        if leaves:
            criterion["rule"] = leaves[0] if len(leaves) == 1 else {"all": leaves}
        criterion["note"] = (
            "From the registry's minimumAge/maximumAge; both limits are inclusive on"
            " ClinicalTrials.gov."
        )
        criterion["cite"] = [cite("eligibilityModule (minimumAge, maximumAge)")]
        criteria.append(criterion)
    sex = module.get("sex")
    if sex in _SEX:
        criteria.append(
            {
                "id": "sex",
                "kind": "inclusion",
                "text": f"Sexes eligible for study: {str(sex).capitalize()}",
                "rule": {"field": "sex", "op": "==", "value": _SEX[str(sex)]},
                "cite": [cite("eligibilityModule.sex")],
            }
        )
    return criteria
