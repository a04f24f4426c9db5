"""A ClinicalTrials.gov API v2 study record: check its shape, read what the registry says.

`read_study` turns JSON text into the study mapping (or a clear InputError: not JSON, an
API v1 record, a search response with many studies, no eligibility module);
`registry_facts` reads the fields that `trialcmp refresh` compares and writes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from trialcmp.errors import InputError

STUDY_URL = "https://clinicaltrials.gov/study/{nct_id}"
API_HINT = "download the v2 record: https://clinicaltrials.gov/api/v2/studies/{nct_id}"

#: overallStatus -> design.status
STATUSES = {
    "NOT_YET_RECRUITING": "not yet recruiting",
    "RECRUITING": "recruiting",
    "ENROLLING_BY_INVITATION": "enrolling by invitation",
    "ACTIVE_NOT_RECRUITING": "active, not recruiting",
    "COMPLETED": "completed",
    "TERMINATED": "terminated",
    "SUSPENDED": "suspended",
    "WITHDRAWN": "withdrawn",
    "UNKNOWN": "unknown",
}
#: designModule.phases (as a tuple) -> design.phase
PHASES = {
    ("EARLY_PHASE1",): "Early Phase 1",
    ("PHASE1",): "Phase 1",
    ("PHASE1", "PHASE2"): "Phase 1/2",
    ("PHASE2",): "Phase 2",
    ("PHASE2", "PHASE3"): "Phase 2/3",
    ("PHASE3",): "Phase 3",
    ("NA",): "not applicable",
}


def is_nct_id(text: str) -> bool:
    return len(text) == 11 and text[:3].upper() == "NCT" and text[3:].isdigit()


def read_study(text: str, name: str) -> dict[str, Any]:
    """The study mapping of a v2 record (`/api/v2/studies/<NCT ID>`), or an InputError."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not JSON: {exc.msg}",
            file=name,
            line=exc.lineno,
            column=exc.colno,
            hint="give the JSON of a ClinicalTrials.gov API v2 study record",
        ) from None
    except RecursionError:
        raise InputError("not a study record: JSON nested too deeply", file=name) from None
    return study_of(data, name)


def study_of(data: Any, name: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(
            "not a ClinicalTrials.gov study record: the JSON is not an object", file=name
        )
    if _is_v1(data):
        raise InputError(
            "this is a ClinicalTrials.gov API v1 (classic) record; trialcmp reads API v2 records",
            file=name,
            hint=API_HINT.format(nct_id="NCT…"),
        )
    if "studies" in data and isinstance(data["studies"], list):
        studies = data["studies"]
        if len(studies) != 1:
            raise InputError(
                f"this is a search response with {len(studies)} studies; import one study"
                " record at a time",
                file=name,
                hint=API_HINT.format(nct_id="NCT…"),
            )
        data = studies[0]
        if not isinstance(data, dict):
            raise InputError("the search response's study is not an object", file=name)
    protocol = data.get("protocolSection")
    if not isinstance(protocol, dict):
        raise InputError(
            "not a ClinicalTrials.gov API v2 study record: no protocolSection", file=name
        )
    nct_id = _get(protocol, "identificationModule", "nctId")
    if not isinstance(nct_id, str) or not is_nct_id(nct_id):
        raise InputError(
            "the record has no valid NCT ID (protocolSection.identificationModule.nctId)",
            file=name,
        )
    eligibility = protocol.get("eligibilityModule")
    criteria = eligibility.get("eligibilityCriteria") if isinstance(eligibility, dict) else None
    if not isinstance(criteria, str) or not criteria.strip():
        raise InputError(
            f"{nct_id} has no eligibility criteria (protocolSection.eligibilityModule);"
            " a record without them cannot become a trial record",
            file=name,
        )
    return data


def _is_v1(data: dict[str, Any]) -> bool:
    v1_keys = {"FullStudiesResponse", "StudyFieldsResponse", "FullStudy", "ProtocolSection"}
    if v1_keys & set(data):
        return True
    study = data.get("Study")
    return isinstance(study, dict) and "ProtocolSection" in study


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def module(study: dict[str, Any], name: str) -> dict[str, Any]:
    found = _get(study, "protocolSection", name)
    return found if isinstance(found, dict) else {}


def get(study: dict[str, Any], *keys: str) -> Any:
    return _get(study, "protocolSection", *keys)


def iso_date(value: Any) -> str | None:
    """A registry date (`YYYY-MM` or `YYYY-MM-DD`) if it is one, else None."""
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    if [len(p) for p in parts] != [4, 2, 2][: len(parts)]:
        return None
    try:
        year, month, day = (int(p) for p in [*parts, "01", "01"][:3])
        date(year, month, day)
    except ValueError:
        return None
    return value


def phase_of(study: dict[str, Any]) -> tuple[str, str | None]:
    """design.phase and, when the registry's phase has no equivalent, its raw value."""
    phases = get(study, "designModule", "phases")
    if not isinstance(phases, list) or not phases:
        return "not reported", None
    key = tuple(str(p) for p in phases)
    return (PHASES[key], None) if key in PHASES else ("not reported", "/".join(key))


def status_of(study: dict[str, Any]) -> tuple[str, str | None]:
    """design.status and, when the registry's status has no equivalent, its raw value."""
    raw = get(study, "statusModule", "overallStatus")
    if not isinstance(raw, str):
        return "not reported", None
    return (STATUSES[raw], None) if raw in STATUSES else ("not reported", raw)


def eligibility_sha256(study: dict[str, Any]) -> str:
    text = get(study, "eligibilityModule", "eligibilityCriteria")
    return hashlib.sha256(str(text or "").encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RegistryFacts:
    """What the registry itself says about a study, in the `registry` block's terms."""

    nct_id: str
    url: str
    status: str | None
    status_verified: str | None
    last_update: str | None
    enrolment: int | None
    enrolment_type: str | None
    phase: str | None
    primary_completion: str | None
    sites: int
    eligibility_sha256: str

    def block(self, read_on: str | None) -> dict[str, Any]:
        """The `registry` block: name and url, then every field the registry states."""
        out: dict[str, Any] = {"name": "ClinicalTrials.gov", "url": self.url}
        for key in FIELDS:
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if read_on is not None:
            out["read_on"] = read_on
        return out


#: The registry-block fields compared by `refresh`, in the order they are written.
FIELDS = (
    "status",
    "status_verified",
    "last_update",
    "enrolment",
    "enrolment_type",
    "phase",
    "primary_completion",
    "sites",
    "eligibility_sha256",
)


def registry_facts(study: dict[str, Any]) -> RegistryFacts:
    nct_id = str(get(study, "identificationModule", "nctId"))
    status, _ = status_of(study)
    phase, _ = phase_of(study)
    count = get(study, "designModule", "enrollmentInfo", "count")
    kind = get(study, "designModule", "enrollmentInfo", "type")
    locations = get(study, "contactsLocationsModule", "locations")
    return RegistryFacts(
        nct_id=nct_id,
        url=STUDY_URL.format(nct_id=nct_id),
        status=None if status == "not reported" else status,
        status_verified=iso_date(get(study, "statusModule", "statusVerifiedDate")),
        last_update=iso_date(get(study, "statusModule", "lastUpdatePostDateStruct", "date")),
        enrolment=count if isinstance(count, int) and not isinstance(count, bool) else None,
        enrolment_type=kind.lower() if kind in ("ACTUAL", "ESTIMATED") else None,
        phase=None if phase == "not reported" else phase,
        primary_completion=iso_date(
            get(study, "statusModule", "primaryCompletionDateStruct", "date")
        ),
        sites=len(locations) if isinstance(locations, list) else 0,
        eligibility_sha256=eligibility_sha256(study),
    )
