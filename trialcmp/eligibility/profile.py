"""Patient profiles: read, validate against `schemas/patient.schema.json`, normalise.

A profile file is read with the project's safe YAML loader (`trialcmp.yamlio`), checked
(`trialcmp.eligibility.profile_problems`: every problem located and reported together as
one `InputError`, exit code 2) and normalised into a `Profile` in canonical units
(`trialcmp.eligibility.profile_values`, which also says how units are converted and when
Cockcroft–Gault computes the creatinine clearance).

Nothing is cached or written: a profile lives only in memory for one run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from trialcmp.eligibility.profile_problems import profile_error, profile_problems
from trialcmp.eligibility.profile_values import (
    CG_INPUTS,
    CRCL,
    FEMALE_FACTOR,
    IMPLIED,
    QUANTITY,
    Profile,
    build_profile,
    cockcroft_gault,
    convert,
    normalised,
)
from trialcmp.errors import InputError
from trialcmp.yamlio import Document, load_document

__all__ = [
    "CG_INPUTS",
    "CRCL",
    "FEMALE_FACTOR",
    "IMPLIED",
    "PROFILE_SUFFIXES",
    "QUANTITY",
    "Profile",
    "build_profile",
    "cockcroft_gault",
    "convert",
    "load_profile",
    "load_profiles",
    "normalised",
    "profile_files",
    "profile_from_data",
    "profile_from_document",
    "profile_problems",
]

PROFILE_SUFFIXES = (".yaml", ".yml")


def profile_from_document(doc: Document) -> Profile:
    """Validate a parsed profile document and normalise it; InputError lists every problem."""
    problems = profile_problems(doc)
    if problems:
        raise profile_error(doc, problems)
    data = normalised(doc.data) if isinstance(doc.data, Mapping) else {}
    return build_profile(data, source=doc.path)


def profile_from_data(data: Any, *, source: str = "<profile>") -> Profile:
    """Validate and normalise profile data given in memory (e.g. by tests)."""
    import yaml

    # libyaml's emitter when present (about 5x faster; the same text for profiles)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True)
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
