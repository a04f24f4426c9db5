"""The Safety section: CRS, neurotoxicity, haematologic toxicity, infections, HLH/MAS,
tocilizumab and corticosteroid use, dose-limiting toxicities and deaths."""

from __future__ import annotations

from collections.abc import Callable

from trialcmp.compare.cells import RowOut, nr_cell, proportion_cell
from trialcmp.compare.comparison import Cell
from trialcmp.compare.context import Maker, TrialContext, make_text, report_rows, reported_value
from trialcmp.compare.events import GRADES, events_cell, is_hlh_mas, is_infection
from trialcmp.formatting import missing
from trialcmp.model import GradedEvent, Neurotoxicity, Safety


def safety_rows(ctx: TrialContext) -> list[RowOut]:
    used: set[int] = set()

    def value(*keys: str, make: Maker = proportion_cell) -> Cell:
        return reported_value(ctx, "safety", keys, used, make)

    def haematologic(grade: str) -> Cell:
        return events_cell(ctx, used, "haematologic", lambda _: True, (grade,))

    def other(pick: Callable[[GradedEvent], bool], abbreviate: bool = False) -> Cell:
        grades = tuple(GRADES)
        return events_cell(ctx, used, "other_events", pick, grades, abbreviate=abbreviate)

    rows: list[RowOut] = [
        ("crs_any", "CRS, any grade", value("crs", "any_grade")),
        ("crs_3plus", "CRS, grade ≥3", value("crs", "grade3plus")),
        ("crs_grading", "CRS grading", value("crs", "grading", make=make_text)),
        ("neuro_any", "ICANS / neurotoxicity, any grade", value("neurotoxicity", "any_grade")),
        ("neuro_3plus", "ICANS / neurotoxicity, grade ≥3", value("neurotoxicity", "grade3plus")),
        ("neuro_term", "Neurotoxicity term; grading", _neuro_term_cell(ctx, used)),
        ("haem_3plus", "Haematologic toxicity, grade ≥3", haematologic("grade3plus")),
        ("haem_any", "Haematologic toxicity, any grade", haematologic("any_grade")),
        (
            "haem_grade_nr",
            "Haematologic toxicity, grade not stated",
            haematologic("grade_not_stated"),
        ),
        ("infections", "Infections", other(is_infection)),
        ("hlh_mas", "HLH / MAS", other(is_hlh_mas, abbreviate=True)),
        ("tocilizumab", "Tocilizumab given", value("tocilizumab")),
        ("corticosteroids", "Corticosteroids given", value("corticosteroids")),
        ("dlt", "Dose-limiting toxicities", value("dlt")),
        ("deaths", "Deaths", value("deaths")),
    ]
    return report_rows(ctx, used) + rows


def _neuro_term_cell(ctx: TrialContext, used: set[int]) -> Cell:
    def get(body: Safety) -> Neurotoxicity | None:
        neuro = body.neurotoxicity
        if neuro is None:
            return None
        if missing(neuro.term) is None or missing(neuro.grading) is None:
            return neuro
        return None

    neuro: Neurotoxicity
    neuro, index = ctx.from_reports("safety", get)
    if index is None:
        return nr_cell()
    used.add(index)
    term = neuro.term
    grading = neuro.grading
    term_text = term if term and missing(term) is None else "term NR"
    grading_text = grading if grading and missing(grading) is None else "grading NR"
    block_cites, report_cites = ctx.report_cites("safety", index)
    return Cell(
        f"{term_text}; {grading_text}",
        raw={"term": term, "grading": grading},
        refs=ctx.refs(block_cites, report_cites),
        report=ctx.letter(index),
    )
