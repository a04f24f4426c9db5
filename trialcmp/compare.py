"""`compare`: trials side by side, as data — sections → rows → one cell per trial.

A `Cell` carries its display text (plain text, no footnote markers), the raw value(s) for
JSON, a kind (a value, not reported, not applicable, or — for eligibility thresholds — not
stated by the curated criteria), the legend marks its text uses and the sources it was read
from. Footnote numbers are assigned once the rows to show are known, in reading order (rows
top to bottom, trials left to right); the same document gets the same number everywhere.

Proportions read `92% (46/50; 95% CI 81–98‡)`: the exact Clopper–Pearson interval computed
from the counts when the source gives counts (‡), the source's own interval otherwise (†).
Nothing here prints or imports Rich/Typer; the reporters in `trialcmp.render.compare` format
a `Comparison`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from trialcmp.collection import Trial
from trialcmp.errors import UsageProblem
from trialcmp.estimate import (
    CI_EXACT,
    CI_REPORTED,
    PCT_COMPUTED,
    ci_text,
    estimate,
    reported_ci_text,
)
from trialcmp.formatting import (
    dose,
    hazard_ratio_summary,
    median_range,
    missing,
    num,
    proportion_brief,
    scaled,
    trial_treated,
)
from trialcmp.landscape import report_order
from trialcmp.stats import round_half_up

# ---------------------------------------------------------------- kinds, marks, legend

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


# ---------------------------------------------------------------- small helpers


def _missing_cell(value: Any, refs: tuple[SourceRef, ...] = ()) -> Cell:
    mark = missing(value)
    if mark == NA_TEXT:
        return Cell(NA_TEXT, NOT_APPLICABLE, refs=refs)
    return Cell(NR_TEXT, NOT_REPORTED, refs=refs)


def _nr() -> Cell:
    return Cell(NR_TEXT, NOT_REPORTED)


def _flags(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return []
    marks = []
    if value.get("variants") or value.get("source_inconsistency"):
        marks.append(INCONSISTENT)
    if value.get("verify"):
        marks.append(VERIFY)
    return marks


def _with_flags(text: str, marks: list[str]) -> str:
    flags = "".join(m for m in marks if m in (INCONSISTENT, VERIFY))
    return f"{text} {flags}" if flags else text


def proportion_text(value: dict[str, Any]) -> tuple[str, list[str]]:
    """'92% (46/50; 95% CI 81–98‡)' and the marks it uses."""
    est = estimate(value)
    marks: list[str] = []
    if est.pct_source == "reported":
        head = f"{num(est.pct)}%"
    else:
        head = f"{round_half_up(est.pct)}%{PCT_COMPUTED}"
        marks.append(PCT_COMPUTED)
    parts = [f"{est.n}/{est.total}" if est.n is not None else "n/N NR"]
    if est.ci_source == "exact" and est.lo is not None and est.hi is not None:
        ci = f"95% CI {ci_text(est.lo, est.hi)}{CI_EXACT}"
        marks.append(CI_EXACT)
        if est.ci_disagrees and est.reported_ci is not None:
            ci += f", reported {reported_ci_text(est.reported_ci)}{CI_REPORTED}"
            marks.append(CI_REPORTED)
        parts.append(ci)
    elif est.ci_source == "reported" and est.reported_ci is not None:
        parts.append(f"95% CI {reported_ci_text(est.reported_ci)}{CI_REPORTED}")
        marks.append(CI_REPORTED)
    else:
        parts.append("no CI")
    flags = _flags(value)
    return _with_flags(f"{head} ({'; '.join(parts)})", flags), marks + flags


def time_to_event_text(value: dict[str, Any]) -> tuple[str, list[str]]:
    """'19.7 mo (95% CI 7.7–31.7†)', 'not reached'."""
    out = "not reached" if value.get("not_reached") else f"{num(value['months'])} mo"
    marks: list[str] = []
    ci = value.get("ci95")
    if ci:
        out += f" (95% CI {reported_ci_text(ci)}{CI_REPORTED})"
        marks.append(CI_REPORTED)
    flags = _flags(value)
    return _with_flags(out, flags), marks + flags


def _clean_raw(value: Any) -> Any:
    """A record value for JSON, without its citations."""
    if isinstance(value, dict):
        return {k: _clean_raw(v) for k, v in value.items() if k not in ("cite",)}
    if isinstance(value, list):
        return [_clean_raw(v) for v in value]
    return value


def _join(parts: Iterable[str], sep: str = "; ") -> str:
    return sep.join(p for p in parts if p)


# ---------------------------------------------------------------- one trial's context


class _Ctx:
    """A trial record with helpers to cite and to pick values from its reports."""

    def __init__(self, trial: Trial, arm: dict[str, Any] | None = None) -> None:
        self.trial = trial
        self.data = trial.data
        self.id = trial.id
        #: the arm this column shows (a randomised trial has one column per arm)
        self.arm = arm
        reports = [r for r in self.data.get("results") or [] if isinstance(r, dict)]
        if arm is not None:
            reports = [r for r in reports if r.get("arm") == arm.get("id")]
        # earliest first, by data cut-off else report date: the latest stating a value wins
        self.results: list[dict[str, Any]] = [reports[i] for i in report_order(reports)]

    def hazard_ratios(self) -> list[dict[str, Any]]:
        """The hazard ratios of this arm (every report of the trial), or of the whole trial."""
        found = []
        for report in self.data.get("results") or []:
            for hr in (report.get("hazard_ratios") or []) if isinstance(report, dict) else []:
                if isinstance(hr, dict) and (
                    self.arm is None or hr.get("arm") == self.arm.get("id")
                ):
                    found.append(hr)
        return found

    def refs(self, *cite_lists: Any) -> tuple[SourceRef, ...]:
        """Sources of the first non-empty cite list (a value's own, then its block's)."""
        for cites in cite_lists:
            if isinstance(cites, list) and cites:
                found = [
                    SourceRef(self.id, str(c["source"]))
                    for c in cites
                    if isinstance(c, dict) and c.get("source")
                ]
                return tuple(dict.fromkeys(found))
        return ()

    def letter(self, index: int) -> str | None:
        return chr(ord("A") + index) if len(self.results) > 1 else None

    def from_reports(
        self, block: str, get: Callable[[dict[str, Any]], Any]
    ) -> tuple[Any, int | None]:
        """The value from the latest report that states it, and the report's index.

        When no report states it, the value is the first 'not applicable' found (else None).
        """
        fallback: Any = None
        for index in range(len(self.results) - 1, -1, -1):
            body = self.results[index].get(block)
            if not isinstance(body, dict):
                continue
            value = get(body)
            if value is None:
                continue
            if missing(value) is None:
                return value, index
            if missing(value) == NA_TEXT and fallback is None:
                fallback = value
        return fallback, None

    def report_cites(self, block: str, index: int) -> tuple[Any, Any]:
        report = self.results[index]
        return (report.get(block) or {}).get("cite"), report.get("cite")


def _text_cell(value: Any, refs: tuple[SourceRef, ...]) -> Cell:
    if missing(value) is not None:
        return _missing_cell(value, refs)
    return Cell(str(value), raw=_clean_raw(value), refs=refs)


def _proportion_cell(value: Any, refs: tuple[SourceRef, ...], report: str | None = None) -> Cell:
    if not isinstance(value, dict):
        return _missing_cell(value, refs)
    text, marks = proportion_text(value)
    return Cell(
        text,
        raw=estimate(value).raw(value),
        marks=tuple(marks),
        refs=refs,
        report=report,
    )


def _median_cell(value: Any, refs: tuple[SourceRef, ...], unit: str) -> Cell:
    if not isinstance(value, dict):
        return _missing_cell(value, refs)
    flags = _flags(value)
    text = median_range(value, str(value.get("unit") or unit))
    return Cell(_with_flags(text, flags), raw=_clean_raw(value), marks=tuple(flags), refs=refs)


RowOut = tuple[str, str, Cell]

# ---------------------------------------------------------------- Overview

CONSTRUCTS = {
    "single_target": "single-target CAR",
    "tandem_bispecific": "tandem bispecific CAR (one CAR, two binders)",
    "dual_car": "dual CAR (two CARs in the same cells)",
    "co_administered": "two CAR-T products co-administered",
    "bicistronic": "bicistronic (two CARs from one vector)",
}
CELL_SOURCES = {
    "autologous": "autologous",
    "donor_derived": "donor-derived",
    "allogeneic": "allogeneic",
}


DESIGN_KEYS = (
    "study_type",
    "open_label",
    "randomised",
    "arms",
    "centres",
    "dose_escalation",
    "planned_enrolment",
)


def _design_text(design: dict[str, Any]) -> str:
    parts: list[str] = []
    if design.get("study_type") in ("interventional", "observational"):
        parts.append(str(design["study_type"]))
    if design.get("open_label") is True:
        parts.append("open-label")
    elif design.get("open_label") is False:
        parts.append("not open-label")
    if design.get("randomised") is True:
        parts.append("randomised")
    elif design.get("randomised") is False:
        parts.append("non-randomised")
    arms = design.get("arms")
    if isinstance(arms, int):
        parts.append("single-arm" if arms == 1 else f"{arms} arms")
    if design.get("centres") in ("single-centre", "multicentre"):
        parts.append(str(design["centres"]))
    escalation = design.get("dose_escalation")
    if isinstance(escalation, str) and missing(escalation) is None:
        parts.append(escalation)
    planned = design.get("planned_enrolment")
    if isinstance(planned, int):
        parts.append(f"planned enrolment {planned}")
    return _join(parts)


def _overview(ctx: _Ctx) -> list[RowOut]:
    data = ctx.data
    design = data.get("design") or {}
    drefs = ctx.refs(design.get("cite"))
    other_ids = [str(i) for i in data.get("other_ids") or []]
    registry_block = data.get("registry") or {}
    registry_name = registry_block.get("name") if isinstance(registry_block, dict) else None
    registry = Cell(
        (str(registry_name) if registry_name and registry_name != "none" else "no registry ID")
        + (f" (also {', '.join(other_ids)})" if other_ids else ""),
        raw={"registry": registry_name, "id": ctx.id, "other_ids": other_ids},
    )
    design_text = _design_text(design)
    design_cell = (
        Cell(
            design_text,
            raw=_clean_raw({k: design[k] for k in DESIGN_KEYS if k in design}),
            refs=drefs,
        )
        if design_text
        else Cell(NR_TEXT, NOT_REPORTED, refs=drefs)
    )
    sponsor = design.get("sponsor")
    sponsor_cell = Cell(sponsor, raw=sponsor, refs=drefs) if sponsor else _nr()
    sites = design.get("sites") or []
    if sites:
        site_text = "\n".join(
            _join([str(s["name"]), str(s.get("city") or "")], ", ") for s in sites
        )
        sites_cell = Cell(site_text, raw=_clean_raw(sites), refs=drefs)
    else:
        countries = design.get("countries") or []
        text = f"{NR_TEXT} (country: {', '.join(countries)})" if countries else NR_TEXT
        sites_cell = Cell(text, NOT_REPORTED, raw={"countries": countries}, refs=drefs)
    return [
        ("registry", "Registry", registry),
        ("phase", "Phase", _text_cell(design.get("phase"), drefs)),
        ("design", "Design", design_cell),
        ("status", "Status", _text_cell(design.get("status"), drefs)),
        ("sponsor", "Sponsor", sponsor_cell),
        ("sites", "Sites", sites_cell),
        ("treated", "Patients treated", _treated_cell(ctx)),
    ]


def _treated_cell(ctx: _Ctx) -> Cell:
    if ctx.arm is not None:  # one arm of a randomised trial: the arm's own counts
        treated_arm = ctx.arm.get("treated")
        if not isinstance(treated_arm, int):
            return _missing_cell(treated_arm, ctx.refs(ctx.arm.get("cite")))
        randomised = ctx.arm.get("randomised")
        more = f" ({randomised} randomised)" if isinstance(randomised, int) else ""
        return Cell(
            f"{treated_arm} treated{more}",
            raw={"treated": treated_arm, "randomised": randomised},
            refs=ctx.refs(ctx.arm.get("cite")),
        )
    population = ctx.data.get("population") or {}
    treated = trial_treated(ctx.data)
    if treated is None:
        return Cell(NR_TEXT, NOT_REPORTED)
    if isinstance(population.get("infused"), int):
        refs = ctx.refs(population.get("cite"))
    else:
        refs = ()
        for report in reversed(ctx.results):
            if report.get("treated") == treated:
                refs = ctx.refs(report.get("cite"))
                break
    extra = [
        f"{population[key]} {word}"
        for key, word in (("enrolled", "enrolled"), ("screened", "screened"))
        if isinstance(population.get(key), int)
    ]
    text = f"{treated} infused" + (f" ({', '.join(extra)})" if extra else "")
    raw = {
        "infused": treated,
        "enrolled": population.get("enrolled"),
        "screened": population.get("screened"),
    }
    return Cell(text, raw=raw, refs=refs)


# ---------------------------------------------------------------- Product


def _product(ctx: _Ctx) -> list[RowOut]:
    product = ctx.data.get("product") or {}
    refs = ctx.refs(product.get("cite"))
    targets = product.get("targets") or []
    construct = product.get("construct")
    construct_cell = (
        _missing_cell(construct, refs)
        if missing(construct) is not None
        else Cell(CONSTRUCTS.get(str(construct), str(construct)), raw=construct, refs=refs)
    )
    binder = product.get("binder")
    origin = product.get("binder_origin")
    if missing(binder) is not None and origin and missing(origin) is None:
        binder_cell = Cell(
            f"{NR_TEXT} (origin: {origin})", NOT_REPORTED, raw={"origin": origin}, refs=refs
        )
    else:
        binder_cell = _text_cell(binder, refs)
    sources = [s for s in product.get("cell_source") or [] if missing(s) is None]
    source_cell = (
        Cell(" or ".join(CELL_SOURCES.get(s, s) for s in sources), raw=sources, refs=refs)
        if sources
        else Cell(NR_TEXT, NOT_REPORTED, refs=refs)
    )
    return [
        (
            "targets",
            "Targets",
            Cell(" + ".join(targets), raw=targets, refs=refs) if targets else _nr(),
        ),
        ("construct", "Construct", construct_cell),
        ("binder", "Binder", binder_cell),
        (
            "costimulatory",
            "Costimulatory domain",
            _text_cell(product.get("costimulatory_domain"), refs),
        ),
        ("vector", "Vector", _text_cell(product.get("vector"), refs)),
        ("cell_source", "Cell source", source_cell),
    ]


# ---------------------------------------------------------------- Dosing


def _scaled(value: float, exponent: int) -> str:
    return scaled(value, exponent)


def dose_text(level: dict[str, Any]) -> str:
    """'target dose: 0.75×10^6/kg (CAR+ T cells)': the dose text of show, with its label."""
    text = dose(level)
    if level.get("label"):
        text = f"{level['label']}: {text}"
    return _with_flags(text, _flags(level))


def _dosing(ctx: _Ctx) -> list[RowOut]:
    dosing = ctx.data.get("dosing")
    if not isinstance(dosing, dict):
        return [("levels", "Dose levels", _nr()), ("schedule", "Schedule", _nr())]
    block = dosing.get("cite")
    levels = dosing.get("levels") or []
    if levels:
        refs: list[SourceRef] = []
        marks: list[str] = []
        for level in levels:
            refs.extend(ctx.refs(level.get("cite"), block))
            marks.extend(_flags(level))
        level_cell = Cell(
            "\n".join(dose_text(level) for level in levels),
            raw=[
                {
                    "label": lv.get("label"),
                    "per_kg": lv["per_kg"],
                    "cells": lv["cells"],
                    "x10^6": [
                        float(_scaled(lv["value"], lv["exponent"])),
                        float(_scaled(lv.get("value_max") or lv["value"], lv["exponent"])),
                    ],
                    "as_written": lv["as_written"],
                }
                for lv in levels
            ],
            marks=tuple(dict.fromkeys(marks)),
            refs=tuple(dict.fromkeys(refs)),
        )
    else:
        level_cell = Cell(NR_TEXT, NOT_REPORTED, refs=ctx.refs(block))
    return [
        ("levels", "Dose levels", level_cell),
        ("schedule", "Schedule", _text_cell(dosing.get("schedule"), ctx.refs(block))),
    ]


# ---------------------------------------------------------------- Lymphodepletion

DRUG_SHORT = {
    "cyclophosphamide": "Cy",
    "fludarabine": "Flu",
    "melphalan": "Mel",
    "bendamustine": "Benda",
}
LD_UNITS = {
    "mg/m²/day": "mg/m²/d",
    "mg/kg/day": "mg/kg/d",
    "mg/day": "mg/d",
}


def _day(d: int) -> str:
    return f"−{-d}" if d < 0 else (f"+{d}" if d > 0 else "0")


def drug_text(drug: dict[str, Any]) -> str:
    """'Cy 750 mg/m² d−5', 'Flu 30 mg/m²/d d−5…−2', 'Flu 30 mg/m²/d ×3 d', 'Mel dose NR'."""
    name = DRUG_SHORT.get(drug["drug"], drug["drug"])
    dose = drug.get("dose")
    if not isinstance(dose, int | float):
        text = f"{name} dose {missing(dose) or NR_TEXT}"
    else:
        amount = num(dose)
        if drug.get("dose_max") is not None:
            amount += f"–{num(drug['dose_max'])}"
        unit = drug.get("unit")
        text = f"{name} {amount}" + (f" {LD_UNITS.get(unit, unit)}" if unit else "")
    days = drug.get("days")
    if isinstance(days, dict):
        start, end = days["from"], days["to"]
        text += f" d{_day(start)}" if start == end else f" d{_day(start)}…{_day(end)}"
    elif isinstance(drug.get("n_days"), int):
        text += f" ×{drug['n_days']} d"
    return text


def regimen_text(regimen: dict[str, Any]) -> str:
    drugs = regimen.get("drugs") or []
    text = "; ".join(drug_text(d) for d in drugs)
    timed = any(isinstance(d.get("days"), dict) or d.get("n_days") for d in drugs)
    if regimen.get("timing") and not timed:
        text += f" ({regimen['timing']})"
    if regimen.get("applies_to"):
        text = f"{regimen['applies_to']}: {text}"
    return text


def _lymphodepletion(ctx: _Ctx) -> list[RowOut]:
    ld = ctx.data.get("lymphodepletion")
    regimens = (ld.get("regimens") or []) if isinstance(ld, dict) else []
    if not regimens:
        return [("regimens", "Regimen(s)", _nr())]
    refs: list[SourceRef] = []
    for regimen in regimens:
        refs.extend(ctx.refs(regimen.get("cite")))
    cell = Cell(
        "\n".join(regimen_text(r) for r in regimens),
        raw=_clean_raw(regimens),
        refs=tuple(dict.fromkeys(refs)),
    )
    return [("regimens", "Regimen(s)", cell)]


# ---------------------------------------------------------------- Population


def _population(ctx: _Ctx) -> list[RowOut]:
    population = ctx.data.get("population")
    keys = [
        ("age", "Median age", "median", "years"),
        ("prior_lines", "Median prior lines", "median", "lines"),
        ("female", "Female", "proportion", ""),
        ("extramedullary_disease", "Extramedullary disease", "proportion", ""),
        ("high_risk_cytogenetics", "High-risk cytogenetics", "proportion", ""),
        ("prior_asct", "Prior ASCT", "proportion", ""),
        ("triple_refractory", "Triple refractory", "proportion", ""),
        ("prior_car_t", "Prior CAR-T", "proportion", ""),
    ]
    if not isinstance(population, dict):
        return [(key, label, _nr()) for key, label, _, _ in keys]
    block = population.get("cite")
    rows: list[RowOut] = []
    for key, label, kind, unit in keys:
        value = population.get(key)
        own = value.get("cite") if isinstance(value, dict) else None
        refs = ctx.refs(own, block)
        if kind == "median":
            rows.append((key, label, _median_cell(value, refs, unit)))
        else:
            rows.append((key, label, _baseline_cell(value, refs)))
    return rows


def _baseline_cell(value: Any, refs: tuple[SourceRef, ...]) -> Cell:
    """A baseline characteristic: the share and its counts, no confidence interval (it
    describes the patients treated; it estimates nothing)."""
    if not isinstance(value, dict):
        return _missing_cell(value, refs)
    return Cell(proportion_brief(value), raw=_clean_raw(value), refs=refs)


# ---------------------------------------------------------------- Eligibility thresholds

OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}

#: (row key, label, {field: prefix})
ELIGIBILITY_ROWS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("age", "Age", {"age": ""}),
    ("ecog", "ECOG", {"ecog": ""}),
    ("life_expectancy", "Life expectancy", {"life_expectancy_months": ""}),
    ("prior_lines", "Prior lines", {"prior_therapy.lines": ""}),
    (
        "renal",
        "Creatinine clearance",
        {"labs.creatinine_clearance": "", "labs.creatinine": "serum creatinine "},
    ),
    ("lvef", "LVEF", {"labs.lvef_pct": ""}),
    ("spo2", "SpO₂", {"labs.spo2_pct": ""}),
    ("fev1", "FEV₁ (% predicted)", {"labs.fev1_pct_predicted": ""}),
    ("alt_ast", "ALT / AST", {"labs.alt_uln": "ALT ", "labs.ast_uln": "AST "}),
    ("bilirubin", "Bilirubin", {"labs.bilirubin_uln": ""}),
    ("coagulation", "PT / APTT", {"labs.pt_uln": "PT ", "labs.aptt_uln": "APTT "}),
    ("anc", "ANC", {"labs.anc": ""}),
    ("platelets", "Platelets", {"labs.platelets": ""}),
    ("alc", "ALC", {"labs.alc": ""}),
    (
        "antigen",
        "Antigen requirement",
        {
            "disease.bcma_positive": "",
            "disease.cd19_positive": "",
            "disease.gprc5d_positive": "",
            "disease.bcma_expression_pct": "BCMA expression ",
        },
    ),
    ("extramedullary", "Extramedullary disease", {"disease.extramedullary_measurable": ""}),
)
#: true / false phrases of boolean fields
BOOLEAN_WORDS: dict[str, tuple[str, str]] = {
    "disease.bcma_positive": ("BCMA+", "BCMA−"),
    "disease.cd19_positive": ("CD19+", "CD19−"),
    "disease.gprc5d_positive": ("GPRC5D+", "GPRC5D−"),
    "disease.extramedullary_measurable": ("measurable EMD", "no measurable EMD"),
    "disease.relapsed_refractory": ("RRMM", "not RRMM"),
}
MERGED_PREFIXES = {
    frozenset({"labs.alt_uln", "labs.ast_uln"}): "ALT/AST ",
    frozenset({"labs.pt_uln", "labs.aptt_uln"}): "PT/APTT ",
}


def _value_with_unit(value: Any, unit: str | None) -> str:
    if isinstance(value, list):
        text = ", ".join(num(v) if isinstance(v, int | float) else str(v) for v in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = num(value)
    else:
        text = str(value)
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit in ("x ULN", "× ULN", "xULN"):
        return f"{text}× ULN"
    if unit.startswith(("x10^", "×10^", "x 10^")):
        return f"{text}×10^{unit.split('^', 1)[1]}"
    return f"{text} {unit}"


def leaf_text(leaf: dict[str, Any], prefix: str = "") -> str:
    """One rule leaf as a threshold: '> 50%', '≤ 2', 'ALT < 3× ULN', 'BCMA+'."""
    name, op, value = str(leaf["field"]), str(leaf["op"]), leaf.get("value")
    if name in BOOLEAN_WORDS and op in ("==", "!=") and isinstance(value, bool):
        yes, no = BOOLEAN_WORDS[name]
        return yes if (value is True) == (op == "==") else no
    if op in ("empty", "not empty"):
        return f"{prefix or name + ' '}{op}".strip()
    if op in OPS:
        return f"{prefix}{OPS[op]} {_value_with_unit(value, leaf.get('unit'))}"
    return f"{prefix or name + ' '}{op} {_value_with_unit(value, leaf.get('unit'))}"


def _is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and "field" in node


def _prune(node: Any, fields: dict[str, str], conjunctive: str) -> Any:
    """The part of a rule that constrains `fields`.

    For an inclusion, `all` children are independent requirements (conjunctive='all');
    for an exclusion, `any` children are independent reasons to exclude ('any'). Children
    of the other combinator are alternatives, so such a node is kept whole.
    """
    if not isinstance(node, dict):
        return None
    if _is_leaf(node):
        return node if node["field"] in fields else None
    if "not" in node:
        flipped = "any" if conjunctive == "all" else "all"
        sub = _prune(node["not"], fields, flipped)
        return None if sub is None else {"not": sub}
    for comb in ("all", "any"):
        if comb in node:
            pruned = [_prune(c, fields, conjunctive) for c in node[comb]]
            if comb == conjunctive:
                kept = [p for p in pruned if p is not None]
                if not kept:
                    return None
                return kept[0] if len(kept) == 1 else {comb: kept}
            return node if any(p is not None for p in pruned) else None
    return None


def _rule_text(node: Any, fields: dict[str, str]) -> str:
    if _is_leaf(node):
        return leaf_text(node, fields.get(node["field"], ""))
    if "not" in node:
        return f"not ({_rule_text(node['not'], fields)})"
    comb = "all" if "all" in node else "any"
    children = list(node[comb])
    parts: list[str] = []
    used: set[int] = set()
    for i, child in enumerate(children):
        if i in used:
            continue
        if _is_leaf(child):
            for j in range(i + 1, len(children)):
                other = children[j]
                pair = frozenset({child["field"], other.get("field") if _is_leaf(other) else ""})
                if (
                    j not in used
                    and pair in MERGED_PREFIXES
                    and all(child.get(k) == other.get(k) for k in ("op", "value", "unit"))
                ):
                    used.add(j)
                    parts.append(leaf_text(child, MERGED_PREFIXES[pair]))
                    break
            else:
                parts.append(leaf_text(child, fields.get(child["field"], "")))
            continue
        inner = _rule_text(child, fields)
        parts.append(f"({inner})")
    word = " and " if comb == "all" else " or "
    return word.join(_factor_units(parts, children, used))


def _factor_units(parts: list[str], children: list[Any], merged: set[int]) -> list[str]:
    """'≥ 18 years', '≤ 75 years' → '≥ 18', '≤ 75 years' when one field shares a word unit."""
    leaves = [c for i, c in enumerate(children) if i not in merged]
    if len(leaves) != len(parts) or len(parts) < 2:
        return parts
    if not all(_is_leaf(c) for c in leaves):
        return parts
    fields = {c["field"] for c in leaves}
    units = {c.get("unit") for c in leaves}
    unit = next(iter(units))
    if len(fields) != 1 or len(units) != 1 or not isinstance(unit, str):
        return parts
    suffix = f" {unit}"
    if not all(p.endswith(suffix) for p in parts):
        return parts
    return [p[: -len(suffix)] for p in parts[:-1]] + [parts[-1]]


def _threshold_cell(ctx: _Ctx, fields: dict[str, str]) -> Cell:
    eligibility = ctx.data.get("eligibility")
    if not isinstance(eligibility, dict):
        return Cell(NR_TEXT, NOT_REPORTED, raw=None)
    pieces: list[str] = []
    raw: list[dict[str, Any]] = []
    refs: list[SourceRef] = []
    for criterion in eligibility.get("criteria") or []:
        kind = criterion.get("kind")
        conjunctive = "all" if kind == "inclusion" else "any"
        pruned = _prune(criterion.get("rule"), fields, conjunctive)
        if pruned is None:
            continue
        text = _rule_text(pruned, fields)
        if kind == "exclusion":
            text = f"excluded if {text}"
        when = criterion.get("applies_when")
        if isinstance(when, dict):
            text += f" (when {_rule_text(when, {})})"
        pieces.append(text)
        raw.append({"criterion": criterion.get("id"), "kind": kind, "rule": pruned})
        refs.extend(ctx.refs(criterion.get("cite"), eligibility.get("cite")))
    if pieces:
        return Cell("; ".join(pieces), raw=raw, refs=tuple(dict.fromkeys(refs)))
    complete = eligibility.get("complete", True) is not False
    return Cell(
        NOT_STATED_TEXT if complete else PARTIAL_TEXT,
        NOT_STATED,
        raw={"criteria_complete": complete},
        refs=ctx.refs(eligibility.get("cite")),
    )


def _eligibility(ctx: _Ctx) -> list[RowOut]:
    return [(key, label, _threshold_cell(ctx, fields)) for key, label, fields in ELIGIBILITY_ROWS]


# ---------------------------------------------------------------- Endpoints


def _endpoint_cell(ctx: _Ctx, endpoints: Any) -> Cell:
    if endpoints is None:
        return _nr()
    if not endpoints:
        return Cell("none", raw=[])
    lines = []
    refs: list[SourceRef] = []
    for ep in endpoints:
        frame = ep.get("time_frame") or "time frame NR"
        lines.append(f"{ep['measure']} ({frame})")
        refs.extend(ctx.refs(ep.get("cite")))
    return Cell("\n".join(lines), raw=_clean_raw(endpoints), refs=tuple(dict.fromkeys(refs)))


def _endpoints(ctx: _Ctx) -> list[RowOut]:
    endpoints = ctx.data.get("endpoints")
    if not isinstance(endpoints, dict):
        return [("primary", "Primary", _nr()), ("secondary", "Secondary", _nr())]
    return [
        ("primary", "Primary", _endpoint_cell(ctx, endpoints.get("primary"))),
        ("secondary", "Secondary", _endpoint_cell(ctx, endpoints.get("secondary"))),
    ]


# ---------------------------------------------------------------- Efficacy and safety


def _report_rows(ctx: _Ctx, used: set[int]) -> list[RowOut]:
    if not used:
        return [
            ("report", "Report", _nr()),
            ("data_cutoff", "Data cutoff", _nr()),
            ("follow_up", "Median follow-up", _nr()),
        ]
    order = sorted(used)

    def lettered(index: int, text: str) -> str:
        letter = ctx.letter(index)
        return f"{letter}: {text}" if letter else text

    def refs_of(index: int) -> tuple[SourceRef, ...]:
        return ctx.refs(ctx.results[index].get("cite"))

    labels, cutoffs, follow_ups = [], [], []
    refs: list[SourceRef] = []
    cutoff_known = follow_known = False
    follow_marks: list[str] = []
    for index in order:
        report = ctx.results[index]
        refs.extend(refs_of(index))
        labels.append(lettered(index, str(report["label"])))
        cutoff = report.get("data_cutoff")
        if cutoff is not None and missing(cutoff) is None:
            cutoff_known = True
            cutoffs.append(lettered(index, str(cutoff)))
        else:
            cutoffs.append(lettered(index, missing(cutoff) or NR_TEXT))
        mfu = report.get("median_follow_up")
        if isinstance(mfu, dict):
            follow_known = True
            follow_marks.extend(_flags(mfu))
            text = median_range(mfu, str(mfu.get("unit") or "months"))
            follow_ups.append(lettered(index, _with_flags(text, _flags(mfu))))
        else:
            follow_ups.append(lettered(index, missing(mfu) or NR_TEXT))
    all_refs = tuple(dict.fromkeys(refs))
    raw_reports = [
        {
            "report": ctx.letter(i),
            "label": ctx.results[i]["label"],
            "data_cutoff": ctx.results[i].get("data_cutoff"),
            "median_follow_up": _clean_raw(ctx.results[i].get("median_follow_up")),
        }
        for i in order
    ]
    cutoff_cell = (
        Cell("\n".join(cutoffs), raw=raw_reports, refs=all_refs)
        if cutoff_known
        else Cell(NR_TEXT, NOT_REPORTED, refs=all_refs)
    )
    follow_cell = (
        Cell("\n".join(follow_ups), raw=raw_reports, marks=tuple(follow_marks), refs=all_refs)
        if follow_known
        else Cell(NR_TEXT, NOT_REPORTED, refs=all_refs)
    )
    return [
        ("report", "Report", Cell("\n".join(labels), raw=raw_reports, refs=all_refs)),
        ("data_cutoff", "Data cutoff", cutoff_cell),
        ("follow_up", "Median follow-up", follow_cell),
    ]


def _dig(*keys: str) -> Callable[[dict[str, Any]], Any]:
    def get(body: dict[str, Any]) -> Any:
        value: Any = body
        for key in keys:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return value

    return get


Maker = Callable[[Any, tuple[SourceRef, ...], str | None], Cell]


def _reported_value(
    ctx: _Ctx,
    block: str,
    keys: tuple[str, ...],
    used: set[int],
    make: Maker,
) -> Cell:
    value, index = ctx.from_reports(block, _dig(*keys))
    if index is None:
        return _missing_cell(value)
    used.add(index)
    own = value.get("cite") if isinstance(value, dict) else None
    block_cites, report_cites = ctx.report_cites(block, index)
    refs = ctx.refs(own, block_cites, report_cites)
    return make(value, refs, ctx.letter(index))


def _make_tte(value: Any, refs: tuple[SourceRef, ...], report: str | None) -> Cell:
    text, marks = time_to_event_text(value)
    return Cell(text, raw=_clean_raw(value), marks=tuple(marks), refs=refs, report=report)


def _make_text(value: Any, refs: tuple[SourceRef, ...], report: str | None) -> Cell:
    return Cell(str(value), raw=value, refs=refs, report=report)


def _landmarks_cell(ctx: _Ctx, used: set[int]) -> Cell:
    value, index = ctx.from_reports("efficacy", lambda b: b.get("landmarks") or None)
    if index is None:
        return _nr()
    used.add(index)
    lines = []
    refs: list[SourceRef] = []
    block_cites, report_cites = ctx.report_cites("efficacy", index)
    for mark in value:
        line = f"{num(mark['at_months'])}-mo {mark['measure']} {num(mark['pct'])}%"
        if mark.get("ci95"):
            line += f" (95% CI {reported_ci_text(mark['ci95'])}{CI_REPORTED})"
        else:
            line += " (no CI)"
        if mark.get("population"):
            line += f", {mark['population']}"
        lines.append(line)
        refs.extend(ctx.refs(mark.get("cite"), block_cites, report_cites))
    marks = (CI_REPORTED,) if any(m.get("ci95") for m in value) else ()
    return Cell(
        "\n".join(lines),
        raw=_clean_raw(value),
        marks=marks,
        refs=tuple(dict.fromkeys(refs)),
        report=ctx.letter(index),
    )


EFFICACY_METRICS: tuple[tuple[str, str, str], ...] = (
    ("orr", "ORR (≥PR)", "orr"),
    ("cr_or_better", "≥CR", "cr_or_better"),
    ("scr", "sCR", "scr"),
    ("cr", "CR", "cr"),
    ("vgpr", "VGPR", "vgpr"),
    ("pr", "PR", "pr"),
    ("mrd_negative", "MRD negativity", "mrd_negative"),
)
MRD_DETAILS: tuple[tuple[str, str, str], ...] = (
    ("mrd_threshold", "MRD threshold", "mrd_threshold"),
    ("mrd_method", "MRD method", "mrd_method"),
)
TIME_TO_EVENT: tuple[tuple[str, str, str], ...] = (
    ("pfs_median", "Median PFS", "pfs_median"),
    ("os_median", "Median OS", "os_median"),
    ("dor_median", "Median DOR", "dor_median"),
)


def _efficacy(ctx: _Ctx) -> list[RowOut]:
    used: set[int] = set()
    rows: list[RowOut] = []
    for key, label, name in EFFICACY_METRICS:
        cell = _reported_value(ctx, "efficacy", (name,), used, _proportion_cell)
        rows.append((key, label, cell))
    # MRD is read against a threshold and a method, on the patients tested (its own N)
    for key, label, name in MRD_DETAILS:
        rows.append((key, label, _reported_value(ctx, "efficacy", (name,), used, _make_text)))
    for key, label, name in TIME_TO_EVENT:
        rows.append((key, label, _reported_value(ctx, "efficacy", (name,), used, _make_tte)))
    rows.append(("landmarks", "Landmark rates", _landmarks_cell(ctx, used)))
    return _report_rows(ctx, used) + rows


def _events_cell(ctx: _Ctx, grade: str, used: set[int]) -> Cell:
    events, index = ctx.from_reports(
        "safety",
        lambda b: (
            [e for e in b.get("haematologic") or [] if isinstance(e.get(grade), dict)] or None
        ),
    )
    if index is None:
        return _nr()
    used.add(index)
    block_cites, report_cites = ctx.report_cites("safety", index)
    lines: list[str] = []
    marks: list[str] = []
    refs: list[SourceRef] = []
    raw: list[dict[str, Any]] = []
    for event in events:
        value = event[grade]
        text, event_marks = proportion_text(value)
        lines.append(f"{event['event']}: {text}")
        marks.extend(event_marks)
        refs.extend(ctx.refs(value.get("cite"), block_cites, report_cites))
        raw.append({"event": event["event"], **estimate(value).raw(value)})
    return Cell(
        "\n".join(lines),
        raw=raw,
        marks=tuple(dict.fromkeys(marks)),
        refs=tuple(dict.fromkeys(refs)),
        report=ctx.letter(index),
    )


def _safety(ctx: _Ctx) -> list[RowOut]:
    used: set[int] = set()

    def value(*keys: str, make: Maker = _proportion_cell) -> Cell:
        return _reported_value(ctx, "safety", keys, used, make)

    rows: list[RowOut] = [
        ("crs_any", "CRS, any grade", value("crs", "any_grade")),
        ("crs_3plus", "CRS, grade ≥3", value("crs", "grade3plus")),
        ("crs_grading", "CRS grading", value("crs", "grading", make=_make_text)),
        ("neuro_any", "ICANS / neurotoxicity, any grade", value("neurotoxicity", "any_grade")),
        ("neuro_3plus", "ICANS / neurotoxicity, grade ≥3", value("neurotoxicity", "grade3plus")),
        ("neuro_term", "Neurotoxicity term; grading", _neuro_term_cell(ctx, used)),
        ("haem_3plus", "Haematologic toxicity, grade ≥3", _events_cell(ctx, "grade3plus", used)),
        ("haem_any", "Haematologic toxicity, any grade", _events_cell(ctx, "any_grade", used)),
        ("deaths", "Deaths", value("deaths")),
    ]
    return _report_rows(ctx, used) + rows


def _neuro_term_cell(ctx: _Ctx, used: set[int]) -> Cell:
    def get(body: dict[str, Any]) -> Any:
        neuro = body.get("neurotoxicity")
        if not isinstance(neuro, dict):
            return None
        if missing(neuro.get("term")) is None or missing(neuro.get("grading")) is None:
            return neuro
        return None

    neuro, index = ctx.from_reports("safety", get)
    if index is None:
        return _nr()
    used.add(index)
    term = neuro.get("term")
    grading = neuro.get("grading")
    term_text = term if term and missing(term) is None else "term NR"
    grading_text = grading if grading and missing(grading) is None else "grading NR"
    block_cites, report_cites = ctx.report_cites("safety", index)
    return Cell(
        f"{term_text}; {grading_text}",
        raw={"term": term, "grading": grading},
        refs=ctx.refs(block_cites, report_cites),
        report=ctx.letter(index),
    )


# ---------------------------------------------------------------- sections and assembly


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    build: Callable[[_Ctx], list[RowOut]]
    note: str | None = None
    aliases: tuple[str, ...] = field(default=())


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("overview", "Overview", _overview),
    SectionSpec("product", "Product", _product),
    SectionSpec("dosing", "Dosing", _dosing),
    SectionSpec("lymphodepletion", "Lymphodepletion", _lymphodepletion, aliases=("ld",)),
    SectionSpec("population", "Population", _population),
    SectionSpec(
        "eligibility", "Eligibility thresholds", _eligibility, aliases=("eligibility thresholds",)
    ),
    SectionSpec("endpoints", "Endpoints", _endpoints),
    SectionSpec("efficacy", "Efficacy", _efficacy, note=CAUTION),
    SectionSpec("safety", "Safety", _safety),
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


def _source_key(source: dict[str, Any]) -> str:
    if source.get("doi"):
        return "doi:" + str(source["doi"]).casefold()
    if source.get("url"):
        return "url:" + str(source["url"])
    return "citation:" + " ".join(str(source.get("citation", "")).split())


def _number_sources(
    sections: list[Section], trials: Sequence[Trial]
) -> tuple[list[Section], list[Footnote]]:
    by_trial = {
        t.id: {str(s.get("id")): s for s in t.data.get("sources") or [] if isinstance(s, dict)}
        for t in trials
    }
    numbers: dict[str, int] = {}
    notes: dict[str, dict[str, Any]] = {}

    def number(ref: SourceRef) -> int:
        source = by_trial.get(ref.trial, {}).get(ref.source)
        if source is None:
            key = f"missing:{ref.trial}:{ref.source}"
            source = {"citation": f"{ref.source} (not listed in {ref.trial})"}
        else:
            key = _source_key(source)
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
            citation=" ".join(str(note["source"].get("citation", "")).split()),
            kind=note["source"].get("kind"),
            doi=note["source"].get("doi"),
            url=note["source"].get("url"),
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


def _arm_names(data: dict[str, Any]) -> dict[str, str]:
    return {
        str(a["id"]): str(a.get("label") or a["id"])
        for a in data.get("arms") or []
        if isinstance(a, dict) and a.get("id")
    }


def hazard_ratio_text(hr: dict[str, Any], names: dict[str, str]) -> str:
    """'PFS HR 0.26 (95% CI 0.18–0.38; p <0.001; ITT) vs Standard care'."""
    versus = str(hr.get("versus", ""))
    return f"{hazard_ratio_summary(hr)} vs {names.get(versus, versus)}"


def _hazard_ratio_cell(ctx: _Ctx) -> Cell:
    hrs = ctx.hazard_ratios()
    names = _arm_names(ctx.data)
    if not hrs and ctx.arm is not None:
        arm = str(ctx.arm.get("id"))
        against = [
            hr
            for report in ctx.data.get("results") or []
            for hr in (report.get("hazard_ratios") or [])
            if isinstance(report, dict)
            if isinstance(hr, dict) and hr.get("versus") == arm
        ]
        if against:
            other = names.get(str(against[0].get("arm")), str(against[0].get("arm")))
            return Cell(f"reference arm (HR in the {other} column)", NOT_APPLICABLE)
    if not hrs:
        return Cell(NA_TEXT, NOT_APPLICABLE) if ctx.arm is None else _nr()
    refs = tuple(dict.fromkeys(r for hr in hrs for r in ctx.refs(hr.get("cite"))))
    text = "\n".join(_with_flags(hazard_ratio_text(hr, names), _flags(hr)) for hr in hrs)
    return Cell(text, raw=[_clean_raw(hr) for hr in hrs], refs=refs)


def _contexts(trials: Sequence[Trial]) -> list[_Ctx]:
    """One column per trial; a trial with arms gets one column per arm."""
    out: list[_Ctx] = []
    for trial in trials:
        arms = [a for a in trial.data.get("arms") or [] if isinstance(a, dict) and a.get("id")]
        if len(arms) > 1:
            out.extend(_Ctx(trial, arm) for arm in arms)
        else:
            out.append(_Ctx(trial))
    return out


def _head(ctx: _Ctx) -> TrialHead:
    name = ctx.data.get("short_name")
    if ctx.arm is None:
        return TrialHead(ctx.id, name)
    return TrialHead(ctx.id, f"{name or ctx.id} · {ctx.arm.get('label') or ctx.arm.get('id')}")


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
                trial_rows.append(("hazard_ratios", "Hazard ratios", _hazard_ratio_cell(ctx)))
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
