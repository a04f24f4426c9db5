"""The patient fields and units are derived from `schemas/patient.schema.json`.

`tests/fixtures/fields/patient_fields_before.json` was generated from the hand-written table
that `trialcmp.eligibility.fields` held before (commit 5881e62): the derivation must give
the same fields, kinds, dimensions, choices and canonical units, and the same unit
spellings, in the same order, with bit-identical factors.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator

from trialcmp.eligibility import fields
from trialcmp.eligibility.fields import FIELDS, UNITS, derive, table
from trialcmp.eligibility.summary import unit_of
from trialcmp.resources import load_schema
from trialcmp.schema import PATIENT_SCHEMA

BEFORE = Path(__file__).parent.parent / "fixtures" / "fields" / "patient_fields_before.json"


def before() -> dict[str, Any]:
    with BEFORE.open(encoding="utf-8") as fh:
        pinned: dict[str, Any] = json.load(fh)
    return pinned


def schema_keys() -> dict[str, dict[str, Any]]:
    """Every key of the profile (dotted path -> its schema), in schema order."""
    out: dict[str, dict[str, Any]] = {}
    for name, node in load_schema(PATIENT_SCHEMA)["properties"].items():
        if "x-trialcmp" not in node and "properties" in node:
            out.update({f"{name}.{k}": v for k, v in node["properties"].items()})
        else:
            out[name] = node
    return out


def test_the_fields_are_those_of_the_hand_written_table() -> None:
    pinned = {f["path"]: f for f in before()["fields"]}
    derived = {
        path: {
            "path": f.path,
            "kind": f.kind,
            "dimension": f.dimension,
            "choices": list(f.choices),
            "canonical_unit": f.canonical_unit,
        }
        for path, f in FIELDS.items()
    }
    assert derived == pinned
    assert len(FIELDS) == 87


def test_the_units_are_those_of_the_hand_written_table_in_order_and_to_the_bit() -> None:
    pinned: dict[str, dict[str, float]] = before()["units"]
    assert list(UNITS) == list(pinned)
    for dimension, spellings in pinned.items():
        assert list(UNITS[dimension]) == list(spellings), dimension
        for spelling, factor in spellings.items():
            assert UNITS[dimension][spelling].hex() == float(factor).hex(), (dimension, spelling)
    # the fractions the code once wrote as expressions
    assert UNITS["creatinine_mg_dl"]["umol/L"] == 1 / 88.4
    assert UNITS["months"]["weeks"] == 12 / 52
    assert UNITS["weeks"]["months"] == 52 / 12
    assert UNITS["weeks"]["days"] == 1 / 7


def test_a_field_converts_with_the_units_of_its_dimension() -> None:
    crcl, creatinine = FIELDS["labs.creatinine_clearance"], FIELDS["labs.creatinine"]
    assert crcl.canonical_unit == "mL/min" and crcl.accepts_unit("ml/min")
    assert not crcl.accepts_unit("mg/dL") and crcl.accepts_unit(None)
    assert creatinine.to_canonical(88.4, "umol/L") == 88.4 * (1 / 88.4)
    assert FIELDS["ecog"].canonical_unit is None and not FIELDS["ecog"].accepts_unit("%")
    for dimension, spellings in UNITS.items():
        if spellings:
            assert next(iter(spellings.values())) == 1.0, f"{dimension}: canonical factor"


def test_every_key_but_the_label_is_a_field_in_schema_order() -> None:
    keys = schema_keys()
    assert [k for k in keys if k not in FIELDS] == ["id"]
    assert list(FIELDS) == [k for k in keys if k != "id"]


def test_the_annotated_kind_agrees_with_the_json_type() -> None:
    for path, node in schema_keys().items():
        if path == "id":
            continue
        kind, types = FIELDS[path].kind, set(node.get("type", []))
        if "enum" in node:
            assert kind == "enum", path
            assert FIELDS[path].choices == tuple(v for v in node["enum"] if v is not None)
        elif node.get("pattern") == "^never$":
            assert kind == "number_or_never", path
        elif "boolean" in types:
            assert kind == "boolean", path
        elif "array" in types:
            assert kind == "list", path
        else:
            assert kind == "number" and types & {"number", "integer"}, path


def test_a_field_with_a_unit_shows_it_and_collect_asks_for_it() -> None:
    for path, field in FIELDS.items():
        assert (field.dimension != "none") == (field.shown_unit is not None), path
        assert field.shown_unit == schema_keys()[path].get("x-unit"), path
        assert unit_of(path) == (field.shown_unit or field.canonical_unit)
    assert unit_of("labs.anc") == "×10^9/L"  # as the docs print it, not "x10^9/L"
    assert unit_of("labs.fev1_pct_predicted") == "% predicted"
    assert unit_of("no.such.key") is None


def test_both_validators_accept_the_annotated_schema_without_a_warning() -> None:
    schema = load_schema(PATIENT_SCHEMA)
    assert schema["$schema"].endswith("/draft/2020-12/schema")
    Draft202012Validator.check_schema(schema)  # filterwarnings = error: no warning either
    assert jsonschema_rs.meta.is_valid(schema)
    profile = {"age": 64, "labs": {"anc": "1800 /uL"}, "sex": "female"}
    assert Draft202012Validator(schema).is_valid(profile)
    assert jsonschema_rs.validator_for(schema).is_valid(profile)
    assert not jsonschema_rs.validator_for(schema).is_valid({"age": "old"})


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s["properties"]["age"]["x-trialcmp"].update(kind="float"), "unknown kind"),
        (lambda s: s["properties"]["age"]["x-trialcmp"].update(dimension="au"), "unknown dim"),
        (lambda s: s["x-trialcmp-units"]["kg"].update(kg="1"), "not a number"),
    ],
    ids=["kind", "dimension", "factor"],
)
def test_a_garbled_annotation_is_an_error(edit: Any, message: str) -> None:
    schema = copy.deepcopy(load_schema(PATIENT_SCHEMA))
    assert derive(schema) == table()  # equal before the edit
    edit(schema)
    with pytest.raises(ValueError, match=message):
        derive(schema)


def test_the_module_globals_are_the_cached_table() -> None:
    assert fields.FIELDS is table().fields and fields.UNITS is table().units
    assert FIELDS["labs.anc"].units is UNITS["count_1e9_per_l"]
    with pytest.raises(AttributeError):
        _ = fields.NO_SUCH_NAME  # type: ignore[attr-defined]


def test_the_fields_and_dimensions_named_elsewhere_exist() -> None:
    """Other modules name fields for facts of their own (a compare row's grouping and label,
    the words of a boolean, which measurements drift, what a value is computed from): each
    name must still be a field, or a dimension, of the schema."""
    from trialcmp.compare.eligibility import ELIGIBILITY_ROWS
    from trialcmp.eligibility.near import CONTINUOUS
    from trialcmp.eligibility.profile_values import CG_INPUTS, CRCL, IMPLIED
    from trialcmp.eligibility.text import BOOLEAN_WORDS, MERGED_PREFIXES

    named = {path for _, _, prefixes in ELIGIBILITY_ROWS for path in prefixes}
    named |= set(BOOLEAN_WORDS) | {path for pair in MERGED_PREFIXES for path in pair}
    named |= {CRCL, *CG_INPUTS} | {
        path for target, origin, *_ in IMPLIED for path in (target, origin)
    }
    assert sorted(named - set(FIELDS)) == []
    assert all(FIELDS[path].kind == "boolean" for path in BOOLEAN_WORDS)
    assert sorted(CONTINUOUS - set(UNITS)) == []
    assert all(UNITS[dimension] for dimension in CONTINUOUS)
