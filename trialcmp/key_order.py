"""The order a trial file wrote its keys in, so that `show` lays a record out as its file does.

The typed model (`trialcmp.model`) has one field order per type; a curator may write the
keys of a mapping in any order (the 46 records of today use several). `show` reads every
value from the model and only the order from here, so its output follows the file:

    order = key_order(document)                  # a dict, or a list of them
    order["results"][0].arrange(["cite", "efficacy", "label"])
    # -> ['label', 'efficacy', 'cite'] when the file wrote label, efficacy, then cite

A key the file does not have keeps its place after those it has, in the order given. The
orders below a mapping are looked up only when asked for (`show` of a large record asks
for each once).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class KeyOrder:
    """The keys of one mapping of a document in file order, and the orders below it."""

    __slots__ = ("_node", "_place")

    def __init__(self, node: Any = None) -> None:
        self._node = node  # the document's mapping or list here (None: no order known)
        self._place: dict[str, int] | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """The mapping's keys as the file wrote them (none for a list or no document)."""
        return tuple(str(k) for k in self._node) if isinstance(self._node, Mapping) else ()

    def __getitem__(self, key: str | int) -> KeyOrder:
        """The order below `key` (a mapping key or a list index); empty when there is none."""
        node = self._node
        if isinstance(node, Mapping):
            item = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            item = node[key]
        else:
            return EMPTY
        return KeyOrder(item) if isinstance(item, Mapping | list) else EMPTY

    def __bool__(self) -> bool:
        """Whether there is an order to follow: a mapping of the document with keys."""
        return isinstance(self._node, Mapping) and bool(self._node)

    def rank(self, name: str) -> int:
        """Where the file wrote `name` among its keys (after them all when it did not)."""
        place = self._place
        if place is None:
            node = self._node
            keys = node if isinstance(node, Mapping) else ()
            place = self._place = {str(key): i for i, key in enumerate(keys)}
        return place.get(name, len(place))

    def arrange(self, names: Iterable[str]) -> list[str]:
        """`names` in the file's order; names the file does not have follow, as given."""
        return sorted(names, key=self.rank)  # stable: the given order among equals


EMPTY = KeyOrder()


def key_order(document: Any) -> KeyOrder:
    """The key order of a document (a dict from YAML or JSON, which keep the file's order)."""
    return KeyOrder(document) if isinstance(document, Mapping | list) else EMPTY


def arranged(value: Any, order: KeyOrder) -> Any:
    """A document (e.g. `msgspec.to_builtins` of a record) with its keys in `order`."""
    if isinstance(value, dict):
        return {key: arranged(value[key], order[key]) for key in order.arrange(value)}
    if isinstance(value, list):
        return [arranged(item, order[i]) for i, item in enumerate(value)]
    return value
