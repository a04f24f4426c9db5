"""Schema validation: one compiled validator per schema; every error becomes a Problem.

A document is first checked by `fast_check`, the schema compiled into plain Python
predicates (about ten times faster than jsonschema, and jsonschema is not even imported);
only a document it rejects goes through jsonschema, for the located messages.
"""

from __future__ import annotations

import re
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

#: Keywords that never make a document invalid (format is an annotation by default).
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",
        "x-unit",  # trialcmp's own annotation: the unit of a bare number
        "then",  # handled with "if"
        "else",
    }
)


class _Unsupported(Exception):
    """The schema uses a keyword the fast path does not implement: use jsonschema."""


def _type_test(kind: str) -> Predicate:
    # As jsonschema's Draft 2020-12 type checker: bool is not a number, 1.0 is an integer.
    if kind == "string":
        return lambda v: isinstance(v, str)
    if kind == "object":
        return lambda v: isinstance(v, dict)
    if kind == "array":
        return lambda v: isinstance(v, list)
    if kind == "boolean":
        return lambda v: isinstance(v, bool)
    if kind == "null":
        return lambda v: v is None
    if kind == "number":
        return _is_number
    if kind == "integer":
        return lambda v: (
            not isinstance(v, bool)
            and (isinstance(v, int) or (isinstance(v, float) and v.is_integer()))
        )
    raise _Unsupported(f"type {kind!r}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's equality: bool is not 1, containers compare element-wise."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list | tuple) and isinstance(two, list | tuple):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(k in two and _equal(v, two[k]) for k, v in one.items())
    if isinstance(one, bool) != isinstance(two, bool):
        return False
    return bool(one == two)


def _all(checks: list[Predicate]) -> Predicate:
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    frozen = tuple(checks)

    def check(value: Any) -> bool:
        return all(each(value) for each in frozen)

    return check


class _Compiler:
    """JSON Schema (the keywords our schemas use) to predicates equivalent to
    `Draft202012Validator(schema).is_valid`, with the uniqueItems of `validator()`."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Predicate] = {}

    def ref(self, ref: str) -> Predicate:
        if ref in self.refs:
            return self.refs[ref]
        if not ref.startswith("#"):
            raise _Unsupported(f"$ref {ref!r}")
        cell: list[Predicate] = []
        self.refs[ref] = lambda v: cell[0](v)  # recursion-safe: filled in below
        target: Any = self.root
        for token in ref[1:].split("/")[1:]:
            token = token.replace("~1", "/").replace("~0", "~")
            target = target[int(token)] if isinstance(target, list) else target[token]
        cell.append(self.compile(target))
        return self.refs[ref]

    def compile(self, schema: Any) -> Predicate:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise _Unsupported(repr(schema))
        checks: list[Predicate] = []
        for key, arg in sorted(schema.items(), key=lambda kv: kv[0] != "type"):  # type first
            if key in _ANNOTATIONS:
                continue
            handler = getattr(self, "k_" + key.lstrip("$"), None)
            if handler is None:
                raise _Unsupported(key)
            checks.append(handler(arg, schema))
        return _all(checks)

    def k_ref(self, arg: str, schema: dict[str, Any]) -> Predicate:
        return self.ref(arg)

    def k_type(self, arg: Any, schema: dict[str, Any]) -> Predicate:
        tests = [_type_test(k) for k in ([arg] if isinstance(arg, str) else arg)]
        if len(tests) == 1:
            return tests[0]
        return lambda v: any(t(v) for t in tests)

    def k_enum(self, arg: list[Any], schema: dict[str, Any]) -> Predicate:
        return lambda v: any(_equal(each, v) for each in arg)

    def k_const(self, arg: Any, schema: dict[str, Any]) -> Predicate:
        return lambda v: _equal(v, arg)

    def k_required(self, arg: list[str], schema: dict[str, Any]) -> Predicate:
        return lambda v: not isinstance(v, dict) or all(k in v for k in arg)

    def k_dependentRequired(self, arg: dict[str, list[str]], schema: dict[str, Any]) -> Predicate:
        pairs = list(arg.items())
        return lambda v: (
            not isinstance(v, dict) or all(all(d in v for d in deps) for k, deps in pairs if k in v)
        )

    def k_properties(self, arg: dict[str, Any], schema: dict[str, Any]) -> Predicate:
        props = [(name, self.compile(sub)) for name, sub in arg.items()]

        def check(value: Any) -> bool:
            if isinstance(value, dict):
                for name, sub in props:
                    if name in value and not sub(value[name]):
                        return False
            return True

        return check

    def k_additionalProperties(self, arg: Any, schema: dict[str, Any]) -> Predicate:
        if "patternProperties" in schema:
            raise _Unsupported("patternProperties")
        known = frozenset(schema.get("properties", {}))
        if arg is False:
            return lambda v: not isinstance(v, dict) or all(k in known for k in v)
        if not isinstance(arg, dict):  # true
            return lambda v: True
        sub = self.compile(arg)
        return lambda v: (
            not isinstance(v, dict) or all(sub(x) for k, x in v.items() if k not in known)
        )

    def k_items(self, arg: Any, schema: dict[str, Any]) -> Predicate:
        prefix = len(schema.get("prefixItems", []))
        if arg is False:
            return lambda v: not isinstance(v, list) or len(v) <= prefix
        sub = self.compile(arg)
        return lambda v: not isinstance(v, list) or all(sub(x) for x in v[prefix:])

    def k_prefixItems(self, arg: list[Any], schema: dict[str, Any]) -> Predicate:
        subs = [self.compile(s) for s in arg]
        return lambda v: not isinstance(v, list) or all(s(x) for s, x in zip(subs, v, strict=False))

    def k_minItems(self, arg: int, schema: dict[str, Any]) -> Predicate:
        return lambda v: not isinstance(v, list) or len(v) >= arg

    def k_maxItems(self, arg: int, schema: dict[str, Any]) -> Predicate:
        return lambda v: not isinstance(v, list) or len(v) <= arg

    def k_uniqueItems(self, arg: bool, schema: dict[str, Any]) -> Predicate:
        if not arg:
            return lambda v: True
        return lambda v: not isinstance(v, list) or len({_canonical(x) for x in v}) == len(v)

    def k_minLength(self, arg: int, schema: dict[str, Any]) -> Predicate:
        return lambda v: not isinstance(v, str) or len(v) >= arg

    def k_maxLength(self, arg: int, schema: dict[str, Any]) -> Predicate:
        return lambda v: not isinstance(v, str) or len(v) <= arg

    def k_pattern(self, arg: str, schema: dict[str, Any]) -> Predicate:
        search = re.compile(arg).search
        return lambda v: not isinstance(v, str) or search(v) is not None

    def k_minimum(self, arg: float, schema: dict[str, Any]) -> Predicate:
        return lambda v: not _is_number(v) or not v < arg

    def k_maximum(self, arg: float, schema: dict[str, Any]) -> Predicate:
        return lambda v: not _is_number(v) or not v > arg

    def k_exclusiveMinimum(self, arg: float, schema: dict[str, Any]) -> Predicate:
        return lambda v: not _is_number(v) or not v <= arg

    def k_exclusiveMaximum(self, arg: float, schema: dict[str, Any]) -> Predicate:
        return lambda v: not _is_number(v) or not v >= arg

    def k_allOf(self, arg: list[Any], schema: dict[str, Any]) -> Predicate:
        return _all([self.compile(s) for s in arg])

    def k_anyOf(self, arg: list[Any], schema: dict[str, Any]) -> Predicate:
        subs = [self.compile(s) for s in arg]
        return lambda v: any(s(v) for s in subs)

    def k_oneOf(self, arg: list[Any], schema: dict[str, Any]) -> Predicate:
        subs = [self.compile(s) for s in arg]
        return lambda v: sum(1 for s in subs if s(v)) == 1

    def k_not(self, arg: Any, schema: dict[str, Any]) -> Predicate:
        sub = self.compile(arg)
        return lambda v: not sub(v)

    def k_if(self, arg: Any, schema: dict[str, Any]) -> Predicate:
        test = self.compile(arg)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda v: then(v) if test(v) else otherwise(v)


@cache
def fast_check(name: str) -> Predicate | None:
    """A predicate equal to `validator(name).is_valid`, or None if the schema uses a
    keyword it does not implement."""
    schema = load_schema(name)
    try:
        return _Compiler(schema).compile(schema)
    except _Unsupported:
        return None


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
        if fast is not None and fast(doc.data):
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
