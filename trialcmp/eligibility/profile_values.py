"""A patient profile in canonical units: the `Profile` type and how it is built.

Normalising turns the nested YAML into a flat mapping ``dotted key -> value`` over every
field of `trialcmp.eligibility.fields.FIELDS`, in canonical units:

* a lab value may be a bare number (in the canonical unit) or a string ``"value unit"``
  (``"1800 /uL"``, ``"1.8 x10^9/L"``, ``"88 umol/L"``, ``"88 µmol/L"``, ``"1.2 x ULN"``);
  the unit is matched tolerantly (case, spaces, ×/x, µ/u) and converted;
* an absent key or null stays None (unknown), never a default;
* ``labs.creatinine_clearance``, when not given, is computed by Cockcroft–Gault from age,
  sex, weight_kg and labs.creatinine; the profile records that it was computed and how,
  and when it cannot be, which keys are missing. A given value always wins;
* a narrower key that a broader one decides (IMPLIED) takes the implied value.

Pure: data in, a Profile out. Validation is `trialcmp.eligibility.profile_problems`;
reading files is `trialcmp.eligibility.profile`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trialcmp.eligibility.fields import FIELDS, UNITS, find_unit
from trialcmp.eligibility.rules import tidy

#: "value unit": a non-negative decimal, then a unit that starts with a non-digit or is
#: separated by a space ("1800 /uL", "1.8x10^9/L", "1.8 10^9/L"); the schema's pattern
#: accepts exactly the same texts.
QUANTITY = re.compile(
    r"^\s*(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:\s*(?=[^\s0-9.+-])|\s+(?=[0-9]))(?P<unit>\S.*?)\s*$"
)
CRCL = "labs.creatinine_clearance"
#: The Cockcroft–Gault inputs, in the order they are reported when missing.
CG_INPUTS = ("age", "sex", "weight_kg", "labs.creatinine")
FEMALE_FACTOR = 0.85
#: A narrower key that a broader one decides when it is not given: (key, from key, when the
#: broader key has this value, the narrower key's value, why). Nothing else is inferred.
IMPLIED: tuple[tuple[str, str, Any, Any, str], ...] = (
    (
        "conditions.months_since_pci",
        "conditions.months_since_coronary_revascularization",
        "never",
        "never",
        "no revascularisation of any kind",
    ),
    (
        "conditions.months_since_cabg",
        "conditions.months_since_coronary_revascularization",
        "never",
        "never",
        "no revascularisation of any kind",
    ),
    (
        "serology.hcv_rna_quantifiable",
        "serology.hcv_rna_detectable",
        False,
        False,
        "RNA that is not detectable is not above the limit of quantification",
    ),
)


@dataclass(frozen=True)
class Profile:
    """A validated patient profile in canonical units (see the module docstring)."""

    label: str
    source: str
    values: Mapping[str, Any]
    #: dotted key -> the "value unit" text it was converted from
    given: Mapping[str, str] = field(default_factory=dict)
    #: dotted key -> how the value was computed (e.g. Cockcroft–Gault)
    computed: Mapping[str, str] = field(default_factory=dict)
    #: dotted key -> other keys that would let it be known (when it is unknown)
    alternatives: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: key -> `fact(key)`, filled on first use (a profile is checked against many criteria)
    facts: Mapping[str, tuple[Any, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", _Facts(self))

    def value(self, path: str) -> Any:
        return self.values.get(path)

    def missing_keys(self, path: str) -> tuple[str, ...]:
        return (path, *self.alternatives.get(path, ()))

    def hint(self, path: str) -> str | None:
        """A sentence on how to make an unknown `path` known, when there is a choice."""
        others = self.alternatives.get(path)
        if path == CRCL and others:
            return (
                f"give {CRCL}, or {', '.join(others)} so that it can be computed by Cockcroft–Gault"
            )
        return None

    def fact(self, path: str) -> tuple[Any, ...]:
        """All that a result can depend on about `path`: its value (repr keeps 1, 1.0 and
        True apart and makes lists hashable), how it was computed or given, and what would
        make it known. Two profiles with equal facts for a rule's keys get the same result."""
        return self.facts[path]


class _Facts(dict[str, tuple[Any, ...]]):
    """`Profile.fact` of every key asked for, computed on first use."""

    __slots__ = ("profile",)

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def __missing__(self, path: str) -> tuple[Any, ...]:
        profile = self.profile
        fact = self[path] = (
            repr(profile.values.get(path)),
            profile.computed.get(path),
            profile.given.get(path),
            profile.alternatives.get(path),
        )
        return fact


def shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def convert(path: str, text: str) -> tuple[float | None, str | None]:
    """(canonical value, None) for a "value unit" text, or (None, what is wrong)."""
    spec = FIELDS[path]
    match = QUANTITY.match(text)
    if match is None:
        return None, f'"{text}" is not a number with a unit, such as "1800 /uL"'
    unit = find_unit(spec.dimension, match["unit"])
    if unit is None:
        accepted = ", ".join(UNITS[spec.dimension]) or "no unit"
        return None, (f'unknown unit "{match["unit"]}" in "{text}"; {path} accepts: {accepted}')
    return tidy(spec.to_canonical(float(match["number"]), unit)), None


def normalised(data: Any) -> Any:
    """Profile data with `sex` in lower case ("Female", "MALE" are accepted); else as given."""
    if isinstance(data, Mapping) and isinstance(data.get("sex"), str):
        sex = data["sex"].strip().casefold()
        if sex in FIELDS["sex"].choices:
            return {**data, "sex": sex}
    return data


def get_path(data: Mapping[str, Any], path: str) -> Any:
    """The value at the dotted `path`, None when a step is absent or not a mapping."""
    node: Any = data
    for part in path.split("."):
        # a dict first: the abstract Mapping check costs ten times as much
        if not (type(node) is dict or isinstance(node, Mapping)):
            return None
        node = node.get(part)
    return node


#: a field's dotted path split once: (section, key) or (key,) (filled on first use: FIELDS
#: is read from the patient schema only when first needed)
_PARTS: dict[str, tuple[str, ...]] = {}


def _value_at(data: Mapping[str, Any], path: str) -> Any:
    """`get_path` for a field of FIELDS, splitting its path only once per run."""
    parts = _PARTS.get(path)
    if parts is None:
        parts = _PARTS[path] = tuple(path.split("."))
    node = data.get(parts[0])
    if len(parts) == 1:
        return node
    if type(node) is dict or isinstance(node, Mapping):
        return node.get(parts[1]) if len(parts) == 2 else get_path(node, ".".join(parts[1:]))
    return None


def _tidy_number(value: float) -> float | int:
    value = tidy(value)
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def cockcroft_gault(age: float, weight_kg: float, creatinine_mg_dl: float, sex: str) -> float:
    """Creatinine clearance in mL/min: (140 − age) × weight / (72 × creatinine) [× 0.85 ♀]."""
    crcl = (140 - age) * weight_kg / (72 * creatinine_mg_dl)
    if sex == "female":
        crcl *= FEMALE_FACTOR
    return tidy(crcl)


def build_profile(data: Mapping[str, Any], *, source: str = "<profile>") -> Profile:
    """Normalise validated profile data (see `load_profile`) into a Profile."""
    values: dict[str, Any] = {}
    given: dict[str, str] = {}
    for path, spec in FIELDS.items():
        raw = _value_at(data, path)
        if isinstance(raw, str) and spec.kind == "number":
            converted, problem = convert(path, raw)
            if problem is not None:
                raise ValueError(f"{path}: {problem}")
            values[path] = None if converted is None else _tidy_number(converted)
            given[path] = raw.strip()
        elif isinstance(raw, list):
            values[path] = list(raw)
        else:
            values[path] = raw

    computed: dict[str, str] = {}
    alternatives: dict[str, tuple[str, ...]] = {}
    if values.get(CRCL) is None:
        absent = tuple(key for key in CG_INPUTS if values.get(key) is None)
        if absent:
            alternatives[CRCL] = absent
        else:
            age, sex, weight, creat = (values[k] for k in CG_INPUTS)
            crcl = cockcroft_gault(age, weight, creat, sex)
            values[CRCL] = crcl
            factor = f" × {FEMALE_FACTOR} (female)" if sex == "female" else " (male)"
            creat_text = f"{creat:.3g} mg/dL"
            if "labs.creatinine" in given:
                creat_text += f" (given as {given['labs.creatinine']})"
            computed[CRCL] = (
                f"computed by Cockcroft–Gault: (140 − {number_text(age)})"
                f" × {number_text(weight)} kg"
                f" / (72 × {creat_text}){factor} = {crcl:.1f} mL/min"
            )

    for target, origin, when, implied, why in IMPLIED:
        if values.get(target) is None and values.get(origin) == when:
            values[target] = implied
            computed[target] = f"{shown(implied)}, implied by {origin}: {shown(when)} ({why})"

    raw_id = data.get("id")
    label = str(raw_id) if raw_id is not None and str(raw_id).strip() else Path(source).stem
    return Profile(
        label=label,
        source=source,
        values=values,
        given=given,
        computed=computed,
        alternatives=alternatives,
    )
