"""`import` and `refresh`: the only commands that may reach the registry's API."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import typer

from trialcmp.cli.app import (
    app,
    collection_of,
    emit,
    format_choices,
    format_option,
    note,
)
from trialcmp.render.registry import reporter

if TYPE_CHECKING:  # the real choices are built from the reporter registry below
    RefreshFormat: TypeAlias = Enum
else:
    RefreshFormat = format_choices("RefreshFormat", "refresh")


@app.command(
    "import",
    epilog=(
        "Examples:\n\n"
        "  trialcmp import NCT04181827 --out data/trials/NCT04181827.yaml\n\n"
        "  trialcmp import study.json > NCT04181827.yaml\n\n"
        "  curl -s URL | trialcmp import -"
    ),
)
def import_cmd(
    source: str = typer.Argument(
        ...,
        metavar="FILE|-|NCT_ID",
        help="A ClinicalTrials.gov API v2 study record (JSON file, or - for stdin), or an NCT"
        " ID to fetch from the registry's API.",
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write the skeleton to this file instead of stdout."
    ),
    force: bool = typer.Option(False, "--force", help="Replace the --out file if it exists."),
) -> None:
    """Start a trial record from a registry record: a YAML skeleton to curate.

    Copies identity, title, sponsor, phase, design, status with its verified date,
    enrolment, sites, arms and interventions, outcomes and the registry block; splits the
    eligibility text into one criterion per item. Age and sex become rules; every other
    criterion is marked 'to curate'. Fetching an NCT ID uses TRIALCMP_CTGOV_URL (default:
    the public API); nothing but the ID is sent.
    """
    from datetime import date

    from trialcmp.ctgov.importer import make_skeleton, read_record, write_atomically

    study, fetched = read_record(source, stdin=sys.stdin.buffer)
    skeleton = make_skeleton(study, fetched_on=date.today() if fetched else None)
    if out is None:
        emit(skeleton.text)
    else:
        write_atomically(out, skeleton.text, force=force)
        note(f"wrote {out}")
        if out.stem != skeleton.nct_id:
            note(f"rename it {skeleton.nct_id}.yaml: `validate` wants the file named after the ID")
    note(
        f"{skeleton.nct_id}: {skeleton.criteria_to_curate} criteria and the product's targets"
        " to curate; `trialcmp validate` lists what is left"
    )


@app.command(
    "refresh",
    epilog=(
        "Examples:\n\n"
        "  trialcmp refresh\n\n"
        "  trialcmp refresh NCT04181827 --format json\n\n"
        "  trialcmp refresh --write    # exit 1 when a file changed: open a pull request"
    ),
)
def refresh_cmd(
    ctx: typer.Context,
    ids: list[str] | None = typer.Argument(
        None, metavar="[ID…]", help="Trials to refresh (default: every trial)."
    ),
    write: bool = typer.Option(
        False,
        "--write",
        help="Update each changed file's registry block and design.status/status_as_of.",
    ),
    fmt: RefreshFormat = format_option("table", "the changes"),
) -> None:
    """Compare each trial's registry block with the registry's current record.

    Reports status, status-verified date, last update, enrolment, phase, primary
    completion, number of sites, and whether the eligibility text changed (to re-curate).
    Trials registered elsewhere (ChiCTR, ...) are listed as having no registry API. Exit 0:
    nothing changed; 1: something changed; 2: a trial could not be fetched.
    """
    from datetime import date

    from trialcmp.ctgov.refresh import refresh

    collection = collection_of(ctx, named=list(ids or []))
    result = refresh(collection, list(ids or []), write=write, today=date.today())
    emit(reporter("refresh", fmt.value)(result))
    raise typer.Exit(result.exit_code)
