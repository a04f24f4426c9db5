"""The patient profile documented from its schema: the key reference and a blank template.

Both `docs/patient-profile.md` and `trialcmp profile --template` are generated here from
`schemas/patient.schema.json` (its descriptions, its `x-unit` annotations and its
`examples`), so they cannot drift from what `check` accepts; a test regenerates the doc
and compares it with the file in the repository.

Pure: every function returns text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from trialcmp.eligibility.fields import FIELDS, UNITS

UNKNOWN_SUFFIX = re.compile(
    r"\s*(?:true/false\.\s*)?Absent or null: (?:everything in it )?unknown\.$"
)
DOC_PATH = "docs/patient-profile.md"
REGENERATE = "python -m trialcmp.profile_doc > docs/patient-profile.md"


@dataclass(frozen=True)
class Key:
    """One key of the profile."""

    path: str
    section: str | None
    kind: str
    unit: str | None
    accepted_units: tuple[str, ...]
    meaning: str
    example: Any


def _meaning(schema: Mapping[str, Any]) -> str:
    return UNKNOWN_SUFFIX.sub("", str(schema.get("description", ""))).strip()


def _kind(path: str, schema: Mapping[str, Any]) -> str:
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else list(types)
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"] if v is not None)
    if "boolean" in types:
        return "true/false"
    if "array" in types:
        return "list"
    if schema.get("pattern") == "^never$":
        return 'number or "never"'
    if "string" in types and "pattern" in schema:
        return 'number or "value unit"'
    if "string" in types:
        return "text"
    if "integer" in types:
        return "whole number"
    if "number" in types:
        return "number"
    return "text"


def keys(schema: Mapping[str, Any]) -> Iterator[Key]:
    """Every key of the profile, in schema order (sections after the top-level keys they follow)."""
    for name, sub in schema["properties"].items():
        types = sub.get("type", [])
        if "object" in types and "properties" in sub:
            for inner, spec in sub["properties"].items():
                yield _key(f"{name}.{inner}", name, spec)
        else:
            yield _key(name, None, sub)


def _key(path: str, section: str | None, schema: Mapping[str, Any]) -> Key:
    field = FIELDS.get(path)
    accepted = tuple(UNITS[field.dimension]) if field is not None else ()
    examples = schema.get("examples") or [None]
    return Key(
        path=path,
        section=section,
        kind=_kind(path, schema),
        unit=schema.get("x-unit"),
        accepted_units=accepted if schema.get("pattern") not in (None, "^never$") else (),
        meaning=_meaning(schema),
        example=examples[0],
    )


def sections(schema: Mapping[str, Any]) -> dict[str | None, str]:
    """Section name -> its meaning (None: the top-level keys)."""
    out: dict[str | None, str] = {None: "About the patient."}
    for name, sub in schema["properties"].items():
        if "object" in sub.get("type", []) and "properties" in sub:
            out[name] = _meaning(sub)
    return out


def _yaml_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------- the template


def template(schema: Mapping[str, Any]) -> str:
    """A blank profile: every key present with null, a comment with its unit and meaning."""
    lines = [
        "# trialcmp patient profile: fill in what you know, leave the rest null.",
        "# null (or an absent key) means unknown: never read as normal, never as no.",
        "# [] means none (no prior CAR-T, no allergies). Full reference: docs/patient-profile.md",
    ]

    def blank(key: Key) -> str:
        comment = key.kind if not key.unit else f"{key.kind}, {key.unit}"
        return f"null  # {comment}: {key.meaning}"

    return _profile_yaml(schema, lines, blank)


# ---------------------------------------------------------------- the reference


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(schema: Mapping[str, Any]) -> str:
    """The profile reference as Markdown (the content of docs/patient-profile.md)."""
    out = [
        "# The patient profile",
        "",
        f"<!-- Generated from schemas/patient.schema.json: do not edit; run `{REGENERATE}`. -->",
        "",
        "`trialcmp check --patient FILE` reads a patient profile written in YAML and",
        "pre-screens it against every trial's curated eligibility criteria. This page lists",
        "every key the profile may hold, its unit and an example. `trialcmp profile --template`",
        "prints a blank profile to fill in.",
        "",
        "- Every key is optional. A key that is absent, or `null`, means **unknown** — never",
        "  normal, never no. Missing data never makes a trial `eligible`.",
        "- An empty list means none: `car_t: []` (no prior CAR-T), `allergies: []`.",
        '- A bare number is in the unit shown. A lab value may also be a text `"value unit"`',
        '  in another accepted unit, e.g. `anc: "1800 /uL"`, `creatinine: "88 umol/L"`.',
        "- `labs.creatinine_clearance`, when absent, is computed by Cockcroft–Gault from `age`,",
        "  `sex`, `weight_kg` and `labs.creatinine`: (140 − age) × weight / (72 × creatinine",
        "  mg/dL), × 0.85 for women. A given value wins.",
        "- Prior CAR-T therapy, BCMA- or GPRC5D-directed, is read from the `targets` of each",
        "  `prior_therapy.car_t` item; bispecific antibodies and conjugates have their own keys.",
        "- The key names and units of the original contract are fixed: keys are added, never",
        "  renamed.",
        "",
    ]
    titles = sections(schema)
    seen: set[str | None] = set()
    for section, group in groupby(keys(schema), key=lambda k: k.section):
        title = f"`{section}`" if section else "Top level"
        if section is None and section in seen:
            title = "Other top-level keys"
        seen.add(section)
        out += [
            f"## {title}",
            "",
            _md(titles[section] if title != "Other top-level keys" else "Lists."),
            "",
            "| Key | Type | Unit | Meaning | Example |",
            "|---|---|---|---|---|",
        ]
        for key in group:
            unit = key.unit or ""
            others = [u for u in key.accepted_units if u != key.unit]
            if others:
                unit += " (also " + ", ".join(others) + ")"
            out.append(
                f"| `{key.path}` | {_md(key.kind)} | {_md(unit)} | {_md(key.meaning)}"
                f" | `{_md(_yaml_value(key.example))}` |"
            )
        out.append("")
    out += ["## An example profile", "", "```yaml", example_yaml(schema).rstrip("\n"), "```", ""]
    return "\n".join(out)


def example_yaml(schema: Mapping[str, Any]) -> str:
    """A complete example profile (every key with its schema example)."""
    return _profile_yaml(schema, [], lambda key: _yaml_value(key.example))


def _profile_yaml(
    schema: Mapping[str, Any], lines: list[str], value_of: Callable[[Key], str]
) -> str:
    """Every key of the profile as YAML, section by section, after the `lines` given."""
    current: str | None = None
    for key in keys(schema):
        if key.section != current:
            current = key.section
            if current is not None:
                lines.append(f"{current}:")
        indent = "  " if key.section else ""
        name = key.path.rsplit(".", 1)[-1]
        lines.append(f"{indent}{name}: {value_of(key)}")
    return "\n".join(lines) + "\n"


def main() -> None:  # pragma: no cover - `python -m trialcmp.profile_doc`
    import sys

    from trialcmp.resources import load_schema
    from trialcmp.schema import PATIENT_SCHEMA

    sys.stdout.write(markdown(load_schema(PATIENT_SCHEMA)))


if __name__ == "__main__":  # pragma: no cover
    main()
