"""The facts of a record as a tree of labelled values (`show`'s main part), walked over the
typed model (`trialcmp.model`).

Each present field of a model value becomes a label ("planned enrolment: 50"), in the
order its file wrote the keys in (`trialcmp.key_order`; the model's order for a value with
no file behind it); a field that is None or an empty list is
absent (the model's convention, as `omit_defaults` writes it). A value object (a proportion,
a median, a time to event, a dose, a hazard ratio) is recognised by its model type and reads
as one line; lists of long strings become bullets, other lists a comma-separated line;
every `cite` becomes a "source: [n] …" line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import msgspec
from rich.text import Span, Text

from trialcmp.formatting import (
    dose,
    hazard_ratio_summary,
    median_range,
    missing,
    num,
    proportion_brief,
    time_to_event,
)
from trialcmp.key_order import EMPTY, KeyOrder
from trialcmp.model import (
    DoseLevel,
    HazardRatio,
    MedianRange,
    Proportion,
    ProportionStatement,
    TimeToEvent,
)
from trialcmp.render.outline import Outline
from trialcmp.render.record_sources import Cites


def _label(key: str | int) -> str:
    if isinstance(key, int):
        return f"#{key + 1}"
    return {
        "ci95": "95% CI",
        "orr": "ORR",
        "scr": "sCR",
        "cr": "CR",
        "vgpr": "VGPR",
        "pr": "PR",
        "sd": "SD",
        "pd": "PD",
        "dlt": "DLT",
        "crs": "CRS",
        "grade3plus": "grade ≥3",
        "mrd_negative": "MRD-negative",
        "cr_or_better": "≥CR",
        "vgpr_or_better": "≥VGPR",
    }.get(key, key.replace("_", " "))


HR_KEYS = ("measure", "measure_note", "arm", "versus", "hr", "ci95", "p", "population")
#: the fields that a one-line summary already says
SUMMARISED = (
    "n",
    "N",
    "pct",
    "ci95",
    "median",
    "min",
    "max",
    "months",
    "not_reached",
    "unit",
    "spread",
    "value",
    "value_max",
    "exponent",
    "per_kg",
    "cells",
)
#: the fields that name an item of a list, first present first
ITEM_NAMES = ("id", "label", "measure", "drug", "event")


def hazard_ratio_text(hr: HazardRatio, arms: dict[str, str] | None = None) -> str:
    """'PFS HR 0.26 (95% CI 0.18–0.38; p <0.001; ITT), Cilta-cel vs Standard care'."""
    names = arms or {}
    arm, versus = names.get(hr.arm, hr.arm), names.get(hr.versus, hr.versus)
    return f"{hazard_ratio_summary(hr)}, {arm} vs {versus}"


def _summary(value: msgspec.Struct) -> str | None:
    """A one-line rendering of a value object (proportion, median, time to event, dose,
    hazard ratio), else None."""
    if isinstance(value, HazardRatio):
        return hazard_ratio_text(value)
    if isinstance(value, Proportion | ProportionStatement):
        out = proportion_brief(value)
        if value.ci95:
            out += f"; 95% CI {num(value.ci95[0])}–{num(value.ci95[1])} (reported)"
        return out
    if isinstance(value, DoseLevel):
        return dose(value)
    if isinstance(value, MedianRange):
        return median_range(value, value.unit or "")
    if isinstance(value, TimeToEvent) and (value.months is not None or value.not_reached):
        return time_to_event(value)
    return None


def present(value: msgspec.Struct, order: KeyOrder = EMPTY) -> Iterator[tuple[str, object]]:
    """(key, value) of each field of `value` that is present, named as the document names
    it (`from_` is "from"), in the file's order (`order`; else the model's): None and an
    optional empty list are absent, as `msgspec.to_builtins` (omit_defaults) leaves them
    out."""
    fields = []
    for name, key, required in _layout(type(value)):
        item = getattr(value, name)
        if item is None or (isinstance(item, list) and not item and not required):
            continue
        fields.append((key, item))
    if order:
        fields.sort(key=lambda field: order.rank(field[0]))  # stable
    yield from fields


@cache
def _layout(cls: type[msgspec.Struct]) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, key in the document, required) of each field of `cls`, from the class's
    own tables (`msgspec.structs.fields` evaluates every type annotation at each call:
    ~40 ms over one record's tree)."""
    names, keys = cls.__struct_fields__, cls.__struct_encode_fields__
    defaults = (msgspec.NODEFAULT,) * (len(names) - len(cls.__struct_defaults__))
    defaults += cls.__struct_defaults__
    return tuple(
        (name, key, default is msgspec.NODEFAULT)
        for name, key, default in zip(names, keys, defaults, strict=True)
    )


def labelled(label: str, rest: str = "", style: str | None = None) -> Text:
    """`label` in bold, then `rest` (in `style`): the Text of `Text.assemble((label, "bold"),
    (rest, style))`, made from one string and its spans (a record has ~440 labels, and Rich
    strips control codes from each piece it appends). A cleaned record holds none (`show`
    cleans it first); a label that had some is assembled piece by piece."""
    whole = label + rest
    spans = [Span(0, len(label), "bold")] if label else []
    if rest and style:
        spans.append(Span(len(label), len(whole), style))
    text = Text(whole, spans=spans)
    if len(text) != len(whole):  # Rich stripped a control code: the spans would be off
        return Text.assemble((label, "bold"), (rest, style or ""))
    return text


def _item_name(item: object, index: int) -> str | int:
    if isinstance(item, msgspec.Struct):
        for name in ITEM_NAMES:
            found = getattr(item, name, None)
            if found:
                return str(found)
    return index


def add_fact(
    tree: Outline, key: str | int, value: object, cites: Cites, order: KeyOrder = EMPTY
) -> None:
    """`value` (a model value, a list or a scalar) under `tree`, labelled by `key`; the keys
    below it in the file's order (`order`)."""
    label = _label(key)  # item names (id, label, measure, ...) come from the data
    if isinstance(value, msgspec.Struct):
        _add_struct(tree, key, label, value, cites, order)
        return
    if isinstance(value, list):
        _add_list(tree, key, label, value, cites, order)
        return
    if missing(value) is not None:
        tree.add(labelled(f"{label}: ", str(value), "yellow"))
        return
    shown: str
    if isinstance(value, bool):
        shown = "yes" if value else "no"
    elif isinstance(value, int | float):
        shown = num(value)
    elif isinstance(value, str):
        shown = words(value)
    else:
        shown = str(value)
    tree.add(labelled(f"{label}: ", shown))


def _add_struct(
    tree: Outline, key: str | int, label: str, value: msgspec.Struct, cites: Cites, order: KeyOrder
) -> None:
    summary = _summary(value)
    branch = tree.add(labelled(label, "" if summary is None else f": {summary}"))
    for k, v in present(value, order):
        if summary is not None and (
            k in SUMMARISED or (isinstance(value, HazardRatio) and k in HR_KEYS)
        ):
            continue
        if k == "label" and v == key:  # already the branch's name
            continue
        if k == "cite":  # a list of cites, or one (an inconsistency's statement)
            branch.add(cites.text(v if isinstance(v, list) else [v]))  # type: ignore[list-item]
        else:
            add_fact(branch, k, v, cites, order[k])


def _add_list(
    tree: Outline, key: str | int, label: str, value: list[object], cites: Cites, order: KeyOrder
) -> None:
    strings = [v for v in value if isinstance(v, str)]
    if (
        value
        and len(strings) == len(value)
        and (key in ("notes", "note") or any(len(v) > 40 for v in strings))
    ):
        branch = tree.add(Text(label, style="bold"))
        for line in strings:
            branch.add(Text("• " + line))
        return
    if all(not isinstance(v, msgspec.Struct | list | dict) for v in value):
        shown = ", ".join(
            num(v) if isinstance(v, int | float) and not isinstance(v, bool) else words(str(v))
            for v in value
        )
        tree.add(labelled(f"{label}: ", shown or "none"))
        return
    branch = tree.add(Text(label, style="bold"))
    for i, item in enumerate(value):
        add_fact(branch, _item_name(item, i), item, cites, order[i])


_ENUM = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def words(value: str) -> str:
    """An enum value as words: 'tandem_bispecific' -> 'tandem bispecific'."""
    return value.replace("_", " ") if _ENUM.match(value) else value
