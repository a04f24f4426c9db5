"""Split a registry's eligibility text (markdown) into one criterion per top-level item.

The text is parsed with markdown-it-py (CommonMark), not with regular expressions: the
registry's lists mix `*` and `1.` bullets nested 2-4 spaces deep, items run over several
paragraphs, and headings come in many forms ("Inclusion Criteria:", "Key Inclusion
Criteria", "-INCLUSION CRITERIA:", "**Exclusion criteria**", "# Exclusion", full-width
colons, no colon). Sub-items are joined to their parent's text; markdown escapes (`\\>`,
`\\^`, `\\[`) disappear because the parser resolves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from trialcmp.text import clean

Kind = Literal["inclusion", "exclusion"]

#: Characters stripped around a heading's words: bullets, emphasis, colons (ASCII and
#: full-width), dashes and dots.
_HEADING_TRIM = " \t-–—*_#:：.。;；"
#: Words that may come before "inclusion"/"exclusion" in a short heading.
_HEADING_LEAD = {"key", "main", "major", "general", "principal", "patient", "subject"}
#: A heading is short; a longer paragraph ending with a colon may still introduce a
#: section when it names "inclusion criteria" or "exclusion criteria".
_SHORT_HEADING_WORDS = 6
_SENTENCE_HEADING_WORDS = 25
#: How sub-items are marked when joined to their parent's text.
BULLET = "•"


@dataclass(frozen=True)
class Item:
    """One criterion as the registry states it."""

    kind: Kind | None  # None: no heading before it says whether it includes or excludes
    text: str
    number: int  # 1-based position in its section


def unescape(text: str) -> str:
    """Remove CommonMark backslash escapes (`\\>` -> `>`), as a markdown renderer would.

    For fields the registry stores as markdown but that are copied as plain text (titles,
    dose and outcome text): only a backslash before ASCII punctuation is an escape.
    """
    if "\\" not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and _is_ascii_punct(text[i + 1]):
            out.append(text[i + 1])
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _is_ascii_punct(char: str) -> bool:
    return char.isascii() and not char.isalnum() and not char.isspace() and char.isprintable()


def heading_kind(text: str) -> Kind | None:
    """Whether a line of text is an inclusion or exclusion heading, and which."""
    words = " ".join(text.strip(_HEADING_TRIM).split()).casefold().split(" ")
    words = [w.strip(_HEADING_TRIM) for w in words if w.strip(_HEADING_TRIM)]
    if not words:
        return None
    has_inc = any(w.startswith("inclusion") for w in words)
    has_exc = any(w.startswith("exclusion") for w in words)
    if has_inc == has_exc:  # neither, or "inclusion and exclusion criteria"
        return None
    kind: Kind = "inclusion" if has_inc else "exclusion"
    first = next(i for i, w in enumerate(words) if w.startswith(kind))
    ends_with_colon = text.rstrip().rstrip("*_ ").endswith((":", "："))
    names_criteria = first + 1 < len(words) and words[first + 1].startswith("criteri")
    ends_there = first + 1 == len(words)
    if (
        len(words) <= _SHORT_HEADING_WORDS
        and all(w in _HEADING_LEAD for w in words[:first])
        and (names_criteria or ends_there or ends_with_colon)
    ):
        return kind
    if ends_with_colon and names_criteria and len(words) <= _SENTENCE_HEADING_WORDS:
        return kind
    return None


def split_criteria(markdown: str) -> list[Item]:
    """Every top-level item of the eligibility text, with the section it stands in.

    A heading is recognised on a line of its own anywhere at the top level: as a paragraph,
    a markdown heading, a list item whose criteria are nested under it, or a line that
    CommonMark folds into the item before it ("- last item" then "Exclusion Criteria:"
    without a blank line between is one paragraph: a lazy continuation line).
    """
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(MarkdownIt("commonmark").parse(markdown))
    items: list[Item] = []
    state: dict[str, Any] = {"kind": None, "count": 0}

    def add(text: str) -> None:
        text = " ".join(clean(text).split())
        if not text:
            return
        state["count"] += 1
        items.append(Item(state["kind"], text, state["count"]))

    def play(events: list[tuple[str, Any]]) -> None:
        for what, value in events:
            if what == "heading":
                state["kind"], state["count"] = value, 0
            else:
                add(value)

    for block in tree.children:
        if block.type in ("paragraph", "heading"):
            play(_events(block))
        elif block.type in ("bullet_list", "ordered_list"):
            for entry in block.children:
                _list_item(entry, add, play)
        elif block.type != "hr":  # code blocks, quotes, html: a criterion to curate
            add(_block_text(block))
    return items


def _list_item(entry: Any, add: Any, play: Any) -> None:
    children = list(entry.children)
    head = children[0] if children and children[0].type == "paragraph" else None
    events = _events(head) if head is not None else []
    cut = next((i for i, (what, _) in enumerate(events) if what == "heading"), None)
    if cut is None:  # an ordinary item: its text and its sub-items
        add(_item_text(entry))
        return
    # text before the heading is this item; what follows belongs to the new section
    add(" ".join(str(value) for _, value in events[:cut]))
    play(events[cut:])
    for rest in children[1:]:
        if rest.type in ("bullet_list", "ordered_list"):
            for sub in rest.children:
                add(_item_text(sub))
        else:
            add(_block_text(rest))


def _events(block: Any) -> list[tuple[str, Any]]:
    """A paragraph as ("heading", kind) and ("text", str) events, cut at heading lines."""
    if block.type == "heading":
        text = _inline_text(block)
        kind = heading_kind(text)
        return [("heading", kind)] if kind else [("text", text)]
    events: list[tuple[str, Any]] = []
    pending: list[str] = []
    for line in _lines(block):
        kind = heading_kind(line)
        if kind is None:
            pending.append(line)
            continue
        if pending:
            events.append(("text", " ".join(pending)))
            pending = []
        events.append(("heading", kind))
    if pending:
        events.append(("text", " ".join(pending)))
    return events


def _lines(block: Any) -> list[str]:
    """The text of a paragraph, line by line (soft and hard breaks end a line)."""
    lines: list[str] = [""]
    for inline in block.children:
        for node in inline.children:
            if node.type in ("softbreak", "hardbreak"):
                lines.append("")
            else:
                lines[-1] += "".join(_inline_parts([node]))
    return [" ".join(line.split()) for line in lines if line.strip()]


def _item_text(item: Any) -> str:
    """A list item's own text, then each sub-item marked and joined to it."""
    parts: list[str] = []
    for child in item.children:
        if child.type in ("bullet_list", "ordered_list"):
            for sub in child.children:
                marker = f"{sub.info}{sub.markup}" if child.type == "ordered_list" else BULLET
                parts.append(f"{marker} {_item_text(sub)}")
        else:
            parts.append(_block_text(child))
    return " ".join(p for p in parts if p)


def _block_text(block: Any) -> str:
    if block.type in ("paragraph", "heading"):
        return _inline_text(block)
    if block.type in ("bullet_list", "ordered_list", "list_item", "blockquote"):
        return " ".join(_block_text(c) for c in block.children)
    if block.type in ("code_block", "fence", "html_block"):
        return str(block.content)
    return " ".join(_block_text(c) for c in block.children)


def _inline_text(block: Any) -> str:
    out: list[str] = []
    for inline in block.children:
        out.extend(_inline_parts(inline.children))
    return " ".join("".join(out).split())


def _inline_parts(nodes: Any) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if node.type in ("text", "code_inline", "html_inline"):
            out.append(node.content)
        elif node.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif node.type == "image":
            out.extend(_inline_parts(node.children))
        else:  # em, strong, link: their text
            out.extend(_inline_parts(node.children))
    return out
