"""Schema validation: one compiled validator per schema; every error becomes a Problem.

A document is first checked by `fast_check` (jsonschema-rs; jsonschema is not even
imported); only a document it rejects goes through jsonschema, for the located messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from trialcmp.problems import Problem, Severity
from trialcmp.resources import load_schema

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

    from trialcmp.yamlio import Document

TRIAL_SCHEMA = "trial.schema.json"
PATIENT_SCHEMA = "patient.schema.json"


@cache
def validator(name: str) -> Validator:
    from jsonschema import Draft202012Validator, validators

    schema = load_schema(name)
    # jsonschema checks `uniqueItems` pairwise when items cannot be sorted (mappings, mixed
    # types): quadratic, minutes for a few thousand items. Same answer in linear time here.
    extend: Any = validators.extend
    cls: Any = extend(Draft202012Validator, {"uniqueItems": _unique_items})
    result: Validator = cls(schema)
    return result


def _canonical(value: Any) -> Any:
    """A hashable key equal for values JSON Schema calls equal (1 == 1.0, but 1 != true)."""
    if isinstance(value, bool) or value is None:
        return ("b", value)
    if isinstance(value, int | float):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list | tuple):
        return ("l", tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((_canonical(k), _canonical(v)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        return ("r", type(value).__name__, repr(value))
    return ("o", value)


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if unique and validator.is_type(instance, "array"):
        if len({_canonical(item) for item in instance}) != len(instance):
            yield ValidationError(f"{instance!r} has non-unique elements")


# ---------------------------------------------------------------- fast path

Predicate = Callable[[Any], bool]


@cache
def fast_check(name: str) -> Predicate:
    """A predicate equal to `validator(name).is_valid`: jsonschema-rs (draft 2020-12, in
    Rust; about 9x faster than the schema compiled to Python predicates it replaced, and
    50x faster than jsonschema). Formats are annotations, as in jsonschema. It rejects
    what it cannot take (NaN, infinities), so jsonschema decides those; it never accepts
    a document jsonschema rejects (tests/hostile checks both on fixtures and at random)."""
    import jsonschema_rs

    check = jsonschema_rs.validator_for(load_schema(name), validate_formats=False)

    def is_valid(value: Any) -> bool:
        try:
            return bool(check.is_valid(value))
        except (ValueError, OverflowError, TypeError):
            return False

    return is_valid


def json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.isidentifier():
            out += f".{part}"
        else:
            out += f"[{part!r}]"
    return out


def problem_at(
    doc: Document,
    parts: Any,
    message: str,
    code: str,
    severity: Severity = Severity.ERROR,
) -> Problem:
    """A problem located at the value `parts` of `doc` (line, column and JSON path)."""
    line, column = doc.locate(parts)
    return Problem(doc.path, line, column, json_path(parts), message, severity, code)


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """Replace a oneOf/anyOf failure by the errors of its most relevant branch."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        from jsonschema.exceptions import best_match, relevance

        # Errors from branches whose type does not even match are noise; if every branch
        # failed on type, the parent message ("is not valid under any ...") is clearest.
        typed = [e for e in error.context if e.validator not in ("type", "enum", "const")]
        if not typed:
            yield error
            return
        best = best_match(typed, key=relevance)
        if best is None:  # pragma: no cover - typed is non-empty
            yield error
            return
        branch = best.relative_schema_path[0] if best.relative_schema_path else None
        siblings = [e for e in typed if list(e.relative_schema_path)[:1] == [branch]] or [best]
        for sibling in siblings:
            yield from _leaves(sibling)
        return
    yield error


_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
}


def _describe(sub: Any) -> str:
    """A few words for one branch of a oneOf/anyOf."""
    if not isinstance(sub, dict):
        return ""
    ref = sub.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name == "missing":
            return "'not reported' or 'not applicable'"
        return "a " + name.replace("_", " ")
    if "required" in sub:
        return "a mapping with " + " / ".join(map(str, sub["required"]))
    kind = sub.get("type")
    if isinstance(kind, str):
        return _TYPE_WORDS.get(kind, kind)
    if "enum" in sub:
        return " or ".join(repr(v) for v in sub["enum"])
    return ""


def _message(error: ValidationError) -> str:
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    validator_name = error.validator
    if validator_name == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(_schema_of(error).get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in allowed)
        if extra:
            import difflib

            known = ", ".join(sorted(allowed))
            hints = [
                f"did you mean {close[0]!r}?"
                for close in (difflib.get_close_matches(k, sorted(allowed), n=1) for k in extra)
                if close
            ]
            hint = f" ({'; '.join(hints)})" if hints else ""
            return f"unknown key {', '.join(map(repr, extra))}{hint}; allowed keys: {known}"
    if validator_name in ("oneOf", "anyOf"):
        options = [_describe(sub) for sub in schema.get(str(validator_name), [])]
        options = [o for o in options if o]
        if options:
            listed = (
                ", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else options[0]
            )
            return f"{error.instance!r} is not valid: expected {listed}"
    return error.message


def _schema_of(error: ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def schema_problems(doc: Document, name: str = TRIAL_SCHEMA) -> list[Problem]:
    """Every schema error of the document, located."""
    return schema_report(doc, name)[0]


#: (path of a value the schema rejects, or of a mapping, and its unknown keys)
Invalid = tuple[list[str | int], tuple[str, ...] | None]
#: Errors that leave the value itself usable: a missing key, too few items.
_KEEP_VALUE = frozenset({"required", "dependentRequired", "minItems", "minProperties"})


def schema_report(doc: Document, name: str = TRIAL_SCHEMA) -> tuple[list[Problem], list[Invalid]]:
    """Every schema error of the document, located, and the parts the schema rejects (a
    whole value, or only the unknown keys of a mapping): the rest is schema-valid."""
    problems: list[Problem] = []
    invalid: list[Invalid] = []
    fast = fast_check(name)
    try:
        if fast(doc.data):
            return problems, invalid
        errors = list(validator(name).iter_errors(doc.data))
    except RecursionError:
        return [
            Problem(doc.path, 1, 1, "$", "document is nested too deeply to validate"),
        ], [([], None)]
    seen: set[tuple[str, str]] = set()
    for top in errors:
        for error in _leaves(top):
            parts = list(error.absolute_path)
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed_keys = set(_schema_of(error).get("properties", {}))
                invalid.append(
                    (parts, tuple(str(k) for k in error.instance if k not in allowed_keys))
                )
            elif error.validator not in _KEEP_VALUE:
                invalid.append((parts, None))
            path = json_path(parts)
            message = _message(error)
            if (path, message) in seen:
                continue
            seen.add((path, message))
            line, column = doc.locate(parts)
            if error.validator == "additionalProperties" and isinstance(error.instance, dict):
                allowed = set(_schema_of(error).get("properties", {}))
                extra = [k for k in error.instance if k not in allowed]
                if extra:
                    line, column = doc.locate_key(parts, str(extra[0]))
                    path = json_path([*parts, str(extra[0])])
            problems.append(
                Problem(doc.path, line, column, path, message, Severity.ERROR, "schema")
            )
    return problems, invalid
