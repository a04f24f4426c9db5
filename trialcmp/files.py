"""Finding trial files and naming them as the user knows them (cheap to import)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from trialcmp.problems import Problem

YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - different drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The YAML files named by `paths` (folders are searched, not recursively), sorted."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(
                    Problem(display_path(path), None, None, "$", "no .yaml files in this folder")
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(display_path(path), None, None, "$", "no such file or folder"))
    return files, problems
