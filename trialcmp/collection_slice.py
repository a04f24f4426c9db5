"""A slice of the loaded trial collection, cached apart from the whole records.

A command that reads little of each record (check: its criteria; list: its row) reads a
slice instead of decoding whole records (about 12 KB each in the cache of validated
records, `trialcmp.cache`): one JSON file per command and collection folder in the same
cache directory, decoded straight into typed msgspec Structs. Every slice starts with what
it was taken from (`Slice`) and holds the records left out, with their names and problem,
as `load_collection` reported them; the command's own module (`check_slice`,
`list_slice`) says what it keeps of each valid record.

A slice is the outcome of `load_collection` (valid records, invalid ones, name clashes)
and is used only when it provably still is: same format, same package code and schemas
(the cache's digest), same working directory (problems name files relative to it), same
folder, the same files with the same size and `mtime_ns`. Otherwise the collection is
loaded as every command loads it (re-validating only changed files) and the slice is
written again, atomically. A corrupt or unreadable slice is rebuilt silently; `--no-cache`
neither reads nor writes it. It never holds patient data.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from trialcmp.files import YAML_SUFFIXES, display_path

if TYPE_CHECKING:
    from trialcmp.collection import Collection, Invalid


class StoredInvalid(msgspec.Struct, frozen=True):
    """A record left out: its file, the names it claims and its problem."""

    file: str
    names: list[str]
    #: line, column, path, message, severity, code (the file is `file`)
    problem: tuple[int | None, int | None, str, str, str, str]


class Slice(msgspec.Struct, frozen=True):
    """What every slice holds first: what it was taken from, and the records left out."""

    format: int
    code: str
    cwd: str
    folder: str
    #: file name in the folder -> [size, mtime_ns]
    stats: dict[str, tuple[int, int]]
    invalid: list[StoredInvalid]


S = TypeVar("S", bound=Slice)


def slice_file(folder: Path, kind: str) -> Path:
    """The file of the `kind` slice ('check', 'list') of `folder`."""
    from trialcmp.cache import cache_dir, folder_key

    return cache_dir() / f"{kind}-{folder_key(folder)}.json"


def _suffix(name: str) -> str:
    """`Path(name).suffix` without building a Path (10,000 names per run)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Name -> (size, mtime_ns) of the folder's trial files (as `files.discover` finds them)."""
    out: dict[str, tuple[int, int]] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if _suffix(entry.name) in YAML_SUFFIXES and entry.is_file():
                st = entry.stat()
                out[entry.name] = (st.st_size, st.st_mtime_ns)
    return out


def stored_invalid(collection: Collection) -> list[StoredInvalid]:
    """The records a loaded collection left out, as a slice keeps them."""
    return [
        StoredInvalid(
            file=i.file,
            names=list(i.names),
            problem=(
                i.problem.line,
                i.problem.column,
                i.problem.path,
                i.problem.message,
                str(i.problem.severity),
                i.problem.code,
            ),
        )
        for i in collection.invalid
    ]


def invalid_of(stored: list[StoredInvalid]) -> tuple[Invalid, ...]:
    """The records left out again, as `load_collection` gives them."""
    from trialcmp.collection import Invalid
    from trialcmp.problems import Problem, Severity

    return tuple(
        Invalid(
            i.file,
            tuple(i.names),
            Problem(i.file, line, column, path, message, Severity(severity), code),
        )
        for i in stored
        for line, column, path, message, severity, code in [i.problem]
    )


def _read(target: Path, kind: type[S], expected: dict[str, Any]) -> S | None:
    try:
        found = msgspec.json.decode(target.read_bytes(), type=kind)
    except (OSError, ValueError, msgspec.DecodeError):
        return None
    fresh = all(getattr(found, name) == value for name, value in expected.items())
    return found if fresh else None


def load(
    data_dir: Path | None,
    *,
    use_cache: bool,
    kind: type[S],
    name: str,
    format: int,
    project: Callable[[Collection], dict[str, Any]],
) -> tuple[S, str]:
    """The `name` slice of the collection in `data_dir` (a `kind`, of format `format`)
    with the collection's source (how messages name it): read when it is fresh, else
    taken from the loaded collection by `project` (the slice's own fields) and written.
    The same either way."""
    from trialcmp.collection import load_collection
    from trialcmp.resources import default_data_dir

    directory = data_dir or default_data_dir()
    source = display_path(directory) if data_dir else "the trial collection"
    if not use_cache or not directory.is_dir():
        loaded = load_collection(data_dir, use_cache=use_cache)
        taken = kind(format, "", "", "", {}, stored_invalid(loaded), **project(loaded))
        return taken, loaded.source
    from trialcmp.cache import code_digest

    folder = directory.resolve()
    target = slice_file(directory, name)
    try:
        stats = _stats(folder)
    except OSError:
        stats = None
    header: dict[str, Any] = {
        "format": format,
        "code": code_digest(),
        "cwd": str(Path.cwd()),
        "folder": str(folder),
        "stats": stats,
    }
    found = _read(target, kind, header) if stats is not None else None
    if found is not None:
        return found, source
    loaded = load_collection(data_dir, use_cache=True)
    taken = kind(**header, invalid=stored_invalid(loaded), **project(loaded))
    if stats is not None and stats == _stats(folder):  # nothing changed while loading
        from trialcmp.cache import write_atomically

        write_atomically(target, taken, prefix=f".{name}-")
    return taken, loaded.source
