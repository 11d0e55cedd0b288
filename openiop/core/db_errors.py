"""A lost database connection answers 503 with ``Retry-After``, never a traceback (issue 9).

``DatabaseUnavailableMiddleware`` turns an ``OperationalError``/``InterfaceError`` raised by a view
into a plain page (or ``{"detail": …}`` under ``/api/``); ``server_error`` (the project's
``handler500``) does the same for one raised by another middleware (loading the session, the
user); the API (``openiop/api.py``) answers the same errors through ``database_unavailable``. Nothing here touches
the database: the page is rendered without a request context (no user, no session).
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_S = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)
MESSAGE = "The database is not answering right now. Nothing was saved by this request; try again in a few seconds."


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in str(request.headers.get("Accept", ""))


def database_unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 answer for a database error: JSON under /api/, a page otherwise."""
    logger.warning(
        "database unavailable (%s: %s) for %s %s; answered 503",
        type(exc).__name__,
        str(exc)[:200],
        request.method,
        request.path,
    )
    # Django drops an unusable connection when the request ends (close_old_connections), so the
    # next request opens a fresh one.
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        page = render_to_string("db_unavailable.html", {"message": MESSAGE, "retry_after": RETRY_AFTER_S})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


def server_error(request: HttpRequest, template_name: str = defaults.ERROR_500_TEMPLATE_NAME) -> HttpResponse:
    """``handler500``: a database error raised outside a view still answers 503."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return database_unavailable(request, exc)
    return defaults.server_error(request, template_name)
