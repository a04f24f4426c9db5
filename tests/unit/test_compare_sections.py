"""The compare builder's rows for what records hold beyond the named fields (issue 12):
ECOG / ISS stage, MRD-negative CR/sCR, 'all N', infections, HLH/MAS, tocilizumab and
corticosteroid use, and DLTs."""

from __future__ import annotations

from typing import Any

import pytest

from trialcmp.collection import Trial
from trialcmp.compare import Cell, build_comparison, proportion_text
from trialcmp.compare.efficacy import is_mrd_negative_cr
from trialcmp.compare.events import is_hlh_mas, is_infection
from trialcmp.estimate import CI_EXACT
from trialcmp.model import GradedEvent, Proportion, Subgroup, build

CITE = [{"source": "s1", "where": "Results"}]


def record(trial_id: str, **parts: Any) -> Trial:
    data: dict[str, Any] = {
        "id": trial_id,
        "registry": {"name": "ClinicalTrials.gov"},
        "title": f"Trial {trial_id} (test)",
        "setting": "relapsed/refractory",
        "design": {
            "phase": "Phase 1",
            "status": "completed",
            "status_as_of": "not reported",
            "cite": CITE,
        },
        "product": {
            "name": "x-cel",
            "targets": ["BCMA"],
            "construct": "single_target",
            "cite": CITE,
        },
        "sources": [{"id": "s1", "kind": "paper", "citation": f"Paper of {trial_id}"}],
        **parts,
    }
    return Trial(f"{trial_id}.yaml", build(data))


def report(label: str = "Report", cutoff: str | None = None, **blocks: Any) -> dict[str, Any]:
    out = {"label": label, "cite": CITE, **{k: {**v, "cite": CITE} for k, v in blocks.items()}}
    return {**out, "data_cutoff": cutoff} if cutoff else out


EMPTY = record("NCT00000099")


def cell_of(trial: Trial, section: str, key: str) -> Cell:
    comparison = build_comparison([trial, EMPTY], [section])
    for found_section, row in comparison.rows():
        if row.key == f"{section}.{key}":
            assert found_section.key == section
            return row.cells[0]
    raise AssertionError(f"no row {section}.{key}")


# ---------------------------------------------------------------- 'all N'


def test_all_of_reads_all_n_when_every_patient_counted_had_it() -> None:
    assert proportion_text(Proportion(n=40, N=40), all_of=True) == (
        "all 40 (95% CI 91–100‡)",
        [CI_EXACT],
    )
    assert proportion_text(Proportion(n=40, N=40, pct=100), all_of=True)[0].startswith("all 40 (")
    assert proportion_text(Proportion(n=39, N=40), all_of=True)[0].startswith("98%* (39/40; ")
    # 100% without counts: the denominator is not known, so it is not invented
    assert proportion_text(Proportion(pct=100), all_of=True)[0] == "100% (n/N NR; no CI)"
    # without all_of (every other row) the form is unchanged
    assert proportion_text(Proportion(n=40, N=40))[0].startswith("100%* (40/40; ")


def test_haematologic_toxicity_in_every_patient_reads_all_n() -> None:
    safety = {
        "haematologic": [
            {"event": "neutropenia", "any_grade": {"n": 50, "N": 50}},
            {"event": "anaemia", "any_grade": {"pct": 94, "population": "all 50 infused"}},
        ]
    }
    trial = record("NCT00000001", results=[report(safety=safety)])
    cell = cell_of(trial, "safety", "haem_any")
    assert cell.text.splitlines() == [
        "neutropenia: all 50 (95% CI 93–100‡)",
        "anaemia (all 50 infused): 94% (n/N NR; no CI)",
    ]
    assert [r["population"] for r in cell.raw if "population" in r] == ["all 50 infused"]


# ---------------------------------------------------------------- infections, HLH/MAS, DLTs


@pytest.mark.parametrize(
    ("name", "infection", "hlh"),
    [
        ("infections", True, False),
        ("infection beyond 3 months after infusion", True, False),
        ("lung infection", True, False),
        ("pneumonia after day 90", True, False),
        ("herpes zoster", True, False),
        ("bacteremia", True, False),
        ("sepsis", True, False),
        ("CMV reactivation", True, False),
        ("colonitis", False, False),  # the name does not say it is an infection
        ("neutropenia", False, False),
        ("hemophagocytic lymphohistiocytosis (HLH)", False, True),
        ("haemophagocytic lymphohistiocytosis", False, True),
        ("IEC-HS (HLH-like syndrome)", False, True),
        ("macrophage activation syndrome", False, True),
        ("MAS", False, True),
        ("HLH with septic shock", False, True),  # HLH, not counted twice as an infection
        ("CRS grade 1–2", False, False),
    ],
)
def test_events_are_picked_by_the_words_their_names_use(
    name: str, infection: bool, hlh: bool
) -> None:
    assert is_infection(GradedEvent(event=name)) is infection
    assert is_hlh_mas(GradedEvent(event=name)) is hlh


def test_infections_list_each_event_with_its_grades_and_denominator() -> None:
    safety = {
        "other_events": [
            {
                "event": "infection beyond 3 months",
                "any_grade": {"n": 19, "N": 49, "population": "survivors at 3 months"},
                "grade3plus": {"n": 10, "N": 49, "population": "survivors at 3 months"},
            },
            {"event": "colitis", "any_grade": {"n": 1, "N": 50}},
            {"event": "B-cell aplasia", "note": "no share stated"},
            {"event": "sepsis", "grade3plus": {"n": 2, "N": 50}, "any_grade": "not reported"},
        ]
    }
    trial = record("NCT00000001", results=[report(safety=safety)])
    cell = cell_of(trial, "safety", "infections")
    assert cell.text.splitlines() == [
        "infection beyond 3 months (survivors at 3 months): any grade 39%* (19/49; 95% CI"
        " 25–54‡); grade ≥3 20%* (10/49; 95% CI 10–34‡)",
        "sepsis: grade ≥3 4%* (2/50; 95% CI 0.5–14‡)",
    ]
    assert [(r["event"], r["grade"]) for r in cell.raw] == [
        ("infection beyond 3 months", "any_grade"),
        ("infection beyond 3 months", "grade3plus"),
        ("sepsis", "grade3plus"),
    ]
    assert cell_of(trial, "safety", "hlh_mas").text == "NR"


def test_a_grade_not_stated_is_named_so() -> None:
    safety = {"other_events": [{"event": "HLH", "grade_not_stated": {"n": 1, "N": 40}}]}
    trial = record("NCT00000001", results=[report(safety=safety)])
    assert cell_of(trial, "safety", "hlh_mas").text.startswith("HLH: grade not stated 3%* (1/40;")


def test_events_come_from_the_latest_report_that_lists_any() -> None:
    old = report(
        "Old",
        cutoff="2020-01-01",
        safety={"other_events": [{"event": "infections", "any_grade": {"n": 5, "N": 10}}]},
    )
    new = report("New", cutoff="2022-01-01", safety={"dlt": {"n": 0, "N": 6}})
    trial = record("NCT00000001", results=[new, old])
    infections = cell_of(trial, "safety", "infections")
    assert infections.text.startswith("infections: any grade 50%* (5/10;")
    assert infections.report == "A"  # the older report, lettered in report order
    dlt = cell_of(trial, "safety", "dlt")
    assert dlt.text.startswith("0%* (0/6; 95% CI 0–46‡)")
    assert dlt.report == "B"


def test_dlts_not_reported_read_nr() -> None:
    trial = record("NCT00000001", results=[report(safety={"dlt": "not reported"})])
    assert cell_of(trial, "safety", "dlt").text == "NR"


@pytest.mark.parametrize("key", ["tocilizumab", "corticosteroids"])
def test_tocilizumab_and_corticosteroid_use_have_rows(key: str) -> None:
    given = {"n": 19, "N": 50, "pct": 38}
    trial = record("NCT00000001", results=[report(safety={key: given})])
    assert cell_of(trial, "safety", key).text.startswith("38% (19/50; 95% CI 25–53‡)")
    other = "corticosteroids" if key == "tocilizumab" else "tocilizumab"
    assert cell_of(trial, "safety", other).text == "NR"


def test_a_response_rate_of_a_subset_names_its_denominator() -> None:
    tested = {"n": 34, "N": 41, "pct": 83, "population": "patients tested for MRD"}
    every = {"n": 46, "N": 50, "pct": 92}
    trial = record("NCT00000001", results=[report(efficacy={"mrd_negative": tested, "orr": every})])
    mrd = cell_of(trial, "efficacy", "mrd_negative").text
    assert mrd.startswith("83% (34/41; 95% CI 68–93‡), patients tested for MRD")
    assert cell_of(trial, "efficacy", "orr").text.startswith("92% (46/50; 95% CI 81–98‡)")
    assert "," not in cell_of(trial, "efficacy", "orr").text.split(")")[-1]


# ---------------------------------------------------------------- MRD-negative CR/sCR


@pytest.mark.parametrize(
    ("measure", "label", "picked"),
    [
        ("MRD-negative CR or sCR", "all patients", True),
        ("MRD-negative CR", "all patients", True),
        ("MRD-negative ≥CR", "all patients", True),
        ("MRD-negative complete response", "all patients", True),
        ("MRD negativity", "patients with CR or sCR evaluable for MRD", True),
        ("MRD negativity", "patients with ≥CR", True),
        ("MRD negativity", "patients with a response (PR or better)", False),
        ("MRD negativity", "patients with nCR", False),
        ("could be evaluated for MRD", "patients with CR", False),
        ("ORR", "patients with CR", False),
    ],
)
def test_mrd_negative_cr_subgroups(measure: str, label: str, picked: bool) -> None:
    subgroup = Subgroup(label=label, measure=measure, value=Proportion(pct=50))
    assert is_mrd_negative_cr(subgroup) is picked


def test_mrd_negative_cr_shows_each_denominator() -> None:
    efficacy = {
        "mrd_negative": {"n": 34, "N": 41},
        "subgroups": [
            {
                "label": "all patients",
                "measure": "MRD-negative CR or sCR",
                "value": {"n": 22, "N": 50, "pct": 44},
            },
            {
                "label": "patients with CR or sCR evaluable for MRD",
                "measure": "MRD negativity",
                "value": {"n": 22, "N": 25, "pct": 88},
            },
            {
                "label": "patients with PR or better",
                "measure": "MRD negativity",
                "value": {"n": 30, "N": 40},
            },
        ],
    }
    trial = record("NCT00000001", results=[report(efficacy=efficacy)])
    comparison = build_comparison([trial, EMPTY], ["efficacy"])
    keys = [row.key for _, row in comparison.rows()]
    at = keys.index("efficacy.mrd_negative")
    assert keys[at + 1 : at + 3] == ["efficacy.mrd_negative_cr", "efficacy.mrd_threshold"]
    cell = cell_of(trial, "efficacy", "mrd_negative_cr")
    assert cell.text.splitlines() == [
        "44% (22/50; 95% CI 30–59‡), all patients",
        "88% (22/25; 95% CI 69–97‡), patients with CR or sCR evaluable for MRD",
    ]
    assert [(r["label"], r["n"], r["N"]) for r in cell.raw] == [
        ("all patients", 22, 50),
        ("patients with CR or sCR evaluable for MRD", 22, 25),
    ]
    assert cell.refs and cell.refs[0].source == "s1"
    assert cell_of(EMPTY, "efficacy", "mrd_negative_cr").text == "NR"


# ---------------------------------------------------------------- ECOG and ISS stage


def test_ecog_and_iss_come_from_population_other_without_intervals() -> None:
    population = {
        "cite": CITE,
        "other": [
            {"label": "ECOG performance status 0", "proportion": {"n": 22, "N": 50, "pct": 44}},
            {"label": "ECOG PS 1", "proportion": {"n": 28, "N": 50}},
            {"label": "ECOG performance status", "median": {"median": 1, "min": 0, "max": 2}},
            {"label": "ISS stage III", "proportion": {"pct": 56}},
            {"label": "R-ISS stage II", "proportion": {"n": 30, "N": 50, "pct": 60}},
            {"label": "Monoclonal type IgG", "proportion": {"n": 25, "N": 50, "pct": 50}},
            {"label": "Stage II or III disease", "proportion": {"n": 46, "N": 50, "pct": 92}},
        ],
    }
    trial = record("NCT00000001", population=population)
    ecog = cell_of(trial, "population", "ecog")
    assert ecog.text.splitlines() == [
        "ECOG 0: 44% (22/50)",
        "ECOG 1: 56%* (28/50)",
        "ECOG: 1 (0–2)",
    ]
    iss = cell_of(trial, "population", "iss")
    assert iss.text.splitlines() == ["ISS III: 56%", "R-ISS II: 60% (30/50)"]
    for cell in (ecog, iss):
        assert "CI" not in cell.text
        assert not cell.marks
    assert [r["label"] for r in iss.raw] == ["ISS stage III", "R-ISS stage II"]
    assert cell_of(EMPTY, "population", "ecog").text == "NR"
    assert cell_of(record("NCT00000001", population={"cite": CITE}), "population", "iss").text == (
        "NR"
    )


def test_the_hlh_row_names_an_event_by_the_abbreviation_its_name_gives() -> None:
    safety = {
        "other_events": [
            {"event": "hemophagocytic lymphohistiocytosis (HLH)", "any_grade": {"n": 1, "N": 50}},
            {"event": "IEC-HS (HLH-like syndrome)", "any_grade": {"pct": 10}},
        ]
    }
    trial = record("NCT00000001", results=[report(safety=safety)])
    cell = cell_of(trial, "safety", "hlh_mas")
    assert cell.text.splitlines() == [
        "HLH: any grade 2%* (1/50; 95% CI 0.1–11‡)",
        "IEC-HS (HLH-like syndrome): any grade 10% (n/N NR; no CI)",
    ]
    assert cell.raw[0]["event"] == "hemophagocytic lymphohistiocytosis (HLH)"


def test_haematologic_toxicity_of_an_unstated_grade_has_its_own_row() -> None:
    safety = {
        "haematologic": [
            {"event": "neutropenia", "grade_not_stated": {"pct": 96, "population": "the 23"}},
            {"event": "anaemia", "grade3plus": {"n": 5, "N": 23}},
        ]
    }
    trial = record("NCT00000001", results=[report(safety=safety)])
    assert cell_of(trial, "safety", "haem_grade_nr").text == (
        "neutropenia (the 23): 96% (n/N NR; no CI)"
    )
    assert cell_of(trial, "safety", "haem_any").text == "NR"
    assert cell_of(trial, "safety", "haem_3plus").text.startswith("anaemia: 22%* (5/23;")


def test_an_arm_column_shows_the_baseline_of_its_own_arm() -> None:
    arms = [
        {"id": "car", "label": "CAR-T", "role": "experimental"},
        {"id": "soc", "label": "Standard care", "role": "comparator"},
    ]

    def arm_report(arm: str, n: int, big_n: int) -> dict[str, Any]:
        share = {"n": n, "N": big_n, "pct": round(100 * n / big_n)}
        population = {"triple_refractory": share, "cite": CITE}
        return {"label": arm, "arm": arm, "cite": CITE, "population": population}

    trial = record(
        "NCT00000001",
        arms=arms,
        population={"triple_refractory": {"n": 1, "N": 2}, "cite": CITE},
        results=[arm_report("car", 30, 208), arm_report("soc", 33, 211)],
    )
    comparison = build_comparison([trial, EMPTY], ["population"])
    row = next(r for _, r in comparison.rows() if r.key == "population.triple_refractory")
    assert [c.text for c in row.cells[:2]] == ["14% (30/208)", "16% (33/211)"]
    assert row.cells[2].text == "NR"
