"""The Endpoints section: primary and secondary endpoints with their time frames."""

from __future__ import annotations

from trialcmp.compare.cells import RowOut, clean_raw, nr_cell
from trialcmp.compare.comparison import Cell, SourceRef
from trialcmp.compare.context import TrialContext
from trialcmp.model import Endpoint


def _endpoint_cell(ctx: TrialContext, endpoints: list[Endpoint] | None) -> Cell:
    if endpoints is None:
        return nr_cell()
    if not endpoints:
        return Cell("none", raw=[])
    lines = []
    refs: list[SourceRef] = []
    for ep in endpoints:
        frame = ep.time_frame or "time frame NR"
        lines.append(f"{ep.measure} ({frame})")
        refs.extend(ctx.refs(ep.cite))
    return Cell("\n".join(lines), raw=clean_raw(endpoints), refs=tuple(dict.fromkeys(refs)))


def endpoints_rows(ctx: TrialContext) -> list[RowOut]:
    endpoints = ctx.record.endpoints
    if endpoints is None:
        return [("primary", "Primary", nr_cell()), ("secondary", "Secondary", nr_cell())]
    # the model reads an absent `secondary` as [] (no record lists none explicitly): NR
    secondary = endpoints.secondary or None
    return [
        ("primary", "Primary", _endpoint_cell(ctx, endpoints.primary)),
        ("secondary", "Secondary", _endpoint_cell(ctx, secondary)),
    ]
