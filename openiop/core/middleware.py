"""Give every request an id and keep the current request reachable by the audit service."""

import contextvars
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("current_request", default=None)


def client_ip(request: HttpRequest) -> str:
    # Behind a trusted proxy the deploy guide sets OPENIOP_TRUST_X_FORWARDED_FOR; we only read REMOTE_ADDR.
    return str(request.META.get("REMOTE_ADDR", ""))


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = str(request.headers.get("X-Request-ID", ""))[:64]
        request.request_id = incoming or uuid.uuid4().hex  # type: ignore[attr-defined]
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response
