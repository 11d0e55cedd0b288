"""Issue 9: every bad input to the JSON API answers 4xx naming what is wrong, and stores nothing."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client as HttpClient

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.clients.models import Client
from openiop.clinical.models import Note
from openiop.clinical.services import notes as note_services
from openiop.core.api import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_depth
from openiop.scheduling.models import PlanRun

MONDAY = dt.datetime(2026, 11, 30, 17, tzinfo=dt.UTC)

NEW_CLIENT = {
    "legal_first_name": "Ana",
    "legal_last_name": "Lopez",
    "date_of_birth": "1991-02-03",
    "sex_assigned_at_birth": "female",
}


def _note(cast: Cast) -> Note:
    return note_services.note_create(
        actor=cast.alice,
        client=cast.erin,
        kind="individual",
        starts_at=MONDAY,
        ends_at=MONDAY + dt.timedelta(minutes=50),
        sections={"data": "Reports 3 days abstinent.", "assessment": "Engaged.", "plan": "Continue IOP."},
    )


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def _client(cast: Cast, **extra: object) -> str:
    return json.dumps({"site_id": cast.site_a.pk, **NEW_CLIENT, **extra})


# (method, url, body, content type, status, field named in the answer)
type Request = tuple[str, Callable[[Cast, Note], str], Callable[[Cast], str] | None, str, int, str | None]

JSON = "application/json"
BAD_INPUT: dict[str, Request] = {
    "a page past any list": ("GET", lambda c, n: "/api/v1/clients?page=400000000000000000", None, JSON, 422, "page"),
    "a page of notes past any list": (
        "GET",
        lambda c, n: "/api/v1/notes?page=400000000000000000",
        None,
        JSON,
        422,
        "page",
    ),
    "a page of inquiries past any list": (
        "GET",
        lambda c, n: "/api/v1/inquiries?page=400000000000000000",
        None,
        JSON,
        422,
        "page",
    ),
    "page zero": ("GET", lambda c, n: "/api/v1/clients?page=0", None, JSON, 422, "page"),
    "an author id past 64 bits": (
        "GET",
        lambda c, n: "/api/v1/notes?author=9223372036854775808",
        None,
        JSON,
        422,
        "author",
    ),
    "a client id past 64 bits in the query": (
        "GET",
        lambda c, n: "/api/v1/notes?client=99999999999999999999999",
        None,
        JSON,
        422,
        "client",
    ),
    "a client id past 64 bits in the path": (
        "GET",
        lambda c, n: "/api/v1/clients/9223372036854775808",
        None,
        JSON,
        422,
        "client_id",
    ),
    "a negative note id": ("GET", lambda c, n: "/api/v1/notes/-1", None, JSON, 422, "note_id"),
    "a week in year 9999": ("GET", lambda c, n: "/api/v1/sessions?week=9999-12-31", None, JSON, 422, "week"),
    "a week in year 1": ("GET", lambda c, n: "/api/v1/sessions?week=0001-01-01", None, JSON, 422, "week"),
    "a NUL in a search": ("GET", lambda c, n: "/api/v1/clients?q=a%00b", None, JSON, 422, "q"),
    "planning year 9999": (
        "POST",
        lambda c, n: "/api/v1/plan-runs",
        lambda c: json.dumps({"site_id": c.site_a.pk, "week": "9999-12-31"}),
        JSON,
        422,
        "week",
    ),
    "a null phone on create": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: _client(c, phone=None),
        JSON,
        422,
        "phone",
    ),
    "a null city on create": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: _client(c, city=None),
        JSON,
        422,
        "city",
    ),
    "a null phone on update": (
        "PATCH",
        lambda c, n: f"/api/v1/clients/{c.erin.pk}",
        lambda c: json.dumps({"phone": None}),
        JSON,
        422,
        "phone",
    ),
    "a birth date in year 1": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: _client(c, date_of_birth="0001-01-01"),
        JSON,
        422,
        "date_of_birth",
    ),
    "a site id past 64 bits": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: json.dumps({**NEW_CLIENT, "site_id": 2**64}),
        JSON,
        422,
        "site_id",
    ),
    "100,000-deep JSON": ("POST", lambda c, n: "/api/v1/clients", lambda c: _deep(100_000), JSON, 422, "body"),
    "100,000-deep JSON inside a field": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: _client(c)[:-1] + ', "x": ' + _deep(100_000) + "}",
        JSON,
        422,
        "body",
    ),
    "100,000-deep JSON to placement": (
        "POST",
        lambda c, n: "/api/v1/placement/recommend",
        lambda c: _deep(100_000),
        JSON,
        422,
        "body",
    ),
    "malformed JSON": ("POST", lambda c, n: "/api/v1/clients", lambda c: '{"site_id": 1,', JSON, 422, "body"),
    "malformed JSON to placement": (
        "POST",
        lambda c, n: "/api/v1/placement/recommend",
        lambda c: "{nope",
        JSON,
        422,
        "body",
    ),
    "a form instead of JSON": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: "site_id=1&legal_first_name=Ana",
        "application/x-www-form-urlencoded",
        422,
        "body",
    ),
    "JSON sent as plain text": ("POST", lambda c, n: "/api/v1/clients", _client, "text/plain", 422, "body"),
    "a body that is not UTF-8": ("POST", lambda c, n: "/api/v1/clients", lambda c: "\udcff", JSON, 422, "body"),
    "NaN for a number": (
        "POST",
        lambda c, n: "/api/v1/plan-runs",
        lambda c: f'{{"site_id": {c.site_a.pk}, "week": "2026-12-07", "time_limit_s": NaN}}',
        JSON,
        422,
        "body",
    ),
    "a NUL in a name": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: _client(c, legal_first_name="A\u0000na"),
        JSON,
        422,
        "legal_first_name",
    ),
    "an unpaired surrogate in a name": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: _client(c)[:-1] + ', "city": "\\ud800"}',
        JSON,
        422,
        "city",
    ),
    "a body over the limit": (
        "POST",
        lambda c, n: "/api/v1/clients",
        lambda c: _client(c, pronouns="x" * (MAX_BODY_BYTES + 1)),
        JSON,
        413,
        "body",
    ),
    "a note moved to year 1": (
        "PATCH",
        lambda c, n: f"/api/v1/notes/{n.pk}",
        lambda c: json.dumps({"starts_at": "0001-01-01T00:00:00Z"}),
        JSON,
        422,
        "starts_at",
    ),
    "a note moved to year 9999": (
        "PATCH",
        lambda c, n: f"/api/v1/notes/{n.pk}",
        lambda c: json.dumps({"ends_at": "9999-12-31T23:59:59Z"}),
        JSON,
        422,
        "ends_at",
    ),
    "a note time without its offset": (
        "PATCH",
        lambda c, n: f"/api/v1/notes/{n.pk}",
        lambda c: json.dumps({"starts_at": "2026-11-30T09:00:00"}),
        JSON,
        422,
        "starts_at",
    ),
    "a null note text": (
        "PATCH",
        lambda c, n: f"/api/v1/notes/{n.pk}",
        lambda c: json.dumps({"sections": None}),
        JSON,
        422,
        "sections",
    ),
}


def _snapshot(note: Note) -> tuple[Any, ...]:
    note.refresh_from_db()
    return (
        Client.objects.count(),
        PlanRun.objects.count(),
        AuditEvent.objects.count(),
        note.starts_at,
        note.ends_at,
        dict(note.sections),
        Client.objects.get(legal_first_name="Erin").phone,
    )


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_each_bad_input_answers_4xx_naming_the_field_and_stores_nothing(cast: Cast, case: Request) -> None:
    method, url, body, content_type, status, field = case
    note = _note(cast)
    http = HttpClient()
    # Alice may write both the note and clients; Dana plans. Ivan reads inquiries and placement.
    user = cast.dana if "plan-runs" in url(cast, note) or "sessions" in url(cast, note) else cast.alice
    if "inquiries" in url(cast, note) or "placement" in url(cast, note):
        user = cast.ivan
    http.force_login(user)
    before = _snapshot(note)
    data: Any = body(cast).encode("utf-8", "surrogateescape") if body else None
    response = http.generic(method, url(cast, note), data or b"", content_type=content_type)
    assert response.status_code == status, response.content[:500]
    detail = response.json()["detail"]
    assert field in [error["field"] for error in detail], detail
    assert _snapshot(note) == before


@pytest.mark.parametrize("if_match", ['"\u00b2"', '"\u0661"', '"99999999999999999999"', "garbage"])
def test_an_if_match_no_version_has_answers_412_and_changes_nothing(cast: Cast, if_match: str) -> None:
    note = _note(cast)
    http = HttpClient()
    http.force_login(cast.alice)
    before = _snapshot(note)
    response = http.patch(
        f"/api/v1/notes/{note.pk}",
        json.dumps({"sections": {"plan": "Changed."}}),
        content_type=JSON,
        headers={"If-Match": if_match},
    )
    assert response.status_code == 412
    assert _snapshot(note) == before


def test_the_depth_is_measured_without_parsing() -> None:
    assert json_depth('{"a": [1, {"b": "[[[[ not brackets ]"}]}') == 3
    assert json_depth('["\\"[[[", []]') == 2
    assert json_depth(_deep(100_000)) == MAX_JSON_DEPTH + 1  # it stops counting past the limit
    assert json_depth('[[[["never closed') == 4


def test_a_constraint_violation_escaping_a_service_answers_409(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from openiop.clients import services

    def refuse(**kwargs: object) -> None:
        raise IntegrityError("UNIQUE constraint failed: clients_client.secret_value")

    monkeypatch.setattr(services, "client_create", refuse)
    http = HttpClient()
    http.force_login(cast.alice)
    response = http.post("/api/v1/clients", _client(cast), content_type=JSON)
    assert response.status_code == 409
    assert "nothing saved" in response.json()["detail"]
    assert "secret_value" not in response.content.decode()  # the driver's message stays in the log


def test_every_operation_documents_the_error_answers(cast: Cast) -> None:
    from openiop.api import api

    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            documented = set(operation["responses"])
            assert {"400", "401", "403", "404", "409", "412", "413", "422"} <= documented, (method, path)
    assert schema["components"]["schemas"]["FieldErrors"]["properties"]["detail"]["items"] == {
        "$ref": "#/components/schemas/FieldError"
    }
