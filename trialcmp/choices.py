"""Names the CLI offers before it imports the code behind them (cheap to import)."""

from __future__ import annotations

#: `compare --section` keys, in display order (trialcmp.compare builds one section per key).
SECTION_NAMES: tuple[str, ...] = (
    "overview",
    "product",
    "dosing",
    "lymphodepletion",
    "population",
    "eligibility",
    "endpoints",
    "efficacy",
    "safety",
)

#: `list --columns` and `--sort` fields, as in trialcmp.trial_fields.FIELDS (a test keeps
#: them equal).
LIST_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "targets",
    "construct",
    "costim",
    "dose",
    "lymphodepletion",
    "phase",
    "setting",
    "country",
    "status",
    "status_date",
    "prior_lines",
    "treated",
    "orr",
    "cr",
    "mrd",
    "pfs",
    "crs3",
    "icans3",
)
