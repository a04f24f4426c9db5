"""The shipped trial records as plain data, parsed once per test session.

Several test modules read every record of `data/trials/` (and a few fixtures) as raw
YAML, independently of trialcmp's own loader. Parsed with the pure-Python SafeLoader, that
cost ~2 s per module at collection time; here each file is parsed once, with libyaml when
PyYAML has it (the same SafeLoader semantics: the constructors are the same Python code),
and every caller gets its own deep copy, so a test that mutates its record cannot change
another test's.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from tests.conftest import DATA_DIR

if TYPE_CHECKING:
    from trialcmp import model

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _parsed(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def load_yaml(path: Path) -> Any:
    """`yaml.safe_load` of the file at `path` (a private copy of the session's one parse)."""
    return copy.deepcopy(_parsed(path.resolve()))


def trial_record(trial_id: str) -> dict[str, Any]:
    """The shipped record `data/trials/{trial_id}.yaml` as plain data (a private copy)."""
    data: dict[str, Any] = load_yaml(DATA_DIR / f"{trial_id}.yaml")
    return data


def all_trial_records() -> list[dict[str, Any]]:
    """Every shipped record, in file-name order (private copies)."""
    return [load_yaml(path) for path in sorted(DATA_DIR.glob("*.yaml"))]


@cache
def trial_model(trial_id: str) -> model.Trial:
    """The shipped record `data/trials/{trial_id}.yaml` as the typed model, read by
    trialcmp's own loader (dates stay strings) and built once (a model is frozen)."""
    from trialcmp.model import build
    from trialcmp.yamlio import load_document

    data = load_document(DATA_DIR / f"{trial_id}.yaml").data
    assert isinstance(data, dict)
    return build(data)


#: What a typed record needs besides what a test gives: every required key, "not reported"
#: or empty (a test of check or of the landscape gives only the parts it is about).
_REQUIRED: dict[str, Any] = {
    "registry": {"name": "none"},
    "title": "a trial",
    "setting": "not reported",
    "design": {
        "phase": "not reported",
        "status": "not reported",
        "status_as_of": "not reported",
        "cite": [],
    },
    "product": {"name": "x-cel", "targets": [], "construct": "not reported", "cite": []},
    "sources": [],
}


def _plain(value: Any) -> Any:
    """Dates that YAML read as dates written back as the text the file holds (the model's
    dates are text, as trialcmp's own loader reads them)."""
    import datetime as dt

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def typed(document: dict[str, Any]) -> model.Trial:
    """The typed record of a trial document that may hold only some of its parts (an ID and
    criteria, a status, ...): the required keys it lacks are "not reported" or empty, and an
    eligibility block's own required keys too. A shipped record's document gives its record."""
    from trialcmp.model import build

    doc = _plain(document)
    out = {**_REQUIRED, **doc, "design": {**_REQUIRED["design"], **(doc.get("design") or {})}}
    if "eligibility" in out:
        out["eligibility"] = {"criteria": [], "cite": [], **out["eligibility"]}
    return build(out)


def typed_criterion(criterion: dict[str, Any]) -> model.Criterion:
    """The typed criterion of a criterion as written."""
    import msgspec

    from trialcmp.model import Criterion

    return msgspec.convert(_plain(criterion), Criterion, strict=True)
