"""Load YAML predictably: safe, C-accelerated when available, dates kept as strings,
bounded in size, depth and alias expansion, and every failure located at file:line:col.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trialcmp.errors import InputError

#: A trial record is a few kilobytes; anything over this is refused before parsing.
MAX_FILE_BYTES = 1024 * 1024
#: Aliases may not expand a document beyond this many values ("billion laughs").
MAX_EXPANDED_NODES = 100_000
#: Deeper nesting than this is refused (real records nest about ten levels).
MAX_DEPTH = 60

_Base: type[yaml.SafeLoader]
try:  # the C loader is several times faster; fall back to pure Python where libyaml is absent
    _Base = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader that does not turn `2022-06-30` into a date object."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A parsed YAML file: its data, its text, and (lazily) where each value stands."""

    path: str
    text: str
    data: Any
    _root: yaml.Node | None = field(default=None, repr=False)

    def locate(self, parts: Sequence[str | int]) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at `parts`, or of its nearest ancestor."""
        if self._root is None:
            try:
                self._root = yaml.compose(self.text, Loader=Loader)
            except (yaml.YAMLError, RecursionError):
                return None, None
        node = self._root
        if node is None:
            return 1, 1
        for part in parts:
            child = _child(node, part)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def locate_key(self, parts: Sequence[str | int], key: str) -> tuple[int | None, int | None]:
        """Line and column of the key `key` in the mapping at `parts`."""
        line, col = self.locate(parts)
        node = self._root
        for part in parts:
            node = _child(node, part) if node is not None else None
        if isinstance(node, yaml.MappingNode):
            for knode, _ in node.value:
                if isinstance(knode, yaml.ScalarNode) and knode.value == key:
                    return knode.start_mark.line + 1, knode.start_mark.column + 1
        return line, col


def _child(node: yaml.Node | None, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            if isinstance(knode, yaml.ScalarNode) and knode.value == str(part):
                found: yaml.Node = vnode
                return found
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        if 0 <= part < len(node.value):
            item: yaml.Node = node.value[part]
            return item
    return None


def read_text(path: Path, *, display: str | None = None, limit: int = MAX_FILE_BYTES) -> str:
    """Read a file as UTF-8, refusing huge files and locating undecodable bytes."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if path.is_dir():
        raise InputError("is a directory, not a file", file=name)
    if size > limit:
        raise InputError(
            f"file is {size:,} bytes; the limit for one file is {limit:,} bytes",
            file=name,
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            file=name,
            line=line,
            column=column,
        ) from None
    return text.removeprefix("\ufeff")


def parse(text: str, name: str) -> Any:
    """Parse one YAML document safely; raise InputError with file:line:col on failure."""
    try:
        data = yaml.load(text, Loader=Loader)  # Loader is a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if "could not determine a constructor" in message:
            message = (
                f"{exc.problem or message}: tags that create objects are not allowed"
                if exc.problem
                else message
            )
        raise InputError(
            f"YAML syntax error: {message}",
            file=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file=name) from None
    except RecursionError:
        raise InputError(f"nesting is deeper than {MAX_DEPTH} levels", file=name) from None
    _check_shape(data, name, aliased="&" in text)
    return data


def _check_shape(data: Any, name: str, *, aliased: bool) -> None:
    """Refuse documents nested too deeply or that aliases blow up beyond the node budget."""
    # Iterative walk; `seen` counts the expanded size of shared (aliased) containers once
    # per reference, which is exactly what any consumer walking the data would pay.
    budget = MAX_EXPANDED_NODES
    stack: list[tuple[Any, int]] = [(data, 1)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise InputError(f"nesting is deeper than {MAX_DEPTH} levels", file=name)
        if count > budget:
            raise InputError(
                f"document expands to more than {budget:,} values"
                + (" through aliases" if aliased else ""),
                file=name,
            )
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def load_document(path: Path, *, display: str | None = None) -> Document:
    """Read and parse one YAML file into a Document."""
    name = display or str(path)
    text = read_text(path, display=name)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError("file is empty", file=name, line=1, column=1)
    data = parse(text, name)
    return Document(path=name, text=text, data=data)


def is_finite_number(value: object) -> bool:
    return not isinstance(value, float) or math.isfinite(value)
