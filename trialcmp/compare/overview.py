"""The Overview section: registry, phase, design, status, sponsor, sites, patients treated."""

from __future__ import annotations

from typing import Any

from trialcmp.compare.cells import RowOut, clean_raw, join_parts, missing_cell, nr_cell, text_cell
from trialcmp.compare.comparison import NOT_REPORTED, NR_TEXT, Cell
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import missing, trial_treated

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
    return join_parts(parts)


def overview_rows(ctx: TrialContext) -> list[RowOut]:
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
            raw=clean_raw({k: design[k] for k in DESIGN_KEYS if k in design}),
            refs=drefs,
        )
        if design_text
        else Cell(NR_TEXT, NOT_REPORTED, refs=drefs)
    )
    sponsor = design.get("sponsor")
    sponsor_cell = Cell(sponsor, raw=sponsor, refs=drefs) if sponsor else nr_cell()
    sites = design.get("sites") or []
    if sites:
        site_text = "\n".join(
            join_parts([str(s["name"]), str(s.get("city") or "")], ", ") for s in sites
        )
        sites_cell = Cell(site_text, raw=clean_raw(sites), refs=drefs)
    else:
        countries = design.get("countries") or []
        text = f"{NR_TEXT} (country: {', '.join(countries)})" if countries else NR_TEXT
        sites_cell = Cell(text, NOT_REPORTED, raw={"countries": countries}, refs=drefs)
    return [
        ("registry", "Registry", registry),
        ("phase", "Phase", text_cell(design.get("phase"), drefs)),
        ("design", "Design", design_cell),
        ("status", "Status", text_cell(design.get("status"), drefs)),
        ("sponsor", "Sponsor", sponsor_cell),
        ("sites", "Sites", sites_cell),
        ("treated", "Patients treated", _treated_cell(ctx)),
    ]


def _treated_cell(ctx: TrialContext) -> Cell:
    if ctx.arm is not None:  # one arm of a randomised trial: the arm's own counts
        treated_arm = ctx.arm.get("treated")
        if not isinstance(treated_arm, int):
            return missing_cell(treated_arm, ctx.refs(ctx.arm.get("cite")))
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
