"""`trialcmp compare`: layout, cells, intervals, footnotes, formats and errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, CliFn

FIX = str(FIXTURES / "compare")
SECTION_TITLES = [
    "Overview",
    "Product",
    "Dosing",
    "Lymphodepletion",
    "Population",
    "Eligibility thresholds",
    "Endpoints",
    "Efficacy",
    "Safety",
]


def fixture_cli(cli: CliFn, *args: str, width: int = 100) -> Any:
    return cli("--data-dir", FIX, "compare", *args, width=width)


def as_json(run: Any) -> dict[str, Any]:
    assert run.exit_code == 0, run.stderr
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def row(data: dict[str, Any], key: str) -> dict[str, Any]:
    for section in data["sections"]:
        for found in section["rows"]:
            if found["key"] == key:
                return dict(found)
    raise AssertionError(f"no row {key}")


def cell(data: dict[str, Any], key: str, trial: int) -> dict[str, Any]:
    return dict(row(data, key)["cells"][trial])


def shown(c: dict[str, Any]) -> str:
    """A JSON cell as the table, Markdown and CSV show it."""
    text = str(c["text"])
    if c["report"]:
        text += f" ‹{c['report']}›"
    if c["sources"]:
        text += " " + "".join(f"[{n}]" for n in c["sources"])
    return text


# ---------------------------------------------------------------- exact layouts

OVERVIEW_100 = """\
                     NCT00000001                             NCT00000002
                     Alpha                                   Beta
Overview ───────────────────────────────────────────────────────────────────────────────────────────
   Registry          ClinicalTrials.gov                      ClinicalTrials.gov
≠  Phase             Phase 1 [1]                             Phase 2 [2]
≠  Design            interventional; open-label;             interventional; open-label;
                     single-arm; single-centre [1]           single-arm; multicentre [2]
≠  Status            recruiting [1]                          completed [2]
≠  Sponsor           Alpha Hospital [1]                      Beta Pharma [2]
≠  Sites             Alpha Hospital, Springfield [1]         NR [2]
≠  Patients treated  50 infused (54 enrolled) [1]            128 infused [2]
Sources ────────────────────────────────────────────────────────────────────────────────────────────
[1] Alpha A, et al. Alpha CAR-T in RRMM. J Test Med 2024;1:1–10 — doi:10.1000/alpha.2024
[2] Beta B, et al. Beta CAR-T in RRMM. J Test Med 2021;2:11–20
Legend ─────────────────────────────────────────────────────────────────────────────────────────────
NR = not reported by the sources; n/a = not applicable; 0 is a reported zero; no CI = neither counts
nor an interval are given
≠ = the trials differ in this row
[n] = source, listed under Sources
"""


def test_overview_side_by_side_at_width_100(cli: CliFn) -> None:
    run = fixture_cli(cli, "alpha", "NCT00000002", "--section", "overview")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == OVERVIEW_100


def test_two_trials_stay_side_by_side_at_width_60(cli: CliFn) -> None:
    run = fixture_cli(cli, "Alpha", "beta", "--section", "Overview", width=60)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0].split() == ["NCT00000001", "NCT00000002"]
    assert "landscape" not in run.stdout


def test_more_trials_than_fit_switch_to_the_landscape_layout_and_say_so(cli: CliFn) -> None:
    wide = fixture_cli(cli, "alpha", "beta", "gamma", "--section", "overview", width=100)
    narrow = fixture_cli(cli, "alpha", "beta", "gamma", "--section", "overview", width=60)
    assert wide.stdout.splitlines()[0].split() == ["NCT00000001", "NCT00000002", "NCT00000003"]
    assert narrow.stdout.startswith("3 trials do not fit side by side at 60 columns: landscape")
    lines = narrow.stdout.splitlines()
    head = next(line for line in lines if line.startswith("Trial "))
    assert "Registry" in head
    rows = [line.split()[0] for line in lines if line.startswith("NCT0000000")]
    assert rows[:3] == ["NCT00000001", "NCT00000002", "NCT00000003"]
    assert max(len(line) for line in lines) <= 60


def test_no_line_is_wider_than_the_terminal_or_ends_in_blanks(cli: CliFn) -> None:
    for width in (60, 80, 100, 140):
        run = cli("compare", "NCT07003555", "ChiCTR2000033567", "karmma", width=width)
        assert run.exit_code == 0, run.stderr
        lines = run.stdout.splitlines()
        assert max(len(line) for line in lines) <= width
        assert all(line == line.rstrip() for line in lines)


# ---------------------------------------------------------------- the main job (real data)


def test_main_comparison_shows_every_section(cli: CliFn) -> None:
    run = cli("compare", "NCT07003555", "ChiCTR2000033567")
    assert run.exit_code == 0, run.stderr
    rules = [line.split(" ─")[0] for line in run.stdout.splitlines() if " ───" in line]
    assert rules == [*SECTION_TITLES, "Sources", "Legend"]
    for label in ("Median follow-up", "ORR (≥PR)", "CRS, grade ≥3", "LVEF", "Regimen(s)"):
        assert label in run.stdout
    assert "Caution: cross-trial comparisons are confounded" in run.stdout


def test_bc19_proportions_use_the_exact_interval(cli: CliFn) -> None:
    data = as_json(cli("compare", "NCT07003555", "bc19", "--format", "json"))
    assert [t["id"] for t in data["trials"]] == ["NCT07003555", "ChiCTR2000033567"]
    orr = cell(data, "efficacy.orr", 1)
    assert orr["text"] == "92% (46/50; 95% CI 81–98‡)"
    assert orr["raw"]["ci_source"] == "exact"
    assert orr["raw"]["ci95"] == pytest.approx([80.766, 97.777], abs=1e-3)
    assert orr["raw"]["ci95_reported"] == [81, 98]
    assert cell(data, "efficacy.mrd_negative", 1)["text"].startswith("83% (34/41; 95% CI 68–93‡)")
    assert cell(data, "safety.neuro_any", 1)["text"] == "4% (2/50; 95% CI 0.5–14‡)"
    # the paper reports 2%–20% for 4/50; the exact interval is 2–19, and both are shown
    crs3 = cell(data, "safety.crs_3plus", 1)
    assert crs3["text"].startswith("8% (4/50; 95% CI 2–19‡, reported 2–20†)")
    assert crs3["raw"]["ci95"] == pytest.approx([2.2227, 19.2337], abs=1e-3)
    assert set(crs3["marks"]) >= {"‡", "†", "§"}
    # no results for NCT07003555: not reported, which is not zero
    assert cell(data, "efficacy.orr", 0) | {"sources": []} == {
        "trial": "NCT07003555",
        "text": "NR",
        "kind": "not_reported",
        "raw": None,
        "marks": [],
        "report": None,
        "sources": [],
        "source_ids": [],
    }


def test_bc19_values_are_traced_to_the_paper(cli: CliFn) -> None:
    data = as_json(cli("compare", "NCT07003555", "bc19", "--format", "json"))
    orr = cell(data, "efficacy.orr", 1)
    assert orr["source_ids"] == ["shi2024"]
    (number,) = orr["sources"]
    note = next(f for f in data["footnotes"] if f["number"] == number)
    assert note["doi"] == "10.1038/s41467-024-47801-8"
    assert {"trial": "ChiCTR2000033567", "source": "shi2024"} in note["cited_as"]
    assert cell(data, "efficacy.data_cutoff", 1)["text"] == "2022-06-30"
    assert cell(data, "efficacy.follow_up", 1)["text"] == "11 months (2.3–24)"


# ---------------------------------------------------------------- cells (fixtures)


@pytest.fixture
def fixture_json(cli: CliFn) -> dict[str, Any]:
    return as_json(fixture_cli(cli, "alpha", "beta", "gamma", "--format", "json"))


def test_not_reported_not_applicable_and_zero_differ(fixture_json: dict[str, Any]) -> None:
    mrd = row(fixture_json, "efficacy.mrd_negative")["cells"]
    assert [c["kind"] for c in mrd] == ["value", "not_applicable", "not_reported"]
    assert [c["text"] for c in mrd][1:] == ["n/a", "NR"]
    deaths = cell(fixture_json, "safety.deaths", 1)
    assert deaths["kind"] == "value"
    assert deaths["text"] == "0%* (0/128; 95% CI 0–3‡)"
    assert "*" in deaths["marks"]


def test_proportion_forms(fixture_json: dict[str, Any]) -> None:
    # counts → exact CI (‡); pct and a reported CI → that CI (†); pct only → no CI
    assert cell(fixture_json, "efficacy.orr", 1)["text"] == "73% (n/N NR; 95% CI 65–81†)"
    assert cell(fixture_json, "safety.crs_any", 1)["text"] == "84% (n/N NR; no CI)"
    assert cell(fixture_json, "efficacy.cr_or_better", 1)["text"] == "60%* (30/50; 95% CI 45–74‡)"
    # a baseline share has no interval: it describes the patients, it estimates nothing
    assert cell(fixture_json, "population.prior_car_t", 0)["text"] == "0%* (0/50)"


def test_eligibility_thresholds_keep_the_operator(fixture_json: dict[str, Any]) -> None:
    lvef = row(fixture_json, "eligibility.lvef")
    assert [c["text"] for c in lvef["cells"]] == ["> 50%", "≥ 50%", "NR"]
    assert lvef["differs"] is True
    age = row(fixture_json, "eligibility.age")["cells"]
    assert [(c["text"], c["kind"]) for c in age] == [
        ("≥ 18 and ≤ 75 years", "value"),
        ("not stated", "not_stated"),  # criteria curated, no age threshold among them
        ("NR", "not_reported"),  # no criteria curated at all
    ]
    assert cell(fixture_json, "eligibility.alt_ast", 0)["text"] == "ALT/AST < 3× ULN"
    assert cell(fixture_json, "eligibility.antigen", 0)["text"] == "BCMA+"
    # an exclusion rule says what excludes
    assert cell(fixture_json, "eligibility.platelets", 0)["text"] == "excluded if < 50×10^9/L"


def test_partial_criteria_say_so(cli: CliFn) -> None:
    data = as_json(cli("compare", "bc19", "NCT07003555", "-s", "eligibility", "-f", "json"))
    lvef = row(data, "eligibility.lvef")["cells"]
    assert [c["text"] for c in lvef] == ["not stated (partial list)", "> 50%"]
    assert cell(data, "eligibility.age", 0)["text"] == "< 70 years"


def test_doses_are_normalised_to_x10_6_per_kg_or_flat(fixture_json: dict[str, Any]) -> None:
    assert cell(fixture_json, "dosing.levels", 0)["text"] == (
        "DL1: 1×10^6/kg (CAR+ T cells)\nDL2: 0.5×10^6/kg (total T cells)"
    )
    assert cell(fixture_json, "dosing.levels", 1)["text"] == (
        "target dose: 150–450×10^6 flat (total T cells)"
    )


def test_real_doses_keep_scale_and_cell_type(cli: CliFn) -> None:
    data = as_json(cli("compare", "NCT04637269", "karmma", "bc19", "-s", "dosing", "-f", "json"))
    xinqiao, karmma, bc19 = row(data, "dosing.levels")["cells"]
    assert xinqiao["text"].splitlines()[0] == (
        "dose level 1: 50×10^6/kg (cells, CAR+/total unspecified) ?"
    )
    assert karmma["text"] == "target dose: 150–450×10^6 flat (CAR+ T cells)"
    assert bc19["text"] == "target dose: 1×10^6/kg (cells, CAR+/total unspecified)"


def test_lymphodepletion_written_as_clinicians_do(fixture_json: dict[str, Any]) -> None:
    assert cell(fixture_json, "lymphodepletion.regimens", 0)["text"] == (
        "all patients: Cy 750 mg/m² d−5; Flu 30 mg/m²/d d−5…−2"
    )
    assert cell(fixture_json, "lymphodepletion.regimens", 1)["text"] == (
        "Flu 30 mg/m²/d ×3 d; Cy 300 mg/m²/d ×3 d"
    )


def test_one_line_per_regimen_with_its_cohort(cli: CliFn) -> None:
    data = as_json(cli("compare", "NCT07003555", "bc19", "-s", "ld", "-f", "json"))
    lines = cell(data, "lymphodepletion.regimens", 0)["text"].splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "for patients with prior SCT donors, Cohort A-equivalent: Cy dose NR"
    )
    assert lines[1].startswith("as specified in the registry for certain cohorts:")
    assert "Mel dose NR" in lines[1]


def test_reports_are_lettered_when_a_trial_has_several(fixture_json: dict[str, Any]) -> None:
    assert cell(fixture_json, "efficacy.report", 1)["text"] == (
        "A: First report\nB: Long-term follow-up"
    )
    assert cell(fixture_json, "efficacy.data_cutoff", 1)["text"] == "A: 2020-01-15\nB: NR"
    assert cell(fixture_json, "efficacy.orr", 1)["report"] == "A"
    assert cell(fixture_json, "efficacy.pfs_median", 1)["report"] == "B"
    assert cell(fixture_json, "efficacy.orr", 0)["report"] is None  # one report: no letter
    assert any(line.startswith("‹A›, ‹B›") for line in fixture_json["legend"])


def test_same_document_gets_one_footnote_number(fixture_json: dict[str, Any]) -> None:
    # Beta cites the Alpha paper (same DOI, other case and wording) for its follow-up
    numbers = [f["number"] for f in fixture_json["footnotes"]]
    assert numbers == [1, 2, 3]
    first = fixture_json["footnotes"][0]
    assert first["cited_as"] == [
        {"trial": "NCT00000001", "source": "alpha-paper"},
        {"trial": "NCT00000002", "source": "alpha-review"},
    ]
    assert cell(fixture_json, "efficacy.pfs_median", 1)["sources"] == [1]
    assert cell(fixture_json, "efficacy.orr", 1)["sources"] == [2]
    assert cell(fixture_json, "overview.phase", 2)["sources"] == [3]


def test_footnotes_are_numbered_in_reading_order_of_what_is_shown(cli: CliFn) -> None:
    only_gamma_first = as_json(
        fixture_cli(cli, "gamma", "alpha", "--section", "product", "--format", "json")
    )
    assert [f["cited_as"][0]["trial"] for f in only_gamma_first["footnotes"]] == [
        "NCT00000003",
        "NCT00000001",
    ]


def test_differs_ignores_sources_and_compares_values(fixture_json: dict[str, Any]) -> None:
    assert row(fixture_json, "overview.registry")["differs"] is False
    assert row(fixture_json, "product.targets")["differs"] is True
    assert row(fixture_json, "efficacy.os_median")["differs"] is False  # NR everywhere
    # 'not stated', 'not stated' and NR: no trial states an ECOG threshold, nothing differs
    ecog = row(fixture_json, "eligibility.ecog")
    assert [c["kind"] for c in ecog["cells"]] == ["not_stated", "not_stated", "not_reported"]
    assert ecog["differs"] is False
    assert row(fixture_json, "efficacy.mrd_negative")["differs"] is True


def test_diff_shows_only_differing_rows(cli: CliFn) -> None:
    full = as_json(fixture_cli(cli, "alpha", "beta", "-f", "json"))
    diff = as_json(fixture_cli(cli, "alpha", "beta", "--diff", "-f", "json"))
    full_keys = [r["key"] for s in full["sections"] for r in s["rows"]]
    diff_keys = [r["key"] for s in diff["sections"] for r in s["rows"]]
    assert diff["diff_only"] is True
    assert diff_keys == [k for k in full_keys if row(full, k)["differs"]]
    assert "overview.registry" not in diff_keys and "product.targets" not in diff_keys
    assert "eligibility.lvef" in diff_keys


def test_diff_with_nothing_differing(cli: CliFn) -> None:
    run = fixture_cli(cli, "alpha", "beta", "-s", "product", "--diff")
    # alpha and beta differ in binder, costimulation and vector; targets are the same
    assert "Targets" not in run.stdout and "Vector" in run.stdout
    same = cli("compare", "NCT07003555", "NCT07003568", "-s", "population", "--diff")
    assert same.exit_code == 0
    assert "The trials do not differ in the selected sections." in same.stdout


def test_sections_are_picked_case_insensitively_in_fixed_order(cli: CliFn) -> None:
    data = as_json(
        fixture_cli(cli, "alpha", "beta", "-s", "SAFETY", "-s", "efficacy", "-f", "json")
    )
    assert [s["title"] for s in data["sections"]] == ["Efficacy", "Safety"]
    assert data["sections"][0]["note"].startswith("Caution: cross-trial comparisons")
    assert data["sections"][1]["note"] is None


def test_caution_is_printed_under_the_efficacy_rows(cli: CliFn) -> None:
    lines = fixture_cli(cli, "alpha", "beta", "-s", "efficacy", "-s", "safety").stdout.splitlines()
    caution = next(i for i, line in enumerate(lines) if line.startswith("Caution:"))
    assert "Landmark rates" in lines[caution - 1]
    assert lines[caution] == (
        "Caution: cross-trial comparisons are confounded by population, design and follow-up."
    )
    assert lines[caution + 1].startswith("Safety ───")  # one line


def test_legend_lists_only_what_is_used(cli: CliFn) -> None:
    overview = as_json(fixture_cli(cli, "alpha", "beta", "-s", "overview", "-f", "json"))
    assert not any(line.startswith(("‡", "†", "*", "§")) for line in overview["legend"])
    safety = as_json(fixture_cli(cli, "alpha", "beta", "-s", "safety", "-f", "json"))
    assert any(line.startswith("‡ = exact 95% CI") for line in safety["legend"])
    assert any(line.startswith("§ = ") for line in safety["legend"])


# ---------------------------------------------------------------- formats


def markdown_rows(text: str) -> list[tuple[str, list[str]]]:
    """(section, cells) of every body row of every pipe table, unescaped."""
    out: list[tuple[str, list[str]]] = []
    section = ""
    for line in text.splitlines():
        if line.startswith("### "):
            section = line[4:]
        elif line.startswith("| ") and not line.startswith("| Attribute |"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            unescaped = [
                c.replace("<br>", "\n").replace("\\*", "*").replace("\\_", "_").strip()
                for c in cells
            ]
            out.append((section, unescaped))
    return out


@pytest.mark.parametrize("ids", [("alpha", "beta", "gamma"), ("NCT07003555", "bc19", "karmma")])
def test_json_markdown_and_csv_carry_the_same_rows(cli: CliFn, ids: tuple[str, ...]) -> None:
    data_dir = ("--data-dir", FIX) if ids[0] == "alpha" else ()
    data = as_json(cli(*data_dir, "compare", *ids, "--format", "json"))
    markdown = cli(*data_dir, "compare", *ids, "--format", "markdown").stdout
    table = list(csv.reader(io.StringIO(cli(*data_dir, "compare", *ids, "-f", "csv").stdout)))

    expected = [
        (s["title"], r["label"], r["differs"], [shown(c) for c in r["cells"]])
        for s in data["sections"]
        for r in s["rows"]
    ]
    assert len(expected) > 50
    # CSV: header, then one row per attribute, then notes, sources and legend
    assert table[0] == ["section", "attribute", "differs", *(t["id"] for t in data["trials"])]
    body = [r for r in table[1:] if r[0] not in ("Note", "Sources", "Legend")]
    assert [(r[0], r[1], r[2] == "yes", r[3:]) for r in body] == expected
    assert [r[1] for r in table if r[0] == "Sources"] == [
        f"[{f['number']}]" for f in data["footnotes"]
    ]
    assert [r[3] for r in table if r[0] == "Legend"] == data["legend"]
    assert all(len(r) == len(table[0]) for r in table)
    # Markdown: the same rows, bold label + ≠ where the trials differ
    md = markdown_rows(markdown)
    assert len(md) == len(expected)
    for (section, cells), (title, label, differs, values) in zip(md, expected, strict=True):
        assert section == title
        assert cells[0] == (f"**{label}** ≠" if differs else label)
        assert cells[1:] == values


def test_markdown_is_a_clean_pipe_table(cli: CliFn) -> None:
    text = fixture_cli(cli, "alpha", "beta", "-f", "markdown").stdout
    lines = text.splitlines()
    assert lines[0] == "## Trial comparison: NCT00000001 · Alpha vs NCT00000002 · Beta"
    header = lines.index("### Overview") + 2
    assert lines[header] == "| Attribute | NCT00000001 · Alpha | NCT00000002 · Beta |"
    assert lines[header + 1] == "|---|---|---|"
    for line in lines:
        if line.startswith("|"):
            assert line.count(" | ") + 2 == 4 or line == "|---|---|---|", line
    assert "*Caution: cross-trial comparisons are confounded" in text
    assert "- [1] Alpha A, et al. Alpha CAR-T in RRMM." in text
    assert "60%\\* (30/50; 95% CI 45–74‡)" in text  # the mark is not emphasis


def test_data_text_is_printed_literally(cli: CliFn, tmp_path: Path) -> None:
    source = (FIXTURES / "compare" / "NCT00000002.yaml").read_text(encoding="utf-8")
    (tmp_path / "NCT00000002.yaml").write_text(
        source.replace("sponsor: Beta Pharma", 'sponsor: "[bold red]Beta[/] \\e[31mPharma"'),
        encoding="utf-8",
    )
    (tmp_path / "NCT00000001.yaml").write_text(
        (FIXTURES / "compare" / "NCT00000001.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    run = cli("--data-dir", str(tmp_path), "compare", "alpha", "beta", "-s", "overview")
    assert run.exit_code == 0, run.stderr
    assert "[bold red]Beta[/] Pharma [2]" in run.stdout
    assert "\x1b" not in run.stdout


# ---------------------------------------------------------------- errors


def test_the_fixture_records_are_valid(cli: CliFn) -> None:
    run = cli("validate", FIX)
    assert run.exit_code == 0, run.stdout
    # the CI of 4/50 and the PFS interval reaching beyond the 24 months of follow-up
    assert run.stdout.endswith("3 files checked: 0 errors, 2 warnings\n")


def test_one_id_is_a_usage_error(cli: CliFn) -> None:
    run = cli("compare", "bc19")
    assert run.exit_code == 2
    assert "compare needs at least two trials" in run.stderr
    assert "trialcmp show" in run.stderr
    assert run.stdout == ""


def test_the_same_trial_twice_is_a_usage_error(cli: CliFn) -> None:
    run = cli("compare", "bc19", "ChiCTR2000033567")
    assert run.exit_code == 2
    assert "at least two different trials" in run.stderr


def test_unknown_ids_suggest(cli: CliFn) -> None:
    run = cli("compare", "bc19", "karmm")
    assert run.exit_code == 2
    assert "no trial 'karmm'" in run.stderr
    assert "did you mean KarMMa (NCT03361748)" in run.stderr


def test_unknown_section_lists_the_valid_ones(cli: CliFn) -> None:
    run = cli("compare", "bc19", "karmma", "--section", "effcacy")
    assert run.exit_code == 2
    assert "unknown section 'effcacy'" in run.stderr
    assert (
        "valid sections: overview, product, dosing, lymphodepletion, population, eligibility,"
        " endpoints, efficacy, safety"
    ) in run.stderr.replace("\n", " ")


@pytest.mark.slow
def test_cli_start_up_does_not_import_heavy_modules() -> None:
    code = (
        "import sys, trialcmp.cli;"
        "print(sorted(m for m in ('scipy', 'matplotlib', 'rich.table') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    heavy = json.loads(out.replace("'", '"'))
    assert "scipy" not in heavy and "matplotlib" not in heavy


def test_population_rows_show_baseline_shares_without_intervals(cli: CliFn) -> None:
    run = cli("compare", "bc19", "karmma", "--section", "population", width=100)
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    for label in ("Female", "Prior ASCT", "Triple", "Prior CAR-T", "Extramedullary"):
        assert label in out
    assert "56% (28/50) [1]" in out and "40% (20/50) [1]" in out and "18% (9/50) [1]" in out
    population = out.split("Sources ─", 1)[0]
    assert "95% CI" not in population


def test_mrd_shows_its_denominator_threshold_and_method(cli: CliFn) -> None:
    out = cli("compare", "bc19", "karmma", "--section", "efficacy", width=120).stdout
    assert "83% (34/41;" in out  # of the 41 tested, not of all 50
    assert "MRD threshold" in out and "<0.01% plasma cells in bone marrow" in out
    assert "MRD method" in out and "EuroFlow flow cytometry" in out
