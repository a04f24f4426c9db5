"""The descriptive sections of a trial record: design, arms, product, dosing,
lymphodepletion, endpoints, population (also used per report) and eligibility.

Field names are the schema's keys (`schemas/trial.schema.json`); the one key that is not a
Python name, a lymphodepletion day's `from`, is the field `from_` (encoded as `from`).
"""

# No `from __future__ import annotations` here: msgspec would then resolve ~300 string
# annotations through typing's eval when it builds the decoder of `Trial` (~2.5 ms of
# every `show` and `list`); real annotations cost ~0.5 ms more at import and none then.

from typing import Any, Literal

import msgspec

from trialcmp.model.common import (
    Cites,
    Date,
    FactNote,
    MedianRange,
    MedianRangeOrMissing,
    Missing,
    Model,
    Number,
    Proportion,
    ProportionOrMissing,
)

Phase = Literal[
    "Early Phase 1",
    "Phase 1",
    "Phase 1a",
    "Phase 1b",
    "Phase 1/2",
    "Phase 1/2a",
    "Phase 1b/2",
    "Phase 2",
    "Phase 2/3",
    "Phase 3",
    "not applicable",
    "not reported",
]
RegistryStatus = Literal[
    "not yet recruiting",
    "recruiting",
    "enrolling by invitation",
    "active, not recruiting",
    "completed",
    "terminated",
    "suspended",
    "withdrawn",
    "unknown",
    "not reported",
]
CountOrMissing = int | Missing
BoolOrMissing = bool | Missing

# ---------------------------------------------------------------- design


class Site(Model, frozen=True, kw_only=True):
    name: str
    city: str | None = None
    country: str | None = None
    role: str | None = None


class KeyDates(Model, frozen=True, kw_only=True):
    registered: Date | None = None
    start: Date | None = None
    first_enrolment: Date | None = None
    last_enrolment: Date | None = None
    primary_completion: Date | None = None
    last_update: Date | None = None


class Design(Model, frozen=True, kw_only=True):
    """`$defs/design`: phase, the status with the date it was true, and the set-up."""

    phase: Phase
    study_type: Literal["interventional", "observational", "not reported"] | None = None
    status: RegistryStatus
    #: a date (YYYY, YYYY-MM, YYYY-MM-DD) or 'not reported'
    status_as_of: Date
    status_note: str | None = None
    centres: Literal["single-centre", "multicentre", "not reported"] | None = None
    open_label: BoolOrMissing | None = None
    randomised: BoolOrMissing | None = None
    arms: CountOrMissing | None = None
    dose_escalation: str | None = None
    planned_enrolment: CountOrMissing | None = None
    sponsor: str | None = None
    collaborators: list[str] = []
    principal_investigators: list[str] = []
    sites: list[Site] = []
    countries: list[str] = []
    key_dates: KeyDates | None = None
    note: str | None = None
    cite: Cites


class Arm(Model, frozen=True, kw_only=True):
    """`$defs/arm`: one arm of a randomised (or multi-arm) trial."""

    id: str
    label: str
    role: Literal["experimental", "comparator"]
    intervention: str | None = None
    randomised: CountOrMissing | None = None
    treated: CountOrMissing | None = None
    note: str | None = None
    cite: Cites = []


# ---------------------------------------------------------------- product and dosing


class Product(Model, frozen=True, kw_only=True):
    """`$defs/product`: the cell product. Text values may be 'not reported' /
    'not applicable' (the schema's `text_or_missing` is any text)."""

    name: str
    targets: list[str]
    construct: Literal[
        "single_target",
        "tandem_bispecific",
        "dual_car",
        "co_administered",
        "bicistronic",
        "not reported",
    ]
    construct_note: str | None = None
    binder: str | None = None
    binder_origin: (
        Literal["murine", "humanised", "human", "camelid", "mixed", "not reported"] | None
    ) = None
    costimulatory_domain: str | None = None
    generation: str | None = None
    hinge_transmembrane: str | None = None
    vector: str | None = None
    cell_source: (
        list[Literal["autologous", "donor_derived", "allogeneic", "not reported"]] | None
    ) = None
    cell_source_note: str | None = None
    manufacturing_time: str | None = None
    manufacturing_success: ProportionOrMissing | None = None
    note: str | None = None
    cite: Cites


class DoseLevel(Model, frozen=True, kw_only=True):
    """`$defs/dose_level`: value × 10^exponent cells, per kg or flat."""

    label: str | None = None
    value: Number
    value_max: Number | None = None
    exponent: int
    per_kg: bool
    cells: Literal["CAR+ T cells", "total T cells", "cells (unspecified)"]
    as_written: str
    verify: str | None = None
    note: str | None = None
    cite: Cites = []


class Dosing(Model, frozen=True, kw_only=True):
    levels: list[DoseLevel]
    schedule: str | None = None
    note: str | None = None
    cite: Cites


class LdDays(Model, frozen=True, kw_only=True):
    """First and last day relative to infusion (day 0); `from` is a keyword in Python."""

    from_: int = msgspec.field(name="from")
    to: int


class LdDrug(Model, frozen=True, kw_only=True):
    drug: str
    dose: Number | Missing
    dose_max: Number | None = None
    unit: Literal["mg/m²", "mg/m²/day", "mg/kg", "mg/kg/day", "mg", "mg/day", "g/m²"] | None = None
    days: LdDays | None = None
    n_days: int | None = None
    as_written: str | None = None


class LdRegimen(Model, frozen=True, kw_only=True):
    label: str | None = None
    applies_to: str | None = None
    drugs: list[LdDrug]
    timing: str | None = None
    note: str | None = None
    cite: Cites


class Lymphodepletion(Model, frozen=True, kw_only=True):
    regimens: list[LdRegimen]
    note: str | None = None


# ---------------------------------------------------------------- endpoints, population


class Endpoint(Model, frozen=True, kw_only=True):
    measure: str
    definition: str | None = None
    time_frame: str | None = None
    note: str | None = None
    cite: Cites


class Endpoints(Model, frozen=True, kw_only=True):
    primary: list[Endpoint]
    secondary: list[Endpoint] = []


class Characteristic(Model, frozen=True, kw_only=True):
    """Another baseline characteristic: a proportion or a median (exactly one)."""

    label: str
    definition: str | None = None
    proportion: Proportion | None = None
    median: MedianRange | None = None


class Population(Model, frozen=True, kw_only=True):
    """`$defs/population`: who was screened, enrolled and treated, and their baseline."""

    screened: CountOrMissing | None = None
    enrolled: CountOrMissing | None = None
    infused: CountOrMissing | None = None
    flow_note: str | None = None
    age: MedianRangeOrMissing | None = None
    female: ProportionOrMissing | None = None
    prior_lines: MedianRangeOrMissing | None = None
    extramedullary_disease: ProportionOrMissing | None = None
    extramedullary_definition: str | None = None
    high_risk_cytogenetics: ProportionOrMissing | None = None
    high_risk_definition: list[FactNote] = []
    prior_car_t: ProportionOrMissing | None = None
    prior_asct: ProportionOrMissing | None = None
    triple_refractory: ProportionOrMissing | None = None
    other: list[Characteristic] = []
    note: str | None = None
    cite: Cites


# ---------------------------------------------------------------- eligibility

#: A rule (`$defs/rule`) held as the document's object: parse it with
#: `trialcmp.eligibility.tree.parse(criterion.rule)` where it is evaluated.
Rule = dict[str, Any]


class Criterion(Model, frozen=True, kw_only=True):
    """`$defs/criterion`: one inclusion or exclusion criterion, verbatim, with its rule."""

    id: str
    kind: Literal["inclusion", "exclusion"]
    text: str
    restated: bool | None = None
    applies_when: Rule | None = None
    rule: Rule | None = None
    manual: str | None = None
    note: str | None = None
    cite: Cites = []


class Eligibility(Model, frozen=True, kw_only=True):
    complete: bool | None = None
    note: str | None = None
    criteria: list[Criterion]
    cite: Cites


__all__ = [
    "Arm",
    "BoolOrMissing",
    "Characteristic",
    "CountOrMissing",
    "Criterion",
    "Design",
    "DoseLevel",
    "Dosing",
    "Eligibility",
    "Endpoint",
    "Endpoints",
    "KeyDates",
    "LdDays",
    "LdDrug",
    "LdRegimen",
    "Lymphodepletion",
    "Number",
    "Phase",
    "Population",
    "Product",
    "RegistryStatus",
    "Rule",
    "Site",
]
