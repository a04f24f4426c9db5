"""Where output meets the terminal: text from data files is made safe here, and only here.

Renderers build `rich.text.Text` (literal: Rich markup in data is never interpreted) and
plain strings straight from the data; they do not clean anything. What they produce is
printed through `console()` or written by `write()`:

- `SafeConsole` (`render/safe_console.py`) strips terminal escape sequences and control
  characters (`trialcmp.text.clean`) from every Text it lays out, before the layout (so
  wrapping and column widths are those of what is printed), and from every segment it
  prints, before Rich adds its own styling (so colour still works, and nothing a renderer
  yields directly escapes).
- `write()` does the same for the plain writers' output (CSV, Markdown, JSON, YAML,
  validate's text and GitHub formats), without importing Rich. JSON escapes control
  characters itself, so it passes unchanged.

Layouts of our own (`render/layout.py`, `render/outline.py`) measure text before Rich sees
it; they take their cells through `safe_console.safe_text`, or leave a label with control
characters to Rich (and so to this console).
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

from trialcmp.text import UNSAFE, clean

if TYPE_CHECKING:
    from trialcmp.render.safe_console import SafeConsole


def console(file: IO[str], *, width: int | None, soft_wrap: bool) -> SafeConsole:
    """The console every command prints through (stdout or stderr)."""
    from trialcmp.render.safe_console import SafeConsole

    # no emoji codes either: ":smile:" in a string stays as written (replacing them costs
    # loading Rich's table of 3,600 names, ~2 ms of every command that prints a Rule)
    return SafeConsole(file=file, width=width, soft_wrap=soft_wrap, highlight=False, emoji=False)


def write(text: str, file: IO[str] | None = None) -> None:
    """Write a plain writer's output (CSV, Markdown, JSON, YAML, text) safely (no Rich)."""
    out = file if file is not None else sys.stdout
    out.write(clean(text) if UNSAFE.search(text) is not None else text)
    out.flush()
