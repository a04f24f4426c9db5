"""Assembly: the sections in order, `--section` names, one column per trial (or arm), source
footnotes numbered in reading order, and the legend of what the tables use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from trialcmp.collection import Trial
from trialcmp.compare.cells import RowOut
from trialcmp.compare.comparison import (
    CAUTION,
    DIFFERS_LEGEND,
    KIND_LEGEND,
    MARK_MEANINGS,
    NOT_STATED,
    NOT_STATED_LEGEND,
    REPORT_LEGEND,
    SOURCES_LEGEND,
    Comparison,
    Footnote,
    Row,
    Section,
    SourceRef,
    TrialHead,
)
from trialcmp.compare.context import TrialContext
from trialcmp.compare.dosing import dosing_rows
from trialcmp.compare.efficacy import efficacy_rows, hazard_ratio_cell
from trialcmp.compare.eligibility import eligibility_rows
from trialcmp.compare.endpoints import endpoints_rows
from trialcmp.compare.lymphodepletion import lymphodepletion_rows
from trialcmp.compare.overview import overview_rows
from trialcmp.compare.population import population_rows
from trialcmp.compare.product import product_rows
from trialcmp.compare.safety import safety_rows
from trialcmp.errors import UsageProblem
from trialcmp.model import get
from trialcmp.model.trial import Source


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    build: Callable[[TrialContext], list[RowOut]]
    note: str | None = None
    aliases: tuple[str, ...] = field(default=())


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("overview", "Overview", overview_rows),
    SectionSpec("product", "Product", product_rows),
    SectionSpec("dosing", "Dosing", dosing_rows),
    SectionSpec("lymphodepletion", "Lymphodepletion", lymphodepletion_rows, aliases=("ld",)),
    SectionSpec("population", "Population", population_rows),
    SectionSpec(
        "eligibility",
        "Eligibility thresholds",
        eligibility_rows,
        aliases=("eligibility thresholds",),
    ),
    SectionSpec("endpoints", "Endpoints", endpoints_rows),
    SectionSpec("efficacy", "Efficacy", efficacy_rows, note=CAUTION),
    SectionSpec("safety", "Safety", safety_rows),
)
SECTION_NAMES = tuple(s.key for s in SECTIONS)


def resolve_sections(names: Sequence[str]) -> list[str]:
    """Section keys for `--section` values (case-insensitive); all sections when empty."""
    if not names:
        return list(SECTION_NAMES)
    lookup: dict[str, str] = {}
    for spec in SECTIONS:
        for name in (spec.key, spec.title, *spec.aliases):
            lookup[name.casefold()] = spec.key
    wanted: list[str] = []
    unknown: list[str] = []
    for name in names:
        key = lookup.get(name.strip().casefold())
        if key is None:
            unknown.append(name)
        elif key not in wanted:
            wanted.append(key)
    if unknown:
        listed = ", ".join(repr(n) for n in unknown)
        raise UsageProblem(
            f"unknown section{'s' if len(unknown) > 1 else ''} {listed}",
            hint="valid sections: " + ", ".join(SECTION_NAMES),
        )
    return [key for key in SECTION_NAMES if key in wanted]


def _source_key(source: Source) -> str:
    if source.doi:
        return "doi:" + source.doi.casefold()
    if source.url:
        return "url:" + source.url
    return "citation:" + " ".join(source.citation.split())


def _number_sources(
    sections: list[Section], trials: Sequence[Trial]
) -> tuple[list[Section], list[Footnote]]:
    by_trial = {t.id: {s.id: s for s in t.record.sources} for t in trials}
    numbers: dict[str, int] = {}
    notes: dict[str, dict[str, Any]] = {}

    def number(ref: SourceRef) -> int:
        listed = by_trial.get(ref.trial, {}).get(ref.source)
        source: Source | dict[str, str]
        if listed is None:
            key = f"missing:{ref.trial}:{ref.source}"
            source = {"citation": f"{ref.source} (not listed in {ref.trial})"}
        else:
            key, source = _source_key(listed), listed
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            notes[key] = {"source": source, "cited_as": []}
        if ref not in notes[key]["cited_as"]:
            notes[key]["cited_as"].append(ref)
        return numbers[key]

    out: list[Section] = []
    for section in sections:
        rows = []
        for row in section.rows:
            cells = tuple(
                replace(c, sources=tuple(sorted({number(r) for r in c.refs}))) for c in row.cells
            )
            rows.append(replace(row, cells=cells))
        out.append(replace(section, rows=tuple(rows)))
    footnotes = [
        Footnote(
            number=numbers[key],
            citation=" ".join(str(get(note["source"], "citation") or "").split()),
            kind=get(note["source"], "kind"),
            doi=get(note["source"], "doi"),
            url=get(note["source"], "url"),
            cited_as=tuple(note["cited_as"]),
        )
        for key, note in notes.items()
    ]
    return out, sorted(footnotes, key=lambda f: f.number)


def _legend(sections: list[Section]) -> list[str]:
    cells = [c for s in sections for r in s.rows for c in r.cells]
    used_marks = {m for c in cells for m in c.marks}
    legend = [KIND_LEGEND]
    if any(c.kind == NOT_STATED for c in cells):
        legend.append(NOT_STATED_LEGEND)
    legend += [f"{mark} = {MARK_MEANINGS[mark]}" for mark in MARK_MEANINGS if mark in used_marks]
    if any(r.differs for s in sections for r in s.rows):
        legend.append(DIFFERS_LEGEND)
    if any(c.report for c in cells):
        legend.append(REPORT_LEGEND)
    if any(c.sources for c in cells):
        legend.append(SOURCES_LEGEND)
    return legend


def _contexts(trials: Sequence[Trial]) -> list[TrialContext]:
    """One column per trial; a trial with arms gets one column per arm."""
    out: list[TrialContext] = []
    for trial in trials:
        arms = [a for a in trial.record.arms if a.id]
        if len(arms) > 1:
            out.extend(TrialContext(trial, arm) for arm in arms)
        else:
            out.append(TrialContext(trial))
    return out


def _head(ctx: TrialContext) -> TrialHead:
    name = ctx.record.short_name
    if ctx.arm is None:
        return TrialHead(ctx.id, name)
    return TrialHead(ctx.id, f"{name or ctx.id} · {ctx.arm.label or ctx.arm.id}")


def build_comparison(
    trials: Sequence[Trial],
    sections: Sequence[str] | None = None,
    *,
    diff_only: bool = False,
) -> Comparison:
    """The comparison of `trials` (two or more) in the chosen sections (default: all)."""
    if len(trials) < 2:
        raise UsageProblem(
            "compare needs at least two different trials",
            hint="use `trialcmp show ID` to see one trial",
        )
    chosen = list(sections) if sections else list(SECTION_NAMES)
    contexts = _contexts(trials)
    with_hrs = any(ctx.hazard_ratios() for ctx in contexts)
    built: list[Section] = []
    for spec in SECTIONS:
        if spec.key not in chosen:
            continue
        per_trial = [spec.build(ctx) for ctx in contexts]
        if spec.key == "efficacy" and with_hrs:
            for ctx, trial_rows in zip(contexts, per_trial, strict=True):
                trial_rows.append(("hazard_ratios", "Hazard ratios", hazard_ratio_cell(ctx)))
        rows = []
        for i, (key, label, _) in enumerate(per_trial[0]):
            cells = tuple(trial_rows[i][2] for trial_rows in per_trial)
            rows.append(Row(f"{spec.key}.{key}", label, cells))
        if diff_only:
            rows = [r for r in rows if r.differs]
        if rows:
            built.append(Section(spec.key, spec.title, tuple(rows), spec.note))
    numbered, footnotes = _number_sources(built, trials)
    return Comparison(
        trials=tuple(_head(ctx) for ctx in contexts),
        sections=tuple(numbered),
        footnotes=tuple(footnotes),
        legend=tuple(_legend(numbered)),
        diff_only=diff_only,
    )
