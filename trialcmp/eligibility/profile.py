"""Patient profiles: load, validate against `schemas/patient.schema.json`, normalise.

A profile file is read with the project's safe YAML loader and validated against the
patient schema; every problem (schema, non-finite number, unknown unit, value out of range
after conversion) is collected and reported together, each with the file, the line, the
dotted key and what is wrong, as one `InputError` (exit code 2).

Normalising turns the nested YAML into a flat mapping ``dotted key -> value`` over every
field of `trialcmp.eligibility.fields.FIELDS`, in canonical units:

* a lab value may be a bare number (in the canonical unit) or a string ``"value unit"``
  (``"1800 /uL"``, ``"1.8 x10^9/L"``, ``"88 umol/L"``, ``"88 µmol/L"``, ``"1.2 x ULN"``);
  the unit is matched tolerantly (case, spaces, ×/x, µ/u) and converted;
* an absent key or null stays None (unknown), never a default;
* ``labs.creatinine_clearance``, when not given, is computed by Cockcroft–Gault from age,
  sex, weight_kg and labs.creatinine; the profile records that it was computed and how,
  and when it cannot be, which keys are missing. A given value always wins.

Nothing is cached or written: a profile lives only in memory for one run.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trialcmp.eligibility.fields import FIELDS, UNITS, find_unit
from trialcmp.eligibility.rules import tidy
from trialcmp.errors import InputError
from trialcmp.problems import Problem
from trialcmp.schema import PATIENT_SCHEMA
from trialcmp.yamlio import Document, load_document

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

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
PROFILE_SUFFIXES = (".yaml", ".yml")
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


# ---------------------------------------------------------------- validation


def _dotted(parts: Sequence[str | int]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(the profile)"


def _shown(value: Any) -> str:
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


def _expected(schema: Mapping[str, Any]) -> str:
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    words: list[str] = []
    for name in types:
        if name == "null":
            continue
        if name == "string" and schema.get("pattern") == "^never$":
            words.append('"never"')
        elif name == "string" and "pattern" in schema:
            words.append('a "value unit" text such as "1800 /uL"')
        else:
            words.append(
                {
                    "integer": "a whole number",
                    "number": "a number",
                    "boolean": "true or false",
                    "string": "text",
                    "array": "a list",
                    "object": "a mapping of keys",
                }.get(name, name)
            )
    return " or ".join(words) or "null"


def _about(schema: Mapping[str, Any]) -> str:
    """The first sentence of the key's description, to say what the key is."""
    description = str(schema.get("description", ""))
    first = re.split(r"\.\s+(?=[A-Z])", description)[0].rstrip(".")
    return f" ({first})" if first else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _messages(error: ValidationError) -> list[tuple[list[str | int], str]]:
    """(key path, message) for one schema error; unknown keys give one entry each."""
    parts: list[str | int] = list(error.absolute_path)
    schema: Mapping[str, Any] = error.schema if isinstance(error.schema, Mapping) else {}
    if not parts:  # the whole profile: its description says nothing useful here
        schema = {k: v for k, v in schema.items() if k != "description"}
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        out: list[tuple[list[str | int], str]] = []
        for key in value:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; allowed: {', '.join(allowed)}"
            out.append(([*parts, str(key)], f"unknown key {str(key)!r}{hint}"))
        return out
    if kind == "type":
        message = f"expected {_expected(schema)}, not {_shown(value)}{_about(schema)}"
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        message = f"{error.message}{_about(schema)}"
    elif kind == "pattern" and schema.get("pattern") == "^never$":
        message = f'expected a number or "never", not {_shown(value)}{_about(schema)}'
    elif kind == "pattern":
        message = (
            f"{_shown(value)} is not a number with a unit; write a number, or"
            f' "value unit" such as "1800 /uL"{_about(schema)}'
        )
    elif kind == "enum":
        choices = ", ".join(str(c) for c in schema.get("enum", []) if c is not None)
        message = f"{_shown(value)} is not one of: {choices}"
    elif kind == "minLength":
        message = "must not be empty"
    else:
        message = error.message
    return [(parts, message)]


def _finite_problems(data: Any, parts: list[str | int]) -> Iterable[tuple[list[str | int], str]]:
    if isinstance(data, float) and not math.isfinite(data):
        yield parts, f"{data!r} is not a finite number"
    elif isinstance(data, dict):
        for key, sub in data.items():
            yield from _finite_problems(sub, [*parts, str(key)])
    elif isinstance(data, list):
        for i, sub in enumerate(data):
            yield from _finite_problems(sub, [*parts, i])


def _lab_schema(key: str) -> Mapping[str, Any]:
    from trialcmp.resources import load_schema

    schema = load_schema(PATIENT_SCHEMA)
    labs: Mapping[str, Mapping[str, Any]] = schema["properties"]["labs"]["properties"]
    return labs.get(key, {})


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


def _unit_problems(data: Any) -> Iterable[tuple[list[str | int], str]]:
    labs = data.get("labs") if isinstance(data, dict) else None
    if not isinstance(labs, dict):
        return
    for key, raw in labs.items():
        path = f"labs.{key}"
        if path not in FIELDS or not isinstance(raw, str) or QUANTITY.match(raw) is None:
            continue  # the schema reports these
        value, problem = convert(path, raw)
        if problem is not None or value is None:
            yield ["labs", key], problem or "cannot convert"
            continue
        bounds = _lab_schema(key)
        unit = FIELDS[path].canonical_unit or ""
        low, high = bounds.get("minimum"), bounds.get("maximum")
        above_zero = "exclusiveMinimum" in bounds
        if high is not None and value > high:
            yield ["labs", key], f'"{raw}" is {_number(value)} {unit}, above the maximum {high}'
        elif low is not None and value < low:
            yield ["labs", key], f'"{raw}" is {_number(value)} {unit}, below the minimum {low}'
        elif above_zero and value <= 0:
            yield ["labs", key], f'"{raw}" must be greater than 0'


def normalised(data: Any) -> Any:
    """Profile data with `sex` in lower case ("Female", "MALE" are accepted); else as given."""
    if isinstance(data, Mapping) and isinstance(data.get("sex"), str):
        sex = data["sex"].strip().casefold()
        if sex in FIELDS["sex"].choices:
            return {**data, "sex": sex}
    return data


def _implied_problems(data: Any) -> Iterator[tuple[list[str | int], str]]:
    """A narrower key that contradicts the broader key that implies it (IMPLIED)."""
    if not isinstance(data, Mapping):
        return
    for target, origin, when, implied, why in IMPLIED:
        value, broader = _get(data, target), _get(data, origin)
        if value is not None and broader == when and value != implied:
            yield (
                list(target.split(".")),
                f"{_shown(value)} contradicts {origin}: {_shown(when)} ({why})",
            )


def profile_problems(doc: Document) -> list[Problem]:
    """Every problem of a profile document, located, in document order."""
    from trialcmp.schema import validator

    found: list[tuple[list[str | int], str]] = []
    try:
        errors = list(validator(PATIENT_SCHEMA).iter_errors(normalised(doc.data)))
    except RecursionError:  # pragma: no cover - yamlio bounds the depth first
        errors = []
        found.append(([], "the profile is nested too deeply"))
    for error in errors:
        found.extend(_messages(error))
    found.extend(_finite_problems(doc.data, []))
    found.extend(_unit_problems(doc.data))
    found.extend(_implied_problems(doc.data))
    problems: set[Problem] = set()
    for parts, message in found:
        if parts and isinstance(parts[-1], str) and message.startswith("unknown key"):
            line, column = doc.locate_key(parts[:-1], parts[-1])
        else:
            line, column = doc.locate(parts)
        problems.add(Problem(doc.path, line, column, _dotted(parts), message, code="profile"))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path, p.message))


def _error(doc: Document, problems: Sequence[Problem]) -> InputError:
    hint = "see schemas/patient.schema.json and the contract for every key, its type and unit"
    if len(problems) == 1:
        only = problems[0]
        return InputError(
            f"{only.path}: {only.message}",
            file=doc.path,
            line=only.line,
            column=only.column,
            hint=hint,
        )
    lines = [f"the patient profile has {len(problems)} problems:"]
    lines += [f"  {p.location()}: {p.path}: {p.message}" for p in problems]
    return InputError("\n".join(lines), file=doc.path, hint=hint)


# ---------------------------------------------------------------- normalising


def _get(data: Mapping[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


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
        raw = _get(data, path)
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
                f"computed by Cockcroft–Gault: (140 − {_number(age)}) × {_number(weight)} kg"
                f" / (72 × {creat_text}){factor} = {crcl:.1f} mL/min"
            )

    for target, origin, when, implied, why in IMPLIED:
        if values.get(target) is None and values.get(origin) == when:
            values[target] = implied
            computed[target] = f"{_shown(implied)}, implied by {origin}: {_shown(when)} ({why})"

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


def profile_from_document(doc: Document) -> Profile:
    """Validate a parsed profile document and normalise it; InputError lists every problem."""
    problems = profile_problems(doc)
    if problems:
        raise _error(doc, problems)
    data = normalised(doc.data) if isinstance(doc.data, Mapping) else {}
    return build_profile(data, source=doc.path)


def profile_from_data(data: Any, *, source: str = "<profile>") -> Profile:
    """Validate and normalise profile data given in memory (e.g. by tests)."""
    import yaml

    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return profile_from_document(Document(path=source, text=text, data=data))


def load_profile(path: Path, *, display: str | None = None) -> Profile:
    """Read, validate and normalise one profile file."""
    return profile_from_document(load_document(path, display=display or str(path)))


def profile_files(path: Path) -> list[Path]:
    """`path` itself, or the .yaml/.yml files of a folder, sorted by name."""
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in PROFILE_SUFFIXES)
    if not files:
        raise InputError("folder has no .yaml or .yml patient profiles", file=str(path))
    return files


def load_profiles(paths: Sequence[Path]) -> list[Profile]:
    """Every profile of the given files and folders; all their problems are reported at once."""
    profiles: list[Profile] = []
    failures: list[InputError] = []
    for path in paths:
        try:
            files = profile_files(path)
        except InputError as exc:
            failures.append(exc)
            continue
        for file in files:
            try:
                profiles.append(load_profile(file))
            except InputError as exc:
                failures.append(exc)
    if len(failures) == 1:
        raise failures[0]
    if failures:
        message = f"{len(failures)} patient profiles have problems:\n" + "\n".join(
            "  " + "\n  ".join(exc.message.splitlines()) for exc in failures
        )
        raise InputError(message, hint=failures[0].hint)
    return profiles
