"""The typed model of a trial record: ONE structure that every command reads.

    from trialcmp.model import build, Trial
    record: Trial = build(document)          # a validated document (dict) -> typed record
    record.design.status                     # 'recruiting' (a Literal of the schema's enum)
    record.results[-1].efficacy.orr          # Proportion | 'not reported' | ... | None

Where it comes from: `trialcmp.collection.load_collection()` gives `Trial`s (collection's)
whose `.record` is this model, built once per load (or decoded straight from the cache of
validated records); `.data` (the raw dict) is deprecated and goes once every command reads
`.record`.

Conventions (the same in every type):
- msgspec `Struct`s, frozen, keyword-only; field names are the schema's keys (the one
  exception: a lymphodepletion day's `from` is `LdDays.from_`), so
  `msgspec.to_builtins(record)` gives the document back — a test checks this on every
  record and fixture, and that every schema property has a field.
- An optional key that is absent is `None`; an optional array that is absent is `[]`
  (arrays are lists, so `to_builtins` gives lists; do not mutate them).
- "not reported" / "not applicable" stay strings: a field that the schema allows to be
  missing is typed `X | Missing`, so test `isinstance(value, Proportion)` (or
  `value in MISSING`) before reading it.
- Numbers are `Number` (`int | float`) as written; counts are `int`.
- Eligibility rules stay the document's objects (`Criterion.rule`, `.applies_when`):
  parse them with `trialcmp.eligibility.tree.parse`.
- Estimates: `trialcmp.estimate.estimate(proportion)` takes a `Proportion`.

Why msgspec and not dataclasses (measured: `benchmarks/model_build.py`, 46 records ×100
on this 2-core machine): see that script's docstring for the figures; msgspec builds and
validates the types in C, dataclasses would need a hand-written (or third-party) converter
that is several times slower and allocates more.
"""

from trialcmp.access import get
from trialcmp.model.build import build, from_json, to_document
from trialcmp.model.common import (
    CI95,
    MISSING,
    Cite,
    Cites,
    FactNote,
    MedianRange,
    Missing,
    Model,
    Number,
    Proportion,
    ProportionStatement,
    TimeToEvent,
)
from trialcmp.model.results import (
    Crs,
    Efficacy,
    GradedEvent,
    HazardRatio,
    Landmark,
    Neurotoxicity,
    Report,
    Safety,
    Subgroup,
)
from trialcmp.model.sections import (
    Arm,
    Characteristic,
    Criterion,
    Design,
    DoseLevel,
    Dosing,
    Eligibility,
    Endpoint,
    Endpoints,
    KeyDates,
    LdDays,
    LdDrug,
    LdRegimen,
    Lymphodepletion,
    Population,
    Product,
    Rule,
    Site,
)
from trialcmp.model.trial import Inconsistency, Registry, Source, Statement, Trial

__all__ = [
    "CI95",
    "MISSING",
    "Arm",
    "Characteristic",
    "Cite",
    "Cites",
    "Criterion",
    "Crs",
    "Design",
    "DoseLevel",
    "Dosing",
    "Efficacy",
    "Eligibility",
    "Endpoint",
    "Endpoints",
    "FactNote",
    "GradedEvent",
    "HazardRatio",
    "Inconsistency",
    "KeyDates",
    "Landmark",
    "LdDays",
    "LdDrug",
    "LdRegimen",
    "Lymphodepletion",
    "MedianRange",
    "Missing",
    "Model",
    "Neurotoxicity",
    "Number",
    "Population",
    "Product",
    "Proportion",
    "ProportionStatement",
    "Registry",
    "Report",
    "Rule",
    "Safety",
    "Site",
    "Source",
    "Statement",
    "Subgroup",
    "TimeToEvent",
    "Trial",
    "build",
    "from_json",
    "get",
    "to_document",
]
