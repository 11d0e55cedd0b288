"""The JSON API: one NinjaAPI assembling each app's router, OpenAPI 3.1 at /api/v1/openapi.json."""

import logging
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.openapi.views import openapi_json
from ninja.security import SessionAuth

from openiop.accounts.api import router as accounts_router
from openiop.accounts.api_auth import BearerToken
from openiop.accounts.decorators import staff_required
from openiop.aftercare.followups_api import router as followups_router
from openiop.clients.api import router as clients_router
from openiop.clinical.api import router as clinical_router
from openiop.consents.api import router as consents_router
from openiop.core.api import MAX_BODY_BYTES, InputError, JsonParser, document_errors
from openiop.core.concurrency import Conflict, StaleVersion, etag
from openiop.core.db_errors import database_unavailable
from openiop.intake.api import router as intake_router
from openiop.measures.api import router as measures_router
from openiop.program.api import router as program_router
from openiop.reports.api import router as reports_router
from openiop.scheduling.api import router as scheduling_router

logger = logging.getLogger(__name__)


def bearer_or_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI document for a program holding a valid bearer token (a code generator,
    Schemathesis) as well as for a staff session; a bad token answers 401."""
    staff_view = staff_required()(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return staff_view(request, *args, **kwargs)
        try:
            if not raw.strip() or BearerToken().authenticate(request, raw.strip()) is None:
                return JsonResponse({"detail": "Authentication required."}, status=401)
        except PermissionDenied:
            pass  # a live token without the JSON API's scope (a FHIR token): the document holds no data
        return view(request, *args, **kwargs)

    return wrapped


class OpenIopAPI(NinjaAPI):
    """The API whose OpenAPI document lists, on every operation, the errors the handlers below send."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        # The document (not the docs page, which stays for staff) is readable with a bearer token too.
        urls: list[URLResolver | URLPattern] = list(super()._get_urls())
        document = bearer_or_staff(partial(openapi_json, api=self))
        return [
            path(str(self.openapi_url).lstrip("/"), document, name="openapi-json")
            if isinstance(u, URLPattern) and u.name == "openapi-json"
            else u
            for u in urls
        ]


api = OpenIopAPI(
    title="openiop API",
    version="1",
    urls_namespace="api",
    auth=[BearerToken(), SessionAuth()],
    docs_decorator=staff_required(),
    parser=JsonParser(),
)
api.add_router("/clients", clients_router)
api.add_router("", accounts_router)
# Each app mounts its own paths at the API root (e.g. /api/v1/instruments, /api/v1/notes).
for router in (
    measures_router,
    intake_router,
    consents_router,
    program_router,
    scheduling_router,
    clinical_router,
    reports_router,
    followups_router,
):
    api.add_router("", router)


# A lost database connection answers 503 with Retry-After, never a traceback (core/db_errors.py).
@api.exception_handler(OperationalError)
def database_operational_error(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    return database_unavailable(request, exc)


@api.exception_handler(InterfaceError)
def database_interface_error(request: HttpRequest, exc: InterfaceError) -> HttpResponse:
    return database_unavailable(request, exc)


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


# Ninja's error locations start with where the value came from and the parameter's Python name.
_LOCATIONS = ("body", "payload", "query", "params", "path")


@api.exception_handler(NinjaValidationError)
def ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {
            "field": ".".join(str(part) for part in err.get("loc", []) if part not in _LOCATIONS) or "body",
            "message": str(err.get("msg", "invalid")).removeprefix("Value error, "),
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


def _input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    return api.create_response(request, {"detail": [{"field": exc.field, "message": exc.message}]}, status=exc.status)


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
    return _input_error(request, exc)


@api.exception_handler(RequestDataTooBig)
def body_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _input_error(request, InputError("body", f"The body is larger than {MAX_BODY_BYTES:,} bytes.", status=413))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja wraps any failure of the body parser in a 400 "Cannot parse request body"; the contract is 422.
    if isinstance(exc.__cause__, InputError):
        return _input_error(request, exc.__cause__)
    if exc.status_code == 400 and exc.__cause__ is not None:
        return _input_error(request, InputError("body", "The body could not be read as JSON."))
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


@api.exception_handler(IntegrityError)
def integrity_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # The database refused the write (a duplicate, a reference that vanished meanwhile): nothing was saved.
    # The driver's message can quote stored values, so it goes to the log, not to the client.
    logger.warning("IntegrityError answered 409 on %s %s: %s", request.method, request.path, exc)
    return api.create_response(
        request,
        {"detail": "This conflicts with a record saved meanwhile (a duplicate, or one just changed); nothing saved."},
        status=409,
    )


@api.exception_handler(DataError)
def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    logger.warning("DataError answered 422 on %s %s: %s", request.method, request.path, exc)
    return _input_error(request, InputError("__all__", "A value is out of range or too long to store."))
