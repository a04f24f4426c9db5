"""Fetch one study record from the ClinicalTrials.gov API v2 (stdlib urllib).

`GET {base}/studies/{NCT ID}`; `base` is TRIALCMP_CTGOV_URL or the public API. A timeout
per request, retries with back-off on 429 and 5xx (honouring a short Retry-After), a
User-Agent naming trialcmp and its version. Only a registry ID is ever sent: never
patient data. The sleep and the timeout are parameters, so tests never wait.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from trialcmp.ctgov.record import read_study
from trialcmp.errors import RegistryError, RegistryNotFound, RegistryUnreachable

BASE_URL_ENV = "TRIALCMP_CTGOV_URL"
DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
#: Seconds to wait for the registry's answer to one request.
TIMEOUT = 30.0
#: Pauses before the 2nd, 3rd and 4th attempt after a 429 or 5xx answer.
BACKOFF = (1.0, 4.0, 15.0)
#: A longer Retry-After is cut to this many seconds.
MAX_RETRY_AFTER = 60.0
#: How the back-off pauses (module attributes, read when a Fetcher is made: tests replace
#: them so that they never wait).
SLEEP: Callable[[float], None] = time.sleep
#: The largest study record accepted (real ones are 20-300 KB; with results, a few MB).
MAX_BYTES = 20 * 1024 * 1024

OFFLINE_HINT = (
    "to work offline, download {url} with a browser or curl on a connected machine and run"
    " `trialcmp import FILE`; set {env} to use a mirror or proxy"
)


def base_url() -> str:
    return (os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


def user_agent() -> str:
    from trialcmp import __version__

    return f"trialcmp/{__version__} (+https://clinicaltrials.gov/data-api/api)"


@dataclass
class Fetcher:
    """Fetches v2 study records; `timeout`, `backoff` and `sleep` are injectable for tests."""

    base: str = field(default_factory=base_url)
    timeout: float = field(default_factory=lambda: TIMEOUT)
    backoff: Sequence[float] = field(default_factory=lambda: BACKOFF)
    sleep: Callable[[float], None] = field(default_factory=lambda: SLEEP)

    def url_of(self, nct_id: str) -> str:
        return f"{self.base}/studies/{nct_id}"

    def study(self, nct_id: str) -> dict[str, Any]:
        """The study record of `nct_id`, checked like an imported file."""
        url = self.url_of(nct_id)
        body = self.get(url, nct_id)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise RegistryError(
                f"the registry's answer for {nct_id} is not UTF-8 text ({url})",
                hint=OFFLINE_HINT.format(url=url, env=BASE_URL_ENV),
            ) from None
        try:
            return read_study(text, url)
        except RegistryError:
            raise
        except Exception as exc:  # InputError: malformed JSON, wrong shape
            raise RegistryError(
                f"the registry's answer for {nct_id} is not a usable study record: {exc}",
                hint=OFFLINE_HINT.format(url=url, env=BASE_URL_ENV),
            ) from None

    def get(self, url: str, nct_id: str) -> bytes:
        request = urllib.request.Request(
            url, headers={"User-Agent": user_agent(), "Accept": "application/json"}
        )
        hint = OFFLINE_HINT.format(url=url, env=BASE_URL_ENV)
        attempts = len(self.backoff) + 1
        for attempt in range(attempts):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body: bytes = response.read(MAX_BYTES + 1)
                if len(body) > MAX_BYTES:
                    raise RegistryError(f"the registry's answer for {nct_id} is too large")
                return body
            except urllib.error.HTTPError as exc:
                code = exc.code
                exc.close()
                if code == 404:
                    raise RegistryNotFound(
                        f"{nct_id} is unknown to the registry (404 from {url})",
                        hint="check the ID on https://clinicaltrials.gov",
                    ) from None
                retryable = code == 429 or 500 <= code <= 599
                if not retryable or attempt == attempts - 1:
                    raise RegistryError(
                        f"the registry answered {code} for {nct_id} ({url})"
                        + (f" after {attempts} attempts" if retryable else ""),
                        hint=hint,
                    ) from None
                self.sleep(self._pause(attempt, exc.headers.get("Retry-After")))
            except TimeoutError:
                raise RegistryUnreachable(
                    f"the registry did not answer within {self.timeout:g} s ({url})", hint=hint
                ) from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError | socket.timeout):
                    raise RegistryUnreachable(
                        f"the registry did not answer within {self.timeout:g} s ({url})",
                        hint=hint,
                    ) from None
                raise RegistryUnreachable(
                    f"cannot reach the registry at {self.base}: {reason}", hint=hint
                ) from None
            except (ConnectionError, OSError) as exc:
                raise RegistryUnreachable(
                    f"cannot reach the registry at {self.base}: {exc}", hint=hint
                ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _pause(self, attempt: int, retry_after: str | None) -> float:
        pause = self.backoff[attempt]
        if retry_after and retry_after.strip().isdigit():
            pause = max(pause, min(float(retry_after.strip()), MAX_RETRY_AFTER))
        return pause
