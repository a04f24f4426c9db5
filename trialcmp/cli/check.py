"""`check`: pre-screen patient profiles against the trials' curated eligibility criteria."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import typer

from trialcmp.cli.app import (
    app,
    as_of_option,
    collection_of,
    emit,
    format_choices,
    format_option,
    note,
)
from trialcmp.render.registry import reporter

if TYPE_CHECKING:  # the real choices are built from the reporter registry below
    CheckFormat: TypeAlias = Enum
else:
    CheckFormat = format_choices("CheckFormat", "check")


@app.command(
    "check",
    epilog=(
        "Examples:\n\n"
        "  trialcmp check --patient examples/eligible-nct07003555.yaml\n\n"
        "  trialcmp check --patient p.yaml --trial NCT04637269 --format json\n\n"
        "  trialcmp check --patient patients/ --recruiting --format csv"
    ),
)
def check_cmd(
    ctx: typer.Context,
    patients: list[Path] = typer.Option(
        ...,
        "--patient",
        "-p",
        metavar="FILE|DIR",
        help="Patient profile (YAML), or a folder of them; repeat for several patients.",
        show_default=False,
    ),
    trials: list[str] | None = typer.Option(
        None,
        "--trial",
        "-t",
        metavar="ID",
        help="Check only this trial (ID, short name or alias); repeatable.",
        show_default=False,
    ),
    recruiting: bool = typer.Option(
        False,
        "--recruiting",
        help="Check only trials 'recruiting' or 'not yet recruiting' by a DATED status.",
    ),
    setting: str | None = typer.Option(
        None,
        "--setting",
        metavar="SETTING",
        help="Check only trials in this disease setting: relapsed/refractory (rrmm),"
        " newly-diagnosed (ndmm) or not-reported.",
    ),
    as_of: str | None = as_of_option(),
    brief: bool = typer.Option(
        False,
        "--brief",
        help="Only the summary (verdict, status, deciding reason per trial) and what to"
        " collect; no per-criterion detail.",
    ),
    fmt: CheckFormat = format_option("text", "the report"),
) -> None:
    """Pre-screen patients against each trial's eligibility criteria.

    Per trial: a verdict (eligible / ineligible / incomplete) and, per criterion, pass,
    fail, unknown (with the profile keys to collect) or manual (to confirm with the
    investigators). Missing data is unknown, never a pass, and never gives eligible.

    Several patients (--patient repeated, or a folder) give a matrix of verdicts: table
    and csv, or json as {"trials": [...], "patients": [one report per patient],
    "matrix": [...]}. For one patient file, json is the report object itself:
    {"patient", "results": [{"trial", "verdict", "criteria": [...]}]}.

    Exit 0 whatever the verdicts; 2 for a bad profile or an unknown trial. Profiles are
    only read: nothing about a patient is written anywhere.
    """
    from trialcmp.collection_entries import no_cycle_collection

    with no_cycle_collection():
        _check(ctx, patients, trials, recruiting, setting, as_of, brief, fmt)


def _check(
    ctx: typer.Context,
    patients: list[Path],
    trials: list[str] | None,
    recruiting: bool,
    setting: str | None,
    as_of: str | None,
    brief: bool,
    fmt: CheckFormat,
) -> None:
    from dataclasses import replace

    from trialcmp.check_slice import load_for_check
    from trialcmp.eligibility.engine import check_patients
    from trialcmp.eligibility.profile import load_profiles
    from trialcmp.landscape import parse_setting, parse_today

    today = parse_today(as_of)
    wanted_setting = parse_setting(setting) if setting is not None else None

    profiles = load_profiles(patients)
    collection = collection_of(ctx, load=load_for_check)
    # An invalid record stays in the report (incomplete, reason "invalid record"), also
    # when --trial names it; it is never dropped silently.
    broken = collection.invalid_named(trials) if trials else list(collection.invalid)
    wanted = [q for q in trials or () if not collection.invalid_named([q])]
    selected = collection.select(wanted) if trials else list(collection)
    if wanted_setting is not None:
        selected = [t for t in selected if t.compiled.setting == wanted_setting]
        if not selected:
            note(f"no {wanted_setting} trial among the trials selected")
    if recruiting:
        statuses = {t.id: t.compiled.status_on(today) for t in selected}
        undated = [t.id for t in selected if statuses[t.id].open and not statuses[t.id].dated]
        selected = [t for t in selected if statuses[t.id].open_and_dated]
        if undated:
            note(
                f"not checked: {len(undated)} trial(s) whose 'recruiting' status has no date"
                f" ({', '.join(undated)})"
            )
        if not selected:
            note("no trial recruiting or not yet recruiting by a dated status among those selected")
    single = len(patients) == 1 and not patients[0].is_dir()
    invalid = [(i.names[0], i.message()) for i in broken]
    run = check_patients(
        [t.compiled for t in selected], profiles, single=single, invalid=invalid, today=today
    )
    if brief:
        run = replace(run, brief=True)
    emit(reporter("check", fmt.value)(run))
