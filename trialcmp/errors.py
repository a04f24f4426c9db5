"""One exception hierarchy; the CLI turns each into one clean message and an exit code."""

from __future__ import annotations


class TrialcmpError(Exception):
    """A known, user-facing error. `exit_code` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class InputError(TrialcmpError):
    """A file cannot be read or parsed: missing, too large, not UTF-8, bad YAML, wrong shape."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        location = ""
        if file is not None:
            location = file
            if line is not None:
                location += f":{line}"
                if column is not None:
                    location += f":{column}"
            location += ": "
        super().__init__(location + message, hint=hint)
        self.file = file
        self.line = line
        self.column = column
        self.detail = message


class UnknownTrialError(TrialcmpError):
    """An ID or alias that matches no trial."""

    exit_code = 2


class UsageProblem(TrialcmpError):
    """Options that cannot work together, or too few arguments."""

    exit_code = 2


class DataInvalidError(TrialcmpError):
    """The trial collection has schema or consistency errors, so it cannot be used."""

    exit_code = 1


class MissingExtraError(TrialcmpError):
    """An optional dependency (e.g. matplotlib for `plot --out`) is not installed."""

    exit_code = 2


class RegistryError(TrialcmpError):
    """The registry could not give a usable record (HTTP error, malformed answer)."""

    exit_code = 2


class RegistryUnreachable(RegistryError):
    """No answer from the registry: offline, DNS failure, refused connection, timeout."""


class RegistryNotFound(RegistryError):
    """The registry does not know the ID (HTTP 404)."""
