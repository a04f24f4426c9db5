"""trialcmp: compare CAR-T trials in relapsed/refractory multiple myeloma and pre-screen patients.

The package is a library first: `trialcmp.collection` loads and looks up trial records,
`trialcmp.validate` checks them, `trialcmp.compare` lines them up and `trialcmp.eligibility`
pre-screens a patient. `trialcmp.cli` is a thin Typer shell around those.
"""

__version__ = "0.1.0"
