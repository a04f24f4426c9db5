"""What `check` reads of the trial collection, cached apart from the whole records.

A warm `check` must not decode whole records: it reads this slice of the collection
(`trialcmp.collection_slice`: when it is used, when it is rebuilt) instead. Per valid
record: its ID, names (for `--trial`), short name, setting, status and its date, whether
its curated criteria are complete, and its criteria as indices into one table of the
distinct criteria of the collection, each with its rules already parsed
(`trialcmp.eligibility.tree` nodes). Per record left out: its names and its problem, as
`load_collection` reported them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec

from trialcmp import collection_slice
from trialcmp.collection_slice import Slice, StoredInvalid, invalid_of
from trialcmp.eligibility.compiled import Criteria, Criterion, Trial, criterion_of
from trialcmp.eligibility.tree import Node

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


class _Slice(Slice, frozen=True):
    criteria: list[_Criterion]
    records: list[_Record]


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
    return collection_slice.slice_file(folder, "check")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _project(collection: Collection) -> dict[str, Any]:
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
    return {"criteria": table, "records": records}


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
    invalid: list[StoredInvalid],
    source: str,
) -> Collection:
    from trialcmp.collection import Collection

    # CheckTrial answers every lookup Collection makes of its trials (id, names(), path)
    trials = cast("tuple[CollectionTrial, ...]", tuple(_trials(table, records)))
    return Collection(trials=trials, source=source, invalid=invalid_of(invalid))


def load_for_check(data_dir: Path | None = None, *, use_cache: bool = True) -> Collection:
    """The collection as `load_collection` gives it, whose trials are `CheckTrial`s: from
    the slice when it is fresh, else loaded (and the slice written) — the same either way."""
    found, source = collection_slice.load(
        data_dir, use_cache=use_cache, kind=_Slice, name="check", format=FORMAT, project=_project
    )
    return _collection(found.criteria, found.records, found.invalid, source)
