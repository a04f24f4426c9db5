"""The command-line interface: a thin Typer shell over the library.

Each command module registers its commands on `app` when imported.
"""

from __future__ import annotations

import gc
import sys

from trialcmp.cli import check as _check  # noqa: F401  (registers check)
from trialcmp.cli import compare as _compare  # noqa: F401  (registers compare, plot)
from trialcmp.cli import data as _data  # noqa: F401  (registers validate, list, show)
from trialcmp.cli import profile as _profile  # noqa: F401  (registers profile)
from trialcmp.cli import registry as _registry  # noqa: F401  (registers import, refresh)
from trialcmp.cli.app import app


def main() -> None:
    """Console-script entry point."""
    # What the imports made (Typer, Rich, the modules: some 17,000 objects the collector
    # tracks) lives as long as the process: the collector stops walking it at each of its
    # runs (~10 ms of `show` and of `list`, a tenth of their start-up). What the command
    # makes is collected as usual.
    gc.freeze()
    try:
        app(prog_name="trialcmp")
    except KeyboardInterrupt:  # outside a command (the boundary covers commands)
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None


__all__ = ["app", "main"]
