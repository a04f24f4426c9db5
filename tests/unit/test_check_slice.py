"""The slice of the collection that `check` reads: the same collection as a full load, used
only while the files, the code and the working directory are unchanged."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.slices import full_loads, trial_folder
from trialcmp import check_slice, collection
from trialcmp.eligibility.engine import check_patients
from trialcmp.eligibility.profile import load_profile

VALID = FIXTURES / "trials" / "valid"
INVALID = FIXTURES / "trials" / "invalid"
PATIENT = ROOT / "examples" / "eligible-nct07003555.yaml"


@pytest.fixture
def trials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = [
        *sorted((ROOT / "data" / "trials").glob("*.yaml"))[:6],
        VALID / "NCT00000001.yaml",
        INVALID / "wrong-type.yaml",
    ]
    return trial_folder(tmp_path, monkeypatch, files)


def summary(found: collection.Collection) -> tuple[Any, ...]:
    """All that check reads of a collection, comparable."""
    report = check_patients(
        [t.compiled for t in found],  # type: ignore[attr-defined]
        [load_profile(PATIENT)],
        single=True,
    ).as_dict()
    return (
        [
            (t.id, t.path, t.names(), t.compiled.setting, t.compiled.status_on(None))  # type: ignore[attr-defined]
            for t in found
        ],
        [(i.file, i.names, i.problem) for i in found.invalid],
        found.source,
        report,
    )


def test_a_warm_check_reads_the_slice_and_gets_what_a_full_load_gives(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = check_slice.load_for_check(trials)
    assert check_slice.slice_file(trials).is_file()
    counted = full_loads(monkeypatch)
    warm = check_slice.load_for_check(trials)
    assert counted == []
    assert summary(warm) == summary(cold)
    assert summary(check_slice.load_for_check(trials, use_cache=False)) == summary(cold)
    assert [i.file for i in warm.invalid] == [str(Path("trials", "wrong-type.yaml"))]


def copy_of_fixture_2(folder: Path, new_id: str, *, same_names: bool = False) -> None:
    """NCT00000002 under another ID (its short name and alias too, unless `same_names`)."""
    text = (VALID / "NCT00000002.yaml").read_text(encoding="utf-8").replace("NCT00000002", new_id)
    if not same_names:
        text = text.replace("FIX-2", f"FIX-{new_id}").replace("fixcel", f"fixcel-{new_id}")
    (folder / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def test_the_slice_keeps_each_distinct_criterion_once(trials: Path) -> None:
    shutil.copy(VALID / "NCT00000002.yaml", trials / "NCT00000002.yaml")
    copy_of_fixture_2(trials, "NCT00000009")
    check_slice.load_for_check(trials)
    found = check_slice.load_for_check(trials)  # from the slice
    by_id = {t.id: t.compiled.criteria for t in found}  # type: ignore[attr-defined]
    assert by_id["NCT00000009"] and by_id["NCT00000009"] == by_id["NCT00000002"]
    assert all(a is b for a, b in zip(by_id["NCT00000009"], by_id["NCT00000002"], strict=True))


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_a_changed_collection_is_loaded_again(
    trials: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    check_slice.load_for_check(trials)
    target = trials / "NCT00000001.yaml"
    if change == "edit":
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("NCT00000001", "NCT00000008"), encoding="utf-8")
        (trials / "NCT00000008.yaml").write_bytes(target.read_bytes())
        target.unlink()
    elif change == "add":
        shutil.copy(VALID / "NCT00000002.yaml", trials / "NCT00000002.yaml")
    else:
        target.unlink()
    counted = full_loads(monkeypatch)
    changed = check_slice.load_for_check(trials)
    assert counted == [trials]
    again = check_slice.load_for_check(trials)  # and the new slice is used next time
    assert counted == [trials]
    assert summary(again) == summary(changed)
    assert summary(changed) == summary(check_slice.load_for_check(trials, use_cache=False))


def test_an_edit_that_keeps_the_size_is_seen_by_its_mtime(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_slice.load_for_check(trials)
    target = trials / "NCT00000001.yaml"
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    counted = full_loads(monkeypatch)
    check_slice.load_for_check(trials)
    assert counted == [trials]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"[]", b'{"format": 1}'])
def test_a_corrupt_slice_is_rebuilt_silently(
    trials: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    cold = check_slice.load_for_check(trials)
    check_slice.slice_file(trials).write_bytes(damage)
    counted = full_loads(monkeypatch)
    assert summary(check_slice.load_for_check(trials)) == summary(cold)
    assert counted == [trials]
    assert check_slice.slice_file(trials).read_bytes() != damage


def test_another_working_directory_rebuilds_it_because_problems_name_files_from_there(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_slice.load_for_check(trials)
    monkeypatch.chdir(trials)
    counted = full_loads(monkeypatch)
    found = check_slice.load_for_check(trials)
    assert counted == [trials]
    assert [i.file for i in found.invalid] == ["wrong-type.yaml"]


def test_no_cache_neither_reads_nor_writes_the_slice(
    trials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_slice.load_for_check(trials, use_cache=False)
    assert not check_slice.slice_file(trials).exists()


def test_name_clashes_are_the_collections(trials: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(VALID / "NCT00000002.yaml", trials / "NCT00000002.yaml")
    copy_of_fixture_2(trials, "NCT00000003", same_names=True)
    cold = check_slice.load_for_check(trials)
    assert [i.file for i in cold.invalid] == [
        str(Path("trials", name))
        for name in ("NCT00000002.yaml", "NCT00000003.yaml", "wrong-type.yaml")
    ]
    counted = full_loads(monkeypatch)
    assert summary(check_slice.load_for_check(trials)) == summary(cold)
    assert counted == []
    full = collection.load_collection(trials)
    assert [(i.file, i.names, i.problem) for i in full.invalid] == [
        (i.file, i.names, i.problem) for i in cold.invalid
    ]
