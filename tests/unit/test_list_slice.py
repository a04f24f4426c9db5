"""The slice of the collection that `list` reads: the rows a full load gives, on any date,
used only while the files and the code are unchanged (the rules are `check`'s slice's:
`test_check_slice.py` tests them at length)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import msgspec
import pytest

from tests.conftest import FIXTURES, ROOT
from tests.slices import full_loads, trial_folder
from trialcmp import collection, list_slice
from trialcmp.collection_slice import slice_file
from trialcmp.listing import list_rows

VALID = FIXTURES / "trials" / "valid"
INVALID = FIXTURES / "trials" / "invalid"
DATES = (dt.date(2024, 1, 15), dt.date(2026, 11, 30), dt.date(2031, 6, 1))
FILTERS: tuple[dict[str, Any], ...] = (
    {},
    {"recruiting": True},
    {"target": "gprc5d"},
    {"phase": "1", "status": "recruiting"},
    {"setting": "newly diagnosed"},
    {"country": "china"},
)


@pytest.fixture
def trials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = [*sorted((ROOT / "data" / "trials").glob("*.yaml")), INVALID / "wrong-type.yaml"]
    return trial_folder(tmp_path, monkeypatch, files)


def rows(found: Any) -> list[Any]:
    """Every row `list` shows, on every date and through every filter, comparable."""
    return [
        msgspec.to_builtins(list_rows(found, today=today, **filters))
        for today in DATES
        for filters in FILTERS
    ]


def test_a_warm_list_reads_the_slice_and_gets_the_rows_of_the_records(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = collection.load_collection(trials)
    cold = list_slice.load_for_list(trials)
    assert slice_file(trials, "list").is_file()
    counted = full_loads(monkeypatch)
    warm = list_slice.load_for_list(trials)
    assert counted == []
    assert rows(warm) == rows(cold) == rows(full)
    assert any(r for r in rows(full)[1:6])  # the filters keep some rows, and drop some
    assert all(len(r) < len(full) for r in rows(full)[1:6])
    for found in (warm, list_slice.load_for_list(trials, use_cache=False)):
        assert [i.file for i in found.invalid] == [str(Path("trials", "wrong-type.yaml"))]
        assert found.invalid == full.invalid
        assert found.invalid_named(["wrong-type"]) == full.invalid_named(["wrong-type"])
        assert found.source == full.source
        assert len(found) == len(full)


def test_the_slice_keeps_no_age_it_is_computed_on_the_date_asked(trials: Path) -> None:
    list_slice.load_for_list(trials)
    stored = json.loads(slice_file(trials, "list").read_text(encoding="utf-8"))
    keys = {key for record in stored["records"] for key in record}
    assert "status_as_of" in keys
    assert not {"status_age_months", "status_stale"} & keys


def test_a_changed_file_is_loaded_again(trials: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    list_slice.load_for_list(trials)
    shutil.copy(VALID / "NCT00000001.yaml", trials / "NCT00000001.yaml")
    counted = full_loads(monkeypatch)
    changed = list_slice.load_for_list(trials)
    assert counted == [trials]
    assert "NCT00000001" in [r.id for r in changed]
    list_slice.load_for_list(trials)  # and the new slice is used next time
    assert counted == [trials]
    assert rows(changed) == rows(collection.load_collection(trials))


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"[]", b'{"format": 1}'])
def test_a_corrupt_slice_is_rebuilt_silently(
    trials: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    cold = list_slice.load_for_list(trials)
    slice_file(trials, "list").write_bytes(damage)
    counted = full_loads(monkeypatch)
    assert rows(list_slice.load_for_list(trials)) == rows(cold)
    assert counted == [trials]
    assert slice_file(trials, "list").read_bytes() != damage


def test_no_cache_neither_reads_nor_writes_the_slice(trials: Path) -> None:
    list_slice.load_for_list(trials, use_cache=False)
    assert not slice_file(trials, "list").exists()
