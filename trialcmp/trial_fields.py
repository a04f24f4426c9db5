"""One light registry of the trial fields people put in a landscape table.

Each field has a name (what `list --columns` and `--sort` take), a header, a one-line
description for `--help`, and a function from a typed record (`trialcmp.model.Trial`) to a
value: `(text, key)`, the text as printed and a sort key (None when the record does not
report it, which sorts last whatever the direction). Reading a field needs only the model
and the formatting helpers, so `list` does not import the compare sections.

Pure: record in, values out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trialcmp.formatting import (
    NOT_REPORTED,
    dose,
    latest,
    missing,
    num,
    proportion_brief,
    time_to_event,
    trial_treated,
)
from trialcmp.model import MedianRange, Proportion, TimeToEvent, Trial, get

Value = tuple[str, float | str | None]


@dataclass(frozen=True)
class TrialField:
    name: str
    header: str
    help: str
    read: Callable[[Trial], Value]
    #: a header abbreviation (ends in ".") for narrow terminals, and what it stands for
    abbrev: str | None = None


def _words(value: Any) -> str:
    """An enum value as words: 'tandem_bispecific' -> 'tandem bispecific'."""
    return str(value).replace("_", " ")


def _text(value: Any) -> Value:
    mark = missing(value)
    if mark is not None or value is None:
        return mark or NOT_REPORTED, None
    if isinstance(value, list):
        shown = ", ".join(_words(v) for v in value)
        return shown or NOT_REPORTED, shown.casefold() or None
    return _words(value), _words(value).casefold()


def _path(*keys: str) -> Callable[[Trial], Value]:
    def read(record: Trial) -> Value:
        node: Any = record
        for key in keys:
            node = get(node, key)
        return _text(node)

    return read


def _proportion(section: str, *path: str) -> Callable[[Trial], Value]:
    def read(record: Trial) -> Value:
        value, _ = latest(record, section, path[0])
        for key in path[1:]:
            value = get(value, key)
        if not isinstance(value, Proportion):
            return NOT_REPORTED, None
        text = proportion_brief(value)
        n, total, pct = value.n, value.N, value.pct
        number = pct if pct is not None else (100 * n / total if n is not None and total else None)
        return text, float(number) if number is not None else None

    return read


def _pfs(record: Trial) -> Value:
    value, _ = latest(record, "efficacy", "pfs_median")
    if not isinstance(value, TimeToEvent):
        return NOT_REPORTED, None
    key = float("inf") if value.not_reached else value.months
    return time_to_event(value), key


def _targets(record: Trial) -> Value:
    shown = "/".join(record.product.targets)
    return shown or NOT_REPORTED, shown.casefold() or None


def _dose(record: Trial) -> Value:
    levels = record.dosing.levels if record.dosing else []
    if not levels:
        return NOT_REPORTED, None
    shown = "; ".join(dose(level) for level in levels)
    first = levels[0]
    return shown, float(first.value) * 10**first.exponent


def _lymphodepletion(record: Trial) -> Value:
    regimens = record.lymphodepletion.regimens if record.lymphodepletion else []
    shown = "; ".join(r.label for r in regimens if r.label)
    return shown or NOT_REPORTED, shown.casefold() or None


def _prior_lines(record: Trial) -> Value:
    value = record.population.prior_lines if record.population else None
    if not isinstance(value, MedianRange):
        return NOT_REPORTED, None
    return num(value.median), float(value.median)


def _treated(record: Trial) -> Value:
    treated = trial_treated(record)
    return (NOT_REPORTED, None) if treated is None else (str(treated), float(treated))


def _status_date(record: Trial) -> Value:
    when = record.design.status_as_of
    if not when or when == "not reported":
        return "undated", None
    return when, when


def _countries(record: Trial) -> Value:
    return _text(record.design.countries)


FIELDS: dict[str, TrialField] = {
    f.name: f
    for f in (
        TrialField("id", "ID", "registry ID (or trialcmp's own)", lambda r: _text(r.id)),
        TrialField("name", "Name", "short name", lambda r: _text(r.short_name)),
        TrialField("targets", "Targets", "target antigens", _targets),
        TrialField("construct", "Construct", "CAR construct", _path("product", "construct")),
        TrialField(
            "costim",
            "Costim.",
            "co-stimulatory domain",
            _path("product", "costimulatory_domain"),
        ),
        TrialField("dose", "Dose", "dose levels", _dose),
        TrialField("lymphodepletion", "LD", "lymphodepletion regimens", _lymphodepletion),
        TrialField("phase", "Phase", "trial phase", _path("design", "phase")),
        TrialField("setting", "Setting", "disease setting", _path("setting")),
        TrialField("country", "Country", "countries of the sites", _countries),
        TrialField("status", "Status", "recruitment status", _path("design", "status")),
        TrialField("status_date", "Status date", "date the status was known", _status_date),
        TrialField("prior_lines", "Prior lines", "median prior lines of therapy", _prior_lines),
        TrialField("treated", "Treated", "patients treated", _treated, abbrev="Pts."),
        TrialField("orr", "ORR", "overall response rate", _proportion("efficacy", "orr")),
        TrialField(
            "cr", "≥CR", "complete response or better", _proportion("efficacy", "cr_or_better")
        ),
        TrialField("mrd", "MRD−", "MRD negativity", _proportion("efficacy", "mrd_negative")),
        TrialField("pfs", "Median PFS", "median progression-free survival", _pfs),
        TrialField(
            "crs3",
            "CRS ≥3",
            "grade ≥3 cytokine release syndrome",
            _proportion("safety", "crs", "grade3plus"),
        ),
        TrialField(
            "icans3",
            "ICANS ≥3",
            "grade ≥3 neurotoxicity (ICANS)",
            _proportion("safety", "neurotoxicity", "grade3plus"),
        ),
    )
}

DEFAULT_COLUMNS = ("id", "name", "targets", "phase", "status", "treated", "orr")


def read(name: str, record: Trial) -> Value:
    """The (text, sort key) of field `name` for one record."""
    return FIELDS[name].read(record)


def sort_key(name: str, record: Trial, *, descending: bool = False) -> tuple[int, Any]:
    """A key that sorts by field `name`, unreported values last in either direction."""
    _, key = read(name, record)
    if key is None:
        return (1, 0)
    if descending:
        return (0, -key) if isinstance(key, float | int) else (0, _Reverse(str(key)))
    return (0, key)


class _Reverse(str):
    """A string that sorts in reverse."""

    __slots__ = ()

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)
