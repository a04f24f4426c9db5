"""`trialcmp refresh`: what the registry says now against each record's `registry` block.

Per trial: fetch the v2 record, compare status, status-verified date, last update,
enrolment, phase, primary completion, number of sites and the eligibility text's hash;
with `write`, update only the `registry` block and `design.status`/`status_as_of` (see
`rewrite`). A trial that cannot be fetched is reported and the others go on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from trialcmp.ctgov import record as rec
from trialcmp.errors import TrialcmpError

if TYPE_CHECKING:
    from trialcmp.model import Trial

Outcome = Literal["unchanged", "changed", "no registry API", "failed"]
REGISTRY_WITH_API = "ClinicalTrials.gov"


@dataclass(frozen=True)
class Change:
    """One field: its value in the file (None: absent) and the registry's (None: not stated)."""

    field: str
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.field == "registry.eligibility_sha256" and self.old is not None:
            return "eligibility text changed: re-curate the criteria"
        if self.old is None:
            return "added"
        if self.new is None:
            return "no longer stated"
        return "changed"

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new, "kind": self.kind}


@dataclass
class TrialRefresh:
    trial_id: str
    file: str
    outcome: Outcome
    nct_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    message: str | None = None
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.trial_id,
            "file": self.file,
            "registry_id": self.nct_id,
            "outcome": self.outcome,
            "changes": [c.as_dict() for c in self.changes],
            "message": self.message,
            "written": self.written,
        }


@dataclass
class RefreshResult:
    trials: list[TrialRefresh]
    write: bool
    read_on: str

    @property
    def exit_code(self) -> int:
        """2 when any trial could not be fetched (wins), 1 when something changed, else 0."""
        if any(t.outcome == "failed" for t in self.trials):
            return 2
        if any(t.outcome == "changed" for t in self.trials):
            return 1
        return 0

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("unchanged", "changed", "no registry API", "failed"), 0)
        for trial in self.trials:
            out[trial.outcome] += 1
        return out


def registry_id(record: Trial) -> tuple[str | None, str | None]:
    """(NCT ID to fetch, None) or (None, why the trial has no registry API)."""
    name = record.registry.name
    if name != REGISTRY_WITH_API:
        said = "not registered" if name == "none" else name
        return None, f"no registry API ({said})"
    if rec.is_nct_id(record.id):
        return record.id, None
    tail = (record.registry.url or "").rstrip("/").rsplit("/", 1)[-1]
    if rec.is_nct_id(tail):
        return tail.upper(), None
    return None, "no NCT ID in the record's id or registry url"


def registry_changes(record: Trial, facts: rec.RegistryFacts) -> list[Change]:
    block = record.registry
    changes: list[Change] = []
    if block.url is None:
        changes.append(Change("registry.url", None, facts.url))
    for key in rec.FIELDS:
        old, new = getattr(block, key), getattr(facts, key)
        if old != new and not (old is None and new is None):
            changes.append(Change(f"registry.{key}", old, new))
    return changes


def status_changes(record: Trial, facts: rec.RegistryFacts) -> list[Change]:
    """design.status/status_as_of, when the registry's dated status is at least as recent."""
    design = record.design
    if facts.status is None or facts.status_verified is None:
        return []
    as_of = design.status_as_of
    if as_of != "not reported" and as_of > facts.status_verified:
        return []  # the curated status is dated later than the registry's: keep it
    changes = []
    if design.status != facts.status:
        changes.append(Change("design.status", design.status, facts.status))
    if as_of != facts.status_verified:
        changes.append(Change("design.status_as_of", as_of, facts.status_verified))
    return changes


def refresh(
    collection: Any,
    ids: Sequence[str],
    *,
    write: bool,
    today: date,
    fetcher: Any = None,
) -> RefreshResult:
    """Refresh the trials named (default: all); one trial's failure does not stop the rest."""
    from trialcmp.ctgov.fetch import Fetcher

    trials = collection.select(list(ids)) if ids else list(collection)
    fetcher = fetcher or Fetcher()
    read_on = today.isoformat()
    result = RefreshResult([], write=write, read_on=read_on)
    for trial in trials:
        result.trials.append(_one(trial, fetcher, write=write, read_on=read_on))
    return result


def _one(trial: Any, fetcher: Any, *, write: bool, read_on: str) -> TrialRefresh:
    record = trial.record
    nct_id, skipped = registry_id(record)
    if nct_id is None:
        return TrialRefresh(trial.id, trial.path, "no registry API", message=skipped)
    try:
        facts = rec.registry_facts(fetcher.study(nct_id))
    except TrialcmpError as exc:
        return TrialRefresh(trial.id, trial.path, "failed", nct_id, message=exc.message)
    if facts.nct_id != nct_id:
        message = f"the registry answered with {facts.nct_id} for {nct_id}"
        return TrialRefresh(trial.id, trial.path, "failed", nct_id, message=message)
    changes = registry_changes(record, facts) + status_changes(record, facts)
    if not changes:
        return TrialRefresh(trial.id, trial.path, "unchanged", nct_id)
    done = TrialRefresh(trial.id, trial.path, "changed", nct_id, changes)
    if write:
        from trialcmp.ctgov.rewrite import rewrite_file

        try:
            rewrite_file(trial.path, changes, read_on=read_on)
        except TrialcmpError as exc:
            done.outcome = "failed"
            done.message = f"not written: {exc.message}"
            return done
        done.written = True
    return done
