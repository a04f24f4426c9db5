"""What `check` reads of the trial collection, cached apart from the whole records.

A warm `check` must not decode whole records (about 12 KB each in the cache of validated
records, `trialcmp.cache`): it reads this slice instead, one JSON file per collection folder
in the same cache directory, decoded straight into typed msgspec Structs. Per valid record:
its ID, names (for `--trial`), short name, setting, status and its date, whether its
curated criteria are complete, and its criteria as indices into one table of the distinct
criteria of the collection, each with its rules already parsed (`trialcmp.eligibility.tree`
nodes). Per record left out: its names and its problem, as `load_collection` reported them.

The slice is the outcome of `load_collection` (valid records, invalid ones, name clashes)
and is used only when it provably still is: same package code and schemas (the cache's
digest), same working directory (problems name files relative to it), same folder, the same
files with the same size and `mtime_ns`. Otherwise the collection is loaded as every
command loads it (re-validating only changed files) and the slice is written again,
atomically. A corrupt or unreadable slice is rebuilt silently; `--no-cache` neither reads
nor writes it. It never holds patient data.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec

from trialcmp.eligibility.compiled import Criteria, Criterion, Trial, criterion_of
from trialcmp.eligibility.tree import Node
from trialcmp.files import YAML_SUFFIXES, display_path
from trialcmp.problems import Problem, Severity

if TYPE_CHECKING:
    from trialcmp.collection import Collection
    from trialcmp.collection import Trial as CollectionTrial

FORMAT = 1


class _Criterion(msgspec.Struct, frozen=True, omit_defaults=True):
    id: str
    kind: str
    text: str
    manual: str | None = None
    rule: Node | None = None
    condition: Node | None = None
    restated: bool = False


class _Record(msgspec.Struct, frozen=True, omit_defaults=True):
    """What check reads of one valid record."""

    path: str
    names: list[str]
    id: str
    short_name: str | None = None
    setting: str | None = None
    status: str | None = None
    status_as_of: str | None = None
    complete: bool = False
    #: indices into `_Slice.criteria`; None when the record has no eligibility block
    criteria: list[int] | None = None


class _Invalid(msgspec.Struct, frozen=True):
    file: str
    names: list[str]
    #: line, column, path, message, severity, code (the file is `file`)
    problem: tuple[int | None, int | None, str, str, str, str]


class _Slice(msgspec.Struct, frozen=True):
    format: int
    code: str
    cwd: str
    folder: str
    #: file name in the folder -> [size, mtime_ns]
    stats: dict[str, tuple[int, int]]
    criteria: list[_Criterion]
    records: list[_Record]
    invalid: list[_Invalid]


@dataclass(frozen=True)
class CheckTrial:
    """One valid record as `check` reads it; answers the collection's lookups (`id`,
    `names()`, `path`) and holds the compiled trial the engine checks."""

    path: str
    id: str
    names_: tuple[str, ...]
    compiled: Trial = field(repr=False)

    @property
    def label(self) -> str:
        return self.compiled.short_name or self.id

    def names(self) -> list[str]:
        return list(self.names_)


def slice_file(folder: Path) -> Path:
    from trialcmp.cache import cache_dir

    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]
    return cache_dir() / f"check-{key}.json"


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


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _project(collection: Collection) -> tuple[list[_Criterion], list[_Record], list[_Invalid]]:
    """The slice of a loaded collection: distinct criteria once, records by index."""
    seen = Criteria()
    index: dict[int, int] = {}
    table: list[_Criterion] = []
    records: list[_Record] = []
    for trial in collection:
        record = trial.record
        design, eligibility = record.design, record.eligibility
        positions: list[int] | None = None
        complete = False
        if eligibility is not None:
            positions = []
            for typed in eligibility.criteria:
                criterion = seen.compile(typed)
                at = index.get(id(criterion))
                if at is None:
                    at = index[id(criterion)] = len(table)
                    table.append(_stored(criterion))
                positions.append(at)
            complete = eligibility.complete is True
        records.append(
            _Record(
                path=trial.path,
                names=trial.names(),
                id=trial.id,
                short_name=_text(record.short_name),
                setting=_text(record.setting),
                status=_text(design.status),
                status_as_of=_text(design.status_as_of),
                complete=complete,
                criteria=positions,
            )
        )
    invalid = [
        _Invalid(
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
    return table, records, invalid


def _stored(criterion: Criterion) -> _Criterion:
    """The parts of a compiled criterion that `criterion_of` builds it from again."""
    return _Criterion(**{name: getattr(criterion, name) for name in _Criterion.__struct_fields__})


def _trials(table: Sequence[_Criterion], records: Sequence[_Record]) -> Iterator[CheckTrial]:
    criteria = [criterion_of(**msgspec.structs.asdict(c)) for c in table]
    for r in records:
        compiled = Trial(
            id=r.id,
            short_name=r.short_name,
            criteria=None if r.criteria is None else tuple(criteria[i] for i in r.criteria),
            complete=r.complete,
            setting=r.setting or "not reported",
            status=r.status,
            status_as_of=r.status_as_of,
        )
        yield CheckTrial(r.path, r.id, tuple(r.names), compiled)


def _collection(
    table: Sequence[_Criterion],
    records: Sequence[_Record],
    invalid: Sequence[_Invalid],
    source: str,
) -> Collection:
    from trialcmp.collection import Collection, Invalid

    left_out = tuple(
        Invalid(
            i.file,
            tuple(i.names),
            Problem(i.file, line, column, path, message, Severity(severity), code),
        )
        for i in invalid
        for line, column, path, message, severity, code in [i.problem]
    )
    # CheckTrial answers every lookup Collection makes of its trials (id, names(), path)
    trials = cast("tuple[CollectionTrial, ...]", tuple(_trials(table, records)))
    return Collection(trials=trials, source=source, invalid=left_out)


def _read(target: Path, folder: Path, stats: dict[str, tuple[int, int]]) -> _Slice | None:
    from trialcmp.cache import code_digest

    try:
        found = msgspec.json.decode(target.read_bytes(), type=_Slice)
    except (OSError, ValueError, msgspec.DecodeError):
        return None
    fresh = (
        found.format == FORMAT
        and found.code == code_digest()
        and found.cwd == str(Path.cwd())
        and found.folder == str(folder)
        and found.stats == stats
    )
    return found if fresh else None


def _write(target: Path, snapshot: _Slice) -> None:
    """Replace the slice atomically; any failure leaves the old one (or none)."""
    from trialcmp.cache import write_atomically

    write_atomically(target, snapshot, prefix=".check-")


def load_for_check(data_dir: Path | None = None, *, use_cache: bool = True) -> Collection:
    """The collection as `load_collection` gives it, whose trials are `CheckTrial`s: from
    the slice when it is fresh, else loaded (and the slice written) — the same either way."""
    from trialcmp.collection import load_collection
    from trialcmp.resources import default_data_dir

    directory = data_dir or default_data_dir()
    source = display_path(directory) if data_dir else "the trial collection"
    if not use_cache or not directory.is_dir():
        loaded = load_collection(data_dir, use_cache=use_cache)
        return _collection(*_project(loaded), loaded.source)
    folder = directory.resolve()
    target = slice_file(directory)
    try:
        stats = _stats(folder)
    except OSError:
        stats = None
    found = _read(target, folder, stats) if stats is not None else None
    if found is not None:
        return _collection(found.criteria, found.records, found.invalid, source)
    loaded = load_collection(data_dir, use_cache=True)
    table, records, invalid = _project(loaded)
    if stats is not None and stats == _stats(folder):  # nothing changed while loading
        from trialcmp.cache import code_digest

        snapshot = _Slice(
            FORMAT, code_digest(), str(Path.cwd()), str(folder), stats, table, records, invalid
        )
        _write(target, snapshot)
    return _collection(table, records, invalid, loaded.source)
