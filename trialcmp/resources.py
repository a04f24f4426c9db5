"""Where the bundled schemas and the default trial collection live.

In a wheel they are package data under `trialcmp/_bundled/` (see pyproject.toml); in a
source checkout or an editable install they are read from the repository's top-level
`schemas/` and `data/trials/`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR_ENV = "TRIALCMP_DATA_DIR"


def _bundled(name: str) -> Path | None:
    # the package's own folder (what importlib.resources.files gives for an installed
    # package, without importing importlib.resources at every start)
    candidate = Path(__file__).parent / "_bundled" / name
    return candidate if candidate.is_dir() else None


def _checkout(name: str) -> Path | None:
    root = Path(__file__).resolve().parent.parent
    candidate = root / name
    return candidate if candidate.is_dir() else None


def schemas_dir() -> Path:
    found = _bundled("schemas") or _checkout("schemas")
    if found is None:  # pragma: no cover - a broken installation
        raise RuntimeError("trialcmp is installed without its schemas")
    return found


def default_data_dir() -> Path:
    """The trial collection: $TRIALCMP_DATA_DIR, else the one shipped with trialcmp."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    found = _bundled("trials") or _checkout(str(Path("data") / "trials"))
    if found is None:  # pragma: no cover - a broken installation
        raise RuntimeError("trialcmp is installed without its trial collection")
    return found


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A bundled JSON schema by file name, e.g. 'trial.schema.json'."""
    # msgspec (which every command has imported by then) rather than the json module, whose
    # import costs `show` ~1.5 ms for the patient schema its rules are read against
    import msgspec

    schema: dict[str, Any] = msgspec.json.decode((schemas_dir() / name).read_bytes())
    return schema
