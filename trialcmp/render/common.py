"""Helpers shared by reporters: literal text cells, CSV and Markdown tables, JSON.

None of them strips escapes from data: what they produce is printed or written through
`trialcmp.render.terminal`, which does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rich.text import Text

_C1 = re.compile("[\x7f-\x9f]")


def cell(value: object, style: str = "") -> Text:
    """A table cell that prints data literally (no markup; escapes go where it is printed)."""
    return Text("" if value is None else str(value), style=style)


def to_json(value: Any) -> str:
    import json

    text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    # json escapes C0 controls (ESC becomes \u001b) but not DEL and C1 (U+009B is a
    # one-byte CSI to some terminals): escape them too; the JSON value is the same.
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def to_csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def md_escape(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def to_markdown(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = [
        "| " + " | ".join(md_escape(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
