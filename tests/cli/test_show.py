"""show: notes as bullets, enum values as words, sources with their URL, criteria as a flat
list with their rules, no internal file paths; no token broken at 60–200 columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_widths import WIDTHS, assert_clean
from tests.conftest import ORIGINAL_IDS, CliFn, run_original
from tests.records import trial_model
from trialcmp.render.record_tree import words


def test_enum_values_read_as_words() -> None:
    assert words("tandem_bispecific") == "tandem bispecific"
    assert words("secondary_report") == "secondary report"
    assert words("4-1BB") == "4-1BB" and words("NCT07003555") == "NCT07003555"


def test_show_reads_as_a_person_would(original_data: Path) -> None:
    out = run_original("show", "BC19", folder=original_data, width=100).stdout
    assert "construct: tandem bispecific" in out and "tandem_bispecific" not in out
    assert "notes\n" in out and "• " in out  # notes as bullets
    assert "Eligibility ──" in out
    assert "• inclusion age: (1) Less than 70 years old" in out
    assert "rule: age < 70 years" in out
    sources = out.split("Sources ──", 1)[1]
    assert ".txt" not in sources and "; file " not in sources  # no internal file names
    assert "(paper" in out


def test_show_gives_the_registry_url(original_data: Path) -> None:
    out = run_original("show", "NCT07003555", folder=original_data, width=100).stdout
    assert "ClinicalTrials.gov: https://clinicaltrials.gov/study/NCT07003555" in out


def test_an_unknown_trial_names_no_internal_path(cli: CliFn) -> None:
    run = cli("show", "nosuchtrial")
    assert run.exit_code == 2
    assert "the trial collection" in run.stderr
    assert "data/trials" not in run.stderr


@pytest.mark.parametrize("width", WIDTHS)
def test_show_breaks_no_token(width: int, original_data: Path) -> None:
    for trial in ORIGINAL_IDS:
        assert_clean(("show", trial), width, original_data)


def test_show_and_compare_give_the_same_dose_text(original_data: Path) -> None:
    from trialcmp.formatting import dose

    for trial in ORIGINAL_IDS:
        dosing = trial_model(trial).dosing
        levels = dosing.levels if dosing is not None else []
        if not levels:
            continue
        shown = run_original("show", trial, folder=original_data, width=200).stdout
        compared = run_original(
            "compare",
            trial,
            "bc19" if trial != "ChiCTR2000033567" else "karmma",
            "--section",
            "dosing",
            folder=original_data,
            width=200,
        ).stdout
        for level in levels:
            assert dose(level) in shown, trial
            assert dose(level) in compared, trial


def test_only_the_labels_of_the_headline_are_bold() -> None:
    from trialcmp.render.show import _headline

    line = _headline(trial_model("ChiCTR2000033567"))
    assert line.plain.startswith("status: ")
    assert not line.style  # a base style would make the whole headline bold
    bold = {line.plain[s.start : s.end] for s in line.spans if s.style == "bold"}
    assert bold == {"status: ", " · setting: "}


ALL_IDS = sorted(p.stem for p in (Path(__file__).parents[2] / "data" / "trials").glob("*.yaml"))


@pytest.mark.parametrize("trial_id", ALL_IDS)
def test_show_json_is_the_file_in_the_files_key_order(cli: CliFn, trial_id: str) -> None:
    """Values come from the model, the order from the file: the JSON is the file's document,
    key for key in the same order (the model's field order is not the files')."""
    import json

    import yaml

    from trialcmp.yamlio import parse

    path = Path(__file__).resolve().parents[2] / "data" / "trials" / f"{trial_id}.yaml"
    document = parse(path.read_text(encoding="utf-8"), path.name)
    shown = json.loads(cli("show", trial_id, "--format", "json").stdout)
    assert json.dumps(shown) == json.dumps(document)  # order included
    assert yaml.safe_load(cli("show", trial_id, "--format", "yaml").stdout) == document


def test_the_text_follows_the_files_order_where_it_differs_from_the_models(cli: CliFn) -> None:
    out = cli("show", "bc19").stdout
    report = out.split("\nresults\n", 1)[1]
    # the file writes a report's treated count before its cut-off, its note and source
    # before its efficacy; the model declares data_cutoff first and the note and cite last
    assert report.index("treated: 50") < report.index("data cutoff: 2022-06-30")
    assert report.index("note: Other reported outcomes") < report.index("efficacy")


def test_the_eligibility_blocks_own_source_is_shown(cli: CliFn) -> None:
    """Where the criteria were read (the block's cite, required by the schema) is printed
    under the block's status and note, before the first criterion."""
    out = cli("show", "NCT07003555").stdout
    block = out.split("Eligibility ──", 1)[1].split("\n• ", 1)[0]
    assert "source: [1] Eligibility Criteria “The following criteria are taken directly" in block


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_show_reads_the_same_order_from_the_cache_and_from_the_file(cli: CliFn, fmt: str) -> None:
    """A record built from its file keeps the file's dict for its key order; one from the
    cache reads the order from the cached JSON: both print the same."""
    fresh = cli("--no-cache", "show", "bc19", "--format", fmt).stdout
    cli("show", "bc19")  # fills the cache
    cached = cli("show", "bc19", "--format", fmt).stdout
    assert fresh == cached
    assert fresh.index("treated") < fresh.index("data cutoff" if fmt == "text" else "data_cutoff")
