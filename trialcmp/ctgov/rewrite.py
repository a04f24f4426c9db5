"""Update a trial file's `registry` block and dated status in place (ruamel.yaml round trip).

ruamel.yaml is configured to re-emit the collection's files as they are (no reflow: a
very wide line width, quotes preserved, the house indentation), and every rewrite is
checked before it is written: the data must equal the old data with exactly the intended
changes, every line outside the registry block and the two status lines must be
byte-identical, and the file must still validate. Otherwise nothing is written.
"""

from __future__ import annotations

import difflib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trialcmp.errors import TrialcmpError

#: No line of a trial file is longer than this; ruamel.yaml must not fold any.
NO_WRAP = 1_000_000


def round_trip() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = NO_WRAP
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def rewritten(text: str, changes: Sequence[Any], *, read_on: str | None) -> str:
    """`text` with the changes applied (fields 'registry.KEY', 'design.status[_as_of]').

    ruamel.yaml re-emits the whole document, but only its registry block and status lines
    are taken: they are spliced into the original text, so every other line stays as it
    was even where ruamel.yaml would write it differently.
    """
    yaml = round_trip()
    data = yaml.load(text)
    if not isinstance(data.get("registry"), dict):
        raise TrialcmpError("the record's `registry` is not a block (name: ..., url: ...)")
    for change in changes:
        section, key = change.field.split(".", 1)
        if section not in ("registry", "design"):
            raise ValueError(f"refresh never writes {change.field}")
        block = data[section]
        if change.new is None:
            block.pop(key, None)
        else:
            block[key] = change.new
    if read_on is not None:
        data["registry"]["read_on"] = read_on
    out = io.StringIO()
    yaml.dump(data, out)
    full = out.getvalue()
    if full == text:
        return text
    return _splice(text, full, status=any(c.field.startswith("design.") for c in changes))


def _splice(old: str, full: str, *, status: bool) -> str:
    old_lines = old.splitlines(keepends=True)
    new_lines = full.splitlines(keepends=True)
    (old_start, old_end), old_status = _regions(old)
    (new_start, new_end), new_status = _regions(full)
    # ruamel.yaml keeps a blank line that followed a comment inside the block: drop it
    block = [line for line in new_lines[new_start:new_end] if line.strip()]
    edits: list[tuple[int, int, list[str]]] = [(old_start, old_end, block)]
    for key in ("status", "status_as_of") if status else ():
        if key in new_status and key in old_status:
            line = old_status[key]
            edits.append((line, line + 1, [new_lines[new_status[key]]]))
        elif key in new_status and "status" in old_status:  # status_as_of added
            line = old_status["status"] + 1
            edits.append((line, line, [new_lines[new_status[key]]]))
    for start, end, lines in sorted(edits, key=lambda e: e[0], reverse=True):
        old_lines[start:end] = lines
    return "".join(old_lines)


def _regions(text: str) -> tuple[tuple[int, int], dict[str, int]]:
    """The registry block's lines [start, end) and the design status lines (0-based).

    Located with PyYAML's (C) composer: only line numbers are needed, not a round trip.
    """
    import yaml

    from trialcmp.yamlio import Loader

    root = yaml.compose(text, Loader=Loader)
    if not isinstance(root, yaml.MappingNode):
        raise TrialcmpError("the record is not a mapping of keys")
    pairs = [(k.value, k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)]
    keys = [name for name, _, _ in pairs]
    if "registry" not in keys:
        raise TrialcmpError("the record has no `registry` block")
    lines = text.splitlines()
    here = keys.index("registry")
    start = pairs[here][1].start_mark.line
    end = pairs[here + 1][1].start_mark.line if here + 1 < len(pairs) else len(lines)
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip()[:1] == "#"):
        end -= 1  # blank lines and a comment above the next key belong to it
    status: dict[str, int] = {}
    design = next((v for name, _, v in pairs if name == "design"), None)
    if isinstance(design, yaml.MappingNode):
        for knode, _ in design.value:
            if isinstance(knode, yaml.ScalarNode) and knode.value in ("status", "status_as_of"):
                status[knode.value] = knode.start_mark.line
    return (start, end), status


def allowed_lines(text: str) -> set[int]:
    """0-based numbers of the lines refresh may change: the registry block, the status lines."""
    (start, end), status = _regions(text)
    return set(range(start, end)) | set(status.values())


def check_only_allowed(old: str, new: str) -> None:
    allowed = allowed_lines(old)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        touched = set(range(i1, i2)) if i2 > i1 else {max(i1 - 1, 0)}
        if not touched <= allowed:
            line = min(touched - allowed) + 1
            raise TrialcmpError(
                f"rewriting would change line {line}, outside the registry block and the"
                " status lines; update the file by hand"
            )


def rewrite_file(path: str, changes: Sequence[Any], *, read_on: str) -> None:
    """Apply the changes to the file at `path`, after every check; atomically."""
    from trialcmp.ctgov.importer import write_atomically
    from trialcmp.yamlio import parse, read_text

    file = Path(path)
    old = read_text(file, display=path)
    new = rewritten(old, changes, read_on=read_on)
    expected = parse(old, path)
    for change in changes:
        section, key = change.field.split(".", 1)
        if change.new is None:
            expected[section].pop(key, None)
        else:
            expected[section][key] = change.new
    expected["registry"]["read_on"] = read_on
    if parse(new, path) != expected:
        raise TrialcmpError("the rewritten file would not hold the same data; not written")
    check_only_allowed(old, new)
    _validate(path, new)
    write_atomically(file, new, force=True)


def _validate(path: str, text: str) -> None:
    from trialcmp.consistency import file_problems
    from trialcmp.problems import Severity
    from trialcmp.schema import TRIAL_SCHEMA, schema_problems
    from trialcmp.yamlio import Document, parse

    doc = Document(path=path, text=text, data=parse(text, path))
    problems = schema_problems(doc, TRIAL_SCHEMA) or file_problems(doc)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise TrialcmpError(
            f"the rewritten file would not validate ({first.path}: {first.message})"
        )
