"""A record's eligibility criteria as `show` lists them: kind and ID, the text, the rule in
one line, what the investigators must confirm, the cites."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from trialcmp.eligibility.text import rule_text
from trialcmp.eligibility.tree import parse
from trialcmp.render.outline import Indented
from trialcmp.render.record_sources import Cites


def eligibility_lines(block: dict[str, Any], cites: Cites) -> list[RenderableType]:
    """The criteria as a flat list: kind and ID, the text, the rule, what to confirm."""
    out: list[RenderableType] = []
    complete = block.get("complete")
    status = "complete" if complete is True else "partial: only some criteria are curated"
    out.append(Indented(Text(f"Curated criteria: {status}.", style="dim"), 0, 2))
    if block.get("note"):
        out.append(Indented(Text(block["note"], style="dim"), 0, 2))
    for criterion in block.get("criteria") or []:
        head = Text("• ")
        head.append(f"{criterion.get('kind', '')} ", style="dim")
        head.append(criterion.get("id", ""), style="bold")
        head.append(": " + criterion.get("text", ""))
        if criterion.get("restated"):
            head.append(" (restated)", style="dim")
        out.append(Indented(head, 0, 2))
        for label, value in (
            ("applies when", criterion.get("applies_when")),
            ("rule", criterion.get("rule")),
        ):
            if value is not None:
                out.append(Indented(Text(f"{label}: {rule_text(parse(value))}"), 2, 4))
        for label in ("manual", "note"):
            if criterion.get(label):
                name = "investigators" if label == "manual" else label
                out.append(Indented(Text(f"{name}: {criterion[label]}", style="dim"), 2, 4))
        if criterion.get("cite"):
            out.append(Indented(cites.text(criterion["cite"]), 2, 4))
    return out
