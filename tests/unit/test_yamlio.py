"""Unit tests of the YAML loader: predictable types, located errors, bounded input."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trialcmp.errors import InputError
from trialcmp.yamlio import MAX_FILE_BYTES, Loader, load_document, parse


def test_dates_stay_strings() -> None:
    data = parse("cutoff: 2022-06-30\nwhen: 2020-06-08T10:00:00\n", "x.yaml")
    assert data == {"cutoff": "2022-06-30", "when": "2020-06-08T10:00:00"}


def test_uses_the_c_loader_when_available() -> None:
    if hasattr(yaml, "CSafeLoader"):
        assert issubclass(Loader, yaml.CSafeLoader)
    assert issubclass(Loader, yaml.SafeLoader) or issubclass(Loader, yaml.CSafeLoader)


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(InputError) as info:
        parse("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml")
    err = info.value
    assert err.file == "bad.yaml"
    assert err.line == 2  # the unclosed bracket, not the line where libyaml noticed it
    assert err.column == 4
    assert str(err).startswith("bad.yaml:2:4:")
    assert "noticed at line 3" in str(err)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb\nc: 2\n", 2),  # a key without its colon
        ("a: 1\nb: 'open\nc: 2\n", 2),  # an unclosed quote
        ("a: {x: 1\nb: 2\n", 1),  # an unclosed brace
        ("a: 1\n  b: 2\n", 2),  # a stray indented mapping value
        ("- a\nb: 1\n", 2),  # a mapping key after a list item
    ],
)
def test_syntax_error_is_reported_on_the_line_of_the_mistake(text: str, line: int) -> None:
    with pytest.raises(InputError) as info:
        parse(text, "bad.yaml")
    assert info.value.line == line, str(info.value)


def test_a_duplicate_key_names_the_key_and_both_lines() -> None:
    with pytest.raises(InputError) as info:
        parse("age: 80\nsex: male\nage: 68\n", "p.yaml")
    assert (info.value.line, info.value.column) == (3, 1)
    assert "duplicate key 'age': first at line 1, again at line 3" in str(info.value)


def test_a_duplicate_key_is_found_nested_and_inside_list_items() -> None:
    text = "results:\n  - label: a\n    orr: {n: 1, N: 2, n: 3}\n"
    with pytest.raises(InputError, match="duplicate key 'n': first at line 3, again at line 3"):
        parse(text, "t.yaml")
    with pytest.raises(InputError, match="duplicate key 'x': first at line 2, again at line 3"):
        parse("- a: 1\n  x: 1\n  x: 2\n", "t.yaml")


def test_same_key_in_different_mappings_and_merge_keys_are_not_duplicates() -> None:
    text = "base: &b {x: 1, y: 2}\none: {x: 3}\ntwo:\n  <<: *b\n  x: 4\n"
    assert parse(text, "t.yaml")["two"] == {"x": 4, "y": 2}
    assert parse("1: a\n'1': b\n", "t.yaml") == {1: "a", "1": "b"}


def test_a_shared_anchor_with_a_duplicate_is_reported_once() -> None:
    with pytest.raises(InputError, match="duplicate key 'k'"):
        parse("a: &x {k: 1, k: 2}\nb: [*x, *x, *x]\n", "t.yaml")


def test_object_tags_are_refused() -> None:
    with pytest.raises(InputError, match="tags that create objects are not allowed"):
        parse("x: !!python/object/apply:os.getcwd []\n", "t.yaml")


def test_locate_points_at_nested_values(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text("a:\n  b:\n    - x\n    - {c: 5}\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.locate(["a", "b", 1, "c"]) == (4, 11)
    assert doc.locate_key(["a", "b", 1], "c") == (4, 8)
    # a path that does not exist resolves to its nearest ancestor
    assert doc.locate(["a", "zzz"]) == (2, 3)


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(InputError, match="the limit for one file is 1,048,576 bytes"):
        load_document(path)


def test_comment_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("# just a comment\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="file is empty"):
        load_document(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffid: X\n".encode())
    assert load_document(path).data == {"id": "X"}


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)
