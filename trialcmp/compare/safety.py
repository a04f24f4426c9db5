"""The Safety section: CRS, neurotoxicity, haematologic toxicity and deaths."""

from __future__ import annotations

from typing import Any

from trialcmp.compare.cells import RowOut, nr_cell, proportion_cell, proportion_text
from trialcmp.compare.comparison import Cell, SourceRef
from trialcmp.compare.context import Maker, TrialContext, make_text, report_rows, reported_value
from trialcmp.estimate import estimate
from trialcmp.formatting import missing


def _events_cell(ctx: TrialContext, grade: str, used: set[int]) -> Cell:
    events, index = ctx.from_reports(
        "safety",
        lambda b: (
            [e for e in b.get("haematologic") or [] if isinstance(e.get(grade), dict)] or None
        ),
    )
    if index is None:
        return nr_cell()
    used.add(index)
    block_cites, report_cites = ctx.report_cites("safety", index)
    lines: list[str] = []
    marks: list[str] = []
    refs: list[SourceRef] = []
    raw: list[dict[str, Any]] = []
    for event in events:
        value = event[grade]
        text, event_marks = proportion_text(value)
        lines.append(f"{event['event']}: {text}")
        marks.extend(event_marks)
        refs.extend(ctx.refs(value.get("cite"), block_cites, report_cites))
        raw.append({"event": event["event"], **estimate(value).raw(value)})
    return Cell(
        "\n".join(lines),
        raw=raw,
        marks=tuple(dict.fromkeys(marks)),
        refs=tuple(dict.fromkeys(refs)),
        report=ctx.letter(index),
    )


def safety_rows(ctx: TrialContext) -> list[RowOut]:
    used: set[int] = set()

    def value(*keys: str, make: Maker = proportion_cell) -> Cell:
        return reported_value(ctx, "safety", keys, used, make)

    rows: list[RowOut] = [
        ("crs_any", "CRS, any grade", value("crs", "any_grade")),
        ("crs_3plus", "CRS, grade ≥3", value("crs", "grade3plus")),
        ("crs_grading", "CRS grading", value("crs", "grading", make=make_text)),
        ("neuro_any", "ICANS / neurotoxicity, any grade", value("neurotoxicity", "any_grade")),
        ("neuro_3plus", "ICANS / neurotoxicity, grade ≥3", value("neurotoxicity", "grade3plus")),
        ("neuro_term", "Neurotoxicity term; grading", _neuro_term_cell(ctx, used)),
        ("haem_3plus", "Haematologic toxicity, grade ≥3", _events_cell(ctx, "grade3plus", used)),
        ("haem_any", "Haematologic toxicity, any grade", _events_cell(ctx, "any_grade", used)),
        ("deaths", "Deaths", value("deaths")),
    ]
    return report_rows(ctx, used) + rows


def _neuro_term_cell(ctx: TrialContext, used: set[int]) -> Cell:
    def get(body: dict[str, Any]) -> Any:
        neuro = body.get("neurotoxicity")
        if not isinstance(neuro, dict):
            return None
        if missing(neuro.get("term")) is None or missing(neuro.get("grading")) is None:
            return neuro
        return None

    neuro, index = ctx.from_reports("safety", get)
    if index is None:
        return nr_cell()
    used.add(index)
    term = neuro.get("term")
    grading = neuro.get("grading")
    term_text = term if term and missing(term) is None else "term NR"
    grading_text = grading if grading and missing(grading) is None else "grading NR"
    block_cites, report_cites = ctx.report_cites("safety", index)
    return Cell(
        f"{term_text}; {grading_text}",
        raw={"term": term, "grading": grading},
        refs=ctx.refs(block_cites, report_cites),
        report=ctx.letter(index),
    )
