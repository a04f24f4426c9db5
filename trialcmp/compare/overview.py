"""The Overview section: registry, phase, design, status, sponsor, sites, patients treated."""

from __future__ import annotations

from trialcmp.compare.cells import RowOut, clean_raw, join_parts, missing_cell, nr_cell, text_cell
from trialcmp.compare.comparison import NOT_REPORTED, NR_TEXT, Cell
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import missing, trial_treated
from trialcmp.model import Design

DESIGN_KEYS = (
    "study_type",
    "open_label",
    "randomised",
    "arms",
    "centres",
    "dose_escalation",
    "planned_enrolment",
)


def _design_text(design: Design) -> str:
    parts: list[str] = []
    if design.study_type in ("interventional", "observational"):
        parts.append(str(design.study_type))
    if design.open_label is True:
        parts.append("open-label")
    elif design.open_label is False:
        parts.append("not open-label")
    if design.randomised is True:
        parts.append("randomised")
    elif design.randomised is False:
        parts.append("non-randomised")
    arms = design.arms
    if isinstance(arms, int):
        parts.append("single-arm" if arms == 1 else f"{arms} arms")
    if design.centres in ("single-centre", "multicentre"):
        parts.append(str(design.centres))
    escalation = design.dose_escalation
    if isinstance(escalation, str) and missing(escalation) is None:
        parts.append(escalation)
    planned = design.planned_enrolment
    if isinstance(planned, int):
        parts.append(f"planned enrolment {planned}")
    return join_parts(parts)


def overview_rows(ctx: TrialContext) -> list[RowOut]:
    record = ctx.record
    design = record.design
    drefs = ctx.refs(design.cite)
    other_ids = list(record.other_ids)
    registry_name = record.registry.name
    registry = Cell(
        (registry_name if registry_name != "none" else "no registry ID")
        + (f" (also {', '.join(other_ids)})" if other_ids else ""),
        raw={"registry": registry_name, "id": ctx.id, "other_ids": other_ids},
    )
    design_text = _design_text(design)
    stated = {k: getattr(design, k) for k in DESIGN_KEYS if getattr(design, k) is not None}
    design_cell = (
        Cell(design_text, raw=clean_raw(stated), refs=drefs)
        if design_text
        else Cell(NR_TEXT, NOT_REPORTED, refs=drefs)
    )
    sponsor = design.sponsor
    sponsor_cell = Cell(sponsor, raw=sponsor, refs=drefs) if sponsor else nr_cell()
    if design.sites:
        site_text = "\n".join(join_parts([s.name, s.city or ""], ", ") for s in design.sites)
        sites_cell = Cell(site_text, raw=clean_raw(design.sites), refs=drefs)
    else:
        countries = list(design.countries)
        text = f"{NR_TEXT} (country: {', '.join(countries)})" if countries else NR_TEXT
        sites_cell = Cell(text, NOT_REPORTED, raw={"countries": countries}, refs=drefs)
    return [
        ("registry", "Registry", registry),
        ("phase", "Phase", text_cell(design.phase, drefs)),
        ("design", "Design", design_cell),
        ("status", "Status", text_cell(design.status, drefs)),
        ("sponsor", "Sponsor", sponsor_cell),
        ("sites", "Sites", sites_cell),
        ("treated", "Patients treated", _treated_cell(ctx)),
    ]


def _treated_cell(ctx: TrialContext) -> Cell:
    if ctx.arm is not None:  # one arm of a randomised trial: the arm's own counts
        treated_arm = ctx.arm.treated
        if not isinstance(treated_arm, int):
            return missing_cell(treated_arm, ctx.refs(ctx.arm.cite))
        randomised = ctx.arm.randomised
        more = f" ({randomised} randomised)" if isinstance(randomised, int) else ""
        return Cell(
            f"{treated_arm} treated{more}",
            raw={"treated": treated_arm, "randomised": randomised},
            refs=ctx.refs(ctx.arm.cite),
        )
    population = ctx.record.population
    treated = trial_treated(ctx.record)
    if treated is None:
        return Cell(NR_TEXT, NOT_REPORTED)
    if population is not None and isinstance(population.infused, int):
        refs = ctx.refs(population.cite)
    else:
        refs = ()
        for report in reversed(ctx.results):
            if report.treated == treated:
                refs = ctx.refs(report.cite)
                break
    enrolled = population.enrolled if population is not None else None
    screened = population.screened if population is not None else None
    extra = [
        f"{count} {word}"
        for count, word in ((enrolled, "enrolled"), (screened, "screened"))
        if isinstance(count, int)
    ]
    text = f"{treated} infused" + (f" ({', '.join(extra)})" if extra else "")
    raw = {"infused": treated, "enrolled": enrolled, "screened": screened}
    return Cell(text, raw=raw, refs=refs)
