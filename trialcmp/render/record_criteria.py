"""A record's eligibility criteria as `show` lists them: kind and ID, the text, the rule in
one line, what the investigators must confirm, the cites (the block's own first: where the
criteria were read)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from trialcmp.eligibility.text import rule_text
from trialcmp.eligibility.tree import parse
from trialcmp.render.outline import Indented
from trialcmp.render.record_sources import Cites

if TYPE_CHECKING:
    from trialcmp.model import Eligibility


def eligibility_lines(block: Eligibility, cites: Cites) -> list[RenderableType]:
    """The criteria as a flat list: kind and ID, the text, the rule, what to confirm."""
    out: list[RenderableType] = []
    status = "complete" if block.complete is True else "partial: only some criteria are curated"
    out.append(Indented(Text(f"Curated criteria: {status}.", style="dim"), 0, 2))
    if block.note:
        out.append(Indented(Text(block.note, style="dim"), 0, 2))
    if block.cite:  # where the criteria were read
        out.append(Indented(cites.text(block.cite), 0, 2))
    for criterion in block.criteria:
        head = Text("• ")
        head.append(f"{criterion.kind} ", style="dim")
        head.append(criterion.id, style="bold")
        head.append(": " + criterion.text)
        if criterion.restated:
            head.append(" (restated)", style="dim")
        out.append(Indented(head, 0, 2))
        for label, rule in (("applies when", criterion.applies_when), ("rule", criterion.rule)):
            if rule is not None:  # its text only: not read against the profile fields
                text = rule_text(parse(rule, checked=False))
                out.append(Indented(Text(f"{label}: {text}"), 2, 4))
        for name, value in (("investigators", criterion.manual), ("note", criterion.note)):
            if value:
                out.append(Indented(Text(f"{name}: {value}", style="dim"), 2, 4))
        if criterion.cite:
            out.append(Indented(cites.text(criterion.cite), 2, 4))
    return out
