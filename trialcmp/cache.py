"""A cache of validated trial records, so an unchanged collection is never parsed again.

One JSON file per collection folder in the user's cache directory (`TRIALCMP_CACHE_DIR`,
else platformdirs' user cache dir). Each entry is keyed by the file's absolute path, size
and `mtime_ns`; the whole cache by a digest of the schemas and of the package's own code, so
a new version of the checks (even between commits of the same version) rebuilds it. An
entry holds either the validated record (JSON: no code runs when it is read, unlike pickle)
or the file's problems. Written atomically (temporary file, then rename); a cache that is
corrupt, stale or unwritable is rebuilt or skipped silently. Patient profiles never go here:
only trial files are cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from trialcmp.problems import Problem, Severity

CACHE_DIR_ENV = "TRIALCMP_CACHE_DIR"
FORMAT = 1


@dataclass(frozen=True)
class Entry:
    """What loading and checking one file gave: the record, or its problems (or both: a
    record that parsed but failed validation keeps its data to know the names it claims)."""

    size: int
    mtime_ns: int
    data: dict[str, Any] | None  # only for a valid record
    problems: tuple[Problem, ...]
    names: tuple[str, ...] = ()  # ID, other IDs, short name, aliases (also of invalid ones)

    @property
    def valid(self) -> bool:
        return self.data is not None and not any(
            p.severity is Severity.ERROR for p in self.problems
        )


def cache_dir() -> Path:
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("trialcmp", appauthor=False))


@cache
def code_digest() -> str:
    """sha256 over the package's modules and the schemas (names and bytes)."""
    from trialcmp.resources import schemas_dir

    package = Path(__file__).resolve().parent
    files = sorted(package.rglob("*.py")) + sorted(schemas_dir().glob("*.json"))
    digest = hashlib.sha256(str(FORMAT).encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_file(folder: Path) -> Path:
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]
    return cache_dir() / f"records-{key}.json"


def _problem_to_json(p: Problem) -> list[Any]:
    return [p.line, p.column, p.path, p.message, str(p.severity), p.code]


def _problem_from_json(file: str, raw: list[Any]) -> Problem:
    line, column, path, message, severity, code = raw
    return Problem(file, line, column, path, message, Severity(severity), code)


def read(folder: Path, display: dict[str, str]) -> dict[str, Entry]:
    """The cached entries of `folder` by absolute path; {} when absent, stale or corrupt.

    `display` maps absolute paths to the names problems show (relative to the cwd now).
    """
    import msgspec

    try:
        raw = cache_file(folder).read_bytes()
        doc = msgspec.json.decode(raw)
        if not isinstance(doc, dict) or doc.get("code") != code_digest():
            return {}
        entries: dict[str, Entry] = {}
        for path, item in doc["files"].items():
            shown = display.get(path, path)
            entries[path] = Entry(
                size=item["size"],
                mtime_ns=item["mtime_ns"],
                data=item["data"],
                problems=tuple(_problem_from_json(shown, p) for p in item["problems"]),
                names=tuple(item["names"]),
            )
        return entries
    except (OSError, ValueError, KeyError, TypeError, AttributeError, msgspec.DecodeError):
        return {}


def write(folder: Path, entries: dict[str, Entry]) -> None:
    """Replace the cache of `folder` atomically; any failure leaves the old one (or none)."""
    import msgspec

    target = cache_file(folder)
    doc = {
        "format": FORMAT,
        "code": code_digest(),
        "folder": str(folder.resolve()),
        "files": {
            path: {
                "size": e.size,
                "mtime_ns": e.mtime_ns,
                "data": e.data,
                "problems": [_problem_to_json(p) for p in e.problems],
                "names": list(e.names),
            }
            for path, e in entries.items()
        },
    }
    tmp: Path | None = None
    try:
        payload = msgspec.json.encode(doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".records-", suffix=".tmp", dir=target.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        tmp.replace(target)
        tmp = None
    except (OSError, TypeError, ValueError, msgspec.EncodeError):
        return  # a cache is an optimisation: never fail a command because of it
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
