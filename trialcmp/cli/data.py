"""`validate`, `list` and `show`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import typer

from trialcmp.choices import LIST_FIELDS
from trialcmp.cli.app import (
    app,
    as_of_option,
    collection_of,
    data_dir_of,
    emit,
    format_choices,
    format_option,
    note,
)
from trialcmp.render.registry import reporter

if TYPE_CHECKING:  # the real choices are built from the reporter registries below
    ValidateFormat: TypeAlias = Enum
    ListFormat: TypeAlias = Enum
    ShowFormat: TypeAlias = Enum
else:
    ValidateFormat = format_choices("ValidateFormat", "validate")
    ListFormat = format_choices("ListFormat", "list")
    ShowFormat = format_choices("ShowFormat", "show")


@app.command(
    "validate",
    epilog=(
        "Examples:\n\n"
        "  trialcmp validate\n\n"
        "  trialcmp validate data/trials/NCT04182581.yaml --format github\n\n"
        "  trialcmp validate my-trials/ --strict"
    ),
)
def validate_cmd(
    ctx: typer.Context,
    paths: list[Path] | None = typer.Argument(
        None,
        metavar="[PATH…]",
        help="Trial files or folders (default: the trial collection).",
        show_default=False,
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    fmt: ValidateFormat = format_option("text", "the problems"),
) -> None:
    """Check trial files against the schema and for consistency.

    Prints every problem as FILE:LINE:COL: SEVERITY: $.json.path: message. Errors exit 1;
    warnings (the sources' own inconsistencies, values flagged for verification) exit 0
    unless --strict.
    """
    from trialcmp.resources import default_data_dir
    from trialcmp.validate import validate_paths

    targets = list(paths) if paths else [data_dir_of(ctx) or default_data_dir()]
    result = validate_paths(targets)
    emit(reporter("validate", fmt.value)(result))
    raise typer.Exit(result.exit_code(strict=strict))


@app.command(
    "list",
    epilog=(
        "Examples:\n\n"
        "  trialcmp list\n\n"
        "  trialcmp list --target CD19 --phase 1\n\n"
        "  trialcmp list --status recruiting --format csv\n\n"
        "  trialcmp list --recruiting --setting rrmm --as-of 2026-11-30"
    ),
)
def list_cmd(
    ctx: typer.Context,
    target: str | None = typer.Option(None, "--target", help="Only trials targeting ANTIGEN."),
    phase: str | None = typer.Option(None, "--phase", help="Only phases containing TEXT."),
    status: str | None = typer.Option(None, "--status", help="Only statuses containing TEXT."),
    setting: str | None = typer.Option(
        None,
        "--setting",
        metavar="SETTING",
        help="Only trials in this disease setting: relapsed/refractory (rrmm), newly-diagnosed"
        " (ndmm) or not-reported.",
    ),
    recruiting: bool = typer.Option(
        False,
        "--recruiting",
        help="Only trials 'recruiting' or 'not yet recruiting' by a DATED status; the ages"
        " and the undated ones left out are noted on stderr.",
    ),
    country: str | None = typer.Option(
        None, "--country", help="Only trials with a site in COUNTRY (e.g. China)."
    ),
    columns: str | None = typer.Option(
        None,
        "--columns",
        "-c",
        metavar="FIELD,…",
        help="The columns to show, comma-separated, from: " + ", ".join(LIST_FIELDS) + ".",
    ),
    sort: str | None = typer.Option(
        None,
        "--sort",
        "-s",
        metavar="FIELD",
        help="Order the trials by one field (same names as --columns); not reported last.",
    ),
    descending: bool = typer.Option(False, "--desc", help="Sort from high to low."),
    as_of: str | None = as_of_option(),
    fmt: ListFormat = format_option("table", "the list"),
) -> None:
    """Every trial, one row each: ID, name, targets, phase, status, patients treated, ORR.

    --columns picks other fields (e.g. -c id,name,targets,costim,orr,crs3,pfs) and --sort
    orders the rows by one of them.

    The status shows the date it was last known true and its age; one older than 12 months
    is marked stale. A name marked '(newly diagnosed)' is not a relapsed/refractory trial.
    """
    from trialcmp.landscape import parse_setting, parse_today
    from trialcmp.listing import Row, list_rows, recruiting_summary, sort_rows, with_columns

    today = parse_today(as_of)
    wanted = parse_setting(setting) if setting is not None else None
    if columns or sort:  # any field of the records: the whole records
        collection = collection_of(ctx)
    else:  # the rows' facts alone (the list's slice of the collection)
        from trialcmp.list_slice import load_for_list

        collection = collection_of(ctx, load=load_for_list)

    def rows_of(only_recruiting: bool) -> list[Row]:
        return list_rows(
            collection,
            today=today,
            target=target,
            phase=phase,
            status=status,
            setting=wanted,
            recruiting=only_recruiting,
            country=country,
        )

    names = _field_names(columns, "--columns") if columns else None
    order = _field_names(sort, "--sort") if sort else None
    rows = rows_of(recruiting)
    if recruiting:
        note(recruiting_summary(rows, rows_of(False)))
    if order:
        rows = sort_rows(collection, rows, order[0], descending=descending)
    picked = with_columns(collection, rows, names) if names else None
    emit(reporter("list", fmt.value)(rows if picked is None else picked))


def _field_names(text: str, option: str) -> list[str]:
    from trialcmp.errors import UsageProblem

    names = [n.strip().casefold().replace("-", "_") for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in LIST_FIELDS]
    if unknown or not names or (option == "--sort" and len(names) != 1):
        raise UsageProblem(
            f"{option}: {', '.join(unknown) or text!r} is not a field;"
            f" choose from {', '.join(LIST_FIELDS)}"
            + (" (one field)" if option == "--sort" else "")
        )
    return names


@app.command(
    "show",
    epilog=("Examples:\n\n  trialcmp show NCT04637269\n\n  trialcmp show bc19 --format json"),
)
def show_cmd(
    ctx: typer.Context,
    trial_id: str = typer.Argument(..., metavar="ID", help="Registry ID, short name or alias."),
    fmt: ShowFormat = format_option("text", "the record"),
) -> None:
    """One trial in full, with its sources."""

    trial = collection_of(ctx, named=[trial_id]).get(trial_id)
    emit(reporter("show", fmt.value)(trial))
