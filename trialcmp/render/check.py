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

#: DEL and the C1 controls (U+0080-U+009F) in UTF-8: some terminals act on them. The C1
#: pattern starts with a literal byte, so searching 20 MB takes ~10 ms (with DEL as an
#: alternative in the same pattern it took 0.14-0.33 s).
_C1_BYTES = re.compile(rb"\x7f|\xc2[\x80-\x9f]")
_C1_PAIR = re.compile(rb"\xc2[\x80-\x9f]")
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


def _msgspec_json(data: Any) -> bytearray | None:
    """Compact JSON by msgspec, with a final newline; None when msgspec cannot write it (a
    lone surrogate, an integer beyond 64 bits)."""
    import msgspec

    raw = bytearray()
    try:
        msgspec.json.Encoder().encode_into(data, raw)
    except (msgspec.EncodeError, UnicodeEncodeError, OverflowError, TypeError):
        return None
    if b"\x7f" in raw or _C1_PAIR.search(raw):
        raw = bytearray(_C1_BYTES.sub(lambda m: f"\\u{ord(m.group().decode()):04x}".encode(), raw))
    raw += b"\n"
    return raw


def compact_json(data: Any, *, python_numbers: bool = False) -> str:
    """`data` as compact JSON text (UTF-8, no spaces) with a final newline, and DEL and the
    C1 controls escaped like the C0 ones (U+009B is a one-byte CSI to some terminals).

    msgspec writes it, except when `python_numbers` is set or msgspec cannot: then the
    standard library, for the same text.
    """
    raw = None if python_numbers else _msgspec_json(data)
    if raw is not None:
        return raw.decode()
    import json

    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def json_report(run: CheckRun) -> bytearray | str:
    """The JSON of `as_json`, as UTF-8 bytes when msgspec writes it (printed as they are:
    a report of 10,000 trials is 20 MB, decoding and encoding it again cost ~0.1 s)."""
    data = run.as_dict()
    if "matrix" in data:
        for entry, report in zip(data["matrix"], run.reports, strict=True):
            entry["reasons"] = {r.trial: reason_text(r) for r in report.results}
    # msgspec writes floats with an exponent otherwise than Python (1e-05 as 0.00001)
    exotic = any(_python_numbers_only(r.values.values()) for r in run.reports)
    raw = None if exotic else _msgspec_json(data)
    return raw if raw is not None else compact_json(data, python_numbers=True)


def as_json(run: CheckRun) -> str:
    """The contract's JSON (see the module docstring), compact, as text."""
    out = json_report(run)
    return out if isinstance(out, str) else out.decode()


def as_markdown(run: CheckRun) -> str:
    from trialcmp.render.check_markdown import as_markdown as markdown

    return markdown(run)


REPORTERS: dict[str, Callable[[CheckRun], RenderableType | str | bytearray]] = {
    "text": as_text,
    "table": as_table,
    "csv": as_csv,
    "json": json_report,
    "markdown": as_markdown,
}
