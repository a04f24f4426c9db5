"""The audit of issue 10: `validate` on the shipped records reports every inconsistency the
sources hold, and every quote is the source's own words.

The quote test reads the shared sources (`../shared/sources`, next to the repository) and
is skipped where that folder is absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import DATA_DIR, ROOT, CliFn
from tests.records import load_yaml, trial_record

SOURCES = ROOT.parent / "shared" / "sources"
#: Seed documents (and the sources README, quoted as itself): quotes must be verbatim there.
QUOTABLE = re.compile(r"^(00[0-4]_[0-9a-f]+(\.cleaned)?\.txt|README\.md)$")

#: file -> fragments that `validate` must report for it (one problem each).
EXPECTED: dict[str, list[str]] = {
    "ChiCTR1800018143.yaml": [
        "62.2% cannot be a share of any group of at most 23",
        "[nine-months-not-a-landmark]",
    ],
    "ChiCTR2000033567.yaml": [
        "says 7/50 16% where the main value is 7/50 14%",
        "46 patients (96%)",
        "says 62% where the main value is 30/50",
        "95% CI 2–20% is not the exact (Clopper–Pearson) interval of 4/50",
        "criterion requires age < 70 but the treated patients' ages range 31–70",
        "[mrd-denominator-meaning]",
        "[high-risk-definitions]",
        "[iqr-or-range]",
        "median PFS reaches 31.7 months, beyond the longest follow-up",
        "median OS reaches 34.4 months, beyond the longest follow-up",
        "lower 95% bound, 5.0 months, is before 12 months",
        "Median OS equals median PFS",
    ],
    "NCT04182581.yaml": [
        "[prior-therapy-statements]",
        "[pfs-rate-definition-inverted]",
        "[os-rate-definition-inverted]",
    ],
    "NCT04637269.yaml": ["about 100× the per-kg doses"] * 3,
    "NCT07003555.yaml": [
        "[kq2003-emd-share]",
        "[azd0120-prior-car-t-claim]",
        "[serology-prose-vs-registry]",
        "[gvhd-prose-vs-registry]",
    ],
    "NCT03548207.yaml": [
        "about 10%",
        "[jnj-table-attribution]",
        'labels "(56-68)" a range',
        "[age-range-or-iqr]",
    ],
    "NCT03361748.yaml": [
        "[status-outdated]",
        "[dose-range-lower-bound]",
        "[enrolment-registry-vs-paper]",
    ],
    "NCT07003568.yaml": [],
}


def _problems(cli: CliFn) -> list[dict[str, Any]]:
    run = cli("validate", "--format", "json")
    assert run.exit_code == 0, run.stdout
    problems: list[dict[str, Any]] = json.loads(run.stdout)["problems"]
    return problems


def test_validate_reports_every_inconsistency_of_the_shipped_records(cli: CliFn) -> None:
    by_file: dict[str, list[str]] = {}
    for p in _problems(cli):
        by_file.setdefault(p["file"].rsplit("/", 1)[-1], []).append(p["message"])
    for name, fragments in EXPECTED.items():
        messages = by_file.get(name, [])
        for fragment in fragments:
            assert any(fragment in m for m in messages), (name, fragment, messages)
        # nothing is reported twice (curators may add flags: they are listed, not counted)
        assert len(messages) == len(set(messages)) or name == "NCT04637269.yaml", messages


def test_the_cartitude_97_9_percent_is_filed_with_the_later_report(cli: CliFn) -> None:
    record = trial_record("NCT03548207")
    primary, later = record["results"]
    assert primary["efficacy"]["orr"] == {
        "n": 94,
        "N": 97,
        "pct": 97,
        "cite": primary["efficacy"]["orr"]["cite"],
    }
    assert later["efficacy"]["orr"]["pct"] == 97.9
    assert not any("97.9" in p["message"] for p in _problems(cli))


def test_bc19_no_longer_claims_contradictions_the_paper_does_not_contain() -> None:
    text = (DATA_DIR / "ChiCTR2000033567.yaml").read_text(encoding="utf-8")
    assert "Possible tension" not in text
    assert "Possible contradiction" not in text


#: A value only the BC19 paper states (the README only notes that the paper quotes it).
SECOND_HAND_ONLY = {("NCT03548207.yaml", ("results", 1, "efficacy", "orr"))}


def test_comparator_values_cite_the_readme_not_the_paper_quoting_them() -> None:
    for name in ("NCT03361748.yaml", "NCT03548207.yaml"):
        record = load_yaml(DATA_DIR / name)
        for parts, value in _walk(record):
            if isinstance(value, dict) and ("n" in value or "pct" in value) and "cite" in value:
                sources = {c["source"] for c in value["cite"]}
                if "readme-comparators" in sources and (name, parts) not in SECOND_HAND_ONLY:
                    assert "shi2024" not in sources, (name, parts)


def _walk(value: Any, parts: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield parts, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*parts, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*parts, i))


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())


RECORDS = sorted(DATA_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_every_quote_is_verbatim_in_a_seed_document(path: Any) -> None:
    if not SOURCES.is_dir():
        pytest.skip("the shared sources (../shared/sources) are not here")
    record = load_yaml(path)
    files = {s["id"]: s.get("file") for s in record.get("sources") or []}
    texts: dict[str, str] = {}
    for parts, value in _walk(record):
        if not (isinstance(value, dict) and isinstance(value.get("quote"), str)):
            continue
        name = files.get(value.get("source"))
        assert name and QUOTABLE.match(str(name)), (
            f"{path.name} {parts}: quotes {name!r}; quotes come only from the seed documents"
            " 000–004 (a fact sheet's restatement is never a quote)"
        )
        if name not in texts:
            texts[name] = _norm((SOURCES / name).read_text(encoding="utf-8"))
        assert _norm(value["quote"]) in texts[name], f"{path.name} {parts}: not verbatim"
