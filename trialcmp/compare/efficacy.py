"""The Efficacy section: response rates, MRD, time-to-event medians, landmarks and hazard
ratios.

MRD-negative CR/sCR has no field of its own in the schema: a record holds it as an
`efficacy.subgroups` entry — measure 'MRD-negative CR or sCR' (its denominator in the
label, e.g. 'all patients'), or measure 'MRD negativity' in a subgroup of patients with CR or
sCR. The row shows each such entry with its denominator, as the MRD row does: every
response rate whose denominator is not every patient names it (`population`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from trialcmp.compare.cells import (
    RowOut,
    clean_raw,
    nr_cell,
    proportion_cell,
    proportion_text,
    value_flags,
    with_flags,
)
from trialcmp.compare.comparison import NA_TEXT, NOT_APPLICABLE, Cell, SourceRef
from trialcmp.compare.context import (
    Entry,
    TrialContext,
    make_text,
    make_tte,
    report_rows,
    reported_value,
)
from trialcmp.estimate import CI_REPORTED, estimate, reported_ci_text
from trialcmp.formatting import hazard_ratio_summary, num
from trialcmp.model import Efficacy, HazardRatio, Landmark, Proportion, Subgroup
from trialcmp.model.trial import Trial


def _landmarks(body: Efficacy) -> list[Landmark] | None:
    return body.landmarks or None


def _landmarks_cell(ctx: TrialContext, used: set[int]) -> Cell:
    value: list[Landmark]
    value, index = ctx.from_reports("efficacy", _landmarks)
    if index is None:
        return nr_cell()
    used.add(index)
    lines = []
    refs: list[SourceRef] = []
    block_cites, report_cites = ctx.report_cites("efficacy", index)
    for mark in value:
        line = f"{num(mark.at_months)}-mo {mark.measure} {num(mark.pct)}%"
        if mark.ci95:
            line += f" (95% CI {reported_ci_text(mark.ci95)}{CI_REPORTED})"
        else:
            line += " (no CI)"
        if mark.population:
            line += f", {mark.population}"
        lines.append(line)
        refs.extend(ctx.refs(mark.cite, block_cites, report_cites))
    marks = (CI_REPORTED,) if any(m.ci95 for m in value) else ()
    return Cell(
        "\n".join(lines),
        raw=clean_raw(value),
        marks=marks,
        refs=tuple(dict.fromkeys(refs)),
        report=ctx.letter(index),
    )


#: a subgroup measure that is MRD-negative CR or sCR ('MRD-negative CR or sCR', '… ≥CR')
MRD_NEGATIVE_CR = re.compile(
    r"^MRD[- ]negative\s+(?:s?CR\b|≥\s*CR\b|(?:stringent )?complete response)", re.IGNORECASE
)
MRD_NEGATIVITY = re.compile(r"^MRD[- ]negativ", re.IGNORECASE)
#: a subgroup label naming patients with CR or sCR
CR_PATIENTS = re.compile(r"(?<![\w-])(?:s?CR|≥\s*CR)\b|complete response", re.IGNORECASE)


def is_mrd_negative_cr(subgroup: Subgroup) -> bool:
    measure = subgroup.measure.strip()
    if MRD_NEGATIVE_CR.match(measure):
        return True
    return bool(MRD_NEGATIVITY.match(measure)) and bool(CR_PATIENTS.search(subgroup.label))


def _mrd_negative_cr_cell(ctx: TrialContext, used: set[int]) -> Cell:
    """'44% (22/50; 95% CI 30–58‡), all patients' — one line per subgroup entry."""

    def get(body: Efficacy) -> list[Subgroup] | None:
        return [s for s in body.subgroups if is_mrd_negative_cr(s)] or None

    def describe(subgroup: Subgroup) -> Entry:
        value = subgroup.value
        text, marks = proportion_text(value)
        raw = {"label": subgroup.label, "measure": subgroup.measure, **estimate(value).raw(value)}
        return f"{text}, {subgroup.label}", marks, [value.cite], [raw]

    return ctx.entries_cell("efficacy", get, used, describe)


def share_cell(value: Any, refs: tuple[SourceRef, ...], report: str | None = None) -> Cell:
    """A response rate, naming its denominator when it is not every patient: '83% (34/41;
    …), patients with evaluable marrow samples' (83% of 41 tested is not 83% of all)."""
    cell = proportion_cell(value, refs, report)
    if isinstance(value, Proportion) and value.population:
        return dataclasses.replace(cell, text=f"{cell.text}, {value.population}")
    return cell


EFFICACY_METRICS: tuple[tuple[str, str, str], ...] = (
    ("orr", "ORR (≥PR)", "orr"),
    ("cr_or_better", "≥CR", "cr_or_better"),
    ("scr", "sCR", "scr"),
    ("cr", "CR", "cr"),
    ("vgpr", "VGPR", "vgpr"),
    ("pr", "PR", "pr"),
    ("mrd_negative", "MRD negativity", "mrd_negative"),
)
MRD_DETAILS: tuple[tuple[str, str, str], ...] = (
    ("mrd_threshold", "MRD threshold", "mrd_threshold"),
    ("mrd_method", "MRD method", "mrd_method"),
)
TIME_TO_EVENT: tuple[tuple[str, str, str], ...] = (
    ("pfs_median", "Median PFS", "pfs_median"),
    ("os_median", "Median OS", "os_median"),
    ("dor_median", "Median DOR", "dor_median"),
)


def efficacy_rows(ctx: TrialContext) -> list[RowOut]:
    used: set[int] = set()
    rows: list[RowOut] = []
    for key, label, name in EFFICACY_METRICS:
        cell = reported_value(ctx, "efficacy", (name,), used, share_cell)
        rows.append((key, label, cell))
        if key == "mrd_negative":
            cell = _mrd_negative_cr_cell(ctx, used)
            rows.append(("mrd_negative_cr", "MRD-negative CR/sCR", cell))
    # MRD is read against a threshold and a method, on the patients tested (its own N)
    for key, label, name in MRD_DETAILS:
        rows.append((key, label, reported_value(ctx, "efficacy", (name,), used, make_text)))
    for key, label, name in TIME_TO_EVENT:
        rows.append((key, label, reported_value(ctx, "efficacy", (name,), used, make_tte)))
    rows.append(("landmarks", "Landmark rates", _landmarks_cell(ctx, used)))
    return report_rows(ctx, used) + rows


def arm_names(record: Trial) -> dict[str, str]:
    return {a.id: a.label or a.id for a in record.arms if a.id}


def hazard_ratio_text(hr: HazardRatio, names: dict[str, str]) -> str:
    """'PFS HR 0.26 (95% CI 0.18–0.38; p <0.001; ITT) vs Standard care'."""
    return f"{hazard_ratio_summary(hr)} vs {names.get(hr.versus, hr.versus)}"


def hazard_ratio_cell(ctx: TrialContext) -> Cell:
    hrs = ctx.hazard_ratios()
    names = arm_names(ctx.record)
    if not hrs and ctx.arm is not None:
        arm = ctx.arm.id
        against = [
            hr for report in ctx.record.results for hr in report.hazard_ratios if hr.versus == arm
        ]
        if against:
            other = names.get(against[0].arm, against[0].arm)
            return Cell(f"reference arm (HR in the {other} column)", NOT_APPLICABLE)
    if not hrs:
        return Cell(NA_TEXT, NOT_APPLICABLE) if ctx.arm is None else nr_cell()
    refs = tuple(dict.fromkeys(r for hr in hrs for r in ctx.refs(hr.cite)))
    text = "\n".join(with_flags(hazard_ratio_text(hr, names), value_flags(hr)) for hr in hrs)
    return Cell(text, raw=[clean_raw(hr) for hr in hrs], refs=refs)
