"""The JSON API: one NinjaAPI assembling each app's router, OpenAPI 3.1 at /api/v1/openapi.json."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth

from openiop.accounts.api_auth import BearerToken
from openiop.accounts.decorators import staff_required
from openiop.clients.api import router as clients_router
from openiop.clinical.api import router as clinical_router
from openiop.consents.api import router as consents_router
from openiop.core.concurrency import Conflict, StaleVersion, etag
from openiop.intake.api import router as intake_router
from openiop.measures.api import router as measures_router
from openiop.program.api import router as program_router
from openiop.scheduling.api import router as scheduling_router

api = NinjaAPI(
    title="openiop API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    docs_decorator=staff_required(),
)
api.add_router("/clients", clients_router)
# Each app mounts its own paths at the API root (e.g. /api/v1/instruments, /api/v1/notes).
for router in (measures_router, intake_router, consents_router, program_router, scheduling_router, clinical_router):
    api.add_router("", router)


def _field_errors(exc: ValidationError) -> list[dict[str, str]]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": "__all__", "message": str(message)} for message in exc.messages]


@api.exception_handler(ValidationError)
def django_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": _field_errors(exc)}, status=422)


@api.exception_handler(NinjaValidationError)
def ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {
            "field": ".".join(str(part) for part in err.get("loc", []) if part not in ("body", "payload", "query")),
            "message": str(err.get("msg", "invalid")),
        }
        for err in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required."}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(StaleVersion)
def stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    body = {
        "detail": str(exc),
        "version": exc.version,
        "changed_by": exc.changed_by,
        "changed_at": exc.changed_at.isoformat() if exc.changed_at else None,
    }
    response = api.create_response(request, body, status=412)
    response["ETag"] = etag(exc.version)
    return response


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)
