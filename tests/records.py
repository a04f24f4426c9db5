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
