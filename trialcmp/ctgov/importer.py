"""`trialcmp import`: a v2 study record (file, stdin or registry ID) -> a YAML skeleton."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from trialcmp.ctgov.record import is_nct_id, read_study
from trialcmp.ctgov.skeleton import build_skeleton
from trialcmp.ctgov.yamlout import dump
from trialcmp.errors import InputError, UsageProblem
from trialcmp.yamlio import MAX_FILE_BYTES, decode, read_text

#: The largest record file accepted (records with posted results run to a few MB).
MAX_RECORD_BYTES = 20 * MAX_FILE_BYTES


@dataclass(frozen=True)
class Skeleton:
    nct_id: str
    text: str
    data: dict[str, Any]
    criteria_to_curate: int


def read_record(
    source: str, *, stdin: Any = None, fetcher: Any = None
) -> tuple[dict[str, Any], bool]:
    """The study of `source` (a file, `-` for stdin, or an NCT ID) and whether it was fetched."""
    if source == "-":
        raw = stdin.read(MAX_RECORD_BYTES + 1) if stdin is not None else b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        if len(raw) > MAX_RECORD_BYTES:
            raise InputError(f"more than {MAX_RECORD_BYTES:,} bytes", file="<stdin>")
        return read_study(decode(raw, "<stdin>"), "<stdin>"), False
    path = Path(source)
    if is_nct_id(source) and not path.exists():
        if fetcher is None:
            from trialcmp.ctgov.fetch import Fetcher

            fetcher = Fetcher()
        return fetcher.study(source.upper()), True
    return read_study(read_text(path, limit=MAX_RECORD_BYTES), source), False


def make_skeleton(study: dict[str, Any], *, fetched_on: date | None) -> Skeleton:
    read_on = fetched_on.isoformat() if fetched_on else None
    data = build_skeleton(study, read_on=read_on)
    nct_id = str(data["id"])
    header = [
        f"{nct_id}: skeleton from the ClinicalTrials.gov API v2 record, written by"
        " `trialcmp import`.",
        "NOT YET CURATED: every value marked 'to curate' (and the target TO-CURATE) needs a",
        "curator; `trialcmp validate` warns until none is left.",
    ]
    criteria = data["eligibility"]["criteria"]
    to_curate = sum(1 for c in criteria if str(c.get("manual", "")).startswith("to curate"))
    return Skeleton(nct_id, dump(data, header), data, to_curate)


def write_atomically(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` through a temporary file; refuse to replace a file unless forced."""
    if path.is_dir():
        raise UsageProblem(f"{path} is a folder; give a file name (e.g. {path}/NCT….yaml)")
    if path.exists() and not force:
        raise UsageProblem(f"{path} exists; not overwritten", hint="add --force to replace it")
    parent = path.parent if str(path.parent) else Path()
    if not parent.is_dir():
        raise UsageProblem(f"no folder {parent} to write {path.name} in")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        if not force and path.exists():  # appeared meanwhile
            raise UsageProblem(f"{path} exists; not overwritten", hint="add --force to replace it")
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
