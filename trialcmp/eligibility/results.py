"""The check engine's results: a criterion's status, a trial's verdict, a patient's report
and a run, each with the contract's JSON (`as_dict`). See `trialcmp.eligibility.engine`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from trialcmp.landscape import DatedStatus

Status = Literal["pass", "fail", "unknown", "manual"]
Verdict = Literal["eligible", "ineligible", "incomplete"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "unknown", "manual")
VERDICTS: tuple[Verdict, ...] = ("eligible", "ineligible", "incomplete")
RECRUITING = "recruiting"
NO_CRITERIA = "no curated eligibility criteria"
#: Why a verdict is `incomplete`, most fundamental first; the first that applies is given.
ReasonCode = Literal["no-criteria", "invalid-record", "partial-criteria", "missing-data"]
REASON_CODES: tuple[ReasonCode, ...] = (
    "no-criteria",
    "invalid-record",
    "partial-criteria",
    "missing-data",
)


@dataclass(frozen=True)
class CriterionResult:
    id: str
    kind: str
    text: str
    status: Status
    #: (dotted key, canonical value) of every profile field that decided the status
    values: tuple[tuple[str, Any], ...] = ()
    missing: tuple[str, ...] = ()
    #: what the investigators must confirm (status "manual")
    manual: str | None = None
    #: False when `applies_when` says the criterion does not concern this patient
    applicable: bool | None = True
    #: notes on values that were computed (e.g. Cockcroft–Gault)
    computed: tuple[str, ...] = ()
    #: dotted key -> the "value unit" text a value was converted from
    given: tuple[tuple[str, str], ...] = ()
    #: how to make the criterion known, when there is a choice of keys
    hint: str | None = None
    #: continuous values within 5% (relative) of a threshold of the rule
    near: tuple[str, ...] = ()
    #: `text` is the curator's restatement (from a fact sheet), not the source's words
    restated: bool = False

    @property
    def value(self) -> Any:
        """The patient's value: one field -> its value; several -> {key: value}; none -> None."""
        known = [(key, v) for key, v in self.values if v is not None]
        if len(self.values) == 1:
            return self.values[0][1]
        return dict(known) if known else None

    def as_dict(self) -> dict[str, Any]:
        """The contract's JSON object of the criterion (a new dict)."""
        return dict(self.json)

    @cached_property
    def json(self) -> dict[str, Any]:
        """`as_dict()`, built once: a result shared by many trials or patients (see
        `trialcmp.eligibility.engine`) is the same object in a report; do not modify."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "status": self.status,
            "value": self.value,
            "missing": list(self.missing),
        }
        if self.restated:
            out["restated"] = True
        if self.status == "manual" and self.manual:
            out["manual"] = self.manual
        if self.applicable is not True:
            out["applicable"] = self.applicable
        if self.computed:
            out["computed"] = list(self.computed)
        if self.given:
            out["given"] = dict(self.given)
        if self.hint:
            out["hint"] = self.hint
        if self.near:
            out["near_threshold"] = list(self.near)
        return out


@dataclass(frozen=True)
class TrialResult:
    trial: str
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]
    short_name: str | None
    #: recruitment status as the trial record gives it (design.status)
    status: str
    #: True only when the trial's curated criteria are marked complete
    criteria_complete: bool
    reason: str | None = None
    #: why the verdict is `incomplete` (see REASON_CODES); None for eligible and ineligible
    reason_code: ReasonCode | None = None
    #: the date the record gives for its status (design.status_as_of), None if undated
    status_as_of: str | None = None
    #: whole months from `status_as_of` to the run's reference date (None: undated, or
    #: no reference date given)
    status_age_months: int | None = None
    #: the disease setting the trial enrols (relapsed/refractory, newly diagnosed, ...)
    setting: str = "not reported"

    @property
    def recruiting(self) -> bool:
        return self.status == RECRUITING

    @property
    def dated_status(self) -> DatedStatus:
        return DatedStatus(self.status, self.status_as_of, self.status_age_months)

    @property
    def deciding(self) -> str:
        """The one reason that decides the verdict (see `trialcmp.eligibility.summary`)."""
        from trialcmp.eligibility.summary import deciding_reason

        return deciding_reason(self)

    def with_status(self, status: Status) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "trial": self.trial,
            "verdict": self.verdict,
            "criteria": [c.json for c in self.criteria],
            "short_name": self.short_name,
            "status": self.status,
            "recruiting": self.recruiting,
            "criteria_complete": self.criteria_complete,
            "reason": self.reason,
            **({"reason_code": self.reason_code} if self.reason_code else {}),
            "status_as_of": self.status_as_of,
            "status_age_months": self.status_age_months,
            "status_stale": self.dated_status.stale,
            "setting": self.setting,
            "deciding_reason": self.deciding,
        }


@dataclass(frozen=True)
class PatientReport:
    patient: str
    source: str
    results: tuple[TrialResult, ...]
    #: dotted key -> how a profile value was computed
    computed: tuple[tuple[str, str], ...] = ()
    #: the profile's values (canonical units), for renderers; not part of the JSON
    values: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def verdicts(self) -> dict[str, Verdict]:
        return {r.trial: r.verdict for r in self.results}

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "patient": self.patient,
            "results": [r.as_dict() for r in self.results],
        }
        out["file"] = self.source
        out["computed"] = dict(self.computed)
        return out


@dataclass(frozen=True)
class CheckRun:
    """One run of `check`: a report per patient over the same trials.

    `single` is True when one profile file was asked for; its JSON is then the contract's
    one object, otherwise an object with a `patients` list (see `as_dict`).
    """

    reports: tuple[PatientReport, ...]
    trials: tuple[str, ...]
    single: bool
    #: only the summary and what to collect were asked for (`check --brief`)
    brief: bool = False

    def as_dict(self) -> dict[str, Any]:
        if self.single and len(self.reports) == 1:
            return self.reports[0].as_dict()
        return {
            "trials": list(self.trials),
            "patients": [r.as_dict() for r in self.reports],
            "matrix": [
                {"patient": r.patient, "file": r.source, "verdicts": r.verdicts()}
                for r in self.reports
            ],
        }
