"""The typed model mirrors the schema: every record builds, nothing is dropped on the way
back, and every property of the schema has a field (so a schema change without a model
change fails here)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest

from tests.conftest import DATA_DIR, FIXTURES, ROOT
from trialcmp import model
from trialcmp.yamlio import load_document

SCHEMA = json.loads((ROOT / "schemas" / "trial.schema.json").read_text(encoding="utf-8"))
RECORDS = sorted(DATA_DIR.glob("*.yaml")) + sorted((FIXTURES / "trials").glob("**/valid/*.yaml"))


def _document(path: Path) -> dict[str, Any]:
    data = load_document(path).data
    assert isinstance(data, dict)
    return data


def test_there_are_records_to_check() -> None:
    assert len(RECORDS) >= 46 + 3


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.name)
def test_every_record_builds_and_gives_its_document_back(path: Path) -> None:
    document = _document(path)
    record = model.build(document)
    assert record.id == document["id"]
    assert msgspec.to_builtins(record) == document
    # through the cache's JSON too: numbers keep their type (92 stays 92, 58.0 stays 58.0)
    again = model.from_json(msgspec.json.encode(document))
    assert again == record
    assert json.dumps(model.to_document(again), sort_keys=True) == json.dumps(
        document, sort_keys=True
    )


def test_a_key_the_model_does_not_know_is_refused() -> None:
    document = copy.deepcopy(_document(DATA_DIR / "NCT03548207.yaml"))
    document["product"]["new_key"] = "x"
    with pytest.raises(msgspec.ValidationError, match=r"new_key"):
        model.build(document)


def test_a_value_outside_the_schemas_enum_is_refused() -> None:
    document = copy.deepcopy(_document(DATA_DIR / "NCT03548207.yaml"))
    document["design"]["status"] = "recruiting soon"
    with pytest.raises(msgspec.ValidationError, match=r"design.status"):
        model.build(document)


def test_build_is_strict() -> None:
    document = copy.deepcopy(_document(DATA_DIR / "NCT03548207.yaml"))
    document["population"]["infused"] = "97"
    with pytest.raises(msgspec.ValidationError):
        model.build(document)


# ------------------------------------------------------------------ schema coverage


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].removeprefix("#/$defs/")]
    return node


def _flat(t: mi.Type) -> list[mi.Type]:
    if isinstance(t, mi.UnionType):
        return [x for member in t.types for x in _flat(member)]
    return [t]


def _walk(node: dict[str, Any], t: mi.Type, path: str, defs: dict[str, Any]) -> list[str]:
    """What differs between the schema `node` and the model type `t` (recursively)."""
    problems: list[str] = []
    node = _resolve(node, defs)
    kinds = _flat(t)
    if any(isinstance(k, mi.DictType | mi.AnyType) for k in kinds):
        return []  # held opaque (eligibility rules)
    if "properties" in node:
        structs = [k for k in kinds if isinstance(k, mi.StructType)]
        if len(structs) != 1:
            return [f"{path}: an object in the schema, {t} in the model"]
        fields = {f.encode_name: f for f in structs[0].fields}
        for key in sorted(set(node["properties"]) ^ set(fields)):
            where = "the schema" if key in node["properties"] else "the model"
            problems.append(f"{path}.{key}: only in {where}")
        required = {name for name, f in fields.items() if f.required}
        if required != set(node.get("required", ())):
            problems.append(f"{path}: required {sorted(required)} vs {node.get('required')}")
        for key, sub in node["properties"].items():
            if key in fields:
                problems += _walk(sub, fields[key].type, f"{path}.{key}", defs)
    if "items" in node:
        lists = [k for k in kinds if isinstance(k, mi.ListType)]
        if len(lists) != 1:
            problems.append(f"{path}: an array in the schema, {t} in the model")
        else:
            problems += _walk(node["items"], lists[0].item_type, f"{path}[]", defs)
    if "enum" in node:
        literals = {v for k in kinds if isinstance(k, mi.LiteralType) for v in k.values}
        plain = any(isinstance(k, mi.StrType) for k in kinds)
        if not plain and not set(node["enum"]) <= literals:
            problems.append(f"{path}: enum {node['enum']} vs {sorted(literals)}")
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in node.get(key, ()):
            problems += _walk(branch, t, path, defs)
    return problems


def test_the_model_has_a_field_for_every_property_of_the_schema() -> None:
    assert _walk(SCHEMA, mi.type_info(model.Trial), "$", SCHEMA["$defs"]) == []


def test_the_coverage_walk_notices_a_property_or_value_the_model_lacks() -> None:
    schema = copy.deepcopy(SCHEMA)
    schema["$defs"]["design"]["properties"]["blinded"] = {"type": "boolean"}
    schema["$defs"]["registry_status"]["enum"].append("halted")
    problems = _walk(schema, mi.type_info(model.Trial), "$", schema["$defs"])
    assert "$.design.blinded: only in the schema" in problems
    assert any(p.startswith("$.design.status: enum") for p in problems)


# ------------------------------------------------------------------ start-up


def test_the_model_holds_no_string_annotations() -> None:
    """The model modules do without `from __future__ import annotations`: msgspec would
    resolve every string annotation through typing's eval when it builds the decoder of
    `Trial`, which `show` and `list` pay at every start."""
    structs = [
        v for v in vars(model).values() if isinstance(v, type) and issubclass(v, model.Model)
    ]
    assert len(structs) > 30
    quoted = [
        f"{cls.__name__}.{name}"
        for cls in structs
        for name, value in vars(cls).get("__annotations__", {}).items()
        if isinstance(value, str)
    ]
    assert quoted == []
