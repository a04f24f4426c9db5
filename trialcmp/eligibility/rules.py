"""Three-valued (Kleene) evaluation of an eligibility rule against a normalised profile.

A rule is the declarative structure of `schemas/trial.schema.json` (`$defs/rule`): a leaf
``{field, op, value, unit}`` or ``{all: [...]}``, ``{any: [...]}``, ``{not: rule}``. It is
parsed once into the typed tree of `trialcmp.eligibility.tree`; the functions here take the
rule as written and are kept for callers that hold one (the check engine parses each trial's
rules once and evaluates the trees).

The result is True, False or None (unknown). A leaf is unknown when its field is absent or
null in the profile; the combinators follow Kleene's strong logic, so an unknown part only
makes the whole unknown when it could change the answer (``any`` with one true part is true,
``all`` with one false part is false). Whenever the result is unknown, `missing` names the
profile keys whose absence made it so.

Conventions for values: ``"never"`` (e.g. ``weeks_since_other_trial: never``) compares as
infinitely long ago; an empty list means "none" (``allergies: []``); ``contains any`` on a
list matches case-insensitively, ignoring hyphens, underscores and repeated spaces; for
``prior_therapy.car_t`` an item matches by its product name or any of its targets.

Everything here is pure: no I/O, no global state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from trialcmp.eligibility import tree
from trialcmp.eligibility.comparison import SIGNIFICANT_DIGITS, name_key, tidy, to_canonical
from trialcmp.eligibility.tree import NEVER, Facts, Outcome, Truth

__all__ = [
    "NEVER",
    "SIGNIFICANT_DIGITS",
    "Facts",
    "Leaf",
    "Outcome",
    "Truth",
    "evaluate",
    "fields_of",
    "leaves",
    "name_key",
    "tidy",
    "to_canonical",
]


def evaluate(rule: Mapping[str, Any], facts: Facts) -> Outcome:
    """The Kleene truth of `rule` for the profile `facts`."""
    return tree.evaluate(tree.parse(rule), facts)


@dataclass(frozen=True)
class Leaf:
    """One comparison inside a rule, with the number of `not`s above it."""

    rule: Mapping[str, Any]
    negations: int
    path: tuple[str | int, ...]

    @property
    def field(self) -> str:
        return str(self.rule["field"])

    @property
    def op(self) -> str:
        return str(self.rule["op"])


def leaves(rule: Mapping[str, Any], path: tuple[str | int, ...] = ()) -> Iterator[Leaf]:
    """Every leaf of `rule`, depth first, in order."""
    for leaf, negations, here in tree.walk(tree.parse(rule), 0, path):
        yield Leaf(leaf.as_written(), negations, here)


def fields_of(rule: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The profile fields a rule reads, in order of first appearance."""
    return tree.fields(tree.parse_optional(rule))
