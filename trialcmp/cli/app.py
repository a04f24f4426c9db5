"""The Typer application, its global options, output helpers and the one error boundary."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from trialcmp.errors import TrialcmpError
from trialcmp.resources import DATA_DIR_ENV

#: The commands in the order a user meets them; --help lists them so (others after).
COMMAND_ORDER = (
    "list",
    "show",
    "compare",
    "check",
    "validate",
    "plot",
    "profile",
    "import",
    "refresh",
)


class BoundaryGroup(TyperGroup):
    """Known errors become one clean message on stderr and their exit code.

    Also: an operating-system error (a file that cannot be read or written, a full disk)
    is one message and exit 2; Ctrl-C exits 130 and a closed pipe (`trialcmp list | head
    -1`) exits quietly, both without a traceback. Other exceptions are not caught here, so
    a real bug keeps its traceback.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        names = list(super().list_commands(ctx))
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(rank)), names.index(n)))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TrialcmpError as exc:
            print_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:
            print_error(TrialcmpError(os_error_message(exc)))
            raise typer.Exit(TrialcmpError.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(130) from None


def os_error_message(exc: OSError) -> str:
    """`nodir/x.png: No such file or directory` (no errno, no traceback)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    return ": ".join([" -> ".join(names), reason] if names else [reason])


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:  # pragma: no cover - nothing more to do
        pass


app = typer.Typer(
    cls=BoundaryGroup,
    name="trialcmp",
    help=(
        "Compare CAR-T cell therapy trials in relapsed/refractory multiple myeloma, and"
        " pre-screen a patient against them.\n\n"
        "Examples:\n\n"
        "  trialcmp list --target CD19\n\n"
        "  trialcmp show BC19\n\n"
        "  trialcmp compare NCT07003555 ChiCTR2000033567\n\n"
        "  trialcmp check --patient patient.yaml\n\n"
        "  trialcmp validate"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        from trialcmp import __version__

        typer.echo(f"trialcmp {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    data_dir: Path | None = typer.Option(
        None,
        "--data-dir",
        envvar=DATA_DIR_ENV,
        help="Folder of trial YAML files to use instead of the bundled collection.",
        show_envvar=True,
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    no_cache: bool = typer.Option(
        False,
        "--no-cache",
        help="Parse and check every trial file instead of reading the cache of validated"
        " records (TRIALCMP_CACHE_DIR, else the user cache folder).",
    ),
) -> None:
    ctx.obj = {"data_dir": data_dir, "cache": not no_cache}


def data_dir_of(ctx: typer.Context) -> Path | None:
    obj = ctx.find_root().obj or {}
    value = obj.get("data_dir")
    return value if isinstance(value, Path) else None


def collection_of(ctx: typer.Context, named: Sequence[str] = (), *, load: Any = None) -> Any:
    """The trial collection, with one warning on stderr per invalid record left out.

    A record that one of `named` names is not warned about: naming it is an error (raised
    by the collection's lookup, with the record's problem). `load` replaces
    `load_collection` (same arguments), e.g. by the slice `check` reads.
    """
    from trialcmp.collection import load_collection

    obj = ctx.find_root().obj or {}
    loader = load or load_collection
    collection = loader(data_dir_of(ctx), use_cache=obj.get("cache", True) is not False)
    skip = {id(i) for i in collection.invalid_named(named)}
    for invalid in collection.invalid:
        if id(invalid) not in skip:
            warn(f"{invalid.message()} (record left out; `trialcmp validate` shows every problem)")
    return collection


# ---------------------------------------------------------------- output


def _width() -> int | None:
    cols = os.environ.get("COLUMNS")
    return int(cols) if cols and cols.isdigit() else None


def stdout_console() -> Any:
    from trialcmp.render.terminal import console

    return console(sys.stdout, width=_width(), soft_wrap=False)


def stderr_console() -> Any:
    from trialcmp.render.terminal import console

    return console(sys.stderr, width=_width(), soft_wrap=True)


def emit(output: Any) -> None:
    """Print a reporter's output on stdout: strings as they are, renderables through Rich.

    Both ways go through `trialcmp.render.terminal`, the one place where text from data
    files is made safe for the terminal. Bytes are UTF-8 JSON whose writer escaped every
    control character itself (DEL and C1 included: `render.check.json_report`); they are
    written as they are (decoding and scanning 20 MB of a large report again costs ~0.1 s).
    """
    if isinstance(output, str):
        from trialcmp.render.terminal import write

        write(output, sys.stdout)
        return
    if isinstance(output, bytes | bytearray):
        sys.stdout.flush()
        sys.stdout.buffer.write(output)
        sys.stdout.buffer.flush()
        return
    console = stdout_console()
    if console.is_terminal:
        console.print(output)
        return
    # piped or redirected: no line ends in padding spaces (pasted notes, diffs, grep)
    printed = console.printed(output)
    sys.stdout.write("\n".join(line.rstrip(" ") for line in printed.split("\n")))
    sys.stdout.flush()


def print_error(exc: TrialcmpError) -> None:
    from rich.text import Text

    console = stderr_console()
    message = Text("error: ", style="bold red")
    message.append(exc.message)
    console.print(message)
    if exc.hint:
        console.print(Text("hint: ", style="bold") + Text(exc.hint))


def warn(message: str) -> None:
    """A warning line on stderr: `warning: message`."""
    from rich.text import Text

    line = Text("warning: ", style="bold yellow")
    line.append(message)
    stderr_console().print(line)


def note(message: str) -> None:
    """A diagnostic line on stderr."""
    from rich.text import Text

    stderr_console().print(Text(message, style="dim"))


def format_choices(name: str, command: str) -> Any:
    """An Enum of a command's formats: the `--format` choices come from the reporter registry."""
    from trialcmp.render.registry import choices

    return Enum(name, {key: key for key in choices(command)}, type=str)


def as_of_option() -> Any:
    """`--as-of DATE` (or TRIALCMP_TODAY): the date statuses are aged on; default today."""
    from trialcmp.landscape import TODAY_ENV

    return typer.Option(
        None,
        "--as-of",
        envvar=TODAY_ENV,
        metavar="YYYY-MM-DD",
        help="Age recruitment statuses on this date instead of today.",
        show_envvar=True,
        show_default=False,
    )


def format_option(default: str, what: str) -> Any:
    return typer.Option(
        default,
        "--format",
        "-f",
        case_sensitive=False,
        help=f"Output format for {what}.",
        show_default=True,
    )
