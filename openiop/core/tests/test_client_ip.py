"""The client's address comes from X-Forwarded-For only when a trusted proxy sent the request (issue 11, finding 4).

Reading the header from the right, the first hop that is not a trusted proxy is the client; whatever
the client wrote further left is ignored, and a client talking to the app directly cannot choose its
address by sending the header.
"""

import pytest
from django.test import RequestFactory, override_settings

from openiop.core.middleware import client_ip

PROXY = ["10.0.0.9", "10.1.0.0/16"]


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "10.0.0.9", "203.0.113.7", "10.0.0.9"),  # no proxy configured: the socket
        (PROXY, "10.0.0.9", "203.0.113.7", "203.0.113.7"),  # one proxy
        (PROXY, "10.0.0.9", "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged entry on the left is ignored
        (PROXY, "10.0.0.9", "6.6.6.6, 203.0.113.7, 10.1.4.2", "203.0.113.7"),  # two trusted proxies
        (PROXY, "10.0.0.9", "", "10.0.0.9"),  # the proxy itself (a health check)
        (PROXY, "10.0.0.9", " , ", "10.0.0.9"),
        (PROXY, "10.0.0.9", "10.1.0.1, 10.1.0.2", "10.1.0.1"),  # every hop trusted: the first one
        (PROXY, "10.0.0.9", "not-an-ip, 10.1.0.3", "10.1.0.3"),  # junk beyond trusted hops stops the walk
        (PROXY, "10.0.0.9", "garbage", "10.0.0.9"),
        (PROXY, "::ffff:10.0.0.9", "203.0.113.7", "203.0.113.7"),  # IPv4 proxy over an IPv6 socket
        (["fd00::/8"], "fd00::1", "2001:db8::5", "2001:db8::5"),
        (PROXY, "bogus", "203.0.113.7", "bogus"),
    ],
)
def test_the_client_address_is_the_first_untrusted_hop(
    trusted: list[str], remote: str, forwarded: str, expected: str
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(OPENIOP_TRUSTED_PROXIES=trusted):
        assert client_ip(request) == expected


@override_settings(OPENIOP_TRUSTED_PROXIES=PROXY)
def test_a_client_connecting_directly_cannot_forge_its_address() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="10.0.0.9, 1.2.3.4")
    assert client_ip(request) == "198.51.100.20"


@override_settings(OPENIOP_TRUSTED_PROXIES=PROXY)
def test_behind_the_proxy_two_visitors_have_two_addresses() -> None:
    first = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    second = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert client_ip(first) != client_ip(second)
