"""The patient-profile fields a rule may name, their kinds and the units they accept.

Defined in one place: `schemas/patient.schema.json`. A key annotated with
``"x-trialcmp": {"kind": ..., "dimension": ...}`` is a field (an enum's choices are its
``enum``); the schema's top-level ``"x-trialcmp-units"`` gives, per dimension, every
accepted unit spelling and its factor to the canonical unit (the first spelling). The
keys follow the fixed contract in `shared/contracts/patient-profile.md`. Units are
converted to the canonical unit before any comparison.

`FIELDS` and `UNITS` are read from the schema on first use (`table`, cached), not when
this module is imported. Pure: no output; the only input is the bundled schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, get_args

import msgspec

Kind = Literal["number", "boolean", "enum", "list", "number_or_never"]
KINDS: frozenset[str] = frozenset(get_args(Kind))
#: the dimension of a field without a unit
NO_DIMENSION = "none"
FIELD_KEYWORD = "x-trialcmp"
UNITS_KEYWORD = "x-trialcmp-units"

_SPELLING = str.maketrans({"×": "x", "µ": "u", "μ": "u", "⁹": "9", "⁸": "8", "³": "3", "⁻": "-"})


def unit_key(spelling: str) -> str:
    """A unit spelling reduced for tolerant matching: case, spaces, ×/x, µ/u, superscripts."""
    return "".join(spelling.translate(_SPELLING).split()).casefold().replace("^", "")


def find_unit(dimension: str, spelling: str) -> str | None:
    """The registered spelling in `dimension` that `spelling` means, or None.

    Matching ignores case and spaces and accepts ×/x, µ/μ/u and superscript digits, so
    "1.8 ×10⁹/L", "1800 cells/µL" and "88 umol/l" all resolve.
    """
    units = table().units[dimension]
    if spelling in units:
        return spelling
    key = unit_key(spelling)
    for known in units:
        if unit_key(known) == key:
            return known
    return None


class Field(msgspec.Struct, frozen=True):
    """One profile field. A Struct, not a dataclass: making a dataclass costs ~0.5-1 ms of
    every command that shows or checks a rule (`show` among them)."""

    path: str
    kind: Kind
    dimension: str = NO_DIMENSION
    choices: tuple[str, ...] = ()
    #: the unit a bare number is in, as the docs print it (the schema's `x-unit`)
    shown_unit: str | None = None
    #: the dimension's unit spellings -> factor to the canonical unit (the first one)
    units: Mapping[str, float] = msgspec.field(default_factory=dict)

    @property
    def canonical_unit(self) -> str | None:
        return next(iter(self.units), None)

    def accepts_unit(self, unit: str | None) -> bool:
        if unit is None:
            return True
        return unit in self.units

    def to_canonical(self, value: float, unit: str | None) -> float:
        if unit is None:
            return value
        return value * self.units[unit]


class Table(NamedTuple):
    """The fields (dotted path -> Field, in schema order) and the units per dimension."""

    fields: dict[str, Field]
    units: dict[str, dict[str, float]]


def derive(schema: Mapping[str, Any]) -> Table:
    """The field table of a patient schema (see the module docstring).

    ValueError when an annotation names an unknown kind or dimension or a unit's factor
    is not a number, so a schema edit cannot silently drop or garble a field.
    """
    units: dict[str, dict[str, float]] = {}
    for dimension, spellings in schema.get(UNITS_KEYWORD, {}).items():
        units[dimension] = {}
        for spelling, factor in spellings.items():
            if isinstance(factor, bool) or not isinstance(factor, int | float):
                raise ValueError(f"{UNITS_KEYWORD}.{dimension}.{spelling}: not a number")
            units[dimension][spelling] = float(factor)
    units.setdefault(NO_DIMENSION, {})
    fields: dict[str, Field] = {}

    def visit(prefix: str, properties: Mapping[str, Any]) -> None:
        for name, node in properties.items():
            path = prefix + name
            note = node.get(FIELD_KEYWORD)
            if note is None:
                visit(path + ".", node.get("properties", {}))
                continue
            kind, dimension = note.get("kind"), note.get("dimension", NO_DIMENSION)
            if kind not in KINDS:
                raise ValueError(f"{path}: unknown kind {kind!r} in {FIELD_KEYWORD}")
            if dimension not in units:
                raise ValueError(f"{path}: unknown dimension {dimension!r} in {FIELD_KEYWORD}")
            choices = tuple(str(v) for v in node.get("enum", ()) if v is not None)
            unit = node.get("x-unit")
            fields[path] = Field(path, kind, dimension, choices, unit, units[dimension])

    visit("", schema.get("properties", {}))
    return Table(fields, units)


@cache
def table() -> Table:
    """The field table of the bundled patient schema, read once."""
    from trialcmp.resources import load_schema
    from trialcmp.schema import PATIENT_SCHEMA

    return derive(load_schema(PATIENT_SCHEMA))


if TYPE_CHECKING:
    #: dotted path -> Field (see `table`)
    FIELDS: dict[str, Field]
    #: dimension -> {unit spelling: factor to the canonical unit}
    UNITS: dict[str, dict[str, float]]


def __getattr__(name: str) -> Any:
    """`FIELDS` and `UNITS`, derived from the schema on first use, then plain globals."""
    if name in ("FIELDS", "UNITS"):
        fields, units = table()
        globals().update(FIELDS=fields, UNITS=units)
        return fields if name == "FIELDS" else units
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
