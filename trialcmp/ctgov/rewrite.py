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
    """`text` with the changes applied (fields 'registry.KEY', 'design.status[_as_of]')."""
    yaml = round_trip()
    data = yaml.load(text)
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
    return out.getvalue()


def allowed_lines(text: str) -> set[int]:
    """0-based numbers of the lines refresh may change: the registry block, the status lines."""
    yaml = round_trip()
    data = yaml.load(text)
    keys = list(data)
    allowed: set[int] = set()
    lines = text.splitlines()
    start = data.lc.key("registry")[0]
    after = keys.index("registry") + 1
    end = data.lc.key(keys[after])[0] if after < len(keys) else len(lines)
    while end > start + 1 and lines[end - 1].lstrip().startswith("#"):
        end -= 1  # a comment above the next key belongs to it
    allowed.update(range(start, end))
    design = data.get("design")
    if design is not None:
        for key in ("status", "status_as_of"):
            if key in design:
                allowed.add(design.lc.key(key)[0])
    return allowed


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
