"""`validate`: schema and consistency checks over files and folders, every problem collected."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from trialcmp.consistency import collection_problems, file_problems
from trialcmp.errors import InputError
from trialcmp.files import discover, display_path
from trialcmp.problems import CheckResult, Problem, Severity
from trialcmp.schema import TRIAL_SCHEMA, Invalid, schema_report
from trialcmp.yamlio import Document, load_document


def load_and_check(path: Path) -> tuple[Document | None, list[Problem]]:
    """Load one trial file and run every per-file check on it."""
    name = display_path(path)
    try:
        doc = load_document(path, display=name)
    except InputError as exc:
        return None, [Problem(name, exc.line, exc.column, "$", exc.detail, Severity.ERROR, "yaml")]
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        kind = {"list": "a list", "str": "a string", "int": "a number", "float": "a number"}.get(
            kind, kind
        )
        return None, [
            Problem(
                name,
                1,
                1,
                "$",
                f"the top level must be a mapping of keys (id, title, ...), found {kind}",
                Severity.ERROR,
                "shape",
            )
        ]
    problems, invalid = schema_report(doc, TRIAL_SCHEMA)
    if not problems:
        problems = file_problems(doc)
    else:  # the consistency checks still run, over the parts the schema accepts
        valid = schema_valid_part(doc.data, invalid)
        if isinstance(valid, dict):
            part = Document(path=doc.path, text=doc.text, data=valid, _root=doc._root)
            problems += file_problems(part, partial=True)
    doc.forget_nodes()  # kept only while this file's problems are located
    return doc, problems


_DROPPED = object()


def schema_valid_part(data: Any, invalid: list[Invalid]) -> Any:
    """A copy of `data` without the values the schema rejects (and without the unknown keys
    of a mapping); None when the whole document is rejected."""
    drop: dict[tuple[str | int, ...], tuple[str, ...] | None] = {}
    for parts, keys in invalid:
        if keys is None:
            drop[tuple(parts)] = None
        elif drop.get(tuple(parts), ()) is not None:
            drop[tuple(parts)] = (*(drop.get(tuple(parts)) or ()), *keys)
    if drop.get(()) is None and () in drop:
        return None

    def prune(value: Any, here: tuple[str | int, ...]) -> Any:
        if here in drop and drop[here] is None:
            return _DROPPED
        unknown = drop.get(here) or ()
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key in unknown:
                    continue
                kept = prune(item, (*here, key))
                if kept is not _DROPPED:
                    out[key] = kept
            return out
        if isinstance(value, list):  # keep the indexes: problems are located by them
            return [
                None if (v := prune(item, (*here, i))) is _DROPPED else v
                for i, item in enumerate(value)
            ]
        return value

    return prune(data, ())


def validate_paths(paths: Iterable[Path]) -> CheckResult:
    """Every schema and consistency problem of the files and folders named."""
    return check_paths(paths)[0]


def check_paths(paths: Iterable[Path]) -> tuple[CheckResult, list[Document]]:
    """Like `validate_paths`, also returning the documents that could be parsed."""
    files, problems = discover(paths)
    result = CheckResult(files=[display_path(f) for f in files])
    result.extend(problems)
    docs: list[Document] = []
    for path in files:
        doc, found = load_and_check(path)
        result.extend(found)
        if doc is not None and isinstance(doc.data, dict):
            docs.append(doc)
    result.extend(collection_problems(docs))
    return result, docs
