"""Each request gets an id made here, and the client's address comes from trusted proxies only."""

import pytest
from django.test import Client as HttpClient
from django.test import RequestFactory, override_settings

from openiop.core.middleware import client_ip


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.9", "203.0.113.7", "10.0.0.9"),
        (1, "10.0.0.9", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.9", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "10.0.0.9", "6.6.6.6, 203.0.113.7, 10.0.0.8", "203.0.113.7"),
        (2, "10.0.0.9", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.9", "", "10.0.0.9"),
        (1, "10.0.0.9", " , ", "10.0.0.9"),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_saw(
    trusted: int, remote: str, forwarded: str, expected: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(OPENIOP_TRUST_X_FORWARDED_FOR=trusted):
        assert client_ip(request) == expected


@pytest.mark.django_db
def test_the_request_id_is_generated_here_even_when_the_client_sends_one() -> None:
    response = HttpClient().get("/healthz", headers={"X-Request-ID": "chosen-by-the-client"})
    assert response["X-Request-ID"] != "chosen-by-the-client"
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["3f2c9a1e5b7d4c60", "bad id with spaces", "x" * 65, ""])
def test_a_sent_request_id_is_never_used_as_the_id(incoming: str) -> None:
    response = HttpClient().get("/healthz", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32
