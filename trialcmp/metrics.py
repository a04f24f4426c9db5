"""The metrics `plot` draws: where each is read in a record. Data only, cheap to import
(the CLI lists them in its help without importing the plot code)."""

from __future__ import annotations

from typing import NamedTuple


class Metric(NamedTuple):
    """One metric (a NamedTuple, not a dataclass: the CLI imports this module at every
    start for its help, and making a dataclass costs ~0.8 ms)."""

    key: str
    label: str
    block: str  # "efficacy" or "safety"
    path: tuple[str, ...]
    aliases: tuple[str, ...] = ()


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("orr", "ORR (overall response, PR or better)", "efficacy", ("orr",), ("response",)),
        Metric("cr", "≥CR (CR or better)", "efficacy", ("cr_or_better",), ("cr_or_better",)),
        Metric("mrd", "MRD negativity", "efficacy", ("mrd_negative",), ("mrd_negative",)),
        Metric("crs", "CRS, any grade", "safety", ("crs", "any_grade"), ("crs_any",)),
        Metric("crs3", "CRS, grade ≥3", "safety", ("crs", "grade3plus"), ("crs3plus",)),
        Metric(
            "neurotox",
            "ICANS / neurotoxicity, any grade",
            "safety",
            ("neurotoxicity", "any_grade"),
            ("icans", "neurotoxicity"),
        ),
        Metric(
            "neurotox3",
            "ICANS / neurotoxicity, grade ≥3",
            "safety",
            ("neurotoxicity", "grade3plus"),
            ("icans3",),
        ),
    )
}
