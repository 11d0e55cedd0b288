"""``Cache-Control: no-store`` on every response that may carry PHI (issue 11, finding 6).

A shared proxy, the browser's disk cache or its back button must not keep a chart, an API answer,
a PDF or a calendar feed. Every response gets ``no-store`` (and ``Pragma: no-cache`` for HTTP/1.0
caches) except the few that are the same for everyone and carry no PHI: static files, the health
check and the public /get-help pages as an anonymous visitor sees them.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

NO_STORE = "no-store"
# Public and identical for every anonymous visitor (the /get-help short address redirects here).
PUBLIC_PATHS = frozenset({"/healthz", "/get-help", "/intake/get-help", "/intake/get-help/thanks"})


def may_be_cached(request: HttpRequest) -> bool:
    """Whether a response to this request is public: static files, the health check, /get-help anonymously."""
    path = request.path
    static = str(getattr(settings, "STATIC_URL", "/static/") or "/static/")
    if path.startswith(static if static.startswith("/") else f"/{static}"):
        return True
    user = getattr(request, "user", None)
    return path in PUBLIC_PATHS and not getattr(user, "is_authenticated", False)


class NoStoreMiddleware:
    """Outside every middleware that sets caching headers below it, so its answer is the last word."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not may_be_cached(request):
            if NO_STORE not in response.headers.get("Cache-Control", ""):
                response.headers["Cache-Control"] = NO_STORE  # a view's own "private, no-store" stays
            response.headers["Pragma"] = "no-cache"
            response.headers.pop("Expires", None)
        return response
