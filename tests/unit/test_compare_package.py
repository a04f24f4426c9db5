"""`trialcmp.compare` is a package of small modules (issue 9) that keeps its public names."""

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


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_module_of_the_package_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_one_module_per_section() -> None:
    assert trialcmp.compare.SECTION_NAMES == SECTION_MODULES
    for name in SECTION_MODULES:
        assert (PACKAGE / f"{name}.py").is_file(), name


@pytest.mark.parametrize("name", trialcmp.compare.__all__)
def test_every_exported_name_is_importable_from_the_package(name: str) -> None:
    assert getattr(trialcmp.compare, name) is not None
