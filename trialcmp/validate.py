"""`validate`: schema and consistency checks over files and folders, every problem collected."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from trialcmp.consistency import collection_problems, file_problems
from trialcmp.errors import InputError
from trialcmp.files import discover, display_path
from trialcmp.problems import CheckResult, Problem, Severity
from trialcmp.schema import TRIAL_SCHEMA, schema_problems
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
    problems = schema_problems(doc, TRIAL_SCHEMA) or file_problems(doc)
    doc.forget_nodes()  # kept only while this file's problems are located
    return doc, problems


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
