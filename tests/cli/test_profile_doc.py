"""The profile reference and template are generated from the patient schema and stay in step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, CliFn
from trialcmp.eligibility.fields import FIELDS
from trialcmp.eligibility.profile import profile_from_data
from trialcmp.profile_doc import REGENERATE, keys, markdown, template
from trialcmp.resources import load_schema
from trialcmp.schema import PATIENT_SCHEMA

SCHEMA = load_schema(PATIENT_SCHEMA)


def test_the_doc_in_the_repository_is_the_generated_one() -> None:
    doc = (ROOT / "docs" / "patient-profile.md").read_text(encoding="utf-8")
    assert doc == markdown(SCHEMA), f"docs/patient-profile.md is stale: run `{REGENERATE}`"


def test_the_doc_names_every_key_with_its_unit_and_an_example() -> None:
    doc = markdown(SCHEMA)
    for key in keys(SCHEMA):
        row = next(line for line in doc.splitlines() if line.startswith(f"| `{key.path}` |"))
        assert key.example is not None, key.path
        if key.unit:
            assert f"| {key.unit}" in row, key.path
    assert set(FIELDS) <= {k.path for k in keys(SCHEMA)}


def test_every_schema_leaf_has_an_example_that_is_a_valid_profile_value() -> None:
    data: dict[str, object] = {}
    for key in keys(SCHEMA):
        if key.section:
            section = data.setdefault(key.section, {})
            assert isinstance(section, dict)
            section[key.path.split(".", 1)[1]] = key.example
        else:
            data[key.path] = key.example
    profile = profile_from_data(data, source="example.yaml")
    assert all(profile.value(path) is not None for path in FIELDS)


def test_the_template_has_every_key_null_with_a_comment_and_loads_as_all_unknown() -> None:
    text = template(SCHEMA)
    data = yaml.safe_load(text)
    profile = profile_from_data(data, source="template.yaml")
    for path in FIELDS:
        assert profile.value(path) is None, path
    lines = text.splitlines()
    for key in keys(SCHEMA):
        name = key.path.rsplit(".", 1)[-1]
        line = next(x for x in lines if x.strip().startswith(f"{name}: null  # "))
        if key.unit:
            assert key.unit in line, key.path


def test_the_cli_prints_the_template_and_the_reference(cli: CliFn, tmp_path: Path) -> None:
    run = cli("profile", "--template")
    assert run.exit_code == 0
    assert run.stdout == template(SCHEMA)
    assert 'labs:\n  anc: null  # number or "value unit", ×10^9/L' in run.stdout
    file = tmp_path / "p.yaml"
    file.write_text(run.stdout, encoding="utf-8")
    check = cli("check", "--patient", str(file), "--trial", "NCT07003555", "--format", "json")
    assert check.exit_code == 0
    assert [r["verdict"] for r in json.loads(check.stdout)["results"]] == ["incomplete"]
    reference = cli("profile")
    assert reference.stdout == markdown(SCHEMA)


@pytest.mark.parametrize("sex", ["Female", "FEMALE", " female ", "Male", "MALE"])
def test_sex_is_case_insensitive(sex: str) -> None:
    profile = profile_from_data({"sex": sex}, source="p.yaml")
    assert profile.value("sex") == sex.strip().lower()


@pytest.mark.parametrize(
    ("key", "text", "canonical"),
    [
        ("haemoglobin", "85 g/L", 8.5),
        ("haemoglobin", "9.5 g/dL", 9.5),
        ("haemoglobin", "6.2 mmol/L", 9.99068),
        ("corrected_calcium", "2.5 mmol/L", 10.02),
        ("corrected_calcium", "11.2 mg/dL", 11.2),
    ],
)
def test_new_lab_values_convert(key: str, text: str, canonical: float) -> None:
    profile = profile_from_data({"labs": {key: text}}, source="p.yaml")
    assert profile.value(f"labs.{key}") == pytest.approx(canonical)


def test_a_haemoglobin_above_the_schema_maximum_after_conversion_is_an_error() -> None:
    from trialcmp.errors import InputError

    with pytest.raises(InputError, match="haemoglobin"):
        profile_from_data({"labs": {"haemoglobin": "300 g/L"}}, source="p.yaml")
