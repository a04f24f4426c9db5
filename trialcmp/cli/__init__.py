"""The command-line interface: a thin Typer shell over the library.

Each command module registers its commands on `app` when imported.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Sequence

import typer

from trialcmp.cli import check as _check  # noqa: F401  (registers check)
from trialcmp.cli import compare as _compare  # noqa: F401  (registers compare, plot)
from trialcmp.cli import data as _data  # noqa: F401  (registers validate, list, show)
from trialcmp.cli import profile as _profile  # noqa: F401  (registers profile)
from trialcmp.cli import registry as _registry  # noqa: F401  (registers import, refresh)
from trialcmp.cli.app import COMMAND_ORDER, app


def main() -> None:
    """Run the command line (the program's entry, `trialcmp.__main__.main`, calls this)."""
    try:
        only_named(sys.argv[1:])(prog_name="trialcmp")
    except KeyboardInterrupt:  # outside a command (the boundary covers commands)
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None


def only_named(args: Sequence[str]) -> typer.Typer:
    """`app` with only the commands that `args` (a command line) names, when it names any;
    the whole `app` for help, no command or an unknown one.

    Typer builds the click command of every registered command at each start (reading
    each one's signature and type hints): ~3 ms for nine commands where one runs.
    """
    named = {arg for arg in args if arg in COMMAND_ORDER}
    if not named:
        return app
    only = copy.copy(app)
    only.registered_commands = [c for c in app.registered_commands if c.name in named]
    return only


__all__ = ["app", "main", "only_named"]
