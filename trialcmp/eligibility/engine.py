"""The check engine: (trial criteria, patient profile) -> per-criterion status and a verdict.

Pure and deterministic: the same trial data and profile always give the same result, in
the trials' and criteria's own order. The statuses and verdicts are those of the contract
(`shared/contracts/patient-profile.md`):

Status of one criterion (``rule`` is Kleene-valued, see `trialcmp.eligibility.rules`):

* ``applies_when`` false -> ``pass`` (the criterion does not concern this patient);
* no rule, ``manual`` -> ``manual``;
* inclusion: rule true -> ``pass``; false -> ``fail``; unknown -> ``unknown``;
* exclusion: rule true -> ``fail``; false -> ``pass``; unknown -> ``unknown``;
* a criterion with ``manual`` whose rule does not fail and is not unknown -> ``manual``;
* ``applies_when`` unknown: ``pass`` if the criterion would pass anyway, else ``unknown``
  (the keys of the condition are then missing too).

Verdict of one trial:

* ``ineligible`` if any criterion fails (even when the curated criteria are incomplete);
* ``incomplete`` if nothing fails but a criterion is unknown; also when the trial has no
  curated criteria, or when its curated criteria are incomplete (``eligibility.complete``
  is not true): missing information never yields ``eligible``;
* ``eligible`` otherwise: every criterion passes or is left to the investigators.

`as_dict()` gives the contract's JSON; keys beyond the contract are extras (``status``
and ``recruiting`` of the trial, ``criteria_complete``, ``reason``, ``reason_code`` (why an
``incomplete`` verdict is incomplete: ``no-criteria``, ``invalid-record``,
``partial-criteria`` or ``missing-data``, the first that applies; absent otherwise),
``status_as_of``, ``status_age_months``, ``status_stale``, ``setting``,
``deciding_reason``, and per criterion ``restated`` (only when true), ``manual``,
``applicable``, ``computed``, ``given``, ``hint``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from trialcmp.eligibility.compiled import (
    Criteria,
    Criterion,
    Trial,
    compile_criterion,
    compile_trial,
)
from trialcmp.eligibility.near import near_notes
from trialcmp.eligibility.profile_values import Profile
from trialcmp.eligibility.results import (
    NO_CRITERIA,
    REASON_CODES,
    RECRUITING,
    STATUSES,
    VERDICTS,
    CheckRun,
    CriterionResult,
    PatientReport,
    ReasonCode,
    Status,
    TrialResult,
    Verdict,
)

if TYPE_CHECKING:
    from trialcmp import model
from trialcmp.eligibility.tree import TRUE, Outcome, evaluate
from trialcmp.landscape import DatedStatus

__all__ = [
    "NO_CRITERIA",
    "REASON_CODES",
    "RECRUITING",
    "STATUSES",
    "VERDICTS",
    "CheckRun",
    "CriterionResult",
    "PatientReport",
    "ReasonCode",
    "Status",
    "TrialResult",
    "Verdict",
    "check_criterion",
    "check_patient",
    "check_patients",
    "check_trial",
    "invalid_result",
    "reason_code",
]


# ---------------------------------------------------------------- one criterion


def _status_of(kind: str, outcome: Outcome, manual: str | None) -> Status:
    if outcome.truth is None:
        return "unknown"
    excluded = outcome.truth if kind == "exclusion" else not outcome.truth
    if excluded:
        return "fail"
    return "manual" if manual else "pass"


def _values(profile: Profile, keys: Sequence[str]) -> tuple[tuple[str, Any], ...]:
    return tuple((key, profile.value(key)) for key in keys)


def check_criterion(criterion: model.Criterion | Criterion, profile: Profile) -> CriterionResult:
    """The status of one criterion for one patient (a compiled criterion remembers its
    results, so patients with the same facts for it share one result)."""
    if not isinstance(criterion, Criterion):
        criterion = compile_criterion(criterion)
    key = criterion.facts_of(profile.facts)
    known: CriterionResult | None = criterion.memo.get(key)
    if known is None:
        known = criterion.memo[key] = _check(criterion, profile)
    return known


def _check(criterion: Criterion, profile: Profile) -> CriterionResult:
    kind = criterion.kind
    manual = criterion.manual
    rule = criterion.rule
    condition = criterion.condition

    applies = evaluate(condition, profile) if condition is not None else TRUE
    if rule is not None:
        outcome = evaluate(rule, profile)
        status = _status_of(kind, outcome, manual)
        missing = outcome.missing
    else:
        status = "manual" if manual else "unknown"
        missing = ()

    keys = criterion.keys
    if applies.truth is False:
        status, missing, keys = "pass", (), criterion.condition_keys
    elif applies.truth is None and status != "pass":
        status = "unknown"
        missing = tuple(dict.fromkeys((*applies.missing, *missing)))

    if status != "unknown":
        missing = ()
    computed = tuple(f"{key}: {profile.computed[key]}" for key in keys if key in profile.computed)
    given = tuple((key, profile.given[key]) for key in keys if key in profile.given)
    hints = [h for h in (profile.hint(key) for key in missing) if h]
    near = near_notes(criterion.near, profile) if applies.truth is not False else ()
    return CriterionResult(
        id=criterion.id,
        kind=kind,
        text=criterion.text,
        status=status,
        values=_values(profile, keys),
        missing=missing,
        manual=manual,
        applicable=applies.truth,
        computed=computed,
        given=given,
        hint="; ".join(hints) or None,
        near=near,
        restated=criterion.restated,
    )


# ---------------------------------------------------------------- one trial


def _plural(n: int, word: str) -> str:
    many = {"criterion": "criteria"}.get(word, f"{word}s")
    return f"{n} {word}" if n == 1 else f"{n} {many}"


def _verdict(criteria: Sequence[CriterionResult], complete: bool) -> tuple[Verdict, str | None]:
    failed = [c for c in criteria if c.status == "fail"]
    unknown = [c for c in criteria if c.status == "unknown"]
    manual = [c for c in criteria if c.status == "manual"]
    partial = "" if complete else "; the curated criteria are incomplete"
    if not criteria:
        return "incomplete", NO_CRITERIA
    if failed:
        return "ineligible", (
            f"{_plural(len(failed), 'criterion')} not met: "
            + ", ".join(c.id for c in failed)
            + partial
        )
    if unknown:
        keys = list(dict.fromkeys(k for c in unknown for k in c.missing))
        collect = f"; collect {', '.join(keys)}" if keys else ""
        return "incomplete", (f"{_plural(len(unknown), 'criterion')} unknown{collect}" + partial)
    if not complete:
        return "incomplete", (
            "every curated criterion is met or left to the investigators, but the curated"
            " criteria are incomplete (the trial's other criteria are not available)"
        )
    if manual:
        return "eligible", f"{_plural(len(manual), 'criterion')} to confirm with the investigators"
    return "eligible", None


def reason_code(
    verdict: Verdict,
    criteria: Sequence[CriterionResult],
    complete: bool,
    *,
    invalid: bool = False,
) -> ReasonCode | None:
    """Why an `incomplete` verdict is incomplete: the first of REASON_CODES that applies."""
    if verdict != "incomplete":
        return None
    if not criteria:
        return "no-criteria"
    if invalid:
        return "invalid-record"
    if not complete:
        return "partial-criteria"
    if any(c.status == "unknown" for c in criteria):
        return "missing-data"
    return None


def check_trial(
    trial: model.Trial | Trial, profile: Profile, today: dt.date | None = None
) -> TrialResult:
    """The verdict of one trial (its typed record, or compiled) for one patient.

    The trial's recruitment status is aged on `today` (no age when it is None). A compiled
    trial remembers its results: patients whose criteria all come out the same share one.
    """
    if not isinstance(trial, Trial):
        trial = compile_trial(trial)
    if trial.criteria is None:
        criteria: tuple[CriterionResult, ...] = ()
    else:
        facts = profile.facts
        found: list[CriterionResult] = []
        for criterion in trial.criteria:
            key = criterion.facts_of(facts)
            result = criterion.memo.get(key)
            if result is None:
                result = criterion.memo[key] = _check(criterion, profile)
            found.append(result)
        criteria = tuple(found)
    # Criterion results live as long as their criterion's memo: their ids are stable.
    memo_key = (today, *map(id, criteria))
    known: TrialResult | None = trial.memo.get(memo_key)
    if known is None:
        known = trial.memo[memo_key] = _trial_result(trial, criteria, trial.status_on(today))
    return known


def _trial_result(
    trial: Trial, criteria: tuple[CriterionResult, ...], status: DatedStatus
) -> TrialResult:
    complete = trial.complete if trial.criteria is not None else False
    verdict, reason = _verdict(criteria, complete)
    return TrialResult(
        trial=trial.id,
        verdict=verdict,
        criteria=criteria,
        short_name=trial.short_name,
        status=status.status,
        criteria_complete=complete and bool(criteria),
        reason=reason,
        reason_code=reason_code(verdict, criteria, complete),
        status_as_of=status.as_of,
        status_age_months=status.age_months,
        setting=trial.setting,
    )


def invalid_result(trial: str, problem: str) -> TrialResult:
    """A trial left out of the collection because its record failed validation (its data is
    not kept): never dropped from the report, never eligible."""
    return TrialResult(
        trial=trial,
        verdict="incomplete",
        criteria=(),
        short_name=None,
        status="not reported",
        criteria_complete=False,
        reason=f"invalid record, not checked: {problem}",
        reason_code="invalid-record",
    )


def check_patient(
    trials: Sequence[model.Trial | Trial],
    profile: Profile,
    invalid: Sequence[tuple[str, str]] = (),
    today: dt.date | None = None,
) -> PatientReport:
    """One patient against every trial given, in order; then the invalid (ID, problem).

    Recruitment statuses are aged on `today` when given.
    """
    return PatientReport(
        patient=profile.label,
        source=profile.source,
        results=tuple(check_trial(t, profile, today) for t in trials)
        + tuple(invalid_result(trial, problem) for trial, problem in invalid),
        computed=tuple(sorted(profile.computed.items())),
        values=profile.values,
    )


def check_patients(
    trials: Sequence[model.Trial | Trial],
    profiles: Sequence[Profile],
    *,
    single: bool,
    invalid: Sequence[tuple[str, str]] = (),
    today: dt.date | None = None,
) -> CheckRun:
    """Every patient against every trial (and every invalid record, as incomplete).

    Recruitment statuses are aged on `today` when given. Each trial's rules are parsed
    once (a trial given compiled, e.g. from the cache, not at all), then evaluated for
    every patient.
    """
    seen = Criteria()
    compiled = [t if isinstance(t, Trial) else compile_trial(t, seen) for t in trials]
    return CheckRun(
        reports=tuple(check_patient(compiled, p, invalid, today) for p in profiles),
        trials=tuple(t.id for t in compiled) + tuple(trial for trial, _ in invalid),
        single=single,
    )
