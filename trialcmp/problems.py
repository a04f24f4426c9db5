"""Problems are values: collect every one, report once, derive the exit code from them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum

import msgspec


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


class Problem(msgspec.Struct, frozen=True, order=True):
    """One finding about one place of one file.

    `Problem` and `CheckResult` are msgspec Structs, not dataclasses: making a dataclass
    costs ~0.5 ms (more with `order`) at every start of every command."""

    file: str
    line: int | None
    column: int | None
    path: str  # JSON path, e.g. $.results[0].efficacy.orr
    message: str
    severity: Severity = Severity.ERROR
    code: str = "schema"  # what found it: yaml, schema, consistency id, ...

    def location(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


class CheckResult(msgspec.Struct):
    """Everything found in one run of `validate`."""

    files: list[str] = []
    problems: list[Problem] = []

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def sorted(self) -> Iterator[Problem]:
        return iter(
            sorted(
                self.problems,
                key=lambda p: (p.file, p.line or 0, p.column or 0, p.path, p.message),
            )
        )

    def exit_code(self, *, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0
