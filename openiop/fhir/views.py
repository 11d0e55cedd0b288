"""The FHIR R4 endpoints under /fhir/r4/ (plain Django views: FHIR has its own error resource and
media type). Each view authenticates, parses, asks one selector or service, answers."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from openiop.fhir import selectors, services
from openiop.fhir.auth import Caller, UnauthenticatedError, authenticate
from openiop.fhir.capability import capability_statement
from openiop.fhir.mapping.common import PART2_NOTICE, instant
from openiop.fhir.models import ExportStatus
from openiop.fhir.params import BadParameterError, parse_instant
from openiop.fhir.query import parse_search
from openiop.fhir.registry import TYPES
from openiop.fhir.responses import base_url, bundle, fhir_response, outcome
from openiop.fhir.scope import may_use_fhir

type View = Callable[..., HttpResponse]
NDJSON_FORMATS = ("application/fhir+ndjson", "application/ndjson", "ndjson")
RETRY_AFTER_S = 2


def _fhir_view(methods: tuple[str, ...], *, token_required: bool = False) -> Callable[[View], View]:
    """Method check, authentication (401), the FHIR access rule (403) and 400 for bad parameters."""

    def wrap(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = outcome(405, f"{request.method} is not supported here.")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                caller = authenticate(request, token_required=token_required or request.method != "GET")
            except UnauthenticatedError as exc:
                return outcome(401, str(exc))
            if not may_use_fhir(caller.user):
                return outcome(403, "Your role gives no access to client records.")
            try:
                return view(request, caller, *args, **kwargs)
            except BadParameterError as exc:
                return outcome(400, exc.message, expression=exc.name)
            except selectors.NotFoundError:
                return outcome(404, "Not found.")

        return inner

    return wrap


@csrf_exempt
def metadata(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return outcome(405, f"{request.method} is not supported here.")
    body = capability_statement(base=base_url(request), date=instant(timezone.now())[:10], version="1")
    return fhir_response(body)


def _strict(request: HttpRequest) -> bool:
    return "handling=strict" in request.headers.get("Prefer", "").replace(" ", "")


def _scope_refusal(caller: Caller, name: str) -> HttpResponse | None:
    if caller.recipient is not None:
        return outcome(403, "This token stands for a recipient outside the program: it may only use Bulk Data export.")
    if not caller.may_read(name):
        return outcome(403, f"The token's scopes do not allow reading {name}.")
    return None


@_fhir_view(("GET",))
def search(request: HttpRequest, caller: Caller, resource_type: str) -> HttpResponse:
    rtype = TYPES.get(resource_type)
    if rtype is None:
        return outcome(404, f"{resource_type} is not served here (see /fhir/r4/metadata).")
    if refused := _scope_refusal(caller, resource_type):
        return refused
    items = [(name, value) for name, values in request.GET.lists() for value in values]
    found = parse_search(rtype, items, strict=_strict(request))
    resources, total = selectors.search(user=caller.user, rtype=rtype, search=found)
    body = bundle(
        request,
        resource_type=resource_type,
        resources=resources,
        total=total,
        used=found.used,
        count=found.count,
        offset=found.offset,
    )
    return fhir_response(body)


@_fhir_view(("GET",))
def read(request: HttpRequest, caller: Caller, resource_type: str, resource_id: str) -> HttpResponse:
    rtype = TYPES.get(resource_type)
    if rtype is None:
        return outcome(404, f"{resource_type} is not served here (see /fhir/r4/metadata).")
    if refused := _scope_refusal(caller, resource_type):
        return refused
    return fhir_response(selectors.read(user=caller.user, rtype=rtype, resource_id=resource_id))


# --- Bulk Data ---------------------------------------------------------------------------------


def _export_types(request: HttpRequest, caller: Caller) -> list[str]:
    raw = request.GET.get("_type")
    wanted = services.EXPORT_TYPES if raw is None else [t.strip() for t in raw.split(",") if t.strip()]
    unknown = [t for t in wanted if t not in services.EXPORT_TYPES]
    if unknown or not wanted:
        raise BadParameterError("_type", f"export one or more of {', '.join(services.EXPORT_TYPES)}.")
    allowed = [t for t in dict.fromkeys(wanted) if caller.may_read(t)]
    if raw is not None and len(allowed) < len(set(wanted)):
        raise PermissionError("The token's scopes do not allow reading every type asked for.")
    if not allowed:
        raise PermissionError("The token's scopes allow no type to be exported.")
    return allowed


def _kick_off(request: HttpRequest, caller: Caller, group_id: int | None) -> HttpResponse:
    if "respond-async" not in request.headers.get("Prefer", ""):
        return outcome(400, "A Bulk Data kick-off needs the header Prefer: respond-async.")
    lenient = "handling=lenient" in request.headers.get("Prefer", "").replace(" ", "")
    unsupported = sorted(set(request.GET) - {"_type", "_since", "_outputFormat"})
    if unsupported and not lenient:
        return outcome(400, f"Not supported here: {', '.join(unsupported)}.", expression=unsupported[0])
    output_format = request.GET.get("_outputFormat")
    if output_format is not None and output_format not in NDJSON_FORMATS:
        raise BadParameterError("_outputFormat", "only application/fhir+ndjson is written.")
    since = request.GET.get("_since")
    try:
        types = _export_types(request, caller)
    except PermissionError as exc:
        return outcome(403, str(exc))
    try:
        export = services.bulk_export_start(
            actor=caller.user,
            token=caller.token,
            request_url=request.build_absolute_uri(),
            types=types,
            since=parse_instant("_since", since) if since is not None else None,
            group_id=group_id,
            recipient=caller.recipient,
        )
    except services.ExportBusyError:
        response = outcome(429, "An export of yours is already running; wait for it or cancel it (DELETE).")
        response["Retry-After"] = str(RETRY_AFTER_S * 5)
        return response
    except LookupError:
        return outcome(404, "No such group.")
    response = fhir_response(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "information", "code": "informational", "diagnostics": "Export started."}],
        },
        status=202,
    )
    response["Content-Location"] = f"{base_url(request)}/bulk/{export.pk}"
    return response


@_fhir_view(("GET",), token_required=True)
def patient_export(request: HttpRequest, caller: Caller) -> HttpResponse:
    return _kick_off(request, caller, None)


@_fhir_view(("GET",), token_required=True)
def group_export(request: HttpRequest, caller: Caller, group_id: str) -> HttpResponse:
    if not group_id.isdigit() or len(group_id) > 11:
        return outcome(404, "No such group.")
    return _kick_off(request, caller, int(group_id))


def _manifest(request: HttpRequest, export: Any) -> dict[str, Any]:
    base = f"{base_url(request)}/bulk/{export.pk}"
    return {
        "transactionTime": instant(export.transaction_time),
        "request": export.request_url,
        "requiresAccessToken": True,
        "output": [
            {"type": f.resource_type, "url": f"{base}/{f.resource_type}.ndjson", "count": f.count}
            for f in export.files.order_by("resource_type")
        ],
        "error": [],
        "extension": {
            "urn:openiop:part2-notice": PART2_NOTICE,
            "urn:openiop:recipient": export.recipient.provider.name if export.recipient_id else "internal",
            "urn:openiop:clients-left-out-for-want-of-consent": export.excluded,
        },
    }


@_fhir_view(("GET", "DELETE"), token_required=True)
def bulk_status(request: HttpRequest, caller: Caller, export_id: str) -> HttpResponse:
    export = selectors.export_get_for_user(user=caller.user, pk=export_id)
    if request.method == "DELETE":
        services.bulk_export_cancel(actor=caller.user, export=export)
        return fhir_response(
            {
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "information", "code": "informational", "diagnostics": "Export cancelled."}],
            },
            status=202,
        )
    if export.status in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        response = HttpResponse(status=202)
        response["Retry-After"] = str(RETRY_AFTER_S)
        response["X-Progress"] = f"{export.progress}% ({export.step or export.get_status_display()})"
        return response
    if export.status == ExportStatus.FAILED:
        return outcome(500, export.error or "The export failed.")
    return fhir_response(_manifest(request, export), content_type="application/json")


@_fhir_view(("GET",), token_required=True)
def bulk_file(request: HttpRequest, caller: Caller, export_id: str, resource_type: str) -> HttpResponse:
    export = selectors.export_get_for_user(user=caller.user, pk=export_id)
    content = selectors.export_file_read(user=caller.user, export=export, resource_type=resource_type)
    return HttpResponse(content, content_type="application/fhir+ndjson")
