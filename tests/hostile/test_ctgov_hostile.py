"""Hostile registry input: import never fails with anything but a clean InputError."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CTGOV_FIXTURES
from trialcmp.ctgov.criteria import split_criteria
from trialcmp.ctgov.record import read_study
from trialcmp.ctgov.skeleton import build_skeleton
from trialcmp.errors import InputError

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BASE = json.loads((CTGOV_FIXTURES / "NCT09999901.json").read_text(encoding="utf-8"))
MARKDOWNISH = st.text(
    alphabet=st.sampled_from(list("*-1.#:\\>^[] \n\tab Inclusion Exclusion criteria\x1b\x9b")),
    max_size=400,
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@FAST
@given(text=MARKDOWNISH)
def test_any_eligibility_text_splits_into_clean_items(text: str) -> None:
    for item in split_criteria(text):
        assert item.text and item.text == item.text.strip()
        assert "\x1b" not in item.text and "\x9b" not in item.text
        assert item.kind in ("inclusion", "exclusion", None)


@FAST
@given(module=st.sampled_from(sorted(BASE["protocolSection"])), value=JSONISH)
def test_any_module_shape_gives_a_skeleton_or_an_input_error(module: str, value: object) -> None:
    study = json.loads(json.dumps(BASE))
    study["protocolSection"][module] = value
    try:
        data = build_skeleton(read_study(json.dumps(study), "x.json"))
    except InputError:
        return
    assert data["id"] == "NCT09999901"
    assert data["eligibility"]["complete"] is False
    assert _errors(data) == []


def _errors(data: dict[str, object]) -> list[str]:
    from trialcmp.ctgov.yamlout import dump
    from trialcmp.validate import load_and_check

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "NCT09999901.yaml"
        path.write_text(dump(data), encoding="utf-8")
        _, problems = load_and_check(path)
    return [f"{p.path}: {p.message}" for p in problems if p.severity == "error"]


@FAST
@given(value=JSONISH)
def test_any_json_document_is_read_or_refused_cleanly(value: object) -> None:
    try:
        read_study(json.dumps(value), "x.json")
    except InputError as exc:
        assert exc.message


def _string_paths(value: object, here: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _string_paths(v, (*here, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _string_paths(v, (*here, i))]
    return [here] if isinstance(value, str) and "nctId" not in here else []


STRING_PATHS = _string_paths(BASE)


@FAST
@given(
    path=st.sampled_from(STRING_PATHS),
    value=st.text(alphabet=st.sampled_from(list(" \t\n\x1b\x9b\\*:-ab1")), max_size=30),
)
def test_any_text_field_gives_a_valid_skeleton_or_an_input_error(
    path: tuple[object, ...], value: str
) -> None:
    study = json.loads(json.dumps(BASE))
    node = study
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        data = build_skeleton(read_study(json.dumps(study), "x.json"))
    except InputError:
        return
    assert _errors(data) == []
