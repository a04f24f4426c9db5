"""The per-file entries of a trial collection folder: each file's cached entry when it is
unchanged, else a fresh load and check of that file alone (see `trialcmp.cache`)."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from trialcmp.errors import DataInvalidError
from trialcmp.names import names_of
from trialcmp.problems import Problem, Severity

if TYPE_CHECKING:
    from trialcmp import model
    from trialcmp.cache import Entry


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for a block, then as it was.

    Loading records and checking them builds many objects that live until the run ends
    (records, compiled rules, results) and hold no cycles (reference counting frees
    them): the collector would walk the growing heap again and again and free nothing —
    half of a warm load's time, and decoding the cache of 10,000 records took about 4x as
    long with it as without (the model's Structs are untracked anyway, see
    `trialcmp.model.common.Model`). `load_collection` and `check` run under it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: absolute path (the cache's key) -> the file, the name the user sees, its size and mtime_ns
#: (-1 when it cannot be read)
Scanned = dict[str, tuple[Path, str, int, int]]


def scan(directory: Path) -> Scanned:
    """The YAML files of the folder `directory`, as `trialcmp.files.discover` finds them
    (sorted), from one `os.scandir`: one `stat` per file, the folder resolved and made
    relative once (`display_path`), and only a file that is a symbolic link resolved alone."""
    from trialcmp.files import YAML_SUFFIXES, display_path

    folder = str(directory.resolve())
    shown_folder = display_path(directory)
    found: list[tuple[str, str, Path, str, int, int]] = []
    with os.scandir(directory) as it:
        for item in it:
            suffix = os.path.splitext(item.name)[1]  # noqa: PTH122 - no Path per file
            if suffix not in YAML_SUFFIXES or not item.is_file():
                continue
            try:
                st = item.stat()
                size, mtime_ns = st.st_size, st.st_mtime_ns
            except OSError:
                size = mtime_ns = -1
            path = directory / item.name
            if item.is_symlink():
                key, name = str(path.resolve()), display_path(path)
            else:
                key = f"{folder}{os.sep}{item.name}"
                name = item.name if shown_folder == "." else f"{shown_folder}{os.sep}{item.name}"
            found.append((item.name, key, path, name, size, mtime_ns))
    return {key: (path, name, size, mtime) for _, key, path, name, size, mtime in sorted(found)}


def entries(directory: Path, scanned: Scanned, *, use_cache: bool) -> dict[str, Entry]:
    """Per file (absolute path): the cached entry when size and mtime_ns agree, else a fresh
    load and check of that file alone. The cache is rewritten when anything changed."""
    from trialcmp import cache

    names = {key: name for key, (_, name, _, _) in scanned.items()}
    cached = cache.read(directory, names) if use_cache else {}
    entries: dict[str, Entry] = {}
    changed = len(cached) != len(scanned)
    for key, (path, name, size, mtime_ns) in scanned.items():
        hit = cached.get(key)
        if hit is not None and size != -1 and (hit.size, hit.mtime_ns) == (size, mtime_ns):
            entries[key] = _redisplay(hit, name)
            continue
        changed = True
        entries[key] = _check_file(path, size, mtime_ns)
    if use_cache and changed:
        cache.write(directory, entries)
    return entries


def _redisplay(entry: Entry, name: str) -> Entry:
    """Problems name the file as the user sees it from here (the cwd may have changed)."""
    from msgspec.structs import replace

    if all(p.file == name for p in entry.problems):
        return entry
    return replace(entry, problems=tuple(replace(p, file=name) for p in entry.problems))


def _check_file(path: Path, size: int, mtime_ns: int) -> Entry:
    from trialcmp.cache import Entry
    from trialcmp.model import build
    from trialcmp.validate import load_and_check

    doc, problems = load_and_check(path)
    data = doc.data if doc is not None and isinstance(doc.data, dict) else None
    names = tuple(name for _, name in names_of(data)) if data is not None else ()
    # Only errors matter here (warnings are `validate`'s business): a valid record keeps its
    # typed record and no problems, an invalid one its first error and no record.
    errors = tuple(p for p in problems if p.severity is Severity.ERROR)[:1]
    if errors or data is None:
        return Entry(size, mtime_ns, None, errors, names)
    try:
        record = build(data)
    except ValueError as exc:  # the schema let through what the model refuses: a bug
        where = doc.path if doc is not None else str(path)
        problem = Problem(
            where, None, None, "$", f"record does not fit the model: {exc}", Severity.ERROR, "model"
        )
        return Entry(size, mtime_ns, None, (problem,), names)
    return Entry(size, mtime_ns, record, (), names, data)


def recheck(directory: Path, path: Path, name: str) -> model.Trial:
    """The record of a file whose cached JSON does not fit the model (a cache edited by
    hand): the file is checked again and the cache dropped, to be rebuilt next time."""
    from trialcmp import cache

    cache.forget(directory)
    try:
        st = path.stat()
    except OSError:
        st = None
    entry = _check_file(path, st.st_size if st else -1, st.st_mtime_ns if st else -1)
    if entry.record is None:
        first = next(p for p in entry.problems if p.severity is Severity.ERROR)
        raise DataInvalidError(
            f"trial record {name} is invalid: {first.location()}: {first.path}: {first.message}",
            hint=f"run `trialcmp validate {name}` for every problem",
        )
    return entry.record
