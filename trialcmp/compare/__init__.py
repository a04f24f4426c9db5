"""`compare`: trials side by side, as data — sections → rows → one cell per trial.

A `Cell` carries its display text (plain text, no footnote markers), the raw value(s) for
JSON, a kind (a value, not reported, not applicable, or — for eligibility thresholds — not
stated by the curated criteria), the legend marks its text uses and the sources it was read
from. Footnote numbers are assigned once the rows to show are known, in reading order (rows
top to bottom, trials left to right); the same document gets the same number everywhere.

Proportions read `92% (46/50; 95% CI 81–98‡)`: the exact Clopper–Pearson interval computed
from the counts when the source gives counts (‡), the source's own interval otherwise (†).
The sections read each trial's typed record (`trial.record`, `trialcmp.model`), never the
raw document. Nothing here prints or imports Rich/Typer; the reporters in
`trialcmp.render.compare` format a `Comparison`.

The package:
- `comparison` — the model (`Cell`, `Row`, `Section`, `TrialHead`, `Footnote`,
  `Comparison`), cell kinds, legend marks and texts;
- `cells` — shared cell helpers (missing values, flags, proportions, medians);
- `context` — one column's trial or arm, reading values from its reports;
- one module per section: `overview`, `product`, `dosing`, `lymphodepletion`,
  `population`, `eligibility`, `endpoints`, `efficacy`, `safety`;
- `builder` — `build_comparison`, `resolve_sections`, source numbering and the legend.

The public names of the former single module stay importable from `trialcmp.compare`.
Importing the package imports every section: only `compare` and `plot` do, never `list`,
`show` or `--version` (see tests/cli/test_lazy_imports.py).
"""

from __future__ import annotations

from trialcmp.compare.builder import (
    SECTION_NAMES,
    SECTIONS,
    SectionSpec,
    build_comparison,
    resolve_sections,
)
from trialcmp.compare.cells import RowOut, proportion_text, time_to_event_text
from trialcmp.compare.comparison import (
    CAUTION,
    DIFFERS,
    DIFFERS_LEGEND,
    INCONSISTENT,
    KIND_LEGEND,
    MARK_MEANINGS,
    NA_TEXT,
    NOT_APPLICABLE,
    NOT_REPORTED,
    NOT_STATED,
    NOT_STATED_LEGEND,
    NOT_STATED_TEXT,
    NR_TEXT,
    PARTIAL_TEXT,
    REPORT_LEGEND,
    SOURCES_LEGEND,
    VALUE,
    VERIFY,
    Cell,
    Comparison,
    Footnote,
    Row,
    Section,
    SourceRef,
    TrialHead,
)
from trialcmp.compare.context import Maker
from trialcmp.compare.dosing import dose_text
from trialcmp.compare.efficacy import (
    EFFICACY_METRICS,
    MRD_DETAILS,
    TIME_TO_EVENT,
    hazard_ratio_text,
)
from trialcmp.compare.eligibility import ELIGIBILITY_ROWS
from trialcmp.compare.lymphodepletion import DRUG_SHORT, LD_UNITS, drug_text, regimen_text
from trialcmp.compare.overview import DESIGN_KEYS
from trialcmp.compare.product import CELL_SOURCES, CONSTRUCTS
from trialcmp.eligibility.text import BOOLEAN_WORDS, MERGED_PREFIXES, OPS, leaf_text

__all__ = [
    "BOOLEAN_WORDS",
    "CAUTION",
    "CELL_SOURCES",
    "CONSTRUCTS",
    "DESIGN_KEYS",
    "DIFFERS",
    "DIFFERS_LEGEND",
    "DRUG_SHORT",
    "EFFICACY_METRICS",
    "ELIGIBILITY_ROWS",
    "INCONSISTENT",
    "KIND_LEGEND",
    "LD_UNITS",
    "MARK_MEANINGS",
    "MERGED_PREFIXES",
    "MRD_DETAILS",
    "NA_TEXT",
    "NOT_APPLICABLE",
    "NOT_REPORTED",
    "NOT_STATED",
    "NOT_STATED_LEGEND",
    "NOT_STATED_TEXT",
    "NR_TEXT",
    "OPS",
    "PARTIAL_TEXT",
    "REPORT_LEGEND",
    "SECTIONS",
    "SECTION_NAMES",
    "SOURCES_LEGEND",
    "TIME_TO_EVENT",
    "VALUE",
    "VERIFY",
    "Cell",
    "Comparison",
    "Footnote",
    "Maker",
    "Row",
    "RowOut",
    "Section",
    "SectionSpec",
    "SourceRef",
    "TrialHead",
    "build_comparison",
    "dose_text",
    "drug_text",
    "hazard_ratio_text",
    "leaf_text",
    "proportion_text",
    "regimen_text",
    "resolve_sections",
    "time_to_event_text",
]
