"""The trial collection: load it, and find trials by ID or alias."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trialcmp.consistency import names_of
from trialcmp.errors import DataInvalidError, UnknownTrialError
from trialcmp.problems import Problem
from trialcmp.resources import default_data_dir
from trialcmp.yamlio import Document


@dataclass(frozen=True)
class Trial:
    """One validated trial record."""

    doc: Document

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.doc.data
        return data

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def path(self) -> str:
        return self.doc.path

    @property
    def label(self) -> str:
        return str(self.data.get("short_name") or self.id)

    def names(self) -> list[str]:
        return [name for _, name in names_of(self.data)]


@dataclass(frozen=True)
class Collection:
    trials: tuple[Trial, ...]
    source: str

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


def load_collection(data_dir: Path | None = None) -> Collection:
    """Load and check every trial file in `data_dir`; refuse a collection with errors."""
    from trialcmp.validate import check_paths, display_path

    directory = data_dir or default_data_dir()
    if not directory.is_dir():
        raise DataInvalidError(
            f"trial collection {display_path(directory)!r} is not a folder",
            hint="pass --data-dir DIR or set TRIALCMP_DATA_DIR",
        )
    result, docs = check_paths([directory])
    if result.errors:
        raise DataInvalidError(
            _summary(result.errors, display_path(directory)),
            hint=f"run `trialcmp validate {display_path(directory)}` for the full report",
        )
    trials = tuple(
        sorted(
            (Trial(doc) for doc in docs),
            key=lambda t: t.id,
        )
    )
    return Collection(trials=trials, source=display_path(directory))


def _summary(errors: list[Problem], where: str) -> str:
    shown = errors[:5]
    lines = [f"the trial collection in {where} has {len(errors)} error(s):"]
    lines += [f"  {p.location()}: {p.path}: {p.message}" for p in shown]
    if len(errors) > len(shown):
        lines.append(f"  … and {len(errors) - len(shown)} more")
    return "\n".join(lines)
