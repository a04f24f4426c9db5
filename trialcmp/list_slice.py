"""What `list` reads of the trial collection, cached apart from the whole records.

A warm `list` (without `--sort` or `--columns`, which read any field of the records) reads
this slice of the collection (`trialcmp.collection_slice`: when it is used, when it is
rebuilt) instead of decoding every record. Per valid record: its `listing.Listed` facts,
what its row shows and its filters read except the status's age, which depends on the
reference date and is computed when the row is (from the status's date, kept as the
record gives it). Per record left out: its names and its problem, as `load_collection`
reported them (`list` warns about each).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialcmp import collection_slice
from trialcmp.collection_slice import Slice
from trialcmp.listing import Listed, listed

if TYPE_CHECKING:
    from trialcmp.collection import Collection, Invalid

FORMAT = 1


class _Slice(Slice, frozen=True):
    records: list[Listed]


class ListCollection:
    """The collection as `list` reads it: the facts of its valid records (in the
    collection's order), and the records left out with the collection's lookup of them."""

    def __init__(self, records: list[Listed], source: str, invalid: tuple[Invalid, ...]) -> None:
        from trialcmp.collection import Collection

        self.records = records
        self.source = source
        self._left_out = Collection((), source, invalid)

    @property
    def invalid(self) -> tuple[Invalid, ...]:
        return self._left_out.invalid

    def invalid_named(self, queries: Iterable[str]) -> list[Invalid]:
        return self._left_out.invalid_named(queries)

    def __iter__(self) -> Iterator[Listed]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)


def _project(collection: Collection) -> dict[str, Any]:
    return {"records": [listed(trial) for trial in collection]}


def load_for_list(data_dir: Path | None = None, *, use_cache: bool = True) -> ListCollection:
    """The facts of every valid record and the records left out: from the slice when it
    is fresh, else loaded (and the slice written) — the same either way."""
    found, source = collection_slice.load(
        data_dir, use_cache=use_cache, kind=_Slice, name="list", format=FORMAT, project=_project
    )
    return ListCollection(found.records, source, collection_slice.invalid_of(found.invalid))
