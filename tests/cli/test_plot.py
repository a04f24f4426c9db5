"""`trialcmp plot`: the forest-plot data, the text drawing, JSON, and the image path."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA_DIR, FIXTURES, CliFn
from trialcmp.collection import load_collection
from trialcmp.metrics import METRICS
from trialcmp.model import Proportion
from trialcmp.plot import Point
from trialcmp.render.plot import axis_line, scale_line

FIX = str(FIXTURES / "compare")

ORR_100 = """\
ORR (overall response, PR or better) — estimate and 95% CI
      0%           25%           50%           75%         100%
Alpha │             ·             ·             ·  ├──────●──┤│ 92% (46/50; 95% CI 81–98‡)
Beta  │             ·             ·       ├────●───┤          │ 73% (n/N NR; 95% CI 65–81†)
Gamma │             ·             ·             ·             │ NR
● estimate; ├─┤ 95% CI; a dot alone = no CI given or computable
‡ = exact 95% CI (Clopper–Pearson) computed by trialcmp from n/N, in whole percent (one decimal when
a bound would round to 0 or 100)
† = 95% CI as reported by the source
Caution: cross-trial comparisons are confounded by population, design and follow-up.
"""


def plot_json(cli: CliFn, *args: str) -> dict[str, Any]:
    run = cli(*args, "--format", "json")
    assert run.exit_code == 0, run.stderr
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def test_text_plot_exact_at_width_100(cli: CliFn) -> None:
    run = cli("--data-dir", FIX, "plot", "orr", "alpha", "beta", "gamma")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ORR_100


def test_axis_line_places_interval_and_estimate() -> None:
    width = 21  # 0% at 0, 25% at 5, 50% at 10, 75% at 15, 100% at 20
    point = Point("X", "X", "", pct=50.0, lo=25.0, hi=75.0, ci_source="exact")
    assert axis_line(point, width) == "│    ├────●────┤    │"
    alone = Point("X", "X", "", pct=0.0)
    assert axis_line(alone, width) == "●    ·    ·    ·    │"
    missing = Point("X", "X", "NR")
    assert axis_line(missing, width) == "│    ·    ·    ·    │"
    assert scale_line(41) == "0%       25%       50%       75%     100%"
    assert scale_line(21) == "0%       50%     100%"  # too narrow for the quarters


def test_orr_draws_every_trial_that_reports_it(cli: CliFn) -> None:
    reporting = [
        trial.label
        for trial in load_collection(DATA_DIR)
        if any(
            report.efficacy is not None and isinstance(report.efficacy.orr, Proportion)
            for report in trial.record.results
        )
    ]
    assert len(reporting) >= 4
    run = cli("plot", "orr")
    assert run.exit_code == 0, run.stderr
    drawn = [line for line in run.stdout.splitlines() if "●" in line and "estimate" not in line]
    assert sorted(line.split("│")[0].strip() for line in drawn) == sorted(reporting)
    not_reporting = run.stdout[run.stdout.index("Not reporting") :]
    assert "NCT04182581" in not_reporting


def test_json_carries_estimates_intervals_and_counts(cli: CliFn) -> None:
    data = plot_json(cli, "--data-dir", FIX, "plot", "crs3")
    assert data["metric"] == "crs3"
    assert [p["trial"] for p in data["points"]] == ["NCT00000001", "NCT00000002"]
    alpha, beta = data["points"]
    assert alpha["n"] == 4 and alpha["N"] == 50 and alpha["pct"] == 8
    assert alpha["ci_source"] == "exact"
    assert alpha["ci95"] == pytest.approx([2.2227, 19.2337], abs=1e-3)
    assert beta["ci95"] is None and beta["ci_source"] is None and beta["pct"] == 5
    assert beta["text"] == "5% (n/N NR; no CI)"
    assert data["not_reported"] == ["NCT00000003"]


def test_reported_interval_is_used_and_marked_without_counts(cli: CliFn) -> None:
    data = plot_json(cli, "--data-dir", FIX, "plot", "ORR", "beta")
    (beta,) = data["points"]
    assert beta["ci_source"] == "reported" and beta["ci95"] == [65, 81]
    assert beta["n"] is None
    assert beta["text"].endswith("95% CI 65–81†)")


def test_named_trials_without_the_metric_are_shown_as_nr(cli: CliFn) -> None:
    data = plot_json(cli, "plot", "mrd", "bc19", "NCT07003555")
    assert [(p["trial"], p["pct"], p["text"]) for p in data["points"]][1] == (
        "NCT07003555",
        None,
        "NR",
    )
    assert data["not_reported"] == []


def test_bc19_neurotoxicity_interval(cli: CliFn) -> None:
    data = plot_json(cli, "plot", "neurotox", "bc19")
    assert data["points"][0]["text"] == "4% (2/50; 95% CI 0.5–14‡)"


def test_unknown_metric_lists_the_valid_ones(cli: CliFn) -> None:
    run = cli("plot", "pfs")
    assert run.exit_code == 2
    assert "unknown metric 'pfs'" in run.stderr
    for key in METRICS:
        assert f"{key} (" in run.stderr


def test_help_lists_the_metrics(cli: CliFn) -> None:
    run = cli("plot", "--help")
    assert run.exit_code == 0
    text = " ".join(run.stdout.split())
    for key in ("orr", "cr", "mrd", "crs", "crs3", "neurotox"):
        assert f"{key} = " in text


# ---------------------------------------------------------------- --out


def test_out_without_matplotlib_says_how_to_install(
    cli: CliFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    out = tmp_path / "orr.svg"
    run = cli("plot", "orr", "--out", str(out))
    assert run.exit_code == 2
    assert "needs matplotlib" in run.stderr
    assert "pip install 'trialcmp[plot]'" in run.stderr
    assert not out.exists()
    assert run.stdout == ""


def test_out_refuses_to_overwrite(cli: CliFn, tmp_path: Path) -> None:
    out = tmp_path / "orr.png"
    out.write_bytes(b"keep me")
    run = cli("plot", "orr", "--out", str(out))
    assert run.exit_code == 2
    assert "already exists" in run.stderr and "--force" in run.stderr
    assert out.read_bytes() == b"keep me"


def test_out_needs_svg_or_png(cli: CliFn, tmp_path: Path) -> None:
    run = cli("plot", "orr", "--out", str(tmp_path / "orr.pdf"))
    assert run.exit_code == 2
    assert ".svg or .png" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_out_writes_svg_and_png(cli: CliFn, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "orr.svg"
    run = cli("plot", "orr", "--out", str(svg))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ""
    assert "wrote" in run.stderr
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text
    png = tmp_path / "crs.png"
    assert cli("plot", "crs", "--out", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    # refused without --force, replaced with it; no temporary file is left behind
    assert cli("plot", "crs3", "--out", str(png)).exit_code == 2
    before = png.read_bytes()
    forced = cli("plot", "crs3", "--out", str(png), "--force", "--format", "json")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(forced.stdout)["metric"] == "crs3"
    assert png.read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crs.png", "orr.svg"]


def _png_width(path: Path) -> int:
    import struct

    data = path.read_bytes()
    assert data[12:16] == b"IHDR"
    return int(struct.unpack(">I", data[16:20])[0])


def test_png_is_at_least_1600_pixels_wide(cli: CliFn, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "orr.png"
    assert cli("plot", "orr", "--out", str(png)).exit_code == 0
    assert _png_width(png) >= 1600


def test_force_keeps_the_mode_of_the_file_it_replaces(cli: CliFn, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "orr.png"
    png.write_bytes(b"old")
    png.chmod(0o640)
    assert cli("plot", "orr", "--out", str(png), "--force").exit_code == 0
    assert png.stat().st_mode & 0o7777 == 0o640
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_missing_output_folder_is_a_clear_error(cli: CliFn, tmp_path: Path) -> None:
    out = tmp_path / "nodir" / "orr.svg"
    run = cli("plot", "orr", "--out", str(out))
    assert run.exit_code == 2
    assert "does not exist" in run.stderr and "mkdir -p" in run.stderr
    assert "Traceback" not in run.stderr
