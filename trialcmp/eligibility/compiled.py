"""A trial's eligibility as the check engine needs it: its rules parsed once.

`compile_trial` reads a trial record (as in its YAML file) once; checking many patients
against it then evaluates the parsed trees (`trialcmp.eligibility.tree`) without walking or
converting the rules as written again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from trialcmp.eligibility.near import candidates
from trialcmp.eligibility.tree import Leaf, Node, fields, parse_optional


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
    #: results already computed in this run, keyed by `facts_key` (see `check_criterion`)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Trial:
    """What `check` reads from one trial record."""

    id: str
    short_name: str | None
    #: None when the record has no eligibility block
    criteria: tuple[Criterion, ...] | None
    complete: bool
    #: the record as read (for its dated status and setting)
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


def compile_criterion(criterion: Mapping[str, Any]) -> Criterion:
    manual = criterion.get("manual")
    rule = parse_optional(criterion.get("rule"))
    condition = parse_optional(criterion.get("applies_when"))
    condition_keys = fields(condition)
    return Criterion(
        id=str(criterion["id"]),
        kind=str(criterion["kind"]),
        text=str(criterion["text"]),
        manual=str(manual) if manual else None,
        rule=rule,
        condition=condition,
        keys=fields(rule) or condition_keys,
        condition_keys=condition_keys,
        near=candidates(rule),
        restated=criterion.get("restated") is True,
        reads=tuple(dict.fromkeys((*fields(rule), *condition_keys))),
    )


def compile_trial(trial: Mapping[str, Any]) -> Trial:
    short_name = trial.get("short_name")
    eligibility = trial.get("eligibility")
    criteria: tuple[Criterion, ...] | None = None
    complete = False
    if isinstance(eligibility, Mapping):
        criteria = tuple(compile_criterion(c) for c in eligibility.get("criteria") or [])
        complete = eligibility.get("complete") is True
    return Trial(
        id=str(trial["id"]),
        short_name=str(short_name) if short_name else None,
        criteria=criteria,
        complete=complete,
        data=trial,
    )
