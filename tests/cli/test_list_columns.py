"""`list --columns`, `--sort`, `--country`: the landscape table people build by hand."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

import msgspec
import pytest

from tests.conftest import DATA_DIR, ORIGINAL_IDS, CliFn, run_original
from trialcmp import model
from trialcmp.choices import LIST_FIELDS
from trialcmp.trial_fields import FIELDS, read, sort_key
from trialcmp.yamlio import load_document


@cache  # a model is frozen: the 26 fields x 8 records read eight models, built once
def _record(trial: str) -> model.Trial:
    data = load_document(DATA_DIR / f"{trial}.yaml").data
    assert isinstance(data, dict)
    return model.build(data)


def test_the_cli_offers_exactly_the_registry_fields() -> None:
    assert tuple(FIELDS) == LIST_FIELDS


def test_help_lists_the_field_names(cli: CliFn) -> None:
    out = " ".join(cli("list", "--help", width=200).stdout.split())
    for name in LIST_FIELDS:
        assert name in out


@pytest.mark.parametrize("name", LIST_FIELDS)
def test_every_field_reads_every_original_record(name: str) -> None:
    for trial in ORIGINAL_IDS:
        text, _ = read(name, _record(trial))
        assert isinstance(text, str) and text, (name, trial)


def test_values_of_bc19() -> None:
    data = _record("ChiCTR2000033567")
    assert read("construct", data)[0] == "tandem bispecific"
    assert read("costim", data)[0] == "4-1BB"
    assert read("cr", data) == ("60%* (30/50)", 60.0)
    assert read("mrd", data) == ("83% (34/41)", 83.0)
    assert read("pfs", data) == ("19.7 mo (95% CI 7.7–31.7)", 19.7)
    assert read("crs3", data) == ("8% (4/50)", 8.0)
    assert read("prior_lines", data) == ("4", 4.0)
    assert read("country", data)[0] == "China"


def test_columns_pick_the_fields_in_every_format(original_data: Path) -> None:
    args = ("list", "--columns", "id,costim,crs3,pfs")
    table = run_original(*args, folder=original_data).stdout
    assert table.splitlines()[0].split() == ["ID", "Costim.", "CRS", "≥3", "Median", "PFS"]
    rows = list(
        csv.reader(io.StringIO(run_original(*args, "-f", "csv", folder=original_data).stdout))
    )
    assert rows[0] == ["id", "costim", "crs3", "pfs"]
    bc19 = next(r for r in rows if r[0] == "ChiCTR2000033567")
    assert bc19 == ["ChiCTR2000033567", "4-1BB", "8% (4/50)", "19.7 mo (95% CI 7.7–31.7)"]
    data = json.loads(run_original(*args, "-f", "json", folder=original_data).stdout)
    assert data[0].keys() == {"id", "costim", "crs3", "pfs"}
    md = run_original(*args, "-f", "markdown", folder=original_data).stdout
    assert md.startswith("| ID | Costim. | CRS ≥3 | Median PFS |")


def test_sort_orders_by_one_field_unreported_last(original_data: Path) -> None:
    run = run_original("list", "--sort", "orr", "--desc", "-f", "json", folder=original_data)
    ids = [r["id"] for r in json.loads(run.stdout)]
    assert ids[:4] == ["NCT03548207", "ChiCTR2000033567", "ChiCTR1800018143", "NCT03361748"]
    up = run_original("list", "--sort", "orr", "-f", "json", folder=original_data)
    assert [r["id"] for r in json.loads(up.stdout)][:4] == list(reversed(ids[:4]))
    by_name = run_original(
        "list", "--sort", "name", "-c", "name", "-f", "csv", folder=original_data
    )
    names = [r[0] for r in csv.reader(io.StringIO(by_name.stdout))][1:]
    assert names == sorted(names, key=str.casefold)


def test_country_filter(original_data: Path) -> None:
    run = run_original("list", "--country", "china", "-f", "json", folder=original_data)
    ids = {r["id"] for r in json.loads(run.stdout)}
    assert "ChiCTR2000033567" in ids and "NCT03361748" not in ids


def test_an_unknown_field_is_a_usage_error_naming_the_choices(cli: CliFn) -> None:
    run = cli("list", "--columns", "id,ordr")
    assert run.exit_code == 2
    assert "ordr" in run.stderr and "choose from id, name" in run.stderr
    assert cli("list", "--sort", "orr,cr").exit_code == 2


def _with_orr(record: model.Trial, n: int | None) -> model.Trial:
    orr = model.Efficacy(orr=model.Proportion(n=n, N=10), cite=[]) if n is not None else None
    reports = [model.Report(label="r", efficacy=orr, cite=[])]
    return msgspec.structs.replace(record, arms=[], results=reports)


def test_sort_key_puts_missing_values_last_both_ways() -> None:
    base = _record("ChiCTR2000033567")
    high, low, none = _with_orr(base, 9), _with_orr(base, 1), _with_orr(base, None)
    up = sorted([none, high, low], key=lambda d: sort_key("orr", d))
    down = sorted([none, low, high], key=lambda d: sort_key("orr", d, descending=True))
    assert up == [low, high, none] and down == [high, low, none]
