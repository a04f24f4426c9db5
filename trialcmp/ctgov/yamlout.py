"""Write a skeleton as YAML in the collection's house style.

Block style, sequences indented under their key, long texts folded (`>-`) and short ones
plain, keys in the order built, Unicode kept. No line is wrapped except inside a folded
text, so `trialcmp refresh --write` (ruamel.yaml round trip) reproduces every line.
"""

from __future__ import annotations

from typing import Any

import yaml

#: Texts longer than this are written folded (`>-`), so no plain scalar is wrapped.
FOLD_ABOVE = 60
WIDTH = 92


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # "key:\n  - item", as the curated files are


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if len(value) > FOLD_ABOVE and " " in value and value == " ".join(value.split()):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: Any, header: list[str] | None = None) -> str:
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
        indent=2,
    )
    lines = [f"# {line}".rstrip() for line in header or []]
    return "".join(f"{line}\n" for line in lines) + body
