"""What is wrong with a patient profile document, each problem located.

Schema errors (`schemas/patient.schema.json`) in the user's words, numbers that are not
finite, unknown units and values out of range after conversion, and a narrower key that
contradicts the broader one that implies it: every problem with the file, the line, the
dotted key and what is wrong, reported together as one `InputError` (`profile_error`).

A document that jsonschema-rs accepts (`trialcmp.schema.fast_check`) never reaches
jsonschema: only a rejected profile pays for the located messages.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trialcmp.eligibility.fields import FIELDS
from trialcmp.eligibility.profile_values import (
    IMPLIED,
    QUANTITY,
    convert,
    get_path,
    normalised,
    number_text,
    shown,
)
from trialcmp.errors import InputError
from trialcmp.problems import Problem
from trialcmp.schema import PATIENT_SCHEMA

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from trialcmp.yamlio import Document


def _dotted(parts: Sequence[str | int]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(the profile)"


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
        message = f"expected {_expected(schema)}, not {shown(value)}{_about(schema)}"
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        message = f"{error.message}{_about(schema)}"
    elif kind == "pattern" and schema.get("pattern") == "^never$":
        message = f'expected a number or "never", not {shown(value)}{_about(schema)}'
    elif kind == "pattern":
        message = (
            f"{shown(value)} is not a number with a unit; write a number, or"
            f' "value unit" such as "1800 /uL"{_about(schema)}'
        )
    elif kind == "enum":
        choices = ", ".join(str(c) for c in schema.get("enum", []) if c is not None)
        message = f"{shown(value)} is not one of: {choices}"
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


def _all_finite(data: Any) -> bool:
    """No NaN or infinity anywhere in `data` (one pass, no paths: the common case)."""
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is float:
            if not math.isfinite(value):
                return False
        elif kind is dict:
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif isinstance(value, float | dict | list):  # subclasses: the located walk decides
            return False
    return True


def _lab_schema(key: str) -> Mapping[str, Any]:
    from trialcmp.resources import load_schema

    schema = load_schema(PATIENT_SCHEMA)
    labs: Mapping[str, Mapping[str, Any]] = schema["properties"]["labs"]["properties"]
    return labs.get(key, {})


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
            yield ["labs", key], f'"{raw}" is {number_text(value)} {unit}, above the maximum {high}'
        elif low is not None and value < low:
            yield ["labs", key], f'"{raw}" is {number_text(value)} {unit}, below the minimum {low}'
        elif above_zero and value <= 0:
            yield ["labs", key], f'"{raw}" must be greater than 0'


def _implied_problems(data: Any) -> Iterator[tuple[list[str | int], str]]:
    """A narrower key that contradicts the broader key that implies it (IMPLIED)."""
    if not isinstance(data, Mapping):
        return
    for target, origin, when, implied, why in IMPLIED:
        value, broader = get_path(data, target), get_path(data, origin)
        if value is not None and broader == when and value != implied:
            yield (
                list(target.split(".")),
                f"{shown(value)} contradicts {origin}: {shown(when)} ({why})",
            )


def _schema_errors(data: Any) -> list[ValidationError]:
    from trialcmp.schema import validator

    return list(validator(PATIENT_SCHEMA).iter_errors(data))


def profile_problems(doc: Document) -> list[Problem]:
    """Every problem of a profile document, located, in document order."""
    from trialcmp.schema import fast_check

    found: list[tuple[list[str | int], str]] = []
    data = normalised(doc.data)
    try:
        errors = [] if fast_check(PATIENT_SCHEMA)(data) else _schema_errors(data)
    except RecursionError:  # pragma: no cover - yamlio bounds the depth first
        errors = []
        found.append(([], "the profile is nested too deeply"))
    for error in errors:
        found.extend(_messages(error))
    if not _all_finite(doc.data):
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


def profile_error(doc: Document, problems: Sequence[Problem]) -> InputError:
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
