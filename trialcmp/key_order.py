"""The order a trial file wrote its keys in, so that `show` lays a record out as its file does.

The typed model (`trialcmp.model`) has one field order per type; a curator may write the
keys of a mapping in any order (the 46 records of today use several). `show` reads every
value from the model and only the order from here, so its output follows the file:

    order = key_order(document)                  # a dict, or a list of them
    order["results"][0].arrange(["cite", "efficacy", "label"])
    # -> ['label', 'efficacy', 'cite'] when the file wrote label, efficacy, then cite

A key the file does not have keeps its place after those it has, in the order given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


class KeyOrder:
    """The keys of one mapping in file order, and the orders of the values below it."""

    __slots__ = ("_below", "_place", "keys")

    def __init__(
        self, keys: Sequence[str] = (), below: dict[str | int, KeyOrder] | None = None
    ) -> None:
        self.keys = tuple(keys)
        self._below = below or {}
        self._place = {key: i for i, key in enumerate(self.keys)}

    def __getitem__(self, key: str | int) -> KeyOrder:
        """The order below `key` (a mapping key or a list index); empty when there is none."""
        return self._below.get(key, EMPTY)

    def rank(self, name: str) -> int:
        """Where the file wrote `name` among its keys (after them all when it did not)."""
        return self._place.get(name, len(self._place))

    def arrange(self, names: Iterable[str]) -> list[str]:
        """`names` in the file's order; names the file does not have follow, as given."""
        return sorted(names, key=self.rank)  # stable: the given order among equals


EMPTY = KeyOrder()


def key_order(value: Any) -> KeyOrder:
    """The key order of a document (a dict from YAML or JSON, which keep the file's order)."""
    if isinstance(value, Mapping):
        below: dict[str | int, KeyOrder] = {}
        for key, item in value.items():
            if isinstance(item, Mapping | list):
                below[str(key)] = key_order(item)
        return KeyOrder([str(k) for k in value], below)
    if isinstance(value, list):
        items: dict[str | int, KeyOrder] = {
            i: key_order(item) for i, item in enumerate(value) if isinstance(item, Mapping | list)
        }
        return KeyOrder((), items)
    return EMPTY


def arranged(value: Any, order: KeyOrder) -> Any:
    """A document (e.g. `msgspec.to_builtins` of a record) with its keys in `order`."""
    if isinstance(value, dict):
        return {key: arranged(value[key], order[key]) for key in order.arrange(value)}
    if isinstance(value, list):
        return [arranged(item, order[i]) for i, item in enumerate(value)]
    return value
