"""The check engine's entry points for tests that write trials and criteria as documents.

The engine takes typed records only (`trialcmp.model`); many tests state a trial or a
criterion as a partial document (an ID and two criteria, a status). These wrappers give the
engine the typed record of such a document (`tests.records.typed`: the required keys it
lacks are "not reported" or empty) and pass anything else (a typed record, a compiled
trial or criterion) through unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tests.records import typed, typed_criterion
from trialcmp.eligibility import compiled, engine
from trialcmp.eligibility.profile_values import Profile
from trialcmp.eligibility.results import CheckRun, CriterionResult, PatientReport, TrialResult


def _trial(trial: Any) -> Any:
    return typed(trial) if isinstance(trial, dict) else trial


def _criterion(criterion: Any) -> Any:
    return typed_criterion(criterion) if isinstance(criterion, dict) else criterion


def check_criterion(criterion: Any, profile: Profile) -> CriterionResult:
    return engine.check_criterion(_criterion(criterion), profile)


def check_trial(trial: Any, profile: Profile, today: dt.date | None = None) -> TrialResult:
    return engine.check_trial(_trial(trial), profile, today)


def check_patient(
    trials: Sequence[Any],
    profile: Profile,
    invalid: Sequence[tuple[str, str]] = (),
    today: dt.date | None = None,
) -> PatientReport:
    return engine.check_patient([_trial(t) for t in trials], profile, invalid, today)


def check_patients(trials: Sequence[Any], profiles: Sequence[Profile], **kw: Any) -> CheckRun:
    return engine.check_patients([_trial(t) for t in trials], profiles, **kw)


def compile_trial(trial: Any, criteria_seen: compiled.Criteria | None = None) -> compiled.Trial:
    return compiled.compile_trial(_trial(trial), criteria_seen)


def compile_criterion(criterion: Any) -> compiled.Criterion:
    return compiled.compile_criterion(_criterion(criterion))
