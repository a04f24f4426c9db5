"""The Lymphodepletion section: each regimen's drugs, doses and days.

Days are counted from the CAR-T infusion on day 0 ('Flu 30 mg/m²/d d−5…−3'): the schema
stores `ld_drug.days` in that convention only, so every structured day reads alike. A
regimen whose source gives only a count of days ('×3 d') or a timing in words keeps them:
nothing in the record's data anchors them to day 0, so they are not converted. The
record's own wording (`as_written`, `timing`) is in the JSON.
"""

from __future__ import annotations

from trialcmp.compare.cells import RowOut, clean_raw, nr_cell
from trialcmp.compare.comparison import NR_TEXT, Cell, SourceRef
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import missing, num
from trialcmp.model import LdDrug, LdRegimen

DRUG_SHORT = {
    "cyclophosphamide": "Cy",
    "fludarabine": "Flu",
    "melphalan": "Mel",
    "bendamustine": "Benda",
}
LD_UNITS = {
    "mg/m²/day": "mg/m²/d",
    "mg/kg/day": "mg/kg/d",
    "mg/day": "mg/d",
}


def _day(d: int) -> str:
    return f"−{-d}" if d < 0 else (f"+{d}" if d > 0 else "0")


def drug_text(drug: LdDrug) -> str:
    """'Cy 750 mg/m² d−5', 'Flu 30 mg/m²/d d−5…−2', 'Flu 30 mg/m²/d ×3 d', 'Mel dose NR'."""
    name = DRUG_SHORT.get(drug.drug, drug.drug)
    dose = drug.dose
    if not isinstance(dose, int | float):
        text = f"{name} dose {missing(dose) or NR_TEXT}"
    else:
        amount = num(dose)
        if drug.dose_max is not None:
            amount += f"–{num(drug.dose_max)}"
        unit = drug.unit
        text = f"{name} {amount}" + (f" {LD_UNITS.get(unit, unit)}" if unit else "")
    if drug.days is not None:
        start, end = drug.days.from_, drug.days.to
        text += f" d{_day(start)}" if start == end else f" d{_day(start)}…{_day(end)}"
    elif drug.n_days is not None:
        text += f" ×{drug.n_days} d"
    return text


def regimen_text(regimen: LdRegimen) -> str:
    drugs = regimen.drugs
    text = "; ".join(drug_text(d) for d in drugs)
    timed = any(d.days is not None or d.n_days for d in drugs)
    if regimen.timing and not timed:
        text += f" ({regimen.timing})"
    if regimen.applies_to:
        text = f"{regimen.applies_to}: {text}"
    return text


def lymphodepletion_rows(ctx: TrialContext) -> list[RowOut]:
    ld = ctx.record.lymphodepletion
    regimens = ld.regimens if ld is not None else []
    if not regimens:
        return [("regimens", "Regimen(s)", nr_cell())]
    refs: list[SourceRef] = []
    for regimen in regimens:
        refs.extend(ctx.refs(regimen.cite))
    cell = Cell(
        "\n".join(regimen_text(r) for r in regimens),
        raw=clean_raw(regimens),
        refs=tuple(dict.fromkeys(refs)),
    )
    return [("regimens", "Regimen(s)", cell)]
