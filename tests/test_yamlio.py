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
    assert err.line == 3
    assert err.column is not None
    assert str(err).startswith("bad.yaml:3:")


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
