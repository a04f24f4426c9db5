"""The comparison as data: kinds of cell, legend marks, and the Cell → Row → Section →
Comparison types the reporters in `trialcmp.render.compare` format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from trialcmp.estimate import CI_EXACT, CI_REPORTED, PCT_COMPUTED

VALUE = "value"
NOT_REPORTED = "not_reported"
NOT_APPLICABLE = "not_applicable"
NOT_STATED = "not_stated"

NR_TEXT = "NR"
NA_TEXT = "n/a"
NOT_STATED_TEXT = "not stated"
PARTIAL_TEXT = "not stated (partial list)"

INCONSISTENT = "§"
VERIFY = "?"
DIFFERS = "≠"

MARK_MEANINGS: dict[str, str] = {
    CI_EXACT: "exact 95% CI (Clopper–Pearson) computed by trialcmp from n/N, in whole percent"
    " (one decimal when a bound would round to 0 or 100)",
    CI_REPORTED: "95% CI as reported by the source",
    PCT_COMPUTED: "percentage computed from n/N (the source gives none)",
    INCONSISTENT: "the sources state this value inconsistently (see `trialcmp show ID`)",
    VERIFY: "value kept as the source states it but flagged for verification",
}
KIND_LEGEND = (
    "NR = not reported by the sources; n/a = not applicable; 0 is a reported zero;"
    " no CI = neither counts nor an interval are given"
)
NOT_STATED_LEGEND = (
    "not stated = the trial's curated eligibility criteria set no such threshold"
    " (partial list: only part of the criteria is available); NR here = no criteria curated"
)
DIFFERS_LEGEND = "≠ = the trials differ in this row"
REPORT_LEGEND = "‹A›, ‹B› = which report of the trial a value comes from (see the Report row)"
SOURCES_LEGEND = "[n] = source, listed under Sources"
CAUTION = "Caution: cross-trial comparisons are confounded by population, design and follow-up."


@dataclass(frozen=True)
class SourceRef:
    """One `sources[]` entry of one trial."""

    trial: str
    source: str


@dataclass(frozen=True)
class Cell:
    """One trial's value in one row."""

    text: str
    kind: str = VALUE
    raw: Any = None
    marks: tuple[str, ...] = ()
    refs: tuple[SourceRef, ...] = ()
    report: str | None = None  # letter of the report the value comes from, when several
    sources: tuple[int, ...] = ()  # footnote numbers, assigned by `build_comparison`

    def as_dict(self, trial: str) -> dict[str, Any]:
        return {
            "trial": trial,
            "text": self.text,
            "kind": self.kind,
            "raw": self.raw,
            "marks": list(self.marks),
            "report": self.report,
            "sources": list(self.sources),
            "source_ids": list(dict.fromkeys(r.source for r in self.refs)),
        }


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]

    @property
    def differs(self) -> bool:
        """True when the trials' values are not all the same.

        Only stated values count: sources and report tags are ignored, and every missing
        value (NR, n/a, not stated) is the same "no value" — a row where one trial states a
        value and another does not differs; a row where none states one does not.
        """
        return len({c.text if c.kind == VALUE else None for c in self.cells}) > 1


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]
    note: str | None = None


@dataclass(frozen=True)
class TrialHead:
    id: str
    short_name: str | None

    @property
    def label(self) -> str:
        return self.short_name or self.id


@dataclass(frozen=True)
class Footnote:
    number: int
    citation: str
    kind: str | None = None
    doi: str | None = None
    url: str | None = None
    cited_as: tuple[SourceRef, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "citation": self.citation,
            "kind": self.kind,
            "doi": self.doi,
            "url": self.url,
            "cited_as": [{"trial": r.trial, "source": r.source} for r in self.cited_as],
        }


@dataclass(frozen=True)
class Comparison:
    trials: tuple[TrialHead, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    legend: tuple[str, ...]
    diff_only: bool = False

    def rows(self) -> Iterable[tuple[Section, Row]]:
        for section in self.sections:
            for row in section.rows:
                yield section, row

    def as_dict(self) -> dict[str, Any]:
        ids = [t.id for t in self.trials]
        return {
            "trials": [{"id": t.id, "short_name": t.short_name} for t in self.trials],
            "diff_only": self.diff_only,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "note": s.note,
                    "rows": [
                        {
                            "key": r.key,
                            "label": r.label,
                            "differs": r.differs,
                            "cells": [c.as_dict(i) for c, i in zip(r.cells, ids, strict=True)],
                        }
                        for r in s.rows
                    ],
                }
                for s in self.sections
            ],
            "footnotes": [f.as_dict() for f in self.footnotes],
            "legend": list(self.legend),
        }
