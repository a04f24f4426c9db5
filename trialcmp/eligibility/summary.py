"""What a check report leads with: the one reason that decides each trial, and what to collect.

* `deciding_reason`: for an ineligible trial the first criterion that fails (with the
  patient's value); for an incomplete one what is missing (or that the trial has no or
  only part of its criteria curated); for an eligible one what is left to confirm.
* `reason_text`: the deciding reason with the criteria near a threshold named.
* `to_collect`: the missing profile keys ranked by how many undecided trials each would
  decide — first the trials for which it is the only missing key, then every undecided
  trial that needs it — each with its unit and the criteria that need it.

Pure: values in, values out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from trialcmp.eligibility.fields import FIELDS

if TYPE_CHECKING:
    from trialcmp.eligibility.engine import CriterionResult, PatientReport, TrialResult

#: how many keys the deciding reason names before "+N more"
SHOWN_KEYS = 2


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return "none" if not value else ", ".join(str(v) for v in value)
    return str(value)


def _values(criterion: CriterionResult) -> str:
    shown = [f"{key} = {_value(v)}" for key, v in criterion.values if v is not None]
    return "; ".join(shown)


def _keys(keys: Sequence[str]) -> str:
    head = ", ".join(keys[:SHOWN_KEYS])
    more = len(keys) - SHOWN_KEYS
    return head + (f" +{more} more" if more > 0 else "")


def missing_keys(result: TrialResult) -> list[str]:
    """Every profile key whose absence leaves a criterion of the trial unknown, in order."""
    return list(dict.fromkeys(k for c in result.with_status("unknown") for k in c.missing))


def deciding_reason(result: TrialResult) -> str:
    """The one reason that decides the verdict, in a few words."""
    failed = result.with_status("fail")
    if result.verdict == "ineligible" and failed:
        first = failed[0]
        verb = "excluded by" if first.kind == "exclusion" else "not met:"
        values = _values(first)
        text = f"{verb} {first.id}" + (f" ({values})" if values else "")
        return text + (f" +{len(failed) - 1} more" if len(failed) > 1 else "")
    if result.verdict == "incomplete":
        if not result.criteria:
            return result.reason or "no curated eligibility criteria"
        unknown = result.with_status("unknown")
        if unknown:
            keys = missing_keys(result)
            if keys:
                return f"missing {_keys(keys)}"
            return f"{unknown[0].id} cannot be decided from the profile"
        if not result.criteria_complete:
            return "only part of the trial's criteria is curated"
        return result.reason or "incomplete"
    manual = result.with_status("manual")
    if manual:
        n = len(manual)
        return f"{n} criterion to confirm" if n == 1 else f"{n} criteria to confirm"
    return "every curated criterion met"


def near_ids(result: TrialResult) -> list[str]:
    """The criteria of the trial with a patient value near one of their thresholds."""
    return [c.id for c in result.criteria if c.near]


def reason_text(result: TrialResult) -> str:
    """The deciding reason, with criteria near a threshold named."""
    near = near_ids(result)
    return result.deciding + (f"; near threshold: {', '.join(near)}" if near else "")


@dataclass(frozen=True)
class Collect:
    """One profile key worth collecting."""

    key: str
    unit: str | None
    #: undecided trials (with complete curated criteria) for which it is the only key missing
    decides: tuple[str, ...]
    #: every undecided trial one of whose criteria needs the key
    needed_by: tuple[str, ...]
    #: "TRIAL criterion-id" of every criterion that needs it
    criteria: tuple[str, ...]


def unit_of(key: str) -> str | None:
    """The unit to collect `key` in: the one the docs print (`x-unit`), else the canonical."""
    field = FIELDS.get(key)
    if field is None:
        return None
    return field.shown_unit or field.canonical_unit


def to_collect(report: PatientReport) -> list[Collect]:
    """The missing keys of the undecided trials, those that decide most trials first."""
    needed: dict[str, list[str]] = {}
    criteria: dict[str, list[str]] = {}
    decides: dict[str, list[str]] = {}
    for result in report.results:
        if result.verdict != "incomplete":
            continue
        keys = missing_keys(result)
        for criterion in result.with_status("unknown"):
            for key in criterion.missing:
                criteria.setdefault(key, []).append(f"{result.trial} {criterion.id}")
        for key in keys:
            needed.setdefault(key, []).append(result.trial)
        if len(keys) == 1 and result.criteria_complete:  # partial criteria stay undecided
            decides.setdefault(keys[0], []).append(result.trial)
    order = {key: i for i, key in enumerate(needed)}
    ranked = sorted(
        needed, key=lambda k: (-len(decides.get(k, [])), -len(set(needed[k])), order[k])
    )
    return [
        Collect(
            key=key,
            unit=unit_of(key),
            decides=tuple(dict.fromkeys(decides.get(key, []))),
            needed_by=tuple(dict.fromkeys(needed[key])),
            criteria=tuple(dict.fromkeys(criteria.get(key, []))),
        )
        for key in ranked
    ]
