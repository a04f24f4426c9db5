"""The trial collection: load it, and find trials by ID or alias."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from trialcmp.errors import DataInvalidError, UnknownTrialError
from trialcmp.problems import Problem, Severity
from trialcmp.resources import default_data_dir

if TYPE_CHECKING:
    from trialcmp import model
    from trialcmp.cache import Document
    from trialcmp.key_order import KeyOrder


class Trial:
    """One validated trial record: its file (as shown to the user) and its typed record
    (`trialcmp.model.Trial`), built once per load or, from the cache, decoded from its JSON
    only when `record` is first read (its `names`, and so its `id`, come from the cache).
    Every command reads `record` (a test that needs a trial builds its record with
    `trialcmp.model.build`)."""

    __slots__ = ("_document", "_names", "_recheck", "_record", "path")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        path: str,
        record: model.Trial | None = None,
        document: Document | None = None,
        *,
        names: Sequence[str] | None = None,
        recheck: Callable[[], model.Trial] | None = None,
    ) -> None:
        if record is None and (document is None or not names):
            raise TypeError("a Trial needs its record (or its cached JSON and names)")
        self.path = path
        self._record = record
        self._document = document
        self._names = list(names) if record is None and names else None
        self._recheck = recheck

    def __repr__(self) -> str:
        return f"Trial(path={self.path!r}, id={self.id!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Trial):
            return NotImplemented
        if self is other:
            return True
        return self.path == other.path and self.record == other.record

    @property
    def record(self) -> model.Trial:
        """The typed record."""
        if self._record is None:  # cached JSON
            self._record = self._decode()
        return self._record

    def _decode(self) -> model.Trial:
        import msgspec

        from trialcmp.cache import decode_record

        assert isinstance(self._document, msgspec.Raw)
        try:
            return decode_record(self._document)
        except msgspec.ValidationError:  # a cache edited by hand: check the file again
            if self._recheck is None:
                raise
            return self._recheck()

    @property
    def document(self) -> Document | None:
        """The document as loaded: its dict when just parsed, its JSON from the cache (not
        decoded), or None for a record built without one. Commands read `record`."""
        return self._document

    @property
    def key_order(self) -> KeyOrder:
        """The order the file wrote its keys in (`show` lays the record out in it); the only
        thing read from the document once the record is built."""
        from trialcmp.key_order import EMPTY, key_order

        document = self._document
        if isinstance(document, dict):
            return key_order(document)
        if document is None:
            return EMPTY
        import msgspec

        return key_order(msgspec.json.decode(document))

    @property
    def id(self) -> str:
        if self._record is None and self._names is not None:
            return self._names[0]
        return self.record.id

    @property
    def label(self) -> str:
        return self.record.label

    def names(self) -> list[str]:
        if self._record is None and self._names is not None:
            return list(self._names)
        return self.record.names()


class Invalid(msgspec.Struct, frozen=True):
    """A trial file left out because it failed validation: the names it claims (its file
    name at least) and its first problem."""

    file: str
    names: tuple[str, ...]
    problem: Problem

    def message(self) -> str:
        return f"{self.problem.location()}: {self.problem.path}: {self.problem.message}"


class Collection(msgspec.Struct, frozen=True):
    """The valid trials of a folder, its name in messages, and the files left out.

    `Collection` and `Invalid` are Structs, not dataclasses: making a dataclass costs ~0.5
    ms of every start."""

    trials: tuple[Trial, ...]
    source: str
    invalid: tuple[Invalid, ...] = ()

    def invalid_named(self, queries: Iterable[str]) -> list[Invalid]:
        """The invalid records that one of `queries` names."""
        wanted = {q.strip().casefold() for q in queries}
        return [i for i in self.invalid if wanted & {n.casefold() for n in i.names}]

    def _refuse_invalid(self, queries: Sequence[str]) -> None:
        named = self.invalid_named(queries)
        if named:
            first = named[0]
            raise DataInvalidError(
                f"trial record {first.file} is invalid: {first.message()}",
                hint=f"run `trialcmp validate {first.file}` for every problem",
            )

    def __iter__(self) -> Iterator[Trial]:
        return iter(self.trials)

    def __len__(self) -> int:
        return len(self.trials)

    def _index(self) -> dict[str, Trial]:
        index: dict[str, Trial] = {}
        for trial in self.trials:
            for name in trial.names():
                index.setdefault(name.casefold(), trial)
        return index

    def get(self, query: str) -> Trial:
        """The trial whose ID, short name or alias is `query` (case-insensitive)."""
        index = self._index()
        found = index.get(query.strip().casefold())
        if found is not None:
            return found
        self._refuse_invalid([query])
        raise UnknownTrialError(
            f"no trial {query!r} in {self.source}",
            hint=_suggest(query, self.trials),
        )

    def select(self, queries: Sequence[str]) -> list[Trial]:
        """Trials for every query, in order; every unknown one is reported together."""
        index = self._index()
        found: list[Trial] = []
        unknown: list[str] = []
        for query in queries:
            trial = index.get(query.strip().casefold())
            if trial is None:
                unknown.append(query)
            elif trial not in found:
                found.append(trial)
        if unknown:
            self._refuse_invalid(unknown)
            hints = [h for h in (_suggest(q, self.trials) for q in unknown) if h]
            listed = ", ".join(repr(q) for q in unknown)
            raise UnknownTrialError(
                f"no trial {listed} in {self.source}", hint="; ".join(hints) or None
            )
        return found


def _suggest(query: str, trials: Iterable[Trial]) -> str:
    names: dict[str, str] = {}
    for trial in trials:
        for name in trial.names():
            names.setdefault(name.casefold(), f"{name} ({trial.id})" if name != trial.id else name)
    close = difflib.get_close_matches(query.casefold(), list(names), n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(names[c] for c in close) + "?"
    return "run `trialcmp list` to see every trial"


def load_collection(data_dir: Path | None = None, *, use_cache: bool = True) -> Collection:
    """The valid trial records of `data_dir`; the invalid ones are listed apart.

    Records come from the cache of validated records when the file is unchanged (see
    `trialcmp.cache`); only new or changed files are parsed and checked. A file with errors
    does not stop the others: it is left out and listed in `Collection.invalid`, and so are
    both files when two claim the same ID or name.
    """
    from trialcmp import collection_entries as loading
    from trialcmp.files import display_path

    directory = data_dir or default_data_dir()
    if not directory.is_dir():
        raise DataInvalidError(
            f"trial collection {display_path(directory)!r} is not a folder",
            hint="pass --data-dir DIR or set TRIALCMP_DATA_DIR",
        )
    shown = loading.scan(directory)
    with loading.no_cycle_collection():
        entries = loading.entries(directory, shown, use_cache=use_cache)
    trials: list[Trial] = []
    invalid: list[Invalid] = []
    for key, entry in entries.items():
        if entry.valid and entry.record is not None:
            trials.append(Trial(shown[key][1], entry.record, entry.document))
        elif entry.valid:  # cached: its record is decoded when first read
            recheck = partial(loading.recheck, directory, shown[key][0], shown[key][1])
            trials.append(
                Trial(shown[key][1], document=entry.document, names=entry.names, recheck=recheck)
            )
        else:
            names = entry.names or (Path(key).stem,)
            first = next(p for p in entry.problems if p.severity is Severity.ERROR)
            invalid.append(Invalid(shown[key][1], names, first))
    trials, clashes = _unique(trials)
    invalid.extend(clashes)
    return Collection(
        trials=tuple(sorted(trials, key=lambda t: t.id)),
        # messages name a folder the user gave, never the installation's own
        source=display_path(directory) if data_dir else "the trial collection",
        invalid=tuple(sorted(invalid, key=lambda i: i.file)),
    )


def _unique(trials: list[Trial]) -> tuple[list[Trial], list[Invalid]]:
    """Trials whose names no other trial claims; every file of a clash is invalid."""
    owners: dict[str, list[Trial]] = {}
    for trial in trials:
        for name in {n.casefold(): n for n in trial.names()}:
            owners.setdefault(name, []).append(trial)
    clashing: dict[str, Invalid] = {}
    for claimants in owners.values():
        if len(claimants) < 2:
            continue
        for trial in claimants:
            if trial.path in clashing:
                continue
            others = [o for o in claimants if o is not trial]
            shared = next(
                n for n in trial.names() if any(n.casefold() in _folded(o) for o in others)
            )
            message = f"name {shared!r} is also claimed by " + ", ".join(
                f"{o.id} ({o.path})" for o in others
            )
            problem = Problem(trial.path, None, None, "$", message, Severity.ERROR, "unique")
            clashing[trial.path] = Invalid(trial.path, tuple(trial.names()), problem)
    kept = [t for t in trials if t.path not in clashing]
    return kept, list(clashing.values())


def _folded(trial: Trial) -> set[str]:
    return {n.casefold() for n in trial.names()}
