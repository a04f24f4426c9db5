"""The Endpoints section: primary and secondary endpoints with their time frames."""

from __future__ import annotations

from typing import Any

from trialcmp.compare.cells import RowOut, clean_raw, nr_cell
from trialcmp.compare.comparison import Cell, SourceRef
from trialcmp.compare.context import TrialContext


def _endpoint_cell(ctx: TrialContext, endpoints: Any) -> Cell:
    if endpoints is None:
        return nr_cell()
    if not endpoints:
        return Cell("none", raw=[])
    lines = []
    refs: list[SourceRef] = []
    for ep in endpoints:
        frame = ep.get("time_frame") or "time frame NR"
        lines.append(f"{ep['measure']} ({frame})")
        refs.extend(ctx.refs(ep.get("cite")))
    return Cell("\n".join(lines), raw=clean_raw(endpoints), refs=tuple(dict.fromkeys(refs)))


def endpoints_rows(ctx: TrialContext) -> list[RowOut]:
    endpoints = ctx.data.get("endpoints")
    if not isinstance(endpoints, dict):
        return [("primary", "Primary", nr_cell()), ("secondary", "Secondary", nr_cell())]
    return [
        ("primary", "Primary", _endpoint_cell(ctx, endpoints.get("primary"))),
        ("secondary", "Secondary", _endpoint_cell(ctx, endpoints.get("secondary"))),
    ]
