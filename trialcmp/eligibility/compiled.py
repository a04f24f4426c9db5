"""A trial's eligibility as the check engine needs it: its rules parsed once.

`compile_trial` reads a trial's typed record (`trialcmp.model.Trial`) once; checking many patients
against it then evaluates the parsed trees (`trialcmp.eligibility.tree`) without walking or
converting the rules as written again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from trialcmp.eligibility.near import candidates
from trialcmp.eligibility.tree import Leaf, Node, fields, parse_optional
from trialcmp.landscape import DatedStatus, status_aged

if TYPE_CHECKING:
    from trialcmp import model


def _no_facts(facts: Mapping[str, Any]) -> tuple[()]:
    return ()


def facts_getter(keys: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    """What a result depends on, from a profile's `facts`: one C call (`itemgetter`)."""
    return itemgetter(*keys) if keys else _no_facts


@dataclass(frozen=True)
class Criterion:
    """One curated criterion with its rule and its `applies_when` condition parsed."""

    id: str
    kind: str
    text: str
    manual: str | None
    rule: Node | None
    condition: Node | None
    #: the profile fields the rule reads, else those of the condition
    keys: tuple[str, ...]
    #: the profile fields the condition reads
    condition_keys: tuple[str, ...]
    #: the comparisons of the rule that can be near a threshold
    near: tuple[Leaf, ...] = ()
    #: `text` is the curator's restatement, not the source's words
    restated: bool = False
    #: every profile field the rule and the condition read (what a result depends on)
    reads: tuple[str, ...] = ()
    #: the facts of `reads` from `Profile.facts` (the key of `memo`)
    facts_of: Callable[[Mapping[str, Any]], Any] = field(
        default=_no_facts, compare=False, repr=False
    )
    #: results already computed, keyed by `facts_of` (see `engine.check_criterion`)
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Trial:
    """What `check` reads from one trial record."""

    id: str
    short_name: str | None
    #: None when the record has no eligibility block
    criteria: tuple[Criterion, ...] | None
    complete: bool
    #: the disease setting the trial enrols
    setting: str = "not reported"
    #: the record's `design.status` and `design.status_as_of` (for its dated status)
    status: str | None = None
    status_as_of: str | None = None
    #: dated statuses by reference date, computed once (see `status_on`)
    statuses: dict[dt.date | None, DatedStatus] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: results already computed, keyed by the reference date and the criteria's results
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def status_on(self, today: dt.date | None) -> DatedStatus:
        """The record's recruitment status aged on `today` (None: not aged)."""
        known = self.statuses.get(today)
        if known is None:
            known = self.statuses[today] = _dated_status(self.status, self.status_as_of, today)
        return known


@lru_cache(maxsize=4096)
def _dated_status(status: str | None, as_of: str | None, today: dt.date | None) -> DatedStatus:
    """`status_aged` of a record with this status and date: trials share their dates."""
    return status_aged(status, as_of, today)


def compile_criterion(criterion: model.Criterion) -> Criterion:
    """A criterion of the typed model, its rules parsed."""
    return criterion_of(
        id=criterion.id,
        kind=criterion.kind,
        text=criterion.text,
        manual=criterion.manual or None,
        rule=parse_optional(criterion.rule),
        condition=parse_optional(criterion.applies_when),
        restated=criterion.restated is True,
    )


def criterion_of(
    *,
    id: str,
    kind: str,
    text: str,
    manual: str | None,
    rule: Node | None,
    condition: Node | None,
    restated: bool,
) -> Criterion:
    """A criterion from its parts, its rules already parsed (e.g. decoded from a cache)."""
    condition_keys = fields(condition)
    reads = tuple(dict.fromkeys((*fields(rule), *condition_keys)))
    return Criterion(
        id=id,
        kind=kind,
        text=text,
        manual=manual,
        rule=rule,
        condition=condition,
        keys=fields(rule) or condition_keys,
        condition_keys=condition_keys,
        near=candidates(rule),
        restated=restated,
        reads=reads,
        facts_of=facts_getter(reads),
    )


class Criteria:
    """Compiled criteria by what they say: a criterion stated identically in several trials
    (same id, kind, text, rule, condition) is compiled once and shares its results."""

    def __init__(self) -> None:
        self.known: dict[bytes, Criterion] = {}

    def compile(self, criterion: model.Criterion) -> Criterion:
        import msgspec

        try:
            key = msgspec.json.encode(criterion)
        except (TypeError, ValueError, OverflowError, msgspec.EncodeError):
            return compile_criterion(criterion)
        known = self.known.get(key)
        if known is None:
            known = self.known[key] = compile_criterion(criterion)
        return known


def compile_trial(trial: model.Trial, criteria_seen: Criteria | None = None) -> Trial:
    """What check reads from a trial's typed record; criteria met before in
    `criteria_seen` (the other trials of a run) are not compiled again."""
    compile_one = criteria_seen.compile if criteria_seen is not None else compile_criterion
    eligibility = trial.eligibility
    criteria: tuple[Criterion, ...] | None = None
    complete = False
    if eligibility is not None:
        criteria = tuple(compile_one(c) for c in eligibility.criteria)
        complete = eligibility.complete is True
    return Trial(
        id=trial.id,
        short_name=trial.short_name or None,
        criteria=criteria,
        complete=complete,
        setting=trial.setting,
        status=trial.design.status or None,
        status_as_of=trial.design.status_as_of or None,
    )
