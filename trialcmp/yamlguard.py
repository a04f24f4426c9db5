"""What the YAML loader refuses, and the loader that refuses it.

A data file is bounded before and while it is parsed: its size (`MAX_FILE_BYTES`), its
nesting (`MAX_DEPTH`, checked on the event stream before libyaml's recursive composer can
exhaust the C stack), its expansion through aliases and merge keys (`MAX_EXPANDED_NODES`,
"billion laughs"), the length of a whole number, a key stated twice in one mapping, and a
scalar PyYAML cannot build. `Loader` is PyYAML's safe loader (the C one when available) with
dates kept as strings and these refusals raised as `Refused`, located at the node;
`trialcmp.yamlio` turns them into located input errors.
"""

from __future__ import annotations

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


def error_at(message: str, name: str, mark: Any) -> InputError:
    """The error `message` in file `name` at a PyYAML mark (lines and columns counted from
    0 there, from 1 here); without a mark, the file alone."""
    return InputError(
        message,
        file=name,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


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


def check_duplicate_keys(root: yaml.Node) -> None:
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


def check_depth(text: str, name: str) -> None:
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
                    raise error_at(f"nesting is deeper than {MAX_DEPTH} levels", name, mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        # PyYAML >= 6.0.3 has a nesting limit of its own, met while scanning ahead.
        if "nesting depth" in str(exc):
            mark = getattr(exc, "problem_mark", None)
            raise error_at(f"nesting is deeper than {MAX_DEPTH} levels", name, mark) from None
        return  # reported, with its location, by the real parse (which stops there)


def check_shape(data: Any, name: str, *, aliased: bool) -> None:
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
