"""Load YAML predictably: safe, C-accelerated when available, dates kept as strings,
bounded in size, depth and alias expansion (see `trialcmp.yamlguard`), and every failure
located at file:line:col; a `Document` locates each value of the data it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trialcmp.errors import InputError
from trialcmp.yamlguard import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Loader,
    Refused,
    check_depth,
    check_duplicate_keys,
    check_shape,
    error_at,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Document",
    "Loader",
    "decode",
    "load_document",
    "parse",
    "read_text",
]


@dataclass
class Document:
    """A parsed YAML file: its data, its text, and (lazily) where each value stands."""

    path: str
    text: str
    data: Any
    _root: yaml.Node | None = field(default=None, repr=False)

    def forget_nodes(self) -> None:
        """Free the node tree; `locate` parses the text again if it is needed later."""
        self._root = None

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
    try:  # never read more than the limit: devices and pipes report no size
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if len(raw) > limit:
        raise InputError(
            f"file has more than {limit:,} bytes; the limit for one file is {limit:,} bytes",
            file=name,
        )
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
    return _parse(text, name)[0]


def _parse(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree it was built from (kept to locate problems)."""
    check_depth(text, name)
    loader = Loader(text)  # a SafeLoader subclass
    try:
        root = loader.get_single_node()
        if root is not None:
            check_duplicate_keys(root)
        data = None if root is None else loader.construct_document(root)
    except Refused as exc:
        mark = exc.problem_mark
        raise error_at(exc.problem or "value refused", name, mark) from None
    except yaml.MarkedYAMLError as exc:
        mark = _syntax_mark(exc)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if "maximum nesting depth" in message:  # PyYAML >= 6.0.3 limits nesting itself
            message = f"nesting is deeper than {MAX_DEPTH} levels"
            raise error_at(message, name, mark) from None
        noticed = exc.problem_mark
        if mark is not noticed and noticed is not None and mark is not None:
            message += f" (noticed at line {noticed.line + 1}, column {noticed.column + 1})"
        if "could not determine a constructor" in message:
            message = (
                f"{exc.problem or message}: tags that create objects are not allowed"
                if exc.problem
                else message
            )
        raise error_at(f"YAML syntax error: {message}", name, mark) from None
    except yaml.reader.ReaderError as exc:  # e.g. a control character
        line, column = _position(text, exc.position)
        char = exc.character
        code = ord(char) if isinstance(char, str) and len(char) == 1 else char
        what = f" U+{code:04X}" if isinstance(code, int) else ""
        raise InputError(
            f"YAML error: unacceptable character{what}: {exc.reason}",
            file=name,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file=name) from None
    except RecursionError:
        raise InputError(f"nesting is deeper than {MAX_DEPTH} levels", file=name) from None
    finally:
        loader.dispose()
    check_shape(data, name, aliased="&" in text)
    return data, root


#: Contexts in which libyaml notices a mistake only on a later line: the mistake is where
#: the context began (a key without its ':', an unclosed quote, bracket or brace).
_STARTED_AT_CONTEXT = (
    "while scanning a simple key",
    "while scanning a quoted scalar",
    "while parsing a flow",
    "while scanning a block scalar",
)


def _syntax_mark(exc: yaml.MarkedYAMLError) -> Any:
    """Where a syntax error is: the start of its context when libyaml notices the mistake
    only later (typically on the next line), else where it noticed it."""
    context = exc.context or ""
    if exc.context_mark is not None and context.startswith(_STARTED_AT_CONTEXT):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index`."""
    before = text[: max(0, index)]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def load_document(path: Path, *, display: str | None = None) -> Document:
    """Read and parse one YAML file into a Document."""
    name = display or str(path)
    text = read_text(path, display=name)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError("file is empty", file=name, line=1, column=1)
    data, root = _parse(text, name)
    # The node tree is kept so that problems are located without parsing again; drop it
    # (`forget_nodes`) once the document is checked: it is several times the data's size.
    return Document(path=name, text=text, data=data, _root=root)
