"""Give every request an id and keep the current request reachable by the audit service and the logs."""

import contextvars
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


def client_ip(request: HttpRequest) -> str:
    """The client's address: the socket's, or, behind N trusted proxies, the Nth address from the right.

    Each proxy appends the address it received the request from to X-Forwarded-For, so only the last
    ``OPENIOP_TRUST_X_FORWARDED_FOR`` entries were written by proxies we trust; anything further left
    was sent by the client and may be forged.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = int(getattr(settings, "OPENIOP_TRUST_X_FORWARDED_FOR", 0))
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request entered behind the outermost one; its first entry is a proxy's.
    return forwarded[-min(trusted, len(forwarded))][:64]


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
