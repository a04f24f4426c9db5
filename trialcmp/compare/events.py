"""Graded adverse events as cells: a report's `safety.haematologic` and `safety.other_events`
lists (schema `graded_event`: an event name with any-grade, grade ≥3 and grade-not-stated
shares), one line per event.

A share where every patient counted had the event reads 'all 50' (n == N); a share of a
subset says whose share it is (the value's `population`, e.g. 'patients who survived more
than 3 months'), since 39% of 49 survivors is not 39% of all.

The HLH / MAS row names an event 'full name (HLH)' by the abbreviation its name gives (the
row label spells it out; 'lymphohistiocytosis' alone would not fit a column at 80 columns);
the full name stays in the JSON.

The schema has no kind of event, only its name: infections and HLH/MAS are picked from
`other_events` by the words their names use (see INFECTION and HLH_MAS); an event whose name
does not say what it is (e.g. 'colonitis') is not counted as either.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from trialcmp.compare.cells import proportion_text
from trialcmp.compare.comparison import Cell
from trialcmp.compare.context import Entry, TrialContext
from trialcmp.estimate import estimate
from trialcmp.model import GradedEvent, Proportion, Safety

#: graded_event keys, in the order a line lists them, and how a line names them
GRADES: dict[str, str] = {
    "any_grade": "any grade",
    "grade3plus": "grade ≥3",
    "grade_not_stated": "grade not stated",
}

#: event names that say the event is an infection
INFECTION = re.compile(
    r"infect|bacter(?:a)?emia|sepsis|septic|pneumonia|zoster|cytomegalovirus|\bCMV\b",
    re.IGNORECASE,
)
#: event names that say the event is HLH or MAS (incl. IEC-HS, 'HLH-like')
HLH_MAS = re.compile(
    r"\bHLH\b|\bMAS\b|h(?:a)?emophagocytic|macrophage activation|\bIEC-HS\b", re.IGNORECASE
)


#: 'full name (ABBR)': a name that gives its own abbreviation
NAMED_ABBREVIATION = re.compile(r"^.+\s\(([A-Z][A-Z0-9-]{1,7})\)$")


def is_infection(event: GradedEvent) -> bool:
    return bool(INFECTION.search(event.event)) and not HLH_MAS.search(event.event)


def is_hlh_mas(event: GradedEvent) -> bool:
    return bool(HLH_MAS.search(event.event))


def _graded(event: GradedEvent, grades: tuple[str, ...]) -> list[tuple[str, Proportion]]:
    """The event's stated shares among `grades` (a 'not reported' one is left out)."""
    found = [(g, getattr(event, g)) for g in grades]
    return [(g, value) for g, value in found if isinstance(value, Proportion)]


def short_name(name: str) -> str:
    """'HLH' for 'hemophagocytic lymphohistiocytosis (HLH)': the abbreviation a name gives
    for itself; any other name as it is."""
    found = NAMED_ABBREVIATION.match(name)
    return found.group(1) if found else name


def event_line(
    event: GradedEvent, grades: tuple[str, ...], *, abbreviate: bool = False
) -> tuple[str, list[str]]:
    """'neutropenia: all 50 (95% CI 93–100‡)', or with several grades
    'infection … (patients who …): any grade 39% (19/49; …); grade ≥3 20% (10/49; …)'.

    With `abbreviate` (a row whose label spells the abbreviations out), an event named
    'full name (ABBR)' is named by its abbreviation.
    """
    values = _graded(event, grades)
    populations = {v.population or "" for _, v in values}
    shared = populations.pop() if len(populations) == 1 else ""
    parts: list[str] = []
    marks: list[str] = []
    for grade, value in values:
        text, value_marks = proportion_text(value, all_of=True)
        if len(grades) > 1:
            text = f"{GRADES[grade]} {text}"
        if value.population and not shared:
            text += f", {value.population}"
        parts.append(text)
        marks.extend(value_marks)
    name = short_name(event.event) if abbreviate else event.event
    if shared:
        name += f" ({shared})"
    return f"{name}: {'; '.join(parts)}", marks


def events_cell(
    ctx: TrialContext,
    used: set[int],
    key: str,
    pick: Callable[[GradedEvent], bool],
    grades: tuple[str, ...],
    *,
    abbreviate: bool = False,
) -> Cell:
    """The events of `safety.<key>` that `pick` keeps and that state a share in `grades`,
    from the latest report that has any (`abbreviate`: see `event_line`)."""

    def get(body: Safety) -> list[GradedEvent] | None:
        listed: list[GradedEvent] = getattr(body, key)
        return [e for e in listed if pick(e) and _graded(e, grades)] or None

    def describe(event: GradedEvent) -> Entry:
        line, marks = event_line(event, grades, abbreviate=abbreviate)
        graded = _graded(event, grades)
        raw = []
        for grade, value in graded:
            named = {"grade": grade} if len(grades) > 1 else {}
            raw.append({"event": event.event, **named, **estimate(value).raw(value)})
        return line, marks, [value.cite for _, value in graded], raw

    return ctx.entries_cell("safety", get, used, describe)
