"""Reporters for `trialcmp check`.

* ``text`` (default): for one patient, the summary (per trial: verdict, status with its
  date, the deciding reason), what to collect to decide more trials, then the detail per
  trial (`trialcmp.render.check_patient`); ``--brief`` stops after the first two. For
  several patients, the cohort matrix (as ``table``).
* ``table``: one patient: the summary table. Several: the cohort matrix — one row per trial
  and one column per patient (verdict and deciding reason) while the patients fit the
  width; past that one row per patient (verdict counts and the trials they are eligible
  for), and the output says so. CSV and JSON always carry the full matrix.
* ``csv``: one row per patient; per trial its verdict and its deciding reason.
* ``json``: for one patient file, exactly the contract's object
  ``{"patient", "results": [{"trial", "verdict", "criteria": [...]}]}`` (plus extra keys);
  for several patients, ``{"trials": [IDs], "patients": [one contract object per
  patient], "matrix": [{"patient", "file", "verdicts": {trial: verdict},
  "reasons": {trial: deciding reason}}]}``. Compact (one line), encoded by msgspec; the
  contract fixes names and values, not whitespace. The json path never imports Rich.
* ``markdown``: the text report (one patient) or the matrix (several) for pasting into a
  tumour-board note (`trialcmp.render.check_markdown`).

The Rich renderables live in `trialcmp.render.check_patient` (one patient) and
`trialcmp.render.check_matrix` (several) and are imported only by the formats that draw
them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from trialcmp.eligibility.summary import reason_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from trialcmp.eligibility.engine import CheckRun

#: DEL and the C1 controls (U+0080-U+009F) in UTF-8: some terminals act on them.
_C1_BYTES = re.compile(rb"\x7f|\xc2[\x80-\x9f]")
_C1 = re.compile("[\x7f-\x9f]")


def as_text(run: CheckRun) -> RenderableType:
    from trialcmp.render.check_matrix import CohortMatrix
    from trialcmp.render.check_patient import patient_text

    if run.single and len(run.reports) == 1:
        return patient_text(run.reports[0], brief=run.brief)
    return CohortMatrix(run)


def as_table(run: CheckRun) -> RenderableType:
    from trialcmp.render.check_matrix import CohortMatrix
    from trialcmp.render.check_patient import summary_table

    if run.single and len(run.reports) == 1:
        return summary_table(run.reports[0].results)
    return CohortMatrix(run)


def as_csv(run: CheckRun) -> str:
    from trialcmp.render.common import to_csv

    header = ["patient", "file"]
    for trial in run.trials:
        header += [trial, f"{trial} reason"]
    rows = []
    for report in run.reports:
        row: list[Any] = [report.patient, report.source]
        for result in report.results:
            row += [result.verdict, reason_text(result)]
        rows.append(row)
    return to_csv(header, rows)


def _python_numbers_only(values: Iterable[Any]) -> bool:
    """True when a value is a float that msgspec writes otherwise than Python's `repr`
    (an exponent: 1e-05 is "0.00001" there), or is not finite (never valid JSON)."""
    for value in values:
        if isinstance(value, float):
            if not math.isfinite(value) or "e" in repr(value):
                return True
        elif isinstance(value, list | tuple):
            if _python_numbers_only(value):
                return True
        elif isinstance(value, dict) and _python_numbers_only(value.values()):
            return True
    return False


def compact_json(data: Any, *, python_numbers: bool = False) -> str:
    """`data` as compact JSON text (UTF-8, no spaces) with a final newline, and DEL and the
    C1 controls escaped like the C0 ones (U+009B is a one-byte CSI to some terminals).

    msgspec writes it, except when `python_numbers` is set or msgspec cannot (a lone
    surrogate, an integer beyond 64 bits): then the standard library, for the same text.
    """
    import msgspec

    if not python_numbers:
        try:
            raw = msgspec.json.encode(data)
        except (msgspec.EncodeError, UnicodeEncodeError, OverflowError, TypeError):
            pass
        else:
            if _C1_BYTES.search(raw):
                raw = _C1_BYTES.sub(lambda m: f"\\u{ord(m.group().decode()):04x}".encode(), raw)
            return raw.decode() + "\n"
    import json

    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def as_json(run: CheckRun) -> str:
    data = run.as_dict()
    if "matrix" in data:
        for entry, report in zip(data["matrix"], run.reports, strict=True):
            entry["reasons"] = {r.trial: reason_text(r) for r in report.results}
    exotic = any(_python_numbers_only(r.values.values()) for r in run.reports)
    return compact_json(data, python_numbers=exotic)


def as_markdown(run: CheckRun) -> str:
    from trialcmp.render.check_markdown import as_markdown as markdown

    return markdown(run)


REPORTERS: dict[str, Callable[[CheckRun], RenderableType | str]] = {
    "text": as_text,
    "table": as_table,
    "csv": as_csv,
    "json": as_json,
    "markdown": as_markdown,
}
