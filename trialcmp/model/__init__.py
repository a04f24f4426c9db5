"""The typed model of a trial record: ONE structure that every command reads.

    from trialcmp.model import build, Trial
    record: Trial = build(document)          # a validated document (dict) -> typed record
    record.design.status                     # 'recruiting' (a Literal of the schema's enum)
    record.results[-1].efficacy.orr          # Proportion | 'not reported' | ... | None

Where it comes from: `trialcmp.collection.load_collection()` gives `Trial`s (collection's)
whose `.record` is this model, built once per load (or decoded straight from the cache of
validated records). Every command reads `.record`; the document's dict is not kept.

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
- Field order is the order `to_builtins` writes, and `show` uses for a value with no file
  behind it (a record's own file orders its view: `collection.Trial.key_order`): each
  type's facts, then its `note`, then its `cite` last (as the curated files write them);
  a source's `note` last too, a criterion's `applies_when` before its `rule`, a report's
  `data_cutoff` before `treated`, a characteristic's `definition` before its value. Tests
  compare values, not order.
- Eligibility rules stay the document's objects (`Criterion.rule`, `.applies_when`):
  parse them with `trialcmp.eligibility.tree.parse`.
- Estimates: `trialcmp.estimate.estimate(proportion)` takes a `Proportion`.

Helpers that take a typed record (model values only): `record.names()` / `record.label`;
in `trialcmp.landscape` `dated_status`, `report_order` / `latest_first` / `latest_per_arm`
(of `record.results`), `headline_reports`; in `trialcmp.formatting` `latest(record,
"efficacy", "orr")` (value and its `Report`), `trial_treated`, `proportion_brief`,
`median_range`, `time_to_event`, `dose`, `hazard_ratio_summary`;
`trialcmp.estimate.estimate`; `trialcmp.eligibility.compiled.compile_trial`.
`trialcmp.names.names_of` also takes a document's dict (the names an invalid file claims).
`model.get(value, key)` reads a field of a model value by its name (None when absent, or
when `value` is "not reported", None, ...), for paths given as names.

A test that needs a trial builds its record from a (complete) document:
`collection.Trial(path, build(document))`.

Why msgspec Structs and not dataclasses (measured with `benchmarks/model_build.py`: the 46
records of data/trials ×100, the same strict `msgspec.convert` into each, least CPU time of
5, two runs on the shared 2-core machine): building took 0.25–0.40 s as Structs against
0.95–1.27 s as frozen slotted dataclasses (3.2–4.3×), decoding the cache's JSON 0.59–0.66 s
against 1.22–1.41 s (1.9–2.4×), and the 46 records hold 473 KiB as Structs against 534
KiB (1.13×; Structs are untracked by the garbage collector: no GC header). Dataclasses
won nothing, so the model is msgspec.
"""

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
    get,
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
