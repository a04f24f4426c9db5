"""At 60, 80, 100 and 200 columns no output breaks a word, ID, drug or target name.

A token of the data may wrap only at a space, or after a "/" or "-" between letters
(`trialcmp.render.layout`); every other fragment of a token on a line is a broken token.
No line ends in spaces (the output is not a terminal) and no zero-width character is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ORIGINAL_IDS, ROOT, run_original
from tests.records import trial_record
from trialcmp.render.layout import pieces

WIDTHS = (60, 80, 100, 200)
STRIP = "()[]{}<>,;:.!?\"'`*†‡§¶|"
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


@cache
def all_tokens() -> frozenset[str]:
    """Every whitespace-separated token of the shipped records' text."""
    found: set[str] = set()
    for trial in ORIGINAL_IDS:
        for text in _strings(trial_record(trial)):
            found.update(w.strip(STRIP) for w in text.split())
    return frozenset(found)


def tokens() -> frozenset[str]:
    return frozenset(t for t in all_tokens() if len(t) >= 3)


def _allowed_cut(token: str, head: str) -> bool:
    parts = pieces(token)
    return any("".join(parts[:k]) == head for k in range(1, len(parts)))


def _ends_a_cell(output: str, head: str) -> bool:
    """`head` ends a line, or a table cell (two spaces follow)."""
    pattern = r"(?:^|\s)" + re.escape(head) + r"(?= {2,}|[ \t]*$)"
    return re.search(pattern, output, re.MULTILINE) is not None


def _starts_a_cell(output: str, rest: str) -> bool:
    """`rest` starts a line, or a table cell (two spaces before it)."""
    pattern = r"(?:^[ \t]*| {2,})" + re.escape(rest)
    return re.search(pattern, output, re.MULTILINE) is not None


#: A run of non-blanks that ends a line or a cell: what `_ends_a_cell` finds, all at once.
_CELL_END = re.compile(r"(?:^|(?<=\s))(\S+)(?= {2,}|[ \t]*$)", re.MULTILINE)
#: A run of non-blanks that starts a line or a cell: `_starts_a_cell` finds its prefixes.
_CELL_START = re.compile(r"(?:^[ \t]*| {2,})(\S+)", re.MULTILINE)


def cell_ends(output: str) -> frozenset[str]:
    """Every `head` for which `_ends_a_cell(output, head)` holds (a head has no blanks)."""
    return frozenset(m.group(1) for m in _CELL_END.finditer(output))


def cell_starts(output: str) -> frozenset[str]:
    """Every `rest` for which `_starts_a_cell(output, rest)` holds (a rest has no blanks)."""
    runs = {m.group(1) for m in _CELL_START.finditer(output)}
    return frozenset(run[:k] for run in runs for k in range(1, len(run) + 1))


def broken(output: str, vocabulary: frozenset[str] | None = None) -> list[str]:
    """Data tokens cut in two where no cut is allowed: the head ends one word of the output
    and the rest starts another. (The searches of `_ends_a_cell` and `_starts_a_cell` are
    made once per output, as the sets `cell_ends` and `cell_starts`.)"""
    words = {w.strip(STRIP) for w in output.split()} - {""}
    ends, starts = cell_ends(output), cell_starts(output)
    found = []
    for token in vocabulary if vocabulary is not None else tokens():
        if token in words:
            continue
        for cut in range(1, len(token)):
            head, rest = token[:cut], token[cut:]
            if head in words and head in ends and rest in starts:
                words_of_their_own = vocabulary is None and (
                    head in all_tokens() or rest in all_tokens() or len(rest) < 2 or len(head) < 3
                )
                if not words_of_their_own and not _allowed_cut(token, head):
                    found.append(f"{head}|{rest}")
    return sorted(found)


def assert_clean(args: tuple[str, ...], width: int, folder: Path) -> str:
    run = run_original(*args, width=width, folder=folder)
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert broken(out) == [], f"`trialcmp {' '.join(args)}` at {width} columns"
    assert not ZERO_WIDTH.search(out)
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
    return out


def test_the_detector_finds_a_broken_token() -> None:
    vocabulary = frozenset({"CARTITUDE-1", "recruiting", "BCMA/CD19", "anti-BCMA"})
    assert broken("CARTITUD\nE-1 recruiti\nng", vocabulary) == ["CARTITUD|E-1", "recruiti|ng"]
    assert broken("CARTITUDE-1 BCMA/\nCD19 anti-\nBCMA recruiting", vocabulary) == []


def test_the_detector_sets_find_what_the_cell_searches_find(original_data: Path) -> None:
    """`cell_ends` and `cell_starts` hold exactly the fragments the two searches accept."""
    samples = [
        "CARTITUD\nE-1 recruiti\nng",
        "  a  bc   d\t\nx y  z \n\tq  r\u00a0s\n  BCMA/\nCD19 anti-\nBCMA",
        run_original("list", "--target", "CD19", width=60, folder=original_data).stdout,
    ]
    for output in samples:
        ends, starts = cell_ends(output), cell_starts(output)
        assert ends and starts
        runs = output.split()
        fragments = {run[i:j] for run in runs for i in range(len(run)) for j in (i + 1, len(run))}
        for fragment in fragments:
            assert (fragment in ends) == _ends_a_cell(output, fragment), (fragment, output)
            assert (fragment in starts) == _starts_a_cell(output, fragment), (fragment, output)


LIST_CASES = [("list",), ("list", "--target", "CD19")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", LIST_CASES, ids=" ".join)
def test_list_breaks_no_token(args: tuple[str, ...], width: int, original_data: Path) -> None:
    out = assert_clean(args, width, original_data)
    assert ("CARTITUDE-1" in out) == (args == ("list",))


@pytest.mark.parametrize("width", (60, 80))
def test_list_names_the_columns_it_drops(width: int, original_data: Path) -> None:
    out = run_original("list", width=width, folder=original_data).stdout
    if width == 60:
        assert "Not shown at 60 columns: Status, Treated" in out
    else:
        assert "Not shown" not in out
    assert max(len(line) for line in out.splitlines()) <= width


CHECK_CASES = [
    ("check", "--patient", "examples/incomplete-missing-labs.yaml"),
    ("check", "--patient", "examples/ineligible-lvef-50.yaml", "--brief"),
    ("check", "--patient", "examples/"),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", CHECK_CASES, ids=" ".join)
def test_check_breaks_no_token(
    args: tuple[str, ...], width: int, original_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = assert_clean(args, width, original_data)
    assert "NCT07003555" in out


COMPARE_CASES = [
    ("compare", "NCT07003555", "ChiCTR2000033567"),
    ("compare", "bc19", "karmma", "cartitude-1"),
    ("compare", "bc19", "bm38", "karmma", "cartitude-1", "NCT07003555", "NCT04637269"),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMPARE_CASES, ids=lambda a: f"{len(a) - 1} trials")
def test_compare_breaks_no_token(args: tuple[str, ...], width: int, original_data: Path) -> None:
    out = assert_clean(args, width, original_data)
    side_by_side = "landscape layout" not in out
    if width >= 80 and len(args) <= 4:
        assert side_by_side, "2 and 3 trials stay side by side from 80 columns"
    if not side_by_side:
        assert out.startswith(f"{len(args) - 1} trials do not fit side by side at {width}")
