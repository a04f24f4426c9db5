"""The file's key order, which `show` follows while it reads values from the model."""

from __future__ import annotations

from trialcmp.key_order import EMPTY, key_order


def test_a_mapping_keeps_the_files_order_and_the_orders_below_it() -> None:
    order = key_order(
        {"results": [{"label": "x", "efficacy": {"pfs_median": 1, "orr": 2}, "cite": []}]}
    )
    report = order["results"][0]
    assert report.keys == ("label", "efficacy", "cite")
    assert report.arrange(["cite", "efficacy", "label"]) == ["label", "efficacy", "cite"]
    assert report["efficacy"].arrange(["orr", "pfs_median"]) == ["pfs_median", "orr"]


def test_names_the_file_lacks_follow_in_the_order_given() -> None:
    order = key_order({"b": 1, "a": 2})
    assert order.arrange(["z", "a", "y", "b"]) == ["b", "a", "z", "y"]


def test_without_an_order_the_given_order_stands() -> None:
    assert EMPTY.arrange(["b", "a"]) == ["b", "a"]
    assert key_order({"a": 1})["a"] is EMPTY  # a scalar has nothing below it
    assert key_order({"a": [1, 2]})["a"][0] is EMPTY
    assert key_order({"a": {}})["missing"] is EMPTY
    assert key_order("text") is EMPTY


def test_nested_lists_keep_their_items_orders() -> None:
    order = key_order({"m": [[{"y": 1, "x": 2}]]})
    assert order["m"][0][0].keys == ("y", "x")
