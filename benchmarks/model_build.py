"""msgspec Structs or dataclasses for the typed trial model (trialcmp.model)? Measured here.

    .venv/bin/python benchmarks/model_build.py            # 46 records x 100, 5 repeats

Both candidates are built from the same validated documents by the same converter
(`msgspec.convert`, strict), so only the classes differ: the model's Structs, and frozen,
slotted, keyword-only dataclasses with the same fields generated from them. Figures: the
least CPU time of N runs of building every record of data/trials 100 times (from the
document; and from its JSON, as a warm cache read does), and the memory
the 46 built records hold (tracemalloc, after a collection; the strings are shared with
the documents either way, so this is the objects themselves).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sys
import time
import tracemalloc
import typing
from collections.abc import Callable
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union

import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trialcmp import model  # noqa: E402
from trialcmp.yamlio import load_document  # noqa: E402


def documents() -> list[dict[str, Any]]:
    out = []
    for path in sorted((ROOT / "data" / "trials").glob("*.yaml")):
        data = load_document(path).data
        assert isinstance(data, dict)
        out.append(data)
    return out


def dataclass_mirror(root: type[msgspec.Struct]) -> type:
    """Frozen slotted dataclasses with the fields of `root` and every Struct it uses."""
    made: dict[type, Any] = {}

    def sub(tp: Any) -> Any:
        if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            return mirror(tp)
        origin = typing.get_origin(tp)
        if origin in (Union, UnionType):
            return Union[tuple(sub(a) for a in typing.get_args(tp))]  # noqa: UP007
        if origin is list:
            return list[sub(typing.get_args(tp)[0])]  # type: ignore[misc]
        if origin is Literal:
            return tp
        return tp

    def mirror(cls: type[msgspec.Struct]) -> Any:
        if cls not in made:
            made[cls] = None  # the model has no cycles; a placeholder guards anyway
            hints = typing.get_type_hints(cls)
            fields = []
            for name, default in zip(
                cls.__struct_fields__, (None,) * len(cls.__struct_fields__), strict=True
            ):
                info = next(f for f in msgspec.structs.fields(cls) if f.name == name)
                spec: Any = dataclasses.field()
                if info.default is not msgspec.NODEFAULT:
                    spec = dataclasses.field(default=info.default)
                elif info.default_factory is not msgspec.NODEFAULT:
                    spec = dataclasses.field(default_factory=info.default_factory)
                elif name != info.encode_name:  # `from`: no rename for dataclasses
                    spec = dataclasses.field(default=default)
                fields.append((name, sub(hints[name]), spec))
            made[cls] = dataclasses.make_dataclass(
                cls.__name__, fields, frozen=True, slots=True, kw_only=True
            )
        return made[cls]

    return mirror(root)  # type: ignore[no-any-return]


def best(fn: Callable[[], object], repeats: int) -> float:
    """The least CPU time of `repeats` runs (the machine is shared: wall time varies)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def held_bytes(build: Callable[[dict[str, Any]], object], docs: list[dict[str, Any]]) -> int:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = [build(d) for d in docs]
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return after - before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, default=100, help="builds of each record")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    docs = documents()
    dc = dataclass_mirror(model.Trial)

    def as_struct(doc: dict[str, Any]) -> object:
        return msgspec.convert(doc, model.Trial, strict=True)

    def as_dataclass(doc: dict[str, Any]) -> object:
        return msgspec.convert(doc, dc, strict=True)

    for doc in docs:  # both accept every record
        as_dataclass(doc)
    rows = []
    every = [d for _ in range(args.times) for d in docs]
    jsons = [msgspec.json.encode(d) for d in every]
    for name, cls, build in (
        ("msgspec Struct", model.Trial, as_struct),
        ("dataclass (slots)", dc, as_dataclass),
    ):
        seconds = best(lambda b=build: [b(d) for d in every], args.repeats)
        decoder = msgspec.json.Decoder(cls)
        decoding = best(lambda dec=decoder: [dec.decode(j) for j in jsons], args.repeats)
        rows.append((name, seconds, decoding, held_bytes(build, docs)))
    print(f"{len(docs)} records x {args.times}, least CPU time of {args.repeats}")
    for name, seconds, decoding, size in rows:
        print(
            f"  {name:<18} build {seconds * 1000:7.1f} ms   from JSON {decoding * 1000:7.1f} ms"
            f"   held {size / 1024:7.1f} KiB"
        )
    (_, s, sj, sm), (_, d, dj, dm) = rows
    print(
        f"  dataclass / Struct: build {d / s:.2f}x, from JSON {dj / sj:.2f}x, memory {dm / sm:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
