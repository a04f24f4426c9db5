"""The trial record: identity and registry block, the sections, results, eligibility,
sources and inconsistency flags (`schemas/trial.schema.json`, top level).

Build one with `trialcmp.model.build`; never from an unvalidated document.
"""

# No `from __future__ import annotations` here: msgspec would then resolve ~300 string
# annotations through typing's eval when it builds the decoder of `Trial` (~2.5 ms of
# every `show` and `list`); real annotations cost ~0.5 ms more at import and none then.

from typing import Literal

from trialcmp.model.common import Cite, Date, FactNote, Model
from trialcmp.model.results import Report
from trialcmp.model.sections import (
    Arm,
    Design,
    Dosing,
    Eligibility,
    Endpoints,
    Lymphodepletion,
    Phase,
    Population,
    Product,
    RegistryStatus,
)
from trialcmp.names import names_of


class Registry(Model, frozen=True, kw_only=True):
    """What the registry itself says; `refresh --write` fills all but `name` and `url`."""

    name: Literal["ClinicalTrials.gov", "ChiCTR", "none"]
    url: str | None = None
    status: RegistryStatus | None = None
    status_verified: Date | None = None
    last_update: Date | None = None
    enrolment: int | None = None
    enrolment_type: Literal["actual", "estimated"] | None = None
    phase: Phase | None = None
    primary_completion: Date | None = None
    sites: int | None = None
    eligibility_sha256: str | None = None
    read_on: Date | None = None


SourceKind = Literal[
    "paper",
    "abstract",
    "registry",
    "secondary_report",
    "curation_note",
    "press_release",
    "news",
    "article_summary",
    "review",
]


class Source(Model, frozen=True, kw_only=True):
    """`$defs/source`: a document the record is curated from (`Cite.source` names `id`)."""

    id: str
    kind: SourceKind
    citation: str
    #: a date or 'not reported'
    page_date: Date | None = None
    doi: str | None = None
    url: str | None = None
    file: str | None = None
    sheet_ref: str | None = None
    secondary: bool | None = None
    doubtful: str | None = None
    note: str | None = None


class Statement(Model, frozen=True, kw_only=True):
    says: str
    cite: Cite


class Inconsistency(Model, frozen=True, kw_only=True):
    """`$defs/inconsistency`: what disagrees with what, and where."""

    id: str
    kind: Literal[
        "within_source",
        "between_sources",
        "arithmetic",
        "implausible",
        "stale_status",
        "unverified_id",
    ]
    what: str
    path: str | None = None
    statements: list[Statement]
    resolution: str | None = None


Setting = Literal["relapsed/refractory", "newly diagnosed", "not reported"]


class Trial(Model, frozen=True, kw_only=True):
    """One validated trial record (the document's top level)."""

    id: str
    registry: Registry
    other_ids: list[str] = []
    title: str
    short_name: str | None = None
    aliases: list[str] = []
    setting: Setting
    setting_note: str | None = None
    identification: FactNote | None = None
    notes: list[str] = []
    design: Design
    arms: list[Arm] = []
    product: Product
    dosing: Dosing | None = None
    lymphodepletion: Lymphodepletion | None = None
    endpoints: Endpoints | None = None
    population: Population | None = None
    results: list[Report] = []
    eligibility: Eligibility | None = None
    sources: list[Source]
    inconsistencies: list[Inconsistency] = []

    @property
    def label(self) -> str:
        """The short name, else the ID."""
        return self.short_name or self.id

    def names(self) -> list[str]:
        """ID, short name, aliases and other IDs: every name the record answers to."""
        return [name for _, name in names_of(self)]
