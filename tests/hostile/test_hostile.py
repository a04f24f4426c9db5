"""Hostile input: every bad file ends in one clear message and a non-zero exit, and hostile
text in a valid record is printed literally — never a traceback, a hang, a crash, unbounded
memory or executed code.

Covered: the loader, `validate`, `list`, `show`, `compare` and `check` (trial files through
`--data-dir`, patient profiles through `--patient`). Large inputs are generated in tmp
folders; the random part uses Hypothesis with small example counts and deadlines, so the
whole file runs in seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA_DIR, FIXTURES, ROOT, Run, run_cli
from trialcmp import yamlio
from trialcmp.collection import load_collection
from trialcmp.compare import build_comparison
from trialcmp.consistency import file_problems, walk
from trialcmp.eligibility.engine import check_patients
from trialcmp.eligibility.profile import load_profile
from trialcmp.errors import InputError
from trialcmp.listing import list_rows
from trialcmp.render import terminal
from trialcmp.render.registry import reporter
from trialcmp.schema import PATIENT_SCHEMA, TRIAL_SCHEMA, fast_check, validator
from trialcmp.validate import validate_paths
from trialcmp.yamlio import MAX_DEPTH, MAX_FILE_BYTES, Document, Loader, load_document

REAL = sorted(DATA_DIR.glob("*.yaml"), key=lambda p: p.stat().st_size)  # smallest first
SMALL_TRIALS = sorted((FIXTURES / "trials" / "valid").glob("*.yaml"))  # NCT00000001, ...02
PATIENT = ROOT / "examples" / "eligible-nct07003555.yaml"
BROKEN = "NCT09999999.yaml"  # the name every hostile trial file gets (a valid ID)

#: Markup and escape sequences: Rich markup and links, SGR colour, an OSC 8 hyperlink,
#: "clear screen", the one-byte C1 CSI (U+009B) and BEL.
MARKUP = "[bold red]x[/]"
LINK = "[link=https://evil.example]y[/link]"
FULL = f" {MARKUP} {LINK} \x1b[31mred\x1b[0m \x1b]8;;http://x\x07osc\x1b]8;;\x07 \x1b[2J\x9b2J\x07"
SHORT = "[b]s[/]\x1b[2J"  # for fields with a length limit (short_name: 40 characters)
SHORT_MARKUP = "[b]s[/]"

FAST = settings(
    max_examples=40,
    deadline=timedelta(seconds=3),  # a hang fails fast instead of stalling the suite
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ------------------------------------------------------------------ helpers


def refused(run: Run, *fragments: str) -> str:
    """A clean refusal: non-zero exit, no traceback, every fragment in the output."""
    out = run.stdout + run.stderr
    assert run.exit_code != 0, out
    assert "Traceback" not in out, out
    for fragment in fragments:
        assert fragment in out, f"{fragment!r} not in:\n{out}"
    return out


def left_out(run: Run, *fragments: str) -> str:
    """A broken record left out of a command that does not name it: exit 0, no traceback,
    one warning on stderr with every fragment (file and first problem)."""
    out = run.stdout + run.stderr
    assert run.exit_code == 0, out
    assert "Traceback" not in out, out
    assert run.stderr.startswith("warning: "), out
    for fragment in fragments:
        assert fragment in run.stderr, f"{fragment!r} not in:\n{run.stderr}"
    return out


def assert_no_terminal_control(text: str) -> None:
    """Nothing a terminal would act on: no ESC, no BEL, no C1 control (U+0080-U+009F)."""
    found = re.search("[\x07\x1b\x80-\x9f]", text)
    assert found is None, f"control character {found.group()!r} in output:\n{text!r}"


def folder(base: Path, files: dict[str, bytes], *, with_small: bool = True) -> Path:
    """A fresh folder with the two small valid fixture trials plus `files`."""
    if base.exists():
        shutil.rmtree(base)
    base.mkdir(parents=True)
    if with_small:
        for path in SMALL_TRIALS:
            shutil.copy(path, base / path.name)
    for name, content in files.items():
        (base / name).write_bytes(content)
    return base


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    return data


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000).encode()


def set_at(data: Any, parts: list[str | int], value: Any) -> None:
    target = data
    for part in parts[:-1]:
        target = target[part]
    target[parts[-1]] = value


def data_dir_commands(trial: str, other: str) -> list[list[str]]:
    """Every command that loads the collection, with arguments that reach `trial`."""
    return [
        ["list", "--format", "json"],
        ["list"],
        ["show", trial],
        ["compare", trial, other],
        ["check", "--patient", str(PATIENT), "--trial", trial],
    ]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


# ------------------------------------------------------------------ hostile files


def _alias_bomb() -> bytes:  # "billion laughs": 10**10 strings through 10 anchors
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def _mapping_bomb() -> bytes:
    lines = ["m0: &m0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol}"]
    keys = "abcdefgh"
    lines += [f"m{i}: &m{i} {{{', '.join(f'{k}: *m{i - 1}' for k in keys)}}}" for i in range(1, 12)]
    return ("\n".join(lines) + "\n").encode()


def _merge_bomb_is_defused() -> bool:
    """PyYAML >= 6.0.3 merges each key once, so `<<: [*a, *a]` no longer doubles anything."""
    loader = yaml.SafeLoader("b: {<<: [&a {x: 1}, *a]}\n")
    try:
        node = loader.get_single_node()
        inner = node.value[0][1]
        loader.flatten_mapping(inner)
        return len(inner.value) == 1
    finally:
        loader.dispose()


#: With a PyYAML that defuses it, the bomb is an ordinary file of 40 unknown keys.
MERGE_BOMB_DEFUSED = _merge_bomb_is_defused()


def _merge_bomb() -> bytes:  # `<<` copies node lists: doubles at every level
    lines = ["a0: &a0 {x: 1}"]
    lines += [f"a{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}" for i in range(1, 40)]
    return ("\n".join(lines) + "\n").encode()


def _deep_aliases() -> bytes:  # each part is shallow; the aliases nest them too deep
    half = MAX_DEPTH - 10
    return f"a: &x {'[' * half}1{']' * half}\nb: {'[' * half}*x{']' * half}\n".encode()


#: name -> (file content, fragment of the message). Every one is refused by the loader.
HOSTILE_FILES: dict[str, tuple[bytes, str]] = {
    "alias-bomb": (_alias_bomb(), "through aliases"),
    "alias-bomb-mappings": (_mapping_bomb(), "through aliases"),
    "merge-key-bomb": (_merge_bomb(), "'a0'" if MERGE_BOMB_DEFUSED else "through merge keys"),
    "deep-flow-lists-100k": (b"id: " + b"[" * 100_000 + b"]" * 100_000, "nesting is deeper"),
    "deep-flow-maps-100k": (b"{a: " * 100_000 + b"1" + b"}" * 100_000, "nesting is deeper"),
    "deep-block-sequence-200k": (b"- " * 200_000 + b"x\n", "nesting is deeper"),
    "deep-indentation-1000": (
        "".join(" " * i + "k:\n" for i in range(1000)).encode(),
        "nesting is deeper",
    ),
    "deep-unclosed-near-limit": (b"[" * (MAX_FILE_BYTES - 16), "nesting is deeper"),
    "deep-through-aliases": (_deep_aliases(), "nesting is deeper"),
    "int-10**5000": (b"id: 1" + b"0" * 5000 + b"\n", "too large"),
    "int-minus-10**5000": (b"id: -1" + b"0" * 5000 + b"\n", "too large"),
    "int-hex-5000": (b"id: 0x" + b"f" * 5000 + b"\n", "too large"),
    "int-binary-100k": (b"id: 0b" + b"1" * 100_000 + b"\n", "too large"),
    "int-sexagesimal": (b"id: " + b":".join([b"59"] * 2000) + b"\n", "too large"),
    "tag-int-not-a-number": (b"id: !!int abc\n", "is not a valid int"),
    "tag-int-empty": (b"id: !!int\n", "is not a valid int"),
    "tag-float-not-a-number": (b"id: !!float abc\n", "is not a valid float"),
    "tag-bool-maybe": (b"id: !!bool maybe\n", "is not a valid bool"),
    "tag-timestamp-nope": (b"id: !!timestamp nope\n", "is not a valid timestamp"),
    "tag-unknown": (b"id: !whatever x\n", "could not determine a constructor"),
    "latin-1": ("title: café\n".encode("latin-1"), "not valid UTF-8"),
    "utf-16": ("id: NCT09999999\n".encode("utf-16"), "not valid UTF-8"),
    "overlong-utf-8": (b"id: \xc0\xaf\n", "not valid UTF-8"),
    "utf-8-surrogate": (b"id: \xed\xa0\x80\n", "not valid UTF-8"),
    "utf-8-cut-short": ("title: é".encode()[:-1], "not valid UTF-8"),
    "random-binary": (bytes(range(256)) * 4, "not valid UTF-8"),
    "nul-byte": (b"id: a\x00b\n", "unacceptable character"),
    "raw-escape": (b"id: NCT09999999\ntitle: \x1b[2J\x1b]8;;http://x\x07\n", "unacceptable"),
    "empty": (b"", "file is empty"),
    "blank-lines": (b"\n \n\t\n", "file is empty"),
    "only-comments": (b"# nothing\n# here\n", "file is empty"),
    "only-bom": ("\ufeff".encode(), "file is empty"),
    "syntax-error": (b"id: NCT09999999\ntitle: [unclosed\n", "YAML syntax error"),
    "duplicate-key": (b"id: NCT09999999\ntitle: a\nid: NCT09999998\n", "duplicate key 'id'"),
    "two-documents": (b"id: a\n---\nid: b\n", "single document"),
    "unhashable-key": (b"? [a, b]\n: 1\n", "unhashable key"),
}

#: Located errors: fragment that must name file and line.
HOSTILE_LINES = {
    "syntax-error": ":2:",  # the unclosed bracket
    "duplicate-key": ":3:",
    "latin-1": ":1:",
    "nul-byte": ":1:",
    "raw-escape": ":2:",
    "int-10**5000": ":1:",
    "tag-bool-maybe": ":1:",
    "deep-flow-lists-100k": ":1:",
    "merge-key-bomb": ":",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_loader_refuses_hostile_file_quickly(tmp_path: Path, name: str) -> None:
    content, fragment = HOSTILE_FILES[name]
    path = tmp_path / BROKEN
    path.write_bytes(content)
    started = time.perf_counter()
    if name == "merge-key-bomb" and MERGE_BOMB_DEFUSED:
        doc = load_document(path, display=BROKEN)  # no blow-up left to refuse
        assert len(doc.data) == 40
        return
    with pytest.raises(InputError) as info:
        load_document(path, display=BROKEN)
    assert time.perf_counter() - started < 2.0
    assert fragment in info.value.message
    assert info.value.file == BROKEN
    if name in HOSTILE_LINES:
        assert info.value.line is not None


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_validate_reports_hostile_file(tmp_path: Path, name: str) -> None:
    content, fragment = HOSTILE_FILES[name]
    path = tmp_path / BROKEN
    path.write_bytes(content)
    run = run_cli("validate", str(path))
    out = refused(run, BROKEN, fragment)
    assert run.exit_code == 1
    assert_no_terminal_control(out)
    if name in HOSTILE_LINES:
        assert f"{BROKEN}{HOSTILE_LINES[name]}" in out


#: A representative subset goes through every command that loads the collection.
IN_COLLECTION = [
    "alias-bomb",
    "merge-key-bomb",
    "deep-flow-lists-100k",
    "int-10**5000",
    "latin-1",
    "raw-escape",
    "empty",
    "syntax-error",
    "duplicate-key",
]


@pytest.mark.parametrize("name", IN_COLLECTION)
def test_broken_file_in_data_dir_is_named_by_every_command(tmp_path: Path, name: str) -> None:
    content, fragment = HOSTILE_FILES[name]
    data = folder(tmp_path / "trials", {BROKEN: content})
    for args in data_dir_commands("NCT00000001", "NCT00000002"):
        run = run_cli("--data-dir", str(data), *args)
        out = left_out(run, BROKEN, fragment)
        assert_no_terminal_control(out)
        if name in HOSTILE_LINES:
            assert f"{BROKEN}{HOSTILE_LINES[name]}" in out, (args, out)
    named = run_cli("--data-dir", str(data), "show", Path(BROKEN).stem)
    assert named.exit_code == 1, named.stderr
    assert_no_terminal_control(refused(named, "is invalid", BROKEN, fragment))
    checked = run_cli("--data-dir", str(data), "check", "--patient", str(PATIENT), "-f", "json")
    verdicts = {r["trial"]: r for r in json.loads(checked.stdout)["results"]}
    assert verdicts[Path(BROKEN).stem]["verdict"] == "incomplete"
    assert verdicts[Path(BROKEN).stem]["reason"].startswith("invalid record, not checked: ")
    assert verdicts[Path(BROKEN).stem]["reason_code"] == "invalid-record"


@pytest.mark.parametrize("name", IN_COLLECTION)
def test_hostile_patient_profile_is_refused(tmp_path: Path, name: str) -> None:
    content, fragment = HOSTILE_FILES[name]
    path = tmp_path / "patient.yaml"
    path.write_bytes(content)
    run = run_cli("check", "--patient", str(path))
    out = refused(run, "patient.yaml", fragment)
    assert run.exit_code == 2, out
    assert_no_terminal_control(out)


# ------------------------------------------------------------------ size limit


def test_size_limit_is_one_mebibyte() -> None:
    assert MAX_FILE_BYTES == 1_048_576
    # ~6-60 KB each: the limit is more than 15x the largest real record
    assert max(p.stat().st_size for p in REAL) * 15 < MAX_FILE_BYTES


def _boom(*args: object, **kwargs: object) -> None:
    raise AssertionError("an oversized file was parsed")


def test_file_just_over_the_limit_is_refused_quickly_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = b"- a perfectly ordinary line of YAML\n"
    content = line * (MAX_FILE_BYTES // len(line) + 1)
    assert MAX_FILE_BYTES < len(content) < MAX_FILE_BYTES + len(line)
    path = tmp_path / BROKEN
    path.write_bytes(content)
    monkeypatch.setattr(yamlio, "parse", _boom)
    monkeypatch.setattr(yaml, "load", _boom)
    started = time.perf_counter()
    run = run_cli("validate", str(path))
    assert time.perf_counter() - started < 1.0
    refused(run, BROKEN, "the limit for one file is 1,048,576 bytes")
    data = folder(tmp_path / "trials", {BROKEN: content}, with_small=False)
    left_out(run_cli("--data-dir", str(data), "list"), BROKEN, "1,048,576 bytes")


def test_huge_sparse_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / BROKEN
    with path.open("wb") as fh:
        fh.truncate(8 * 1024**3)  # 8 GiB, sparse: reading it would exhaust memory
    started = time.perf_counter()
    data_run = run_cli("--data-dir", str(tmp_path), "show", "x")
    assert time.perf_counter() - started < 1.0
    refused(data_run, BROKEN, "8,589,934,592 bytes", "the limit for one file is 1,048,576")


def test_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 4) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert len(load_document(path).data["a"]) == MAX_FILE_BYTES - 4


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_device_is_read_only_up_to_the_limit() -> None:
    run = run_cli("validate", "/dev/zero")  # reports size 0 and never ends
    assert run.exit_code == 1
    refused(run, "/dev/zero", "the limit for one file is 1,048,576 bytes")


# ------------------------------------------------------------------ code execution


PAYLOADS = [
    '!!python/object/apply:os.system ["touch {m}"]',
    '!!python/object/apply:subprocess.call [["touch", "{m}"]]',
    '!!python/object/new:subprocess.Popen [["touch", "{m}"]]',
    "!!python/object/apply:builtins.exec [\"open('{m}', 'w').close()\"]",
    '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {m}"]',
    '!!python/name:os.system ""',
    '!!python/module:os ""',
]


def _tagged(payload: str, marker: Path) -> list[bytes]:
    value = payload.format(m=marker.as_posix())
    shorthand = "!p!" + value.split("python/", 1)[-1]  # the same tag through a %TAG handle
    return [
        f"id: {value}\n".encode(),
        f"id: NCT09999999\ntitle: x\nnotes:\n  - {value}\n".encode(),
        f"%TAG !p! tag:yaml.org,2002:python/\n---\nid: {shorthand}\n".encode(),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_python_tags_are_refused_and_never_executed(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    for content in _tagged(payload, marker):
        path = tmp_path / BROKEN
        path.write_bytes(content)
        refused(run_cli("validate", str(path)), BROKEN, "YAML syntax error")
        data = folder(tmp_path / "trials", {BROKEN: content})
        for args in data_dir_commands("NCT00000001", "NCT00000002"):
            left_out(run_cli("--data-dir", str(data), *args), BROKEN)
        refused(run_cli("check", "--patient", str(path)), BROKEN)
        assert not marker.exists(), f"the payload ran: {content!r}"


def test_python_tag_message_is_located() -> None:
    with pytest.raises(InputError) as info:
        yamlio.parse("a: 1\nid: !!python/object/apply:os.system ['true']\n", BROKEN)
    assert (info.value.line, info.value.column) == (2, 5)
    assert "tags that create objects are not allowed" in info.value.message


# ------------------------------------------------------------------ deep nesting, in a child


def test_nesting_at_the_size_limit_does_not_crash_the_interpreter(tmp_path: Path) -> None:
    """libyaml composes recursively in C: 500,000 levels used to segfault the process."""
    path = tmp_path / BROKEN
    half = (MAX_FILE_BYTES - 8) // 2
    path.write_bytes(b"[" * half + b"]" * half)
    proc = subprocess.run(
        [sys.executable, "-m", "trialcmp", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert "nesting is deeper than 60 levels" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


# ------------------------------------------------------------------ random input


YAMLISH = st.lists(
    st.sampled_from(
        [*"[]{}-?:,&*!|>'\"#%@`~ \n\t.=<ab01x", "<<", "\x1b", "é", "\ufeff", "!!int ", "&a ", "*a"]
    ),
    max_size=120,
).map("".join)


@FAST
@given(text=st.one_of(st.text(max_size=300), YAMLISH))
def test_random_text_is_data_or_a_located_error(work: Path, text: str) -> None:
    path = work / "random.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_document(path, display="random.yaml")
    except InputError as exc:
        assert exc.file == "random.yaml"


@FAST
@given(raw=st.binary(max_size=400))
def test_random_bytes_are_data_or_a_located_error(work: Path, raw: bytes) -> None:
    path = work / "random.yaml"
    path.write_bytes(raw)
    try:
        load_document(path, display="random.yaml")
    except InputError as exc:
        assert exc.file == "random.yaml"


def validate_then_use(
    data_dir: Path, trial_id: str, *, other: str = "NCT00000001", refusal: bool = True
) -> Run:
    """`validate` exits 0 or 1 cleanly; when it passes every command uses the record, when
    it fails the collection is refused (checked with `list` when `refusal`)."""
    run = run_cli("validate", str(data_dir))
    out = run.stdout + run.stderr
    assert run.exit_code in (0, 1), out
    assert "Traceback" not in out
    assert_no_terminal_control(out)
    if run.exit_code == 1:
        assert ": error: " in run.stdout, out
        if refusal:  # left out of the list (with a warning); naming it is refused
            left_out(run_cli("--data-dir", str(data_dir), "list"))
            refused(run_cli("--data-dir", str(data_dir), "show", trial_id))
        return run
    for args in data_dir_commands(trial_id, other)[1:]:  # `list` as a table is enough
        used = run_cli("--data-dir", str(data_dir), *args, width=200)
        assert used.exit_code == 0, (args, used.stdout + used.stderr)
        assert_no_terminal_control(used.stdout + used.stderr)
    return run


@FAST
@given(data=st.data())
def test_real_records_truncated_anywhere(work: Path, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(REAL[:5]), label="record")
    raw = source.read_bytes()
    cut = data.draw(st.integers(0, len(raw) - 1), label="offset")
    data_dir = folder(work / "truncated", {source.name: raw[:cut]})
    assert validate_then_use(data_dir, source.stem).exit_code in (0, 1)


@FAST
@given(data=st.data())
def test_real_records_with_a_byte_replaced(work: Path, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(REAL[:5]), label="record")
    raw = bytearray(source.read_bytes())
    at = data.draw(st.integers(0, len(raw) - 1), label="offset")
    raw[at] = data.draw(st.integers(0, 255), label="byte")
    data_dir = folder(work / "flipped", {source.name: bytes(raw)})
    assert validate_then_use(data_dir, source.stem).exit_code in (0, 1)


# Random values in the shape of records: real key names, hostile scalars.
REAL_DATA = {p: load(p) for p in REAL}
PATIENT_DATA = [load(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]
KEYS = sorted(
    {
        p[-1]
        for d in (*REAL_DATA.values(), *PATIENT_DATA)
        for p, _ in walk(d)
        if p and isinstance(p[-1], str)
    }
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.integers(),
    st.floats(),
    st.sampled_from(["not reported", "not applicable", "Clopper-Pearson", MARKUP, FULL, SHORT]),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=10,
)


def graft(record: Any, data: st.DataObject) -> Any:
    """`record` with one to three random values put in random places (real key names)."""
    for _ in range(data.draw(st.integers(1, 3), label="grafts")):
        containers = [parts for parts, v in walk(record) if isinstance(v, dict | list)]
        parts = data.draw(st.sampled_from(containers), label="where")
        target: Any = record
        for part in parts:
            target = target[part]
        value = data.draw(VALUES, label="value")
        if isinstance(target, dict):
            target[data.draw(st.sampled_from(KEYS), label="key")] = value
        elif target:
            target[data.draw(st.integers(0, len(target) - 1), label="index")] = value
        else:
            target.append(value)
    return record


@FAST
@given(data=st.data())
def test_real_records_with_random_values_grafted_in(work: Path, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(REAL[:4]), label="record")
    record = graft(load(source), data)
    data_dir = folder(work / "grafted", {source.name: dump(record)})
    assert validate_then_use(data_dir, source.stem).exit_code in (0, 1)


# ------------------------------------------------------------------ the schema fast path

EXAMPLE_PATIENTS = sorted((ROOT / "examples").glob("*.yaml"))
SCHEMA_SAMPLES = [
    *((TRIAL_SCHEMA, p) for p in (*REAL, *sorted(FIXTURES.glob("trials/*/*.yaml")))),
    *((PATIENT_SCHEMA, p) for p in (*EXAMPLE_PATIENTS, *sorted(FIXTURES.glob("patients/*/*")))),
]


def assert_fast_agrees(fast: bool, exact: bool, document: Any) -> None:
    """The fast path agrees with jsonschema, except that it rejects what it cannot take (NaN,
    infinities), which then goes to jsonschema: it never accepts what jsonschema rejects."""
    if fast != exact:
        assert not fast, "the fast path accepted a document jsonschema rejects"
        assert any(isinstance(v, float) and not math.isfinite(v) for _, v in walk(document)), (
            "the fast path rejected a finite document jsonschema accepts"
        )


def _sample_data(path: Path) -> Any:
    try:
        return load_document(path).data
    except InputError:
        return None


@pytest.mark.parametrize(("name", "path"), SCHEMA_SAMPLES, ids=[p.name for _, p in SCHEMA_SAMPLES])
def test_fast_schema_check_agrees_with_jsonschema_on_fixtures(name: str, path: Path) -> None:
    document = _sample_data(path)
    assert_fast_agrees(fast_check(name)(document), validator(name).is_valid(document), document)


@FAST
@given(data=st.data())
def test_fast_schema_check_agrees_with_jsonschema_on_random_records(data: st.DataObject) -> None:
    name, path = data.draw(
        st.sampled_from(
            [(TRIAL_SCHEMA, p) for p in REAL] + [(PATIENT_SCHEMA, p) for p in EXAMPLE_PATIENTS]
        ),
        label="schema and base",
    )
    document = graft(load(path), data)
    assert_fast_agrees(fast_check(name)(document), validator(name).is_valid(document), document)


def test_unique_items_check_is_linear(tmp_path: Path) -> None:
    """jsonschema compares unsortable items pairwise: 5,000 mappings took ~30 s."""
    record = load(SMALL_TRIALS[0])
    record["aliases"] = [{"a": i} for i in range(5000)]
    data_dir = folder(tmp_path / "trials", {SMALL_TRIALS[0].name: dump(record)})
    started = time.perf_counter()
    refused(run_cli("validate", str(data_dir)), "is not of type 'string'")
    assert time.perf_counter() - started < 5.0


# ------------------------------------------------------------------ numbers


def _numeric_kinds() -> dict[str, tuple[Path, list[str | int]]]:
    """One place per kind of numeric field in the real records (smallest record first)."""
    kinds: dict[str, tuple[Path, list[str | int]]] = {}
    for path, record in REAL_DATA.items():
        for parts, value in walk(record):
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            names = [p for p in parts if isinstance(p, str)]
            kind = names[-1] + ("[]" if isinstance(parts[-1], int) else "")
            if kind == "value":
                kind = "rule.value" if {"rule", "applies_when"} & set(names) else "dose.value"
            elif kind == "ci95[]":
                parent: Any = record
                for part in parts[:-2]:
                    parent = parent[part]
                kind = (
                    "time_to_event.ci95[]"
                    if "months" in parent or "not_reached" in parent
                    else "landmark.ci95[]"
                    if "at_months" in parent
                    else "proportion.ci95[]"
                )
            kinds.setdefault(kind, (path, parts))
    return kinds


NUMERIC_KINDS = _numeric_kinds()
NUMBERS = {
    "nan": ".nan",
    "inf": ".inf",
    "-inf": "-.inf",
    "1.0e+400": "1.0e+400",  # overflows to inf
    "1e400": "1e400",  # YAML 1.1 reads this as text
    "10**5000": "1" + "0" * 5000,
    "10**99": "1" + "0" * 99,
    "16**60": "0x" + "f" * 60,
    "-10**18": "-1" + "0" * 18,
    "1e-320": "1.0e-320",  # subnormal
}
SENTINEL = "HOSTILE-NUMBER-SENTINEL"
REQUIRED = ("id", "registry", "title", "short_name", "aliases", "design", "product", "sources")


def test_every_numeric_field_kind_is_covered() -> None:
    for kind in ("n", "N", "pct", "median", "min", "max", "months", "at_months", "exponent"):
        assert kind in NUMERIC_KINDS
    assert {"dose.value", "rule.value", "proportion.ci95[]", "from", "to"} <= set(NUMERIC_KINDS)


@pytest.mark.parametrize("number", sorted(NUMBERS))
@pytest.mark.parametrize("kind", sorted(NUMERIC_KINDS))
def test_hostile_number_in_every_numeric_field(tmp_path: Path, kind: str, number: str) -> None:
    source, parts = NUMERIC_KINDS[kind]
    full = load(source)
    # only the required keys and the section holding the number: the same checks, faster
    record = {k: v for k, v in full.items() if k in REQUIRED or k == parts[0]}
    set_at(record, parts, SENTINEL)
    text = dump(record).replace(SENTINEL.encode(), NUMBERS[number].encode())
    data_dir = folder(tmp_path / "trials", {source.name: text}, with_small=False)
    shutil.copy(SMALL_TRIALS[0], data_dir / SMALL_TRIALS[0].name)
    exit_code, report = validate_then_use_library(data_dir, source.stem)
    if number in ("nan", "inf", "-inf", "1.0e+400"):
        assert exit_code == 1, report
    if number == "10**5000":
        assert exit_code == 1, report
        assert f"{source.name}:" in report and "too large" in report, report


def validate_then_use_library(data_dir: Path, trial_id: str) -> tuple[int, str]:
    """What `validate_then_use` does through the CLI, through the library (no runner):
    validate; when the files pass, load, list, show, compare and check the trial and render
    every view. Returns validate's exit code and report."""
    result = validate_paths([data_dir])
    report = str(reporter("validate", "text")(result))
    assert_no_terminal_control(report)
    exit_code = result.exit_code(strict=False)
    if exit_code != 0:
        assert ": error: " in report, report
        return exit_code, report
    collection = load_collection(data_dir, use_cache=False)
    trial = collection.get(trial_id)
    other = collection.get("NCT00000001")
    console = terminal.console(io.StringIO(), width=200, soft_wrap=False)  # as the CLI's
    rows = list_rows(collection, today=dt.date(2026, 11, 30))
    comparison = build_comparison([trial, other])
    run = check_patients([t.record for t in (trial, other)], [load_profile(PATIENT)], single=True)
    for view in (
        reporter("list", "table")(rows),
        reporter("show", "text")(trial),
        reporter("compare", "table")(comparison),
        reporter("check", "text")(run),
    ):
        console.print(view)
    assert isinstance(console.file, io.StringIO)
    assert_no_terminal_control(console.file.getvalue())
    return exit_code, report


def _a_proportion_with_ci() -> tuple[Path, list[str | int]]:
    for path, record in REAL_DATA.items():
        for parts, value in walk(record):
            if isinstance(value, dict) and {"n", "N", "ci95"} <= set(value):
                return path, parts
    raise AssertionError("no proportion with n, N and a CI in the real records")


@pytest.mark.parametrize("total", [10**99, 10**7, 100_001])
def test_huge_counts_do_not_hang_the_exact_interval(tmp_path: Path, total: int) -> None:
    source, parts = _a_proportion_with_ci()
    record = load(source)
    set_at(record, [*parts, "n"], total // 2)
    set_at(record, [*parts, "N"], total)
    set_at(record, [*parts, "pct"], 50)
    set_at(record, [*parts, "ci95"], [49.9, 50.1])
    data_dir = folder(tmp_path / "trials", {source.name: dump(record)})
    started = time.perf_counter()
    run = validate_then_use(data_dir, source.stem)
    assert time.perf_counter() - started < 2.0
    refused(run, "is not a plausible count of patients")


# ------------------------------------------------------------------ markup and escapes


def _parts_of(json_path: str) -> list[str | int]:
    parts: list[str | int] = []
    for name, index, quoted in re.findall(r"\.(\w+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]", json_path):
        parts.append(int(index) if index else name or quoted)
    return parts


def _with_hostile_text(path: Path) -> dict[str, Any]:
    """The record with FULL (or SHORT) appended to every free-text field it accepts there."""
    record = load(path)
    plan = {tuple(parts): FULL for parts, value in walk(record) if parts and isinstance(value, str)}
    for _ in range(30):
        candidate = load(path)
        for parts, suffix in plan.items():
            target: Any = candidate
            for part in parts[:-1]:
                target = target[part]
            target[parts[-1]] += suffix
        bad = [
            (list(e.absolute_path), str(e.validator))
            for e in validator(TRIAL_SCHEMA).iter_errors(candidate)
        ]
        if not bad:
            doc = Document(path=path.name, text=dump(candidate).decode(), data=candidate)
            bad = [(_parts_of(p.path), p.code) for p in file_problems(doc) if p.severity == "error"]
        if not bad:
            assert len(plan) > 30, "too few text fields took the hostile text"
            return candidate
        for where, why in bad:
            for leaf in [k for k in plan if list(k[: len(where)]) == where]:
                if plan[leaf] == FULL and why == "maxLength":
                    plan[leaf] = SHORT
                else:
                    del plan[leaf]
    raise AssertionError("could not make a valid hostile record")


@pytest.fixture(scope="module")
def hostile_collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("hostile-text")
    for path in REAL:
        if path.stem in ("NCT07003555", "ChiCTR2000033567"):
            (data_dir / path.name).write_bytes(dump(_with_hostile_text(path)))
        else:
            shutil.copy(path, data_dir / path.name)
    return data_dir


def _outputs(data_dir: Path) -> Iterator[tuple[list[str], Run]]:
    commands = [
        ["validate", str(data_dir)],
        ["validate", str(data_dir), "--format", "json"],
        ["validate", str(data_dir), "--format", "github"],
        *(["list", "--format", f] for f in ("table", "csv", "markdown", "json")),
        *(
            ["show", t, "--format", f]
            for t in ("NCT07003555", "ChiCTR2000033567")
            for f in ("text", "json", "yaml")
        ),
        *(
            ["compare", "NCT07003555", "ChiCTR2000033567", "--format", f]
            for f in ("table", "markdown", "csv", "json")
        ),
        *(["check", "--patient", str(PATIENT), "--format", f] for f in ("text", "json")),
    ]
    for args in commands:
        run = run_cli("--data-dir", str(data_dir), *args, width=1000)
        yield args, run


def test_hostile_text_never_reaches_the_terminal(hostile_collection: Path) -> None:
    for args, run in _outputs(hostile_collection):
        out = run.stdout + run.stderr
        assert run.exit_code == 0, (args, out)
        assert "Traceback" not in out
        assert_no_terminal_control(out)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "NCT07003555"],
        ["show", "ChiCTR2000033567"],
        ["list"],
        ["compare", "NCT07003555", "ChiCTR2000033567"],
        ["compare", "NCT07003555", "ChiCTR2000033567", "--format", "markdown"],
    ],
    ids=lambda a: " ".join(a),
)
def test_markup_in_data_is_printed_literally(hostile_collection: Path, args: list[str]) -> None:
    run = run_cli("--data-dir", str(hostile_collection), *args, width=1000)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert SHORT_MARKUP in run.stdout  # short_name carries the short markup
    if args[0] != "list":
        assert MARKUP in run.stdout
        assert LINK in run.stdout
    assert_no_terminal_control(run.stdout)


def test_markup_in_arguments_and_file_names_is_printed_literally(tmp_path: Path) -> None:
    run = run_cli("show", f"{MARKUP}\x1b[2J\x9b31m")
    out = refused(run, MARKUP)
    assert_no_terminal_control(out)
    name = "[bold red]evil\x1b[31m\x9b2J.yaml"  # no "/" in a file name
    data_dir = folder(tmp_path / "trials", {name: b"id: [unclosed\n"})
    for args in (["list"], ["show", "NCT00000001"]):
        out = left_out(
            run_cli("--data-dir", str(data_dir), *args), "[bold red]evil", "YAML syntax error"
        )
        assert_no_terminal_control(out)
    out = refused(run_cli("validate", str(data_dir)), "[bold red]evil", "YAML syntax error")
    assert_no_terminal_control(out)


def test_hostile_patient_text_is_printed_literally(tmp_path: Path) -> None:
    profile = load(PATIENT)
    profile["id"] = f"{MARKUP}{FULL}"
    path = tmp_path / "patient.yaml"
    path.write_bytes(dump(profile))
    for fmt in ("text", "json", "csv"):
        run = run_cli("check", "--patient", str(path), "--format", fmt, width=1000)
        out = run.stdout + run.stderr
        assert "Traceback" not in out
        assert_no_terminal_control(out)
        if run.exit_code == 0 and fmt == "text":
            assert MARKUP in run.stdout


def test_yaml_escapes_make_every_control_character_printable_or_stripped(
    tmp_path: Path,
) -> None:
    record = load(SMALL_TRIALS[0])
    record["title"] = "".join(chr(c) for c in range(1, 0xA0) if c not in (0x0A,)) + " end"
    data_dir = folder(tmp_path / "trials", {SMALL_TRIALS[0].name: dump(record)})
    for args in (["show", "NCT00000001"], ["list"], ["compare", "NCT00000001", "NCT00000002"]):
        run = run_cli("--data-dir", str(data_dir), *args, width=1000)
        assert run.exit_code == 0, run.stdout + run.stderr
        assert_no_terminal_control(run.stdout)


#: a colour terminal: Rich styles the output (bold, dim, colours)
COLOUR = {"NO_COLOR": "", "FORCE_COLOR": "1", "TERM": "xterm-256color"}
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the only escape sequence Rich writes for our output


@pytest.mark.parametrize(
    "args",
    [
        ["show", "NCT07003555"],
        ["show", "ChiCTR2000033567"],
        ["list"],
        ["compare", "NCT07003555", "ChiCTR2000033567"],
        ["check", "--patient", str(PATIENT)],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_hostile_text_never_reaches_a_colour_terminal(
    hostile_collection: Path, args: list[str]
) -> None:
    """In colour, what reaches the terminal is the plain output plus Rich's own colour codes:
    nothing from the data survives but its printable text."""
    colour = run_cli("--data-dir", str(hostile_collection), *args, width=1000, env=COLOUR)
    plain = run_cli("--data-dir", str(hostile_collection), *args, width=1000)
    assert colour.exit_code == plain.exit_code
    for coloured, uncoloured in ((colour.stdout, plain.stdout), (colour.stderr, plain.stderr)):
        assert "\x1b[31mred" not in coloured  # the data's own colour code
        without = SGR.sub("", coloured)
        assert_no_terminal_control(without)
        assert [line.rstrip() for line in without.split("\n")] == [
            line.rstrip() for line in uncoloured.split("\n")
        ]
    assert SGR.search(colour.stdout + colour.stderr)  # the colour terminal got colour


def test_a_hostile_file_name_never_reaches_a_colour_terminal(tmp_path: Path) -> None:
    name = "[bold red]evil\x1b[31m\x9b2J\x07.yaml"  # named in a warning on stderr
    data_dir = folder(tmp_path / "trials", {name: b"id: [unclosed\n"})
    run = run_cli("--data-dir", str(data_dir), "list", env=COLOUR)
    assert "[bold red]evil2J.yaml" in run.stderr
    assert SGR.search(run.stderr)
    assert_no_terminal_control(SGR.sub("", run.stderr))


# ------------------------------------------------------------------ self-checks


@pytest.mark.parametrize("check", [assert_no_terminal_control])
def test_the_control_character_check_catches_escapes(check: Callable[[str], None]) -> None:
    for bad in ("\x1b[2J", "\x9b2J", "bell\x07"):
        with pytest.raises(AssertionError):
            check(bad)
    check("plain [bold]text[/] – ünïcode ≥ 3")
