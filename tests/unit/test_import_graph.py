"""The import graph is one-way: file → load → validate → model → compare/check → render →
print. Core modules never import Typer, Click or Rich (not even lazily, inside a function),
nor the CLI or the renderers; renderers never import the CLI or Typer.

Read from the source (every `import` statement anywhere in a module), not from what a run
happens to import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "trialcmp"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts[0] in ("cli", "render"):
        return parts[0]
    return "entry" if parts == ("__main__.py",) else "core"


def imported(path: Path) -> set[str]:
    """Every module an import statement of `path` names (absolute, or made absolute)."""
    package = ".".join(("trialcmp", *path.relative_to(PACKAGE).parts[:-1]))
    return imported_by(path.read_text(encoding="utf-8"), package)


def imported_by(source: str, package: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


FORBIDDEN = {
    "core": ("typer", "click", "rich", "trialcmp.cli", "trialcmp.render"),
    "render": ("typer", "click", "trialcmp.cli"),
}


def _hits_in(names: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_nothing_from_a_later_layer(path: Path) -> None:
    prefixes = FORBIDDEN.get(_layer(path), ())
    assert _hits_in(imported(path), prefixes) == []


def test_the_check_sees_imports_inside_functions_and_relative_ones() -> None:
    source = "def f():\n    import rich.text\n    from ..render import show\n"
    names = imported_by(source, "trialcmp.compare")
    assert {"rich.text", "trialcmp.render", "trialcmp.render.show"} <= names
    assert _hits_in(names, FORBIDDEN["core"]) == [
        "rich.text",
        "trialcmp.render",
        "trialcmp.render.show",
    ]


def test_every_layer_is_seen() -> None:
    layers = {_layer(p) for p in MODULES}
    assert layers == {"core", "cli", "render", "entry"}
    assert len(MODULES) > 50
