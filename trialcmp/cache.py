"""A cache of validated trial records, so an unchanged collection is never parsed again.

One JSON file per collection folder in the user's cache directory (`TRIALCMP_CACHE_DIR`,
else platformdirs' user cache dir). Each entry is keyed by the file's absolute path, size
and `mtime_ns`; the whole cache by a digest of the names, sizes and mtimes of the schemas
and of the package's own modules, so a new version of the checks (even between commits of
the same version: an edit or a checkout changes a file's mtime) rebuilds it. An entry holds
either the validated record (JSON: no code runs when it is read, unlike pickle) or the
file's problems. A warm read keeps each record's JSON undecoded (`msgspec.Raw`) until its
record is asked for (`collection.Trial.record`: `show` decodes one record; `list` reads
its own slice and decodes none unless it sorts or picks columns), then decodes it straight
into the typed model (`decode_record`), never into dicts first (`show` also reads the
order the file wrote its keys in from it: `collection.Trial.key_order`). Written atomically
(temporary file, then rename); a cache that is corrupt, stale or unwritable is rebuilt or
skipped silently (a cached record that does not fit the model, when it is decoded: its file
is checked again and the cache dropped). Patient profiles never go here: only trial files
are cached.
"""

from __future__ import annotations

import contextlib
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from trialcmp.problems import Problem, Severity

if TYPE_CHECKING:
    from trialcmp.model import Trial

CACHE_DIR_ENV = "TRIALCMP_CACHE_DIR"
FORMAT = 2

#: the document as read: a dict (just parsed) or its JSON (from the cache, not decoded yet)
Document = dict[str, Any] | msgspec.Raw


class Entry(msgspec.Struct, frozen=True):
    """What loading and checking one file gave: the typed record, or its problems (an
    invalid file keeps the names it claims, to be refused by any of them). A Struct, not
    a dataclass: making a dataclass costs ~0.5 ms of every start."""

    size: int
    mtime_ns: int
    record: Trial | None  # a valid record just built; None when cached (see `document`)
    problems: tuple[Problem, ...]
    names: tuple[str, ...] = ()  # ID, other IDs, short name, aliases (also of invalid ones)
    document: Document | None = None  # of a valid record: its JSON when cached, decoded
    # into the typed record only when asked for (`collection.Trial.record`)

    @property
    def valid(self) -> bool:
        """A record (built, or cached and not decoded yet) and no error."""
        return (self.record is not None or self.document is not None) and not any(
            p.severity is Severity.ERROR for p in self.problems
        )


class _File(msgspec.Struct, frozen=True):
    """One file in the cache's JSON."""

    size: int
    mtime_ns: int
    problems: list[tuple[int | None, int | None, str, str, str, str]]
    names: list[str]
    data: msgspec.Raw  # the document's JSON; `null` unless the record is valid


_NULL = msgspec.Raw(b"null")


class _Cache(msgspec.Struct, frozen=True):
    format: int
    code: str
    folder: str
    files: dict[str, _File]


def cache_dir() -> Path:
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("trialcmp", appauthor=False))


@cache
def code_digest() -> str:
    """sha256 over the relative name, size and `mtime_ns` of the package's modules and of
    the schemas: any edit or checkout of a module changes one of them, and nothing is read
    (reading and hashing every module's bytes cost 10-46 ms at every start)."""
    from trialcmp.resources import schemas_dir

    digest = _sha256(str(FORMAT).encode())
    package = str(Path(__file__).parent)
    for stamp in sorted(_stamps(package, ".py", recursive=True)):
        digest.update(stamp)
    for stamp in sorted(_stamps(str(schemas_dir()), ".json", recursive=False)):
        digest.update(b"schemas/" + stamp)
    return str(digest.hexdigest())


def _stamps(root: str, suffix: str, *, recursive: bool, prefix: str = "") -> list[bytes]:
    """`relative name NUL size NUL mtime_ns NUL` of every `suffix` file under `root` (and
    its subfolders when `recursive`), from one `os.scandir` per folder."""
    found: list[bytes] = []
    with os.scandir(root) as it:
        for item in it:
            name = prefix + item.name
            if item.is_dir():
                if recursive and item.name != "__pycache__":
                    found += _stamps(item.path, suffix, recursive=True, prefix=name + "/")
            elif item.name.endswith(suffix):
                st = item.stat()
                found.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return found


def _sha256(data: bytes) -> Any:
    """`hashlib.sha256(data)` (the same digest) from the interpreter's own implementation:
    importing hashlib loads OpenSSL (`_hashlib`), 2-3 ms of every start."""
    import importlib

    for name in ("_sha2", "_sha256"):  # Python >= 3.12, 3.11
        try:
            return importlib.import_module(name).sha256(data)
        except (ImportError, AttributeError):
            continue
    import hashlib  # pragma: no cover - an interpreter built without them

    return hashlib.sha256(data)  # pragma: no cover


def folder_key(folder: Path) -> str:
    """The part of a cache file's name that says which folder it is of."""
    return str(_sha256(str(folder.resolve()).encode()).hexdigest()[:20])


def cache_file(folder: Path) -> Path:
    return cache_dir() / f"records-{folder_key(folder)}.json"


def _problem_to_json(p: Problem) -> list[Any]:
    return [p.line, p.column, p.path, p.message, str(p.severity), p.code]


def read(folder: Path, display: dict[str, str]) -> dict[str, Entry]:
    """The cached entries of `folder` by absolute path; {} when absent, stale or corrupt.

    `display` maps absolute paths to the names problems show (relative to the cwd now).
    """
    try:
        raw = cache_file(folder).read_bytes()
        doc = msgspec.json.decode(raw, type=_Cache)
        if doc.format != FORMAT or doc.code != code_digest():
            return {}
        entries: dict[str, Entry] = {}
        for path, item in doc.files.items():
            shown = display.get(path, path)
            entries[path] = Entry(
                size=item.size,
                mtime_ns=item.mtime_ns,
                record=None,
                problems=tuple(
                    Problem(shown, line, column, where, message, Severity(severity), code)
                    for line, column, where, message, severity, code in item.problems
                ),
                names=tuple(item.names),
                document=None if item.data == _NULL else item.data,
            )
        return entries
    except (OSError, ValueError, msgspec.DecodeError):  # ValidationError is a DecodeError
        return {}


def decode_record(document: msgspec.Raw) -> Trial:
    """The typed record of a cached document (`msgspec.ValidationError` if it does not fit:
    a cache edited by hand)."""
    return _decoder().decode(document)


@cache
def _decoder() -> msgspec.json.Decoder[Trial]:
    from trialcmp.model import Trial

    return msgspec.json.Decoder(Trial)


def forget(folder: Path) -> None:
    """Remove the cache of `folder` (one of its records is unreadable): rebuilt next time."""
    with contextlib.suppress(OSError):
        cache_file(folder).unlink()


def _document_json(entry: Entry) -> msgspec.Raw | dict[str, Any] | None:
    if entry.record is None:
        return entry.document  # cached and not decoded: its JSON as it was (or None)
    if entry.document is None:  # built without its document: the model's JSON is the same
        return msgspec.Raw(msgspec.json.encode(entry.record))
    return entry.document


def write(folder: Path, entries: dict[str, Entry]) -> None:
    """Replace the cache of `folder` atomically; any failure leaves the old one (or none)."""
    target = cache_file(folder)
    doc = {
        "format": FORMAT,
        "code": code_digest(),
        "folder": str(folder.resolve()),
        "files": {
            path: {
                "size": e.size,
                "mtime_ns": e.mtime_ns,
                "data": _document_json(e),
                "problems": [_problem_to_json(p) for p in e.problems],
                "names": list(e.names),
            }
            for path, e in entries.items()
        },
    }
    write_atomically(target, doc, prefix=".records-")


def write_atomically(target: Path, doc: Any, *, prefix: str) -> None:
    """Write `doc` as JSON to `target` through a temporary file and a rename, so a reader
    sees the old file or the new one, never half of one; any failure leaves the old one
    (or none): a cache is an optimisation and never fails a command."""
    tmp: Path | None = None
    try:
        payload = msgspec.json.encode(doc)
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        tmp.replace(target)
        tmp = None
    except (OSError, TypeError, ValueError, msgspec.EncodeError):
        return
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
