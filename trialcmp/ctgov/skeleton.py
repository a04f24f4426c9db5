"""A trial-record skeleton from a ClinicalTrials.gov API v2 study record.

Everything the registry states is copied with its place in the record (the JSON module
and key); nothing is guessed. What only a curator can fill is marked with MARKER ("to
curate: ..."), or TARGET_MARKER for the product's antigens, and `validate` warns about
every file that still carries a mark. The criteria are marked incomplete, so `check`
never calls a patient eligible for an uncurated trial.
"""

from __future__ import annotations

import re
from typing import Any

from trialcmp.ctgov import record as rec
from trialcmp.ctgov.common import MARKER, SOURCE_ID, TARGET_MARKER, cite, first_text, text
from trialcmp.ctgov.eligibility import eligibility_block

#: The schema's limit on an arm label.
LABEL_MAX = 40
_ROLES = {
    "EXPERIMENTAL": "experimental",
    "ACTIVE_COMPARATOR": "comparator",
    "PLACEBO_COMPARATOR": "comparator",
    "SHAM_COMPARATOR": "comparator",
    "NO_INTERVENTION": "comparator",
}
_INTERVENTION_TYPES = {
    "BIOLOGICAL": "Biological",
    "DRUG": "Drug",
    "GENETIC": "Genetic",
    "DEVICE": "Device",
    "PROCEDURE": "Procedure",
    "RADIATION": "Radiation",
    "BEHAVIORAL": "Behavioral",
    "DIETARY_SUPPLEMENT": "Dietary Supplement",
    "COMBINATION_PRODUCT": "Combination Product",
    "DIAGNOSTIC_TEST": "Diagnostic Test",
    "OTHER": "Other",
}


def _texts(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [text(v) for v in values if isinstance(v, str) and text(v)]


def build_skeleton(study: dict[str, Any], *, read_on: str | None = None) -> dict[str, Any]:
    """The record skeleton (a mapping in the schema's key order)."""
    facts = rec.registry_facts(study)
    nct_id = facts.nct_id
    ident = rec.module(study, "identificationModule")
    out: dict[str, Any] = {"id": nct_id, "registry": facts.block(read_on)}
    other_ids = _other_ids(ident)
    if other_ids:
        out["other_ids"] = other_ids
    out["title"] = first_text(ident.get("officialTitle"), ident.get("briefTitle")) or nct_id
    acronym = ident.get("acronym")
    if isinstance(acronym, str) and 0 < len(text(acronym)) <= 40:
        out["short_name"] = text(acronym)
    out["setting"] = "not reported"
    out["setting_note"] = _setting_note(study)
    out["notes"] = _notes(study, nct_id)
    out["design"] = _design(study)
    out["product"] = _product(study)
    arms = _arms(study)
    if arms:
        out["arms"] = arms
    endpoints = _endpoints(study)
    if endpoints:
        out["endpoints"] = endpoints
    out["eligibility"] = eligibility_block(study)
    out["sources"] = [_source(study, facts)]
    return out


def _other_ids(ident: dict[str, Any]) -> list[str]:
    """Registrations of the same study elsewhere (registry, EudraCT, CTIS numbers)."""
    found: list[str] = []
    for info in ident.get("secondaryIdInfos") or []:
        if not isinstance(info, dict):
            continue
        value = text(info.get("id") or "")
        if value and info.get("type") in ("REGISTRY", "EUDRACT_NUMBER", "CTIS"):
            if value not in found:
                found.append(value)
    return found


def _setting_note(study: dict[str, Any]) -> str:
    conditions = _texts(rec.get(study, "conditionsModule", "conditions"))
    keywords = _texts(rec.get(study, "conditionsModule", "keywords"))
    said = f"conditions: {'; '.join(conditions) or 'none listed'}"
    if keywords:
        said += f"; keywords: {'; '.join(keywords)}"
    return (
        f"{MARKER}: relapsed/refractory or newly diagnosed, from the eligibility criteria"
        f" (the registry's {said})"
    )


def _notes(study: dict[str, Any], nct_id: str) -> list[str]:
    ident = rec.module(study, "identificationModule")
    notes = [
        f"Skeleton written by `trialcmp import` from the ClinicalTrials.gov API v2 record of"
        f" {nct_id}; {MARKER}: the product's targets and construct, dosing,"
        " lymphodepletion, the setting, and a rule for every criterion marked"
        f" '{MARKER}'. Set eligibility.complete to true once every criterion is curated.",
    ]
    brief = ident.get("briefTitle")
    if isinstance(brief, str) and text(brief) != text(ident.get("officialTitle") or brief):
        notes.append(f"Brief title in the registry: {text(brief)}")
    org = rec.get(study, "identificationModule", "orgStudyIdInfo", "id")
    ids = [f"{text(org)} (organisation's study ID)"] if isinstance(org, str) and org else []
    for info in ident.get("secondaryIdInfos") or []:
        if isinstance(info, dict) and info.get("id"):
            kind = info.get("type") or "no type"
            ids.append(f"{text(info['id'])} ({text(kind)})")
    if ids:
        notes.append("Other IDs in the registry record: " + "; ".join(ids) + ".")
    why = rec.get(study, "statusModule", "whyStopped")
    if isinstance(why, str) and why.strip():
        notes.append(f"Why stopped, as registered: {text(why)}")
    return notes


def _design(study: dict[str, Any]) -> dict[str, Any]:
    status_mod = rec.module(study, "statusModule")
    design_mod = rec.module(study, "designModule")
    phase, raw_phase = rec.phase_of(study)
    status, raw_status = rec.status_of(study)
    verified = rec.iso_date(status_mod.get("statusVerifiedDate"))
    out: dict[str, Any] = {"phase": phase}
    study_type = design_mod.get("studyType")
    out["study_type"] = {"INTERVENTIONAL": "interventional", "OBSERVATIONAL": "observational"}.get(
        str(study_type), "not reported"
    )
    out["status"] = status
    out["status_as_of"] = verified or "not reported"
    out["status_note"] = (
        f"Overall status {status_mod.get('overallStatus', 'not given')} in the registry record,"
        f" status verified {status_mod.get('statusVerifiedDate', 'not given')}."
    )
    found = rec.get(study, "contactsLocationsModule", "locations")
    locations = [x for x in found if isinstance(x, dict)] if isinstance(found, list) else []
    if len(locations) > 1:
        out["centres"] = "multicentre"
    info = design_mod.get("designInfo") if isinstance(design_mod.get("designInfo"), dict) else {}
    masking = rec.get(study, "designModule", "designInfo", "maskingInfo", "masking")
    out["open_label"] = (masking == "NONE") if isinstance(masking, str) else "not reported"
    allocation = info.get("allocation") if isinstance(info, dict) else None
    out["randomised"] = {"RANDOMIZED": True, "NON_RANDOMIZED": False}.get(
        str(allocation), "not applicable" if allocation == "NA" else "not reported"
    )
    arm_groups = rec.get(study, "armsInterventionsModule", "armGroups")
    out["arms"] = len(arm_groups) if isinstance(arm_groups, list) and arm_groups else "not reported"
    facts = rec.registry_facts(study)
    if facts.enrolment_type == "estimated" and facts.enrolment is not None:
        out["planned_enrolment"] = facts.enrolment
    sponsor = rec.get(study, "sponsorCollaboratorsModule", "leadSponsor", "name")
    if first_text(sponsor):
        out["sponsor"] = text(sponsor)
    collaborators = [
        text(c["name"])
        for c in rec.get(study, "sponsorCollaboratorsModule", "collaborators") or []
        if isinstance(c, dict) and first_text(c.get("name"))
    ]
    if collaborators:
        out["collaborators"] = collaborators
    investigators = [
        text(o["name"])
        for o in rec.get(study, "contactsLocationsModule", "overallOfficials") or []
        if isinstance(o, dict)
        and o.get("role") in ("PRINCIPAL_INVESTIGATOR", "STUDY_CHAIR", "STUDY_DIRECTOR")
        and first_text(o.get("name"))
    ]
    if investigators:
        out["principal_investigators"] = investigators
    sites = []
    for loc in locations:
        if not first_text(loc.get("facility")):
            continue
        site = {"name": text(loc["facility"])}
        for key in ("city", "country"):
            if isinstance(loc.get(key), str):
                site[key] = text(loc[key])
        sites.append(site)
    if sites:
        out["sites"] = sites
    countries = list(dict.fromkeys(s["country"] for s in sites if "country" in s))
    if countries:
        out["countries"] = countries
    dates = {
        "registered": rec.iso_date(status_mod.get("studyFirstSubmitDate")),
        "start": rec.iso_date(rec.get(study, "statusModule", "startDateStruct", "date")),
        "primary_completion": rec.iso_date(
            rec.get(study, "statusModule", "primaryCompletionDateStruct", "date")
        ),
        "last_update": rec.iso_date(
            rec.get(study, "statusModule", "lastUpdatePostDateStruct", "date")
        ),
    }
    key_dates = {k: v for k, v in dates.items() if v}
    if key_dates:
        out["key_dates"] = key_dates
    out["cite"] = [
        cite("statusModule (overallStatus, statusVerifiedDate, dates)"),
        cite("designModule (studyType, phases, designInfo, enrollmentInfo)"),
        cite("sponsorCollaboratorsModule"),
    ]
    if locations or investigators:
        out["cite"].append(cite("contactsLocationsModule (overallOfficials, locations)"))
    notes = _design_notes(study, raw_phase, raw_status, len(locations))
    if notes:
        out["note"] = " ".join(notes)
    return out


def _design_notes(
    study: dict[str, Any], raw_phase: str | None, raw_status: str | None, n_sites: int
) -> list[str]:
    notes: list[str] = []
    if raw_phase:
        notes.append(f"The registry's phase {raw_phase} has no equivalent in the schema.")
    if raw_status:
        notes.append(f"The registry's status {raw_status} has no equivalent in the schema.")
    kinds = []
    for key, label in (
        ("startDateStruct", "start"),
        ("primaryCompletionDateStruct", "primary completion"),
    ):
        found = rec.get(study, "statusModule", key)
        if isinstance(found, dict) and found.get("date"):
            kind = str(found.get("type") or "type not given").lower()
            kinds.append(f"{label} {found['date']} ({kind})")
    if kinds:
        notes.append("Dates as registered: " + ", ".join(kinds) + ".")
    enrol = rec.get(study, "designModule", "enrollmentInfo")
    if isinstance(enrol, dict) and enrol.get("count") is not None:
        kind = str(enrol.get("type") or "type not given").lower()
        notes.append(f"Enrolment as registered: {enrol['count']} ({kind}).")
    groups = rec.get(study, "armsInterventionsModule", "armGroups")
    if isinstance(groups, list) and len(groups) == 1 and isinstance(groups[0], dict):
        group = groups[0]
        said = f"One arm as registered: {text(group.get('label') or 'no label')}"
        if isinstance(group.get("description"), str) and group["description"].strip():
            said += f" — {text(group['description'])}"
        notes.append(said.rstrip(".") + ".")
    if n_sites == 1:
        notes.append("One site is listed; whether the study is single-centre is not stated.")
    return notes


def _interventions(study: dict[str, Any]) -> list[dict[str, Any]]:
    found = rec.get(study, "armsInterventionsModule", "interventions")
    return [i for i in found or [] if isinstance(i, dict) and isinstance(i.get("name"), str)]


def _intervention_text(item: dict[str, Any]) -> str:
    kind = _INTERVENTION_TYPES.get(str(item.get("type")), text(item.get("type") or "Other"))
    out = f"{kind}: {text(item['name'])}"
    if isinstance(item.get("description"), str) and item["description"].strip():
        out += f" — {text(item['description'])}"
    return out


def _product(study: dict[str, Any]) -> dict[str, Any]:
    interventions = _interventions(study)
    cell = [i for i in interventions if i.get("type") in ("BIOLOGICAL", "GENETIC")]
    chosen = (cell or interventions)[0] if (cell or interventions) else None
    out: dict[str, Any] = {
        "name": (first_text(chosen["name"]) if chosen else None) or "not reported",
        "targets": [TARGET_MARKER],
        "construct": "not reported",
        "cite": [cite("armsInterventionsModule.interventions")],
        "note": (
            f"{MARKER}: the targets and the construct, from the intervention description or"
            " another source. Interventions as registered: "
            + ("; ".join(_intervention_text(i) for i in interventions) or "none listed")
        ),
    }
    return out


def _slug(label: str, taken: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", label.casefold()))[:40].strip("-") or "arm"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _arms(study: dict[str, Any]) -> list[dict[str, Any]]:
    """The arms of a multi-arm study (the schema leaves `arms` out for a single arm)."""
    groups = rec.get(study, "armsInterventionsModule", "armGroups")
    if not isinstance(groups, list):
        return []
    groups = [g for g in groups if isinstance(g, dict) and isinstance(g.get("label"), str)]
    if len(groups) < 2:
        return []
    by_name = {text(i["name"]).casefold(): i for i in _interventions(study)}
    taken: set[str] = set()
    arms: list[dict[str, Any]] = []
    for group in groups:
        label = text(group["label"]) or f"arm {len(arms) + 1}"
        parts: list[str] = []
        for name in group.get("interventionNames") or []:
            if not isinstance(name, str):
                continue
            bare = text(name.split(":", 1)[1] if ":" in name else name)
            match = by_name.get(bare.casefold())
            parts.append(_intervention_text(match) if match else text(name))
        notes: list[str] = []
        shown = label
        if len(label) > LABEL_MAX:
            shown = label[: LABEL_MAX - 1].rstrip() + "…"
            notes.append(f"Arm label as registered: {label}.")
        role = _ROLES.get(str(group.get("type")))
        if role is None:
            notes.append(
                f"{MARKER}: the registry's arm type is {group.get('type') or 'not given'};"
                " 'experimental' is a placeholder."
            )
        arm: dict[str, Any] = {
            "id": _slug(label, taken),
            "label": shown,
            "role": role or "experimental",
            "intervention": "; ".join(parts) or "not reported",
            "randomised": "not reported",
            "treated": "not reported",
            "cite": [cite(f"armsInterventionsModule.armGroups, '{label}'")],
        }
        if isinstance(group.get("description"), str) and group["description"].strip():
            notes.append(f"Arm description as registered: {text(group['description'])}")
        if notes:
            arm["note"] = " ".join(notes)
        arms.append(arm)
    return arms


def _endpoints(study: dict[str, Any]) -> dict[str, Any]:
    outcomes = rec.module(study, "outcomesModule")
    out: dict[str, Any] = {}
    for key, name in (("primaryOutcomes", "primary"), ("secondaryOutcomes", "secondary")):
        items = []
        for i, outcome in enumerate(outcomes.get(key) or []):
            if not isinstance(outcome, dict) or not first_text(outcome.get("measure")):
                continue
            endpoint: dict[str, Any] = {"measure": text(outcome["measure"])}
            if isinstance(outcome.get("description"), str) and outcome["description"].strip():
                endpoint["definition"] = text(outcome["description"])
            if isinstance(outcome.get("timeFrame"), str) and outcome["timeFrame"].strip():
                endpoint["time_frame"] = text(outcome["timeFrame"])
            endpoint["cite"] = [cite(f"outcomesModule.{key}[{i}]")]
            items.append(endpoint)
        if items:
            out[name] = items
    if out and "primary" not in out:
        out = {"primary": [], **out}
    return out


def _source(study: dict[str, Any], facts: rec.RegistryFacts) -> dict[str, Any]:
    ident = rec.module(study, "identificationModule")
    title = first_text(ident.get("briefTitle"), ident.get("officialTitle")) or facts.nct_id
    source: dict[str, Any] = {
        "id": SOURCE_ID,
        "kind": "registry",
        "citation": f"ClinicalTrials.gov record {facts.nct_id}: {title} (API v2 study record)",
        "url": facts.url,
        "page_date": facts.last_update or "not reported",
        "note": "page_date is the registry's 'last update posted' date of the record read.",
    }
    return source
