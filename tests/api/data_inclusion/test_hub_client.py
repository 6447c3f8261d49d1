"""The hub client against a fake data·inclusion v1 API on 127.0.0.1: every page, the token,
429 with Retry-After, 5xx retried with backoff, bounded; other refusals stop at once."""

from collections.abc import Iterator

import pytest

from api.data_inclusion.hub_client import (
    ATTEMPTS,
    BACKOFF_S,
    HubClient,
    HubUnavailable,
    retry_after,
)
from tests.api.data_inclusion.fake_hub import TOKEN, FakeHub, serving


@pytest.fixture
def hub() -> Iterator[FakeHub]:
    with serving(FakeHub()) as served:
        yield served


def client(hub: FakeHub, waits: list[float], token: str | None = TOKEN) -> HubClient:
    return HubClient(hub.url, token, page_size=2, sleep=waits.append)


def test_every_page_is_read_with_the_token(hub: FakeHub) -> None:
    items = client(hub, []).fetch_all("structures", {"code_departement": "21"})
    assert [item["nom"] for item in items] == [s["nom"] for s in hub.records["structures"]]
    assert [(q["page"], q["size"]) for _, q, _ in hub.requests] == [
        ("1", "2"),
        ("2", "2"),
        ("3", "2"),
    ]
    assert {auth for _, _, auth in hub.requests} == {f"Bearer {TOKEN}"}
    assert {q["code_departement"] for _, q, _ in hub.requests} == {"21"}


def test_a_429_waits_for_its_retry_after(hub: FakeHub) -> None:
    hub.faults[("services", 2)] = [(429, {"Retry-After": "3"}, b"{}")]
    waits: list[float] = []
    items = client(hub, waits).fetch_all("services", {"thematiques": "numerique"})
    assert waits == [3.0]
    assert len(items) == 4


def test_a_5xx_is_retried_with_a_growing_pause(hub: FakeHub) -> None:
    hub.faults[("structures", 2)] = [(500, {}, b"oops"), (502, {}, b""), (503, {}, b"")]
    waits: list[float] = []
    items = client(hub, waits).fetch_all("structures", {})
    assert waits == list(BACKOFF_S[:3])
    assert len(items) == 5


def test_a_5xx_past_the_attempts_stops_with_a_french_reason(hub: FakeHub) -> None:
    hub.faults[("structures", 2)] = [(500, {}, b"")] * ATTEMPTS
    waits: list[float] = []
    with pytest.raises(HubUnavailable) as raised:
        client(hub, waits).fetch_all("structures", {})
    assert str(raised.value) == (
        f"structures, page 2 : le hub a répondu 500, {ATTEMPTS} essais sans succès"
    )
    assert len(waits) == ATTEMPTS - 1


def test_a_wait_longer_than_allowed_is_not_waited(hub: FakeHub) -> None:
    hub.faults[("structures", 1)] = [(429, {"Retry-After": "3600"}, b"")]
    waits: list[float] = []
    with pytest.raises(HubUnavailable, match="le hub demande d'attendre 3600 s"):
        client(hub, waits).fetch_all("structures", {})
    assert waits == []


@pytest.mark.parametrize(
    ("token", "reason"),
    [(None, "401, jeton absent ou refusé"), ("faux", "403, accès interdit")],
)
def test_a_refused_token_stops_at_once(hub: FakeHub, token: str | None, reason: str) -> None:
    with pytest.raises(HubUnavailable, match=reason):
        client(hub, [], token).fetch_all("structures", {})
    assert len(hub.requests) == 1


def test_an_answer_not_shaped_as_a_page_is_refused(hub: FakeHub) -> None:
    hub.faults[("structures", 1)] = [(200, {}, b'[{"id": "x"}]')]
    with pytest.raises(HubUnavailable, match="n'a pas la forme d'une page"):
        client(hub, []).fetch_all("structures", {})


def test_a_closed_port_is_retried_then_reported() -> None:
    waits: list[float] = []
    with serving(FakeHub()) as gone:
        url = gone.url
    with pytest.raises(HubUnavailable, match="connexion impossible"):
        HubClient(url, TOKEN, sleep=waits.append).fetch_all("structures", {})
    assert len(waits) == ATTEMPTS - 1


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after("7", 1.0) == 7.0
    assert retry_after(None, 1.0) == 1.0
    assert retry_after("bientôt", 2.0) == 2.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1.0) == 0.0
