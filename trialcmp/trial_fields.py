"""One light registry of the trial fields people put in a landscape table.

Each field has a name (what `list --columns` and `--sort` take), a header, a one-line
description for `--help`, and a function from a record's data to a value: `(text, key)`,
the text as printed and a sort key (None when the record does not report it, which sorts
last whatever the direction). Reading a field needs only the record's data and the
formatting helpers, so `list` does not import the compare sections.

Pure: data in, values out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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

Value = tuple[str, float | str | None]
Data = Mapping[str, Any]


@dataclass(frozen=True)
class TrialField:
    name: str
    header: str
    help: str
    read: Callable[[Data], Value]
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


def _path(*keys: str) -> Callable[[Data], Value]:
    def read(data: Data) -> Value:
        node: Any = data
        for key in keys:
            node = node.get(key) if isinstance(node, Mapping) else None
        return _text(node)

    return read


def _proportion(section: str, *path: str) -> Callable[[Data], Value]:
    def read(data: Data) -> Value:
        value, _ = latest(dict(data), section, path[0])
        for key in path[1:]:
            value = value.get(key) if isinstance(value, Mapping) else None
        if not isinstance(value, Mapping):
            return NOT_REPORTED, None
        text = proportion_brief(value)
        n, total, pct = value.get("n"), value.get("N"), value.get("pct")
        number = pct if pct is not None else (100 * n / total if n is not None and total else None)
        return text, float(number) if number is not None else None

    return read


def _pfs(data: Data) -> Value:
    value, _ = latest(dict(data), "efficacy", "pfs_median")
    if not isinstance(value, Mapping):
        return NOT_REPORTED, None
    key = float("inf") if value.get("not_reached") else value.get("months")
    return time_to_event(value), key


def _targets(data: Data) -> Value:
    targets = (data.get("product") or {}).get("targets") or []
    shown = "/".join(str(t) for t in targets)
    return shown or NOT_REPORTED, shown.casefold() or None


def _dose(data: Data) -> Value:
    levels = (data.get("dosing") or {}).get("levels") or []
    if not levels:
        return NOT_REPORTED, None
    shown = "; ".join(dose(level) for level in levels)
    first = levels[0]
    return shown, float(first["value"]) * 10 ** int(first["exponent"])


def _lymphodepletion(data: Data) -> Value:
    regimens = (data.get("lymphodepletion") or {}).get("regimens") or []
    labels = [str(r.get("label")) for r in regimens if r.get("label")]
    shown = "; ".join(labels)
    return shown or NOT_REPORTED, shown.casefold() or None


def _prior_lines(data: Data) -> Value:
    value = (data.get("population") or {}).get("prior_lines")
    if not isinstance(value, Mapping) or value.get("median") is None:
        return NOT_REPORTED, None
    return num(value["median"]), float(value["median"])


def _treated(data: Data) -> Value:
    treated = trial_treated(dict(data))
    return (NOT_REPORTED, None) if treated is None else (str(treated), float(treated))


def _status_date(data: Data) -> Value:
    when = (data.get("design") or {}).get("status_as_of")
    if not when or when == "not reported":
        return "undated", None
    return str(when), str(when)


def _countries(data: Data) -> Value:
    return _text((data.get("design") or {}).get("countries"))


FIELDS: dict[str, TrialField] = {
    f.name: f
    for f in (
        TrialField("id", "ID", "registry ID (or trialcmp's own)", lambda d: _text(d.get("id"))),
        TrialField("name", "Name", "short name", lambda d: _text(d.get("short_name"))),
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


def read(name: str, data: Data) -> Value:
    """The (text, sort key) of field `name` for one record."""
    return FIELDS[name].read(data)


def sort_key(name: str, data: Data, *, descending: bool = False) -> tuple[int, Any]:
    """A key that sorts by field `name`, unreported values last in either direction."""
    _, key = read(name, data)
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
