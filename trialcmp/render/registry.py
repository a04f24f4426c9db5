"""The reporter registry: per command, its output formats and the formatter of each.

Formatters are named here as `module:function` of `trialcmp.render` and imported only when
used, so the CLI offers the `--format` choices without importing Rich tables, the compare
sections or the plot code. Each render module's `REPORTERS` dict is the same mapping (a test
keeps them equal); this one is what the CLI reads.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

FORMATS: dict[str, dict[str, str]] = {
    "validate": {"text": "validate", "json": "validate", "github": "validate"},
    "list": {"table": "listing", "json": "listing", "csv": "listing", "markdown": "listing"},
    "show": {"text": "show", "json": "show", "yaml": "show"},
    "compare": {"table": "compare", "markdown": "compare", "csv": "compare", "json": "compare"},
    "plot": {"text": "plot", "json": "plot"},
    "check": {
        "text": "check",
        "table": "check",
        "csv": "check",
        "json": "check",
        "markdown": "check",
    },
    "refresh": {"table": "refresh", "json": "refresh", "csv": "refresh"},
}


def choices(command: str) -> tuple[str, ...]:
    """The `--format` choices of `command`, default first."""
    return tuple(FORMATS[command])


def reporter(command: str, fmt: str) -> Callable[[Any], Any]:
    """The formatter of `command` for format `fmt` (imports its render module)."""
    module = import_module(f"trialcmp.render.{FORMATS[command][fmt]}")
    found: Callable[[Any], Any] = module.REPORTERS[fmt]
    return found
