"""The eligibility markdown splitter and the escape remover (pure functions)."""

from __future__ import annotations

import pytest

from trialcmp.ctgov.criteria import heading_kind, split_criteria, unescape


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Inclusion Criteria:", "inclusion"),
        ("Key Inclusion Criteria", "inclusion"),
        ("INCLUSION CRITERIA", "inclusion"),
        ("-INCLUSION CRITERIA:", "inclusion"),
        ("**Exclusion criteria**", "exclusion"),
        ("Exclusion Criteria：", "exclusion"),  # full-width colon
        ("Exclusion:", "exclusion"),
        ("Patients must meet all of the following inclusion criteria:", "inclusion"),
        ("Inclusion and exclusion criteria", None),
        ("Eligibility Criteria:", None),
        ("Prior exclusion from another trial for non-compliance", None),
        ("Inclusion in another study", None),
        ("Inclusion Criteria for Part A:", "inclusion"),
        ("Key Exclusions", "exclusion"),
        ("", None),
    ],
)
def test_heading_forms(line: str, kind: str | None) -> None:
    assert heading_kind(line) == kind


def test_escapes_removed_only_before_ascii_punctuation() -> None:
    assert unescape(r"ANC \>= 1.0 x 10\^9/L \[no G-CSF\]") == "ANC >= 1.0 x 10^9/L [no G-CSF]"
    assert unescape(r"a\b and C:\dir") == r"a\b and C:\dir"
    assert unescape("trailing \\") == "trailing \\"


def test_top_level_items_with_sub_items_joined() -> None:
    text = (
        "Inclusion Criteria:\n\n"
        "* Measurable disease, defined as:\n"
        "  * serum M-protein \\> 0.5 g/dL, or\n"
        "  * urine M-protein \\>= 200 mg/24 h\n"
        "* ECOG 0-1\n\n"
        "Exclusion Criteria:\n\n"
        "1. Prior BCMA therapy\n"
        "2. CNS disease\n"
        "   1. including leptomeningeal\n"
    )
    items = split_criteria(text)
    assert [(i.kind, i.number, i.text) for i in items] == [
        (
            "inclusion",
            1,
            "Measurable disease, defined as: • serum M-protein > 0.5 g/dL, or"
            " • urine M-protein >= 200 mg/24 h",
        ),
        ("inclusion", 2, "ECOG 0-1"),
        ("exclusion", 1, "Prior BCMA therapy"),
        ("exclusion", 2, "CNS disease 1. including leptomeningeal"),
    ]


def test_heading_as_list_item_with_nested_criteria() -> None:
    text = "* Inclusion Criteria:\n  * adult\n  * RRMM\n* Exclusion Criteria:\n  * pregnant\n"
    items = split_criteria(text)
    assert [(i.kind, i.text) for i in items] == [
        ("inclusion", "adult"),
        ("inclusion", "RRMM"),
        ("exclusion", "pregnant"),
    ]


def test_markdown_heading_and_paragraph_items() -> None:
    text = "## Inclusion\n\nAge 18 or older.\n\n## Exclusion\n\nPregnancy.\n"
    items = split_criteria(text)
    assert [(i.kind, i.text) for i in items] == [
        ("inclusion", "Age 18 or older."),
        ("exclusion", "Pregnancy."),
    ]


def test_items_before_any_heading_have_no_kind() -> None:
    items = split_criteria("* adults\n* consent\n")
    assert [(i.kind, i.number) for i in items] == [(None, 1), (None, 2)]


def test_emphasis_and_code_keep_their_text() -> None:
    items = split_criteria("Inclusion criteria:\n\n* *Measurable* disease per `IMWG` **2016**\n")
    assert items[0].text == "Measurable disease per IMWG 2016"


def test_heading_folded_into_the_item_before_it() -> None:
    # no blank line: CommonMark makes "Exclusion Criteria:" a lazy continuation of "b"
    text = "Inclusion Criteria:\n- a\n- b\nExclusion Criteria:\n- c\n"
    items = split_criteria(text)
    assert [(i.kind, i.text) for i in items] == [
        ("inclusion", "a"),
        ("inclusion", "b"),
        ("exclusion", "c"),
    ]


def test_headings_inside_one_paragraph() -> None:
    text = "Inclusion Criteria:\nAge over 18\nExclusion Criteria:\nPregnant or\nnursing\n"
    items = split_criteria(text)
    assert [(i.kind, i.text) for i in items] == [
        ("inclusion", "Age over 18"),
        ("exclusion", "Pregnant or nursing"),
    ]
