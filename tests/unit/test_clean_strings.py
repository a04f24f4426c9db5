"""`text.clean_strings` over the typed model: `show` cleans a record once before drawing it
(see `render.show.as_text`), and the model is frozen."""

from __future__ import annotations

from trialcmp.model import Cite, LdDays, Proportion
from trialcmp.text import clean_strings


def test_a_clean_value_is_the_same_object() -> None:
    value = Proportion(n=1, N=8, note="fine", cite=[Cite(source="s1", where="Table 2")])
    assert clean_strings(value) is value
    assert clean_strings([value, "x"])[0] is value


def test_a_struct_with_escapes_is_a_cleaned_copy() -> None:
    cite = Cite(source="s1", where="Table\x1b[2J 2\x07")
    value = Proportion(n=1, N=8, note="a \x1b]8;;http://x\x07link\x1b]8;;\x07 b", cite=[cite])
    cleaned = clean_strings(value)
    assert cleaned == Proportion(
        n=1, N=8, note="a link b", cite=[Cite(source="s1", where="Table 2")]
    )
    assert value.note is not None and "\x1b" in value.note  # the original is unchanged


def test_dicts_lists_and_field_names_that_are_not_python_names() -> None:
    assert clean_strings({"k\x07": ["v\x1b[31m"]}) == {"k": ["v"]}
    days = LdDays(from_=-5, to=-3)
    assert clean_strings(days) is days


def test_every_control_character_deep_in_a_record_is_found_and_removed() -> None:
    """`clean_strings` first looks for them in the value's JSON: none may slip by there."""
    controls = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]
    for char in controls:
        cite = Cite(source="s1", where=f"Table{char} 2")
        value = [{"rule": Proportion(n=1, N=8, cite=[cite])}]
        assert clean_strings(value) == [
            {"rule": Proportion(n=1, N=8, cite=[Cite(source="s1", where="Table 2")])}
        ], repr(char)
        assert clean_strings({f"k{char}": 1}) == {"k": 1}, repr(char)


def test_text_that_only_looks_like_an_escape_in_json_is_kept_as_it_is() -> None:
    value = Proportion(n=1, N=8, note="C:\\bin\\run \\u001b ok\ttab\nline", cite=[])
    assert clean_strings(value) is value


def test_a_value_that_is_not_json_is_walked() -> None:
    value = {"when": object(), "what": ["a\x07b"]}
    assert clean_strings(value) == {"when": value["when"], "what": ["ab"]}
