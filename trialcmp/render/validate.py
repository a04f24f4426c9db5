"""Reporters for `trialcmp validate`: text, json, github (workflow annotations)."""

from __future__ import annotations

from collections.abc import Callable

from trialcmp.problems import CheckResult, Severity
from trialcmp.render.common import to_json


def _summary(result: CheckResult) -> str:
    e, w = len(result.errors), len(result.warnings)
    files = len(result.files)
    return (
        f"{files} file{'s' if files != 1 else ''} checked: "
        f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
    )


def as_text(result: CheckResult) -> str:
    lines = [
        f"{p.location()}: {p.severity}: {p.path}: {p.message} [{p.code}]" for p in result.sorted()
    ]
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def as_json(result: CheckResult) -> str:
    return to_json(
        {
            "files": result.files,
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "problems": [p.as_dict() for p in result.sorted()],
        }
    )


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def as_github(result: CheckResult) -> str:
    lines = []
    for p in result.sorted():
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = [f"file={_gh_escape(p.file, prop=True)}"]
        if p.line is not None:
            props.append(f"line={p.line}")
        if p.column is not None:
            props.append(f"col={p.column}")
        props.append(f"title={_gh_escape('trialcmp ' + p.code, prop=True)}")
        lines.append(f"::{level} {','.join(props)}::{_gh_escape(p.path + ': ' + p.message)}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[CheckResult], str]] = {
    "text": as_text,
    "json": as_json,
    "github": as_github,
}
