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
