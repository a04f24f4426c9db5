"""A record's sources: the numbered list at the end of `show`, and the cites that point
into it ("source: [1] Table 2 “…”")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from trialcmp.model import Cite, Source

SOURCE_KINDS = {
    "paper": "paper",
    "abstract": "abstract",
    "registry": "registry record",
    "secondary_report": "secondary report",
    "curation_note": "curation note",
    "press_release": "press release",
    "news": "news",
    "article_summary": "third-party summary of a paper",
    "review": "review",
}


class Cites:
    def __init__(self, sources: Sequence[Source]) -> None:
        self.number = {s.id: i + 1 for i, s in enumerate(sources)}

    def text(self, cites: Sequence[Cite]) -> Text:
        out = Text("source: ", style="dim")
        for i, c in enumerate(cites):
            if i:
                out.append("; ", style="dim")
            out.append(f"[{self.number.get(c.source, '?')}] ", style="cyan")
            out.append(c.where, style="dim")
            if c.quote:
                out.append(f" “{c.quote}”", style="dim italic")
        return out


def source_lines(number: int, src: Source) -> list[Text]:
    """A numbered source with its kind, address, page date and reliability marks."""
    line = Text(f"[{number}] ", style="cyan")
    line.append(src.citation)
    line.append(f" ({SOURCE_KINDS.get(src.kind, src.kind)}")
    if src.page_date:
        line.append(f"; page date {src.page_date}")
    for key, address in (("doi", src.doi), ("url", src.url)):
        if address:
            line.append(f"; {key} {address}")
    if src.sheet_ref:  # the label in the fact sheet (internal file names stay out)
        line.append(f"; fact sheet {src.sheet_ref}")
    line.append(")")
    if src.note:
        line.append(f" — {src.note}", style="dim")
    out = [line]
    if src.secondary is True:
        out.append(
            Text("    secondary: the page reports someone else's data second-hand", "yellow")
        )
    if src.doubtful:
        out.append(Text(f"    doubtful: {src.doubtful}", "yellow"))
    return out
