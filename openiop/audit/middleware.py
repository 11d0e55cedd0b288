"""Record refused requests: every 403, and every 404 a view answered for a signed-in person (the
access policy answers 404 for a client record one may not open, so its existence is not
confirmed). One event per refusal, naming the person, the path and, when the URL names a client
who exists, that client (so the auditor of the client's site sees who tried). Nothing is added to
requests that are not refused; anonymous refusals go to the request log only, so a stranger cannot
make the chain grow."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from openiop.audit.services import record_refusal

_CLIENT_ROUTE = re.compile(r"(^|/)clients/<int:pk>")


def _client_of(request: HttpRequest) -> tuple[int | None, int | None]:
    match = request.resolver_match
    if match is None:
        return None, None
    raw = match.kwargs.get("client_id")
    if raw is None and _CLIENT_ROUTE.search(match.route or ""):
        raw = match.kwargs.get("pk")
    try:
        client_id = int(str(raw)) if raw is not None else None
    except ValueError:
        return None, None
    if client_id is None or not 0 < client_id < 2**63:
        return None, None
    from openiop.clients.models import Client

    site_id = Client.objects.filter(pk=client_id).values_list("site_id", flat=True).first()
    return (client_id, site_id) if site_id is not None else (None, None)


class RefusalAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        status = response.status_code
        if status not in (403, 404) or request.resolver_match is None:
            return response
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False):
            return response
        client_id, site_id = _client_of(request)
        record_refusal(
            user=user,
            request=request,
            status=status,
            view=request.resolver_match.view_name or "",
            client_id=client_id,
            site_id=site_id,
        )
        return response
