"""Load YAML predictably: safe, C-accelerated when available, dates kept as strings,
bounded in size, depth and alias expansion, and every failure located at file:line:col.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trialcmp.errors import InputError

#: The size limit for one data file (trial record or patient profile): 1 MiB, 1,048,576
#: bytes. Real records are 6-60 KB; a larger file is refused from its size, unparsed.
MAX_FILE_BYTES = 1024 * 1024
#: Aliases may not expand a document beyond this many values ("billion laughs").
MAX_EXPANDED_NODES = 100_000
#: Deeper nesting than this is refused (real records nest about ten levels).
MAX_DEPTH = 60
#: A whole number written with more characters than this is refused: no trial or patient
#: value comes close, and Python cannot even print integers of more than 4,300 digits.
MAX_INTEGER_CHARS = 100
#: libyaml builds the node tree recursively in C and exhausts the C stack (a segfault, not
#: an exception) at some 20,000-40,000 levels. Nesting can only be that deep when the text
#: has that many collection indicators (`[ { - ? :`), so below this count the exact
#: depth scan is skipped; the largest real record has about 2,000.
_DEPTH_SCAN_ABOVE = 4_000

_Base: type[yaml.SafeLoader]
try:  # the C loader is several times faster; fall back to pure Python where libyaml is absent
    _Base = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class Refused(yaml.MarkedYAMLError):
    """A value the loader refuses to build (too large, unreadable), located at its node."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


class Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader that does not turn `2022-06-30` into a date object, bounds merge-key
    (`<<`) expansion and refuses unreadable or absurdly long scalars with their location."""

    _merged = 0

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # Merge keys copy node lists: `a2: &a2 {<<: [*a1, *a1]}` doubles at every level, a
        # "billion laughs" that is paid here, before the data exists, so it is counted here.
        super().flatten_mapping(node)
        self._merged += len(node.value)
        if self._merged > MAX_EXPANDED_NODES:
            raise Refused(
                f"document expands to more than {MAX_EXPANDED_NODES:,} values"
                " through merge keys (<<)",
                node.start_mark,
            )


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def _guarded(tag: str, construct: Any) -> Any:
    """A scalar constructor that turns the errors PyYAML lets escape (`!!int abc` is a
    ValueError, `!!bool maybe` a KeyError, ...) into a located `Refused`."""
    kind = tag.rsplit(":", 1)[-1]

    def build(loader: Any, node: yaml.ScalarNode) -> Any:
        text = str(node.value)
        if kind == "int" and len(text) > MAX_INTEGER_CHARS:
            raise Refused(
                f"a whole number of {len(text):,} characters is too large"
                f" (the limit is {MAX_INTEGER_CHARS} characters)",
                node.start_mark,
            )
        try:
            return construct(loader, node)
        except yaml.YAMLError:
            raise
        except Exception:  # ValueError, KeyError, IndexError (`!!int` alone), ...
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise Refused(f"{shown!r} is not a valid {kind}", node.start_mark) from None

    return build


for _tag in ("int", "float", "bool", "timestamp", "binary"):
    _full = f"tag:yaml.org,2002:{_tag}"
    Loader.add_constructor(_full, _guarded(_full, _Base.yaml_constructors[_full]))


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
    _check_depth(text, name)
    loader = Loader(text)  # a SafeLoader subclass
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_duplicate_keys(root)
        data = None if root is None else loader.construct_document(root)
    except Refused as exc:
        mark = exc.problem_mark
        raise InputError(
            exc.problem or "value refused",
            file=name,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = _syntax_mark(exc)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if "maximum nesting depth" in message:  # PyYAML >= 6.0.3 limits nesting itself
            message = f"nesting is deeper than {MAX_DEPTH} levels"
            raise InputError(
                message,
                file=name,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            ) from None
        noticed = exc.problem_mark
        if mark is not noticed and noticed is not None and mark is not None:
            message += f" (noticed at line {noticed.line + 1}, column {noticed.column + 1})"
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
    _check_shape(data, name, aliased="&" in text)
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


def _check_duplicate_keys(root: yaml.Node) -> None:
    """Refuse a mapping that states the same key twice, anywhere in the document.

    YAML says keys are unique; PyYAML silently keeps the last value, so `age: 80` followed
    by `age: 68` would be read as 68. Merge keys (`<<`) are overrides by design and are not
    counted. Each node is visited once, so aliases cannot make this expensive.
    """
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], yaml.Node] = {}
            for knode, vnode in node.value:
                stack.append(vnode)
                if not isinstance(knode, yaml.ScalarNode):
                    stack.append(knode)
                    continue
                if knode.tag == "tag:yaml.org,2002:merge":
                    continue
                key = (knode.tag, knode.value)
                if key in first:
                    before = first[key].start_mark
                    shown = knode.value if len(knode.value) <= 40 else knode.value[:40] + "…"
                    raise Refused(
                        f"duplicate key {shown!r}: first at line {before.line + 1},"
                        f" again at line {knode.start_mark.line + 1}"
                        " (a key may appear only once in a mapping)",
                        knode.start_mark,
                    )
                first[key] = knode
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index`."""
    before = text[: max(0, index)]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _check_depth(text: str, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before libyaml's recursive composer sees it.

    The event stream is produced without recursion, so scanning it is safe at any depth;
    it is only needed when the text could nest deeply at all (see _DEPTH_SCAN_ABOVE).
    """
    if sum(text.count(c) for c in "[{-?:") <= _DEPTH_SCAN_ABOVE:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise InputError(
                        f"nesting is deeper than {MAX_DEPTH} levels",
                        file=name,
                        line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        # PyYAML >= 6.0.3 has a nesting limit of its own, met while scanning ahead.
        if "nesting depth" in str(exc):
            mark = getattr(exc, "problem_mark", None)
            raise InputError(
                f"nesting is deeper than {MAX_DEPTH} levels",
                file=name,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            ) from None
        return  # reported, with its location, by the real parse (which stops there)


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
    data, root = _parse(text, name)
    # The node tree is kept so that problems are located without parsing again; drop it
    # (`forget_nodes`) once the document is checked: it is several times the data's size.
    return Document(path=name, text=text, data=data, _root=root)
