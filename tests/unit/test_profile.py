"""Patient profiles: the schema, validation messages, unit conversion, Cockcroft–Gault."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES, ROOT
from trialcmp.eligibility.fields import FIELDS, UNITS, find_unit
from trialcmp.eligibility.profile import (
    CG_INPUTS,
    CRCL,
    QUANTITY,
    cockcroft_gault,
    load_profile,
    load_profiles,
    profile_from_data,
)
from trialcmp.errors import InputError

PATIENTS = FIXTURES / "patients"
VALID = sorted((PATIENTS / "valid").glob("*.yaml"))
INVALID = sorted((PATIENTS / "invalid").glob("*.yaml"))
SCHEMA = json.loads((ROOT / "schemas" / "patient.schema.json").read_text(encoding="utf-8"))


def expectations(path: Path) -> list[str]:
    """The `# expect: ...` fragments at the top of an invalid fixture."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("# expect: "), f"{path.name}: no '# expect:' line 1"
    found = []
    for line in lines:
        if not line.startswith("# expect: "):
            break
        found.append(line.removeprefix("# expect: "))
    return found


# ---------------------------------------------------------------- the fixture folders


def test_the_fixture_folders_are_not_empty() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= 10


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_every_valid_fixture_loads(path: Path) -> None:
    profile = load_profile(path)
    assert set(profile.values) == set(FIELDS)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_every_invalid_fixture_is_rejected_naming_the_key(path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_profile(path)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert message.startswith(str(path))
    for fragment in expectations(path):
        assert fragment in message


def test_every_problem_is_reported_at_once_with_its_line() -> None:
    with pytest.raises(InputError) as caught:
        load_profile(PATIENTS / "invalid" / "several-problems.yaml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert re.search(r"several-problems\.yaml:5:6: age: ", lines[1])
    assert re.search(r"several-problems\.yaml:6:7: ecog: ", lines[2])
    assert re.search(r"several-problems\.yaml:8:8: labs\.anc: ", lines[3])


def test_problems_of_several_files_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("ecog: 9\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("age: -1\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("age: 50\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profiles([tmp_path])
    message = str(caught.value)
    assert message.startswith("2 patient profiles have problems")
    assert "a.yaml:1:7: ecog: 9 is greater than the maximum of 5" in message
    assert "b.yaml:1:6: age: -1 is less than the minimum of 0" in message


def test_a_folder_loads_its_yaml_files_in_name_order(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "notes.txt"):
        (tmp_path / name).write_text("age: 50\n", encoding="utf-8")
    assert [p.label for p in load_profiles([tmp_path])] == ["a", "b"]


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \.yaml or \.yml patient profiles"):
        load_profiles([tmp_path])


def test_the_label_is_the_id_else_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "patient-7.yaml"
    path.write_text("age: 50\n", encoding="utf-8")
    assert load_profile(path).label == "patient-7"
    path.write_text("id: P007\n", encoding="utf-8")
    assert load_profile(path).label == "P007"


# ---------------------------------------------------------------- the schema itself


def _walk_schema(node: Any, where: str) -> Any:
    if isinstance(node, dict):
        yield where, node
        for key, sub in node.get("properties", {}).items():
            yield from _walk_schema(sub, f"{where}.{key}")
        if isinstance(node.get("items"), dict):
            yield from _walk_schema(node["items"], f"{where}[]")


def test_the_schema_is_strict_and_described() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(SCHEMA)
    for where, node in _walk_schema(SCHEMA, "$"):
        assert node.get("description"), f"{where} has no description"
        types = node.get("type", [])
        if "object" in ([types] if isinstance(types, str) else types):
            assert node.get("additionalProperties") is False, f"{where} is not strict"


def _schema_leaves() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, sub in SCHEMA["properties"].items():
        if "properties" in sub:
            for inner, spec in sub["properties"].items():
                out[f"{key}.{inner}"] = spec
        else:
            out[key] = sub
    return out


def test_the_schema_and_the_field_registry_name_the_same_keys() -> None:
    leaves = _schema_leaves()
    assert set(leaves) - {"id"} == set(FIELDS)
    for path, spec in FIELDS.items():
        types = leaves[path].get("type", [])
        assert "null" in types or None in leaves[path].get("enum", []), path
        if spec.kind == "boolean":
            assert types == ["boolean", "null"], path
        elif spec.kind == "list":
            assert types == ["array", "null"], path
        elif spec.kind == "number_or_never":
            assert leaves[path]["pattern"] == "^never$", path
        elif spec.kind == "number":
            assert {"number", "integer"} & set(types), path


def test_contract_keys_are_all_in_the_schema() -> None:
    contract = ROOT.parent / "shared" / "contracts" / "patient-profile.md"
    if not contract.exists():
        pytest.skip("the shared contract is not beside this checkout")
    block = contract.read_text(encoding="utf-8").split("```yaml", 1)[1].split("```", 1)[0]
    import yaml

    data = yaml.safe_load(block)
    profile = profile_from_data(data, source="contract.yaml")  # the example itself is valid
    assert profile.label == "P001"
    for key, value in data.items():
        if isinstance(value, dict):
            for inner in value:
                assert f"{key}.{inner}" in FIELDS
        elif key != "id":
            assert key in FIELDS


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("1800 /uL", True),
        ("1800/uL", True),
        ("1.8 x10^9/L", True),
        ("1.8x10^9/L", True),
        ("1.8 10^9/L", True),
        (".5 x ULN", True),
        ("88 µmol/L", True),
        ("1800", False),
        ("-3 /uL", False),
        ("/uL", False),
        ("", False),
        ("one /uL", False),
    ],
)
def test_the_quantity_shape(text: str, ok: bool) -> None:
    pattern = SCHEMA["properties"]["labs"]["properties"]["anc"]["pattern"]
    assert (re.search(pattern, text) is not None) is ok
    assert (QUANTITY.match(text) is not None) is ok


@settings(database=None)
@given(st.text(alphabet="0123456789. x/uLµ%-+^", max_size=12))
def test_the_schema_pattern_and_the_parser_agree(text: str) -> None:
    pattern = SCHEMA["properties"]["labs"]["properties"]["anc"]["pattern"]
    assert (re.search(pattern, text) is not None) is (QUANTITY.match(text) is not None)


# ---------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("key", "text", "canonical"),
    [
        ("anc", "1800 /uL", 1.8),
        ("anc", "1800 /µL", 1.8),
        ("anc", "1800 cells/μL", 1.8),
        ("anc", "1800 /mm3", 1.8),
        ("anc", "1.8 x10^9/L", 1.8),
        ("anc", "1.8 ×10⁹/L", 1.8),
        ("anc", "1.8 X10^9/l", 1.8),
        ("anc", "18 x10^8/L", 1.8),
        ("anc", "1.8 G/L", 1.8),
        ("anc", "1.8 K/uL", 1.8),
        ("platelets", "120000 /uL", 120),
        ("platelets", "120 x10^9/L", 120),
        ("alc", "600 /uL", 0.6),
        ("alc", "100 /uL", 0.1),
        ("creatinine", "88.4 umol/L", 1.0),
        ("creatinine", "88.4 µmol/L", 1.0),
        ("creatinine", "88.4 μmol/L", 1.0),
        ("creatinine", "176.8 umol/l", 2.0),
        ("creatinine", "1.3 mg/dL", 1.3),
        ("creatinine_clearance", "72 mL/min", 72),
        ("creatinine_clearance", "72 ml/min", 72),
        ("alt_uln", "2.5 x ULN", 2.5),
        ("alt_uln", "2.5×ULN", 2.5),
        ("alt_uln", "2.5 ULN", 2.5),
        ("lvef_pct", "55 %", 55),
        ("spo2_pct", "97%", 97),
    ],
)
def test_lab_units_convert_to_the_canonical_unit(key: str, text: str, canonical: float) -> None:
    profile = profile_from_data({"labs": {key: text}})
    assert profile.value(f"labs.{key}") == pytest.approx(canonical, rel=1e-12)
    assert profile.given[f"labs.{key}"] == text


def test_contract_example_creatinine_in_micromoles() -> None:
    profile = profile_from_data({"labs": {"creatinine": "88 umol/L"}})
    assert profile.value("labs.creatinine") == pytest.approx(88 / 88.4)


@pytest.mark.parametrize(("key", "value"), [("anc", 1.8), ("creatinine", 1), ("lvef_pct", 50)])
def test_a_bare_number_is_in_the_canonical_unit(key: str, value: float) -> None:
    profile = profile_from_data({"labs": {key: value}})
    assert profile.value(f"labs.{key}") == value
    assert f"labs.{key}" not in profile.given


@pytest.mark.parametrize(
    ("key", "text", "accepted"),
    [
        ("anc", "1800 cells", "/uL"),
        ("platelets", "120 mg/dL", "x10^9/L"),
        ("creatinine", "1.0 mmol/L", "umol/L"),
        ("alt_uln", "40 U/L", "x ULN"),
        ("lvef_pct", "0.6 ratio", "%"),
    ],
)
def test_an_unknown_unit_names_the_key_and_the_accepted_units(
    key: str, text: str, accepted: str
) -> None:
    with pytest.raises(InputError) as caught:
        profile_from_data({"labs": {key: text}}, source="p.yaml")
    message = str(caught.value)
    assert f"labs.{key}: unknown unit" in message
    assert f"labs.{key} accepts: " in message
    assert accepted in message.split("accepts: ")[1]
    assert message.startswith("p.yaml:")


def test_every_registered_unit_is_found_by_its_own_spelling() -> None:
    for dimension, units in UNITS.items():
        for unit in units:
            assert find_unit(dimension, unit) == unit


# ---------------------------------------------------------------- Cockcroft–Gault


@pytest.mark.parametrize(
    ("age", "weight", "creatinine", "sex", "expected"),
    [
        (60, 72, 1.0, "male", 80.0),  # (140-60)*72/(72*1.0)
        (60, 72, 1.0, "female", 68.0),  # × 0.85
        (40, 60, 0.8, "female", 100 * 60 / (72 * 0.8) * 0.85),  # 88.54
        (80, 50, 2.0, "male", 60 * 50 / 144),  # 20.83
        (140 - 72, 100, 1.0, "male", 100.0),
    ],
)
def test_cockcroft_gault_worked_values(
    age: float, weight: float, creatinine: float, sex: str, expected: float
) -> None:
    assert cockcroft_gault(age, weight, creatinine, sex) == pytest.approx(expected, rel=1e-9)
    profile = profile_from_data(
        {"age": age, "sex": sex, "weight_kg": weight, "labs": {"creatinine": creatinine}}
    )
    assert profile.value(CRCL) == pytest.approx(expected, rel=1e-9)
    assert "Cockcroft–Gault" in profile.computed[CRCL]
    assert f"= {expected:.1f} mL/min" in profile.computed[CRCL]
    assert ("0.85" in profile.computed[CRCL]) is (sex == "female")


def test_cockcroft_gault_from_micromoles() -> None:
    profile = profile_from_data(
        {"age": 50, "sex": "male", "weight_kg": 70, "labs": {"creatinine": "88.4 umol/L"}}
    )
    assert profile.value(CRCL) == pytest.approx(90 * 70 / 72)
    assert "given as 88.4 umol/L" in profile.computed[CRCL]


def test_a_given_creatinine_clearance_wins() -> None:
    profile = profile_from_data(
        {
            "age": 60,
            "sex": "male",
            "weight_kg": 72,
            "labs": {"creatinine": 1.0, "creatinine_clearance": 35},
        }
    )
    assert profile.value(CRCL) == 35
    assert CRCL not in profile.computed
    assert profile.missing_keys(CRCL) == (CRCL,)


FULL_CG = {"age": 60, "sex": "male", "weight_kg": 72, "labs.creatinine": 1.0}


@pytest.mark.parametrize(
    "absent",
    [c for n in range(1, 5) for c in itertools.combinations(CG_INPUTS, n)],
    ids="+".join,
)
def test_missing_cockcroft_gault_inputs_leave_it_unknown_naming_them(
    absent: tuple[str, ...],
) -> None:
    data: dict[str, Any] = {}
    for key, value in FULL_CG.items():
        if key in absent:
            continue
        if key.startswith("labs."):
            data.setdefault("labs", {})[key.split(".")[1]] = value
        else:
            data[key] = value
    profile = profile_from_data(data)
    assert profile.value(CRCL) is None
    assert CRCL not in profile.computed
    assert profile.missing_keys(CRCL) == (CRCL, *absent)
    hint = profile.hint(CRCL)
    assert hint is not None
    assert hint.startswith(f"give {CRCL}, or {', '.join(absent)}")


def test_absent_means_unknown_never_a_default() -> None:
    profile = profile_from_data({})
    assert all(value is None for value in profile.values.values())
    assert profile.label == "<profile>"


def test_empty_lists_mean_none_not_unknown() -> None:
    profile = profile_from_data({"allergies": [], "prior_therapy": {"car_t": []}})
    assert profile.value("allergies") == []
    assert profile.value("prior_therapy.car_t") == []
