"""`profile`: the patient profile's keys, or a blank profile to fill in."""

from __future__ import annotations

import typer

from trialcmp.cli.app import app, emit


@app.command(
    "profile",
    epilog=(
        "Examples:\n\n"
        "  trialcmp profile --template > patient.yaml\n\n"
        "  trialcmp profile    # every key with its unit, meaning and an example (Markdown)"
    ),
)
def profile_cmd(
    template: bool = typer.Option(
        False,
        "--template",
        help="Print a blank profile: every key with null and a comment giving its unit.",
    ),
) -> None:
    """The patient profile that `check --patient` reads: its keys, or a blank template.

    Both are generated from schemas/patient.schema.json, as is docs/patient-profile.md.
    """
    from trialcmp.profile_doc import markdown
    from trialcmp.profile_doc import template as blank
    from trialcmp.resources import load_schema
    from trialcmp.schema import PATIENT_SCHEMA

    schema = load_schema(PATIENT_SCHEMA)
    emit(blank(schema) if template else markdown(schema))
