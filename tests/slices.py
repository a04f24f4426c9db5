"""Helpers for the tests of the collection's slices (`check_slice`, `list_slice`): a folder
of trial files with a private cache, and a count of full loads (what a slice saves)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from trialcmp import collection


def trial_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: Iterable[Path]) -> Path:
    """`tmp_path/trials` holding copies of `files`, with the cache in `tmp_path/cache` and
    `tmp_path` the working directory."""
    monkeypatch.setenv("TRIALCMP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "trials"
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """Every full load of the collection from now on (the slice saves them)."""
    seen: list[Path | None] = []
    real = collection.load_collection

    def counting(data_dir: Path | None = None, *, use_cache: bool = True) -> Any:
        seen.append(data_dir)
        return real(data_dir, use_cache=use_cache)

    monkeypatch.setattr(collection, "load_collection", counting)
    return seen
