"""Fetching v2 records from a registry stand-in on 127.0.0.1 (never a real host)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CTGOV_FIXTURES
from tests.ctgov_server import HANG, Registry
from trialcmp.ctgov.fetch import BACKOFF, Fetcher, base_url, user_agent
from trialcmp.errors import RegistryError, RegistryNotFound, RegistryUnreachable

RECORD = (CTGOV_FIXTURES / "NCT09999901.json").read_bytes()


def test_base_url_comes_from_the_environment(ctgov: Registry) -> None:
    assert base_url() == ctgov.url
    assert Fetcher().url_of("NCT09999901") == f"{ctgov.url}/studies/NCT09999901"


def test_200(ctgov: Registry) -> None:
    ctgov.study("NCT09999901", (200, RECORD, {}))
    study = Fetcher().study("NCT09999901")
    assert study["protocolSection"]["identificationModule"]["nctId"] == "NCT09999901"
    assert ctgov.requests[0][1]["User-Agent"] == user_agent()
    assert ctgov.pauses == []


def test_real_record_200(ctgov: Registry, shared_ctgov: Path) -> None:
    ctgov.study("NCT03745326", (200, (shared_ctgov / "NCT03745326.json").read_bytes(), {}))
    study = Fetcher().study("NCT03745326")
    assert study["protocolSection"]["statusModule"]["overallStatus"] == "RECRUITING"


def test_404_is_an_unknown_id(ctgov: Registry) -> None:
    with pytest.raises(RegistryNotFound, match="NCT09999999 is unknown to the registry"):
        Fetcher().study("NCT09999999")
    assert ctgov.hits("NCT09999999") == 1  # no retry


def test_429_then_200_retries_after_the_back_off(ctgov: Registry) -> None:
    ctgov.study(
        "NCT09999901",
        (429, "{}", {"Retry-After": "7"}),
        (503, "{}", {}),
        (200, RECORD, {}),
    )
    Fetcher().study("NCT09999901")
    assert ctgov.hits("NCT09999901") == 3
    assert ctgov.pauses == [max(7.0, BACKOFF[0]), BACKOFF[1]]


def test_500_every_time_fails_after_the_last_attempt(ctgov: Registry) -> None:
    ctgov.study("NCT09999901", (500, "oops", {}))
    with pytest.raises(RegistryError, match=r"answered 500 for NCT09999901 .* after 4 attempts"):
        Fetcher(backoff=(0.5, 0.5, 0.5)).study("NCT09999901")
    assert ctgov.hits("NCT09999901") == 4
    assert ctgov.pauses == [0.5, 0.5, 0.5]


def test_403_is_not_retried(ctgov: Registry) -> None:
    ctgov.study("NCT09999901", (403, "{}", {}))
    with pytest.raises(RegistryError, match="answered 403"):
        Fetcher().study("NCT09999901")
    assert ctgov.hits("NCT09999901") == 1


def test_timeout(ctgov: Registry) -> None:
    ctgov.study("NCT09999901", (HANG, "", {}))
    with pytest.raises(RegistryUnreachable, match=r"did not answer within 0\.2 s") as caught:
        Fetcher(timeout=0.2).study("NCT09999901")
    assert "trialcmp import FILE" in str(caught.value.hint)


def test_malformed_json(ctgov: Registry) -> None:
    ctgov.study("NCT09999901", (200, '{"protocolSection": ', {}))
    with pytest.raises(RegistryError, match=r"not a usable study record: .*not JSON"):
        Fetcher().study("NCT09999901")


def test_a_record_without_eligibility_is_not_usable(ctgov: Registry) -> None:
    ctgov.study("NCT09999902", (200, (CTGOV_FIXTURES / "no-eligibility.json").read_bytes(), {}))
    with pytest.raises(RegistryError, match="has no eligibility criteria"):
        Fetcher().study("NCT09999902")


def test_unreachable_host_says_how_to_work_offline() -> None:
    with pytest.raises(RegistryUnreachable, match="cannot reach the registry") as caught:
        Fetcher().study("NCT09999901")  # the autouse fixture's closed loopback port
    assert "trialcmp import FILE" in str(caught.value.hint)
    assert "TRIALCMP_CTGOV_URL" in str(caught.value.hint)


def test_only_the_fetch_module_can_reach_the_network() -> None:
    package = Path(__file__).resolve().parents[2] / "trialcmp"
    network = ("urllib", "http.client", "socket", "requests", "httpx", "ftplib", "smtplib")
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if any(
            line.lstrip().startswith(("import ", "from ")) and name in line
            for line in path.read_text(encoding="utf-8").splitlines()
            for name in network
        )
    )
    assert users == ["ctgov/fetch.py"]
