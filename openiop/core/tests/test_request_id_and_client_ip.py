"""Each request gets an id made here (the client's address: test_client_ip.py)."""

import pytest
from django.test import Client as HttpClient


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
