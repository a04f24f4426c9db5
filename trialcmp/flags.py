"""The structured inconsistency flags of a record (`inconsistencies`), checked and reported.

A curator records each contradiction or doubt the sources hold as a flag: what disagrees
with what, and where. `validate` prints every flag as a warning at its line, so none is
visible only in a note's prose; it is an error when a flag's id is used twice or its `path`
does not lead to a value of the record (cited source ids are checked with every citation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from trialcmp.problems import Problem, Severity
from trialcmp.schema import json_path, problem_at
from trialcmp.yamlio import Document

Parts = list[str | int]

#: One step of a JSON path: `.name`, `[0]`, `['name']` or `["name"]`.
_STEP = re.compile(r"""\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]""")

KIND_WORDS = {
    "within_source": "a source contradicts itself",
    "between_sources": "sources disagree",
    "arithmetic": "a figure its own numbers cannot give",
    "implausible": "implausible value kept as stated",
    "stale_status": "stale status",
    "unverified_id": "unverified ID",
}


def parse_path(path: str) -> Parts | None:
    """`$.results[0].efficacy.pr` -> ['results', 0, 'efficacy', 'pr']; None if malformed."""
    if not path.startswith("$"):
        return None
    parts: Parts = []
    at = 1
    while at < len(path):
        step = _STEP.match(path, at)
        if step is None:
            return None
        name, index, single, double = step.groups()
        if index is not None:
            parts.append(int(index))
        else:
            parts.append(next(p for p in (name, single, double) if p is not None))
        at = step.end()
    return parts


def resolve(data: Any, parts: Parts) -> tuple[bool, Parts]:
    """Whether `parts` leads to a value of `data`, and the longest prefix that does."""
    node = data
    for depth, part in enumerate(parts):
        in_list = isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)
        in_mapping = isinstance(part, str) and isinstance(node, dict) and part in node
        if in_list or in_mapping:
            node = node[part]
        else:
            return False, parts[:depth]
    return True, parts


def _statement(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    found = item.get("cite")
    cite: dict[str, Any] = found if isinstance(found, dict) else {}
    where = ", ".join(str(cite[k]) for k in ("source", "where") if cite.get(k))
    return f"{item.get('says')!r} ({where})" if where else repr(item.get("says"))


def flag_message(flag: dict[str, Any]) -> str:
    """One line: the kind, the id, what disagrees, the value concerned, every statement."""
    kind = str(flag.get("kind", ""))
    said = " vs ".join(s for s in map(_statement, flag.get("statements") or []) if s)
    text = f"{KIND_WORDS.get(kind, kind)} [{flag.get('id')}]: {flag.get('what')}"
    if flag.get("path"):
        text += f" (value {flag['path']})"
    if said:
        text += f" — {said}"
    if flag.get("resolution"):
        text += f"; the record follows: {flag['resolution']}"
    return text


def _problem(doc: Document, parts: Parts, message: str, severity: Severity) -> Problem:
    return problem_at(doc, parts, message, "inconsistency", severity)


def check_inconsistency_flags(doc: Document, nodes: list[tuple[Parts, Any]]) -> Iterator[Problem]:
    """Each flag as a warning at its line; a repeated id or a path that leads nowhere is an
    error."""
    flags = doc.data.get("inconsistencies")
    if not isinstance(flags, list):
        return
    seen: set[str] = set()
    for i, flag in enumerate(flags):
        if not isinstance(flag, dict):
            continue
        here: Parts = ["inconsistencies", i]
        fid = str(flag.get("id"))
        if fid in seen:
            yield _problem(
                doc, [*here, "id"], f"inconsistency id {fid!r} is used twice", Severity.ERROR
            )
        seen.add(fid)
        path = flag.get("path")
        if isinstance(path, str):
            parts = parse_path(path)
            if parts is None:
                yield _problem(
                    doc,
                    [*here, "path"],
                    f"{path!r} is not a JSON path like $.results[0].efficacy.pr",
                    Severity.ERROR,
                )
            else:
                found, prefix = resolve(doc.data, parts)
                if not found:
                    yield _problem(
                        doc,
                        [*here, "path"],
                        f"path {path} leads to no value of this record"
                        f" (it stops after {json_path(prefix)})",
                        Severity.ERROR,
                    )
        yield _problem(doc, here, flag_message(flag), Severity.WARNING)
