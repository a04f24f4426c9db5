"""The Product section: targets, construct, binder, costimulatory domain, vector, cell source."""

from __future__ import annotations

from trialcmp.compare.cells import RowOut, missing_cell, nr_cell, text_cell
from trialcmp.compare.comparison import NOT_REPORTED, NR_TEXT, Cell
from trialcmp.compare.context import TrialContext
from trialcmp.formatting import missing

CONSTRUCTS = {
    "single_target": "single-target CAR",
    "tandem_bispecific": "tandem bispecific CAR (one CAR, two binders)",
    "dual_car": "dual CAR (two CARs in the same cells)",
    "co_administered": "two CAR-T products co-administered",
    "bicistronic": "bicistronic (two CARs from one vector)",
}
CELL_SOURCES = {
    "autologous": "autologous",
    "donor_derived": "donor-derived",
    "allogeneic": "allogeneic",
}


def product_rows(ctx: TrialContext) -> list[RowOut]:
    product = ctx.record.product
    refs = ctx.refs(product.cite)
    targets = list(product.targets)
    construct = product.construct
    construct_cell = (
        missing_cell(construct, refs)
        if missing(construct) is not None
        else Cell(CONSTRUCTS.get(str(construct), str(construct)), raw=construct, refs=refs)
    )
    binder = product.binder
    origin = product.binder_origin
    if missing(binder) is not None and origin and missing(origin) is None:
        binder_cell = Cell(
            f"{NR_TEXT} (origin: {origin})", NOT_REPORTED, raw={"origin": origin}, refs=refs
        )
    else:
        binder_cell = text_cell(binder, refs)
    sources = [s for s in product.cell_source or [] if missing(s) is None]
    source_cell = (
        Cell(" or ".join(CELL_SOURCES.get(s, s) for s in sources), raw=sources, refs=refs)
        if sources
        else Cell(NR_TEXT, NOT_REPORTED, refs=refs)
    )
    return [
        (
            "targets",
            "Targets",
            Cell(" + ".join(targets), raw=targets, refs=refs) if targets else nr_cell(),
        ),
        ("construct", "Construct", construct_cell),
        ("binder", "Binder", binder_cell),
        (
            "costimulatory",
            "Costimulatory domain",
            text_cell(product.costimulatory_domain, refs),
        ),
        ("vector", "Vector", text_cell(product.vector, refs)),
        ("cell_source", "Cell source", source_cell),
    ]
