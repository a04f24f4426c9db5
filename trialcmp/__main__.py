"""The program's entry: the `trialcmp` console script and `python -m trialcmp`.

Importing Typer, Rich and the commands makes some 25,000 objects and no garbage: the
cyclic collector would walk the growing heap again and again for nothing (~3 ms). What they
make lives as long as the process, so it is then moved out of the collector's reach
(`gc.freeze`), which stops the collector walking all of it at each of its runs while the
command runs (~10 ms of `show` and of `list`, a tenth of their start-up). What the command
makes is collected as usual. This is done here, in the program, and not when
`trialcmp.cli` is imported: a program or a test that imports the CLI keeps its collector
as it was.
"""

from __future__ import annotations

import gc


def main() -> None:
    """Run the command line (`trialcmp.cli.main`) with its imports frozen."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from trialcmp.cli import main as run
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    run()


if __name__ == "__main__":
    main()
