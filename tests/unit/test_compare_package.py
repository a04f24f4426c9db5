"""`trialcmp.compare` is a package of small modules (issue 9) that keeps its public names;
no module of trialcmp is over 400 lines."""

from __future__ import annotations

from pathlib import Path

import pytest

import trialcmp.compare

PACKAGE = Path(trialcmp.compare.__file__).parent
SECTION_MODULES = (
    "overview",
    "product",
    "dosing",
    "lymphodepletion",
    "population",
    "eligibility",
    "endpoints",
    "efficacy",
    "safety",
)


ALL_MODULES = sorted(PACKAGE.parent.rglob("*.py"))


@pytest.mark.parametrize(
    "path", ALL_MODULES, ids=lambda p: str(p.relative_to(PACKAGE.parent.parent))
)
def test_no_module_of_trialcmp_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 400, f"{path.name} has {lines} lines: split it by what it holds"


def test_one_module_per_section() -> None:
    assert trialcmp.compare.SECTION_NAMES == SECTION_MODULES
    for name in SECTION_MODULES:
        assert (PACKAGE / f"{name}.py").is_file(), name


@pytest.mark.parametrize("name", trialcmp.compare.__all__)
def test_every_exported_name_is_importable_from_the_package(name: str) -> None:
    assert getattr(trialcmp.compare, name) is not None
