"""FHIR answers: resources and Bundles as application/fhir+json, errors as OperationOutcome."""

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse

FHIR_JSON = "application/fhir+json"
BASE = "/fhir/r4"
ISSUE_CODES = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported", 429: "throttled"}


def fhir_response(body: Any, *, status: int = 200, content_type: str = FHIR_JSON) -> HttpResponse:
    return HttpResponse(json.dumps(body, separators=(",", ":")), status=status, content_type=content_type)


def outcome_body(status: int, diagnostics: str, *, expression: str | None = None) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "severity": "error",
        "code": ISSUE_CODES.get(status, "exception"),
        "diagnostics": diagnostics,
    }
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def outcome(status: int, diagnostics: str, *, expression: str | None = None) -> HttpResponse:
    response = fhir_response(outcome_body(status, diagnostics, expression=expression), status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="openiop FHIR"'
    return response


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(BASE)


def bundle(
    request: HttpRequest,
    *,
    resource_type: str,
    resources: list[dict[str, Any]],
    total: int,
    used: list[tuple[str, str]],
    count: int,
    offset: int,
) -> dict[str, Any]:
    base = base_url(request)

    def link(relation: str, at: int) -> dict[str, str]:
        query = urlencode([*used, ("_count", str(count)), ("_offset", str(at))])
        return {"relation": relation, "url": f"{base}/{resource_type}?{query}"}

    links = [link("self", offset)]
    if offset + count < total:
        links.append(link("next", offset + count))
    if offset > 0:
        links.append(link("previous", max(0, offset - count)))
    found: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset", "total": total, "link": links}
    if resources:  # FHIR allows no empty arrays
        found["entry"] = [
            {"fullUrl": f"{base}/{resource_type}/{r['id']}", "resource": r, "search": {"mode": "match"}}
            for r in resources
        ]
    return found
