"""The patient-profile fields a rule may name, their kinds and the units they accept.

The keys follow the fixed contract in `shared/contracts/patient-profile.md`
(see also `schemas/patient.schema.json`). Units are converted to the canonical unit
(the first one listed for each dimension) before any comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["number", "boolean", "enum", "list", "number_or_never"]

#: dimension -> {unit spelling: factor to the canonical unit}
UNITS: dict[str, dict[str, float]] = {
    "count_1e9_per_l": {
        "x10^9/L": 1.0,
        "×10^9/L": 1.0,
        "x 10^9/L": 1.0,
        "10^9/L": 1.0,
        "x10^8/L": 0.1,
        "/uL": 0.001,
        "/µL": 0.001,
        "/mm3": 0.001,
        "cells/uL": 0.001,
        "G/L": 1.0,
        "10^3/uL": 1.0,
        "K/uL": 1.0,
    },
    "creatinine_mg_dl": {"mg/dL": 1.0, "umol/L": 1 / 88.4, "µmol/L": 1 / 88.4, "μmol/L": 1 / 88.4},
    "uln_multiple": {"x ULN": 1.0, "× ULN": 1.0, "xULN": 1.0, "ULN": 1.0},
    "percent": {"%": 1.0},
    "haemoglobin_g_dl": {"g/dL": 1.0, "g/L": 0.1, "mmol/L": 1.6114},
    "calcium_mg_dl": {"mg/dL": 1.0, "mmol/L": 4.008},
    "ml_min": {"mL/min": 1.0, "ml/min": 1.0},
    "years": {"years": 1.0},
    "months": {"months": 1.0, "weeks": 12 / 52, "years": 12.0},
    "weeks": {"weeks": 1.0, "months": 52 / 12, "days": 1 / 7},
    "mg_day": {"mg/day": 1.0},
    "kg": {"kg": 1.0},
    "none": {},
}


_SPELLING = str.maketrans({"×": "x", "µ": "u", "μ": "u", "⁹": "9", "⁸": "8", "³": "3", "⁻": "-"})


def unit_key(spelling: str) -> str:
    """A unit spelling reduced for tolerant matching: case, spaces, ×/x, µ/u, superscripts."""
    return "".join(spelling.translate(_SPELLING).split()).casefold().replace("^", "")


def find_unit(dimension: str, spelling: str) -> str | None:
    """The registered spelling in `dimension` that `spelling` means, or None.

    Matching ignores case and spaces and accepts ×/x, µ/μ/u and superscript digits, so
    "1.8 ×10⁹/L", "1800 cells/µL" and "88 umol/l" all resolve.
    """
    units = UNITS[dimension]
    if spelling in units:
        return spelling
    key = unit_key(spelling)
    for known in units:
        if unit_key(known) == key:
            return known
    return None


@dataclass(frozen=True)
class Field:
    path: str
    kind: Kind
    dimension: str = "none"
    choices: tuple[str, ...] = ()

    @property
    def canonical_unit(self) -> str | None:
        units = UNITS[self.dimension]
        return next(iter(units)) if units else None

    def accepts_unit(self, unit: str | None) -> bool:
        if unit is None:
            return True
        return unit in UNITS[self.dimension]

    def to_canonical(self, value: float, unit: str | None) -> float:
        if unit is None:
            return value
        return value * UNITS[self.dimension][unit]


def _fields() -> dict[str, Field]:
    out: dict[str, Field] = {}

    def add(path: str, kind: Kind, dimension: str = "none", choices: tuple[str, ...] = ()) -> None:
        out[path] = Field(path, kind, dimension, choices)

    add("age", "number", "years")
    add("sex", "enum", choices=("female", "male"))
    add("weight_kg", "number", "kg")
    for key in ("childbearing_potential", "pregnant", "breastfeeding"):
        add(key, "boolean")
    add("ecog", "number")
    add("life_expectancy_months", "number", "months")
    for key in (
        "relapsed_refractory",
        "relapsed",
        "refractory",
        "measurable_disease",
        "extramedullary_measurable",
        "bcma_positive",
        "gprc5d_positive",
        "cd19_positive",
        "cns_involvement",
        "plasma_cell_leukaemia",
        "al_amyloidosis",
        "poems_syndrome",
    ):
        add(f"disease.{key}", "boolean")
    add("disease.bcma_expression_pct", "number", "percent")
    add("prior_therapy.lines", "number")
    add("prior_therapy.regimens", "number")
    for key in (
        "proteasome_inhibitor",
        "imid",
        "anti_cd38",
        "bcma_bispecific",
        "bcma_adc",
        "gprc5d_bispecific",
        "pi_refractory",
        "imid_refractory",
        "anti_cd38_refractory",
        "triple_refractory",
        "penta_refractory",
        "allogeneic_sct",
    ):
        add(f"prior_therapy.{key}", "boolean")
    add("prior_therapy.refractory_drugs", "list")
    add("prior_therapy.car_t", "list")
    add("prior_therapy.weeks_since_last_therapy", "number", "weeks")
    add("prior_therapy.weeks_since_other_trial", "number_or_never", "weeks")
    for key in ("anc", "platelets", "alc"):
        add(f"labs.{key}", "number", "count_1e9_per_l")
    for key in ("alt_uln", "ast_uln", "bilirubin_uln", "pt_uln", "aptt_uln"):
        add(f"labs.{key}", "number", "uln_multiple")
    add("labs.haemoglobin", "number", "haemoglobin_g_dl")
    add("labs.corrected_calcium", "number", "calcium_mg_dl")
    add("labs.creatinine", "number", "creatinine_mg_dl")
    add("labs.creatinine_clearance", "number", "ml_min")
    for key in ("lvef_pct", "spo2_pct", "fev1_pct_predicted"):
        add(f"labs.{key}", "number", "percent")
    for key in (
        "hbsag_positive",
        "hbv_dna_detectable",
        "hcv_antibody_positive",
        "hcv_rna_detectable",
        "hcv_rna_quantifiable",
        "hiv_positive",
        "syphilis_positive",
    ):
        add(f"serology.{key}", "boolean")
    for key in (
        "active_infection",
        "active_infection_uncontrolled",
        "autoimmune_disease_active",
        "autoimmune_disease_history",
        "gvhd_active",
        "gvhd_uncontrolled",
        "cns_disorder",
        "cns_disorder_symptomatic",
        "unstable_angina",
        "ventricular_arrhythmia",
        "unexplained_syncope",
        "cardiomyopathy_severe",
        "bone_marrow_failure_syndrome",
        "other_malignancy_active",
        "pulmonary_fibrosis",
        "severe_mental_disorder",
        "indwelling_catheter",
    ):
        add(f"conditions.{key}", "boolean")
    add("conditions.nyha_class", "number")
    add("conditions.unresolved_toxicity_grade", "number")
    add("conditions.months_since_myocardial_infarction", "number_or_never", "months")
    add("conditions.months_since_coronary_revascularization", "number_or_never", "months")
    add("conditions.months_since_pci", "number_or_never", "months")
    add("conditions.months_since_cabg", "number_or_never", "months")
    add("conditions.cardiomyopathy_type", "enum", choices=("ischemic", "non-ischemic", "none"))
    add("conditions.systemic_steroid_prednisone_mg_day", "number", "mg_day")
    add("allergies", "list")
    return out


FIELDS: dict[str, Field] = _fields()

#: Operators and the field kinds they apply to.
OPERATORS: dict[str, frozenset[Kind]] = {
    "<": frozenset({"number", "number_or_never"}),
    "<=": frozenset({"number", "number_or_never"}),
    ">": frozenset({"number", "number_or_never"}),
    ">=": frozenset({"number", "number_or_never"}),
    "==": frozenset({"number", "boolean", "enum"}),
    "!=": frozenset({"number", "boolean", "enum"}),
    "in": frozenset({"number", "enum"}),
    "not in": frozenset({"number", "enum"}),
    "contains any": frozenset({"list"}),
    "empty": frozenset({"list"}),
    "not empty": frozenset({"list"}),
}
