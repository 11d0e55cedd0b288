"""Give every request an id and keep the current request reachable by the audit service and the logs."""

import contextvars
import functools
import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("current_request", default=None)

logger = logging.getLogger("openiop.request")

# What a client's or proxy's X-Request-ID may look like to be kept beside ours (nginx's $request_id, a UUID…).
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


@functools.lru_cache(maxsize=8)
def _trusted_networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    # settings.py has already refused malformed entries; lru_cache keeps this off the per-request path.
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:203.0.113.7) is the IPv4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...],
) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address: the socket's, unless the socket is a trusted proxy (``OPENIOP_TRUSTED_PROXIES``).

    Each proxy appends the address it received the request from to X-Forwarded-For, so reading the
    header from the right, every entry up to and including the first address that is not a trusted
    proxy was written by a proxy we trust; that first untrusted hop is the client. Anything further
    left was sent by the client and may be forged. A request that did not come from a trusted proxy
    is answered by its socket address whatever its headers say. The same address feeds the audit
    trail, the rate limits, allauth and django-axes.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    networks = _trusted_networks(tuple(getattr(settings, "OPENIOP_TRUSTED_PROXIES", ())))
    remote_ip = _parse_ip(remote)
    if not networks or remote_ip is None or not _is_trusted(remote_ip, networks):
        return remote
    hop = remote_ip
    for entry in reversed(str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        if not entry.strip():
            continue
        parsed = _parse_ip(entry)
        if parsed is None:
            # Junk left of a trusted hop: nobody we trust wrote it; the last trusted hop is the answer.
            break
        hop = parsed
        if not _is_trusted(parsed, networks):
            break
    return str(hop)


def _sent_request_id(request: HttpRequest) -> str:
    """The X-Request-ID the client (or a proxy) sent, if well formed: kept as a detail, never as the id."""
    incoming = str(request.headers.get("X-Request-ID", ""))
    return incoming if _REQUEST_ID.fullmatch(incoming) else ""


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The id is always made here: a client must not choose what the audit trail calls its request.
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        request.client_request_id = _sent_request_id(request)  # type: ignore[attr-defined]
        token = current_request.set(request)
        if getattr(settings, "SENTRY_DSN", ""):
            import sentry_sdk

            sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            # The path only: query strings may carry names or dates of birth.
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000),
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request_id
        return response
