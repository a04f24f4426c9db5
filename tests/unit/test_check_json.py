"""The JSON of `check`: compact, written by msgspec, and the same text the standard library
would write (same escapes, same numbers), so only whitespace differs from an indented dump."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from tests.typed_engine import check_patients
from trialcmp.eligibility.profile import load_profile, profile_from_data
from trialcmp.render.check import _python_numbers_only, as_json, compact_json
from trialcmp.yamlio import load_document


def stdlib(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return "".join(f"\\u{ord(c):04x}" if 0x7F <= ord(c) <= 0x9F else c for c in text) + "\n"


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(database=None)
@given(JSON)
def test_compact_json_is_the_standard_librarys_compact_text(data: Any) -> None:
    # msgspec writes some floats otherwise (1e-05 as 0.00001): as_json says so for those
    exotic = _python_numbers_only([data])
    assert json.loads(compact_json(data, python_numbers=exotic)) == data
    if not exotic:
        assert compact_json(data) == stdlib(data)
    assert compact_json(data, python_numbers=True) == stdlib(data)


def test_controls_that_a_terminal_acts_on_are_escaped() -> None:
    text = compact_json({"t": "a\x1b[31mb\x7fc\u009bd\u0085é≥"})
    assert text == '{"t":"a\\u001b[31mb\\u007fc\\u009bd\\u0085é≥"}\n'


def test_a_float_msgspec_writes_otherwise_is_written_as_python_does() -> None:
    assert compact_json([1e-05, 1e16], python_numbers=True) == "[1e-05,1e+16]\n"


def test_a_patient_value_with_an_exponent_keeps_pythons_number_text() -> None:
    trial = load_document(ROOT / "data" / "trials" / "NCT07003555.yaml").data
    profile = profile_from_data({"labs": {"lvef_pct": 0.00001}})
    text = as_json(check_patients([trial], [profile], single=True))
    assert '"value":1e-05' in text
    assert "0.00001" not in text


def test_the_report_is_one_line_and_the_contracts_object() -> None:
    trial = load_document(ROOT / "data" / "trials" / "NCT07003555.yaml").data
    profile = load_profile(ROOT / "examples" / "eligible-nct07003555.yaml")
    text = as_json(check_patients([trial], [profile], single=True))
    assert text.count("\n") == 1 and text.endswith("}\n")
    report = json.loads(text)
    assert report["patient"] == profile.label
    assert [r["trial"] for r in report["results"]] == ["NCT07003555"]
