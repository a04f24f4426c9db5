"""Schema validation: one compiled validator per schema; every error becomes a Problem."""

from __future__ import annotations

from collections.abc import Iterator
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
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    cls: Any = Draft202012Validator
    result: Validator = cls(schema)
    return result


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
            known = ", ".join(sorted(allowed))
            return f"unknown key {', '.join(map(repr, extra))}; allowed keys: {known}"
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
    problems: list[Problem] = []
    try:
        errors = list(validator(name).iter_errors(doc.data))
    except RecursionError:
        return [
            Problem(doc.path, 1, 1, "$", "document is nested too deeply to validate"),
        ]
    seen: set[tuple[str, str]] = set()
    for top in errors:
        for error in _leaves(top):
            parts = list(error.absolute_path)
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
    return problems
