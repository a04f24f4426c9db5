"""The command-line interface: a thin Typer shell over the library.

Each command module registers its commands on `app` when imported.
"""

from __future__ import annotations

import copy
import gc
import sys
from collections.abc import Sequence

# Importing Typer, Rich and the commands makes some 25,000 objects and no garbage: the
# cyclic collector would walk the growing heap again and again for nothing (~3 ms). What
# they made lives as long as the process: it is then moved out of the collector's reach
# (gc.freeze), which stops it walking all of it at each of its runs while the command
# runs (~10 ms of `show` and of `list`, a tenth of their start-up). What the command
# makes is collected as usual.
_collecting = gc.isenabled()
gc.disable()
try:
    import typer

    from trialcmp.cli import check as _check  # noqa: F401  (registers check)
    from trialcmp.cli import compare as _compare  # noqa: F401  (registers compare, plot)
    from trialcmp.cli import data as _data  # noqa: F401  (registers validate, list, show)
    from trialcmp.cli import profile as _profile  # noqa: F401  (registers profile)
    from trialcmp.cli import registry as _registry  # noqa: F401  (registers import, refresh)
    from trialcmp.cli.app import COMMAND_ORDER, app
finally:
    gc.freeze()
    if _collecting:
        gc.enable()


def main() -> None:
    """Console-script entry point."""
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
