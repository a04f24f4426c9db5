"""`show`'s tree walker (`render.record_tree.add_fact`) on typed model values: value objects
read as one line by their model type, absent fields are not shown, a reported zero is 0
and "not reported" is itself, fields come in the model's order (cite last)."""

from __future__ import annotations

from trialcmp.model import (
    Cite,
    Design,
    DoseLevel,
    HazardRatio,
    LdDays,
    LdDrug,
    Proportion,
    Source,
    TimeToEvent,
)
from trialcmp.render.outline import Outline
from trialcmp.render.record_sources import Cites
from trialcmp.render.record_tree import add_fact

CITES = Cites([Source(id="s1", kind="paper", citation="A paper")])
CITE = [Cite(source="s1", where="Table 2", quote="12 of 16")]


def _lines(key: str, value: object) -> list[str]:
    tree = Outline()
    add_fact(tree, key, value, CITES)
    out: list[str] = []

    def walk(node: Outline, depth: int) -> None:
        for child in node.children:
            out.append("  " * depth + child.label.plain)
            walk(child, depth + 1)

    walk(tree, 0)
    return out


def test_a_proportion_is_one_line_with_what_it_does_not_say_below() -> None:
    orr = Proportion(n=12, N=16, pct=75, ci95=[48, 93], population="infused", cite=CITE)
    assert _lines("orr", orr) == [
        "ORR: 75% (12/16); 95% CI 48–93 (reported)",
        "  population: infused",
        "  source: [1] Table 2 “12 of 16”",
    ]


def test_a_proportion_without_a_percentage_says_it_is_computed() -> None:
    assert _lines("cr", Proportion(n=1, N=8)) == ["CR: 13%* (1/8)"]


def test_a_hazard_ratio_is_one_line() -> None:
    hr = HazardRatio(
        measure="PFS", arm="a", versus="b", hr=0.26, ci95=[0.18, 0.38], p="<0.001", cite=CITE
    )
    assert _lines("PFS", hr) == [
        "PFS: PFS HR 0.26 (95% CI 0.18–0.38; p <0.001), a vs b",
        "  source: [1] Table 2 “12 of 16”",
    ]


def test_a_dose_is_one_line_and_keeps_what_the_source_wrote() -> None:
    level = DoseLevel(
        label="DL1", value=0.75, exponent=6, per_kg=True, cells="CAR+ T cells", as_written="x"
    )
    assert _lines("DL1", level) == ["DL1: 0.75×10^6/kg (CAR+ T cells)", "  as written: x"]


def test_a_time_to_event_reads_as_months_or_not_reached() -> None:
    assert _lines("pfs_median", TimeToEvent(months=12.1, ci95=[8, None])) == [
        "pfs median: 12.1 mo (95% CI 8–NE)"
    ]
    assert _lines("os_median", TimeToEvent(not_reached=True)) == ["os median: not reached"]


def test_absent_fields_are_not_shown_and_a_reported_zero_is_zero() -> None:
    design = Design(
        phase="Phase 1",
        status="not reported",
        status_as_of="not reported",
        arms=0,
        planned_enrolment="not reported",
        open_label=False,
        countries=[],  # an empty optional list is absent, as None is
        cite=CITE,
    )
    assert _lines("design", design) == [
        "design",
        "  phase: Phase 1",
        "  status: not reported",
        "  status as of: not reported",
        "  open label: no",
        "  arms: 0",
        "  planned enrolment: not reported",
        "  source: [1] Table 2 “12 of 16”",
    ]
    assert _lines("deaths", Proportion(n=0, N=10)) == ["deaths: 0%* (0/10)"]


def test_not_reported_is_shown_as_itself_in_yellow() -> None:
    tree = Outline()
    add_fact(tree, "dlt", "not reported", CITES)
    label = tree.children[0].label
    assert label.plain == "DLT: not reported"
    assert [label.plain[s.start : s.end] for s in label.spans if s.style == "yellow"] == [
        "not reported"
    ]


def test_long_strings_are_bullets_short_ones_one_line() -> None:
    long = ["a sentence that is certainly longer than forty characters", "short"]
    assert _lines("collaborators", long) == ["collaborators", "  • " + long[0], "  • short"]
    assert _lines("countries", ["China", "USA"]) == ["countries: China, USA"]
    assert _lines("notes", ["one"]) == ["notes", "  • one"]


def test_list_items_are_named_by_their_model_fields_and_from_reads_from() -> None:
    drug = LdDrug(drug="fludarabine", dose=30, unit="mg/m²/day", days=LdDays(from_=-5, to=-3))
    assert _lines("drugs", [drug]) == [
        "drugs",
        "  fludarabine",
        "    drug: fludarabine",
        "    dose: 30",
        "    unit: mg/m²/day",
        "    days",
        "      from: -5",
        "      to: -3",
    ]


def test_a_label_is_the_text_rich_would_assemble_piece_by_piece() -> None:
    from rich.text import Text

    from trialcmp.render.record_tree import labelled

    cases = [
        ("orr: ", "12 of 16", None),
        ("status: ", "not reported", "yellow"),
        ("sites", "", None),
        ("", "x", "yellow"),
        ("bell\x07: ", "ring\x0b", "yellow"),  # Rich strips these: assembled piece by piece
    ]
    for label, rest, style in cases:
        made = labelled(label, rest, style)
        assembled = Text.assemble((label, "bold"), (rest, style))
        assert (made.plain, made.spans) == (assembled.plain, assembled.spans), (label, rest)
