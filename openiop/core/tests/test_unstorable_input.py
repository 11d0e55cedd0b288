"""Issue 11: a NUL byte (or a lone surrogate) answers 422 naming the field, on SQLite and PostgreSQL.

Run this module with DATABASE_URL set too: PostgreSQL is where a NUL used to end in a 500.
"""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient

from conftest import Cast
from openiop.clients.models import Client
from openiop.clinical.models import GroupNote
from openiop.intake.models import Inquiry
from openiop.program.models import GroupSession, SessionEnrollment, Track

MONDAY = dt.datetime(2026, 11, 16, 17, 0, tzinfo=dt.UTC)
JSON = "application/json"


def _session(cast: Cast) -> GroupSession:
    session = GroupSession.objects.create(
        site=cast.site_a,
        track=Track.objects.create(site=cast.site_a, name="Adult mornings"),
        starts_at=MONDAY,
        ends_at=MONDAY + dt.timedelta(minutes=90),
        capacity=12,
    )
    session.facilitators.set([cast.alice])
    SessionEnrollment.objects.create(session=session, client=cast.erin, source="plan")
    return session


def _client_json(cast: Cast, **extra: Any) -> str:
    return json.dumps(
        {
            "site_id": cast.site_a.pk,
            "legal_first_name": "Ana",
            "legal_last_name": "Lopez",
            "date_of_birth": "1991-02-03",
            "sex_assigned_at_birth": "female",
            **extra,
        }
    )


# (who, method, url, data, content type, the field named)
type Attempt = tuple[str | None, str, Callable[[Cast], str], Callable[[Cast], Any], str | None, str]

ATTEMPTS: dict[str, Attempt] = {
    "API JSON: a name": (
        "alice",
        "post",
        lambda c: "/api/v1/clients",
        lambda c: _client_json(c, legal_first_name="A\u0000na"),
        JSON,
        "legal_first_name",
    ),
    "API JSON: a key": ("alice", "post", lambda c: "/api/v1/clients", lambda c: '{"a\\u0000": 1}', JSON, "body"),
    "API query": ("ivan", "get", lambda c: "/api/v1/inquiries", lambda c: {"q": "a\x00b"}, None, "q"),
    "a page's query string": ("ivan", "get", lambda c: "/intake/inquiries/", lambda c: {"q": "a\x00b"}, None, "q"),
    "a form field": (
        "ivan",
        "post",
        lambda c: "/intake/inquiries/new/",
        lambda c: {"name": "Kim\x00 Lee", "phone": "(213) 555-0100", "channel": "phone"},
        None,
        "name",
    ),
    "a field a view reads itself (group note)": (
        "alice",
        "post",
        lambda c: f"/clinical/sessions/{_session(c).pk}/note/",
        lambda c: {"topic": "Relapse\x00 prevention", "action": "save"},
        None,
        "topic",
    ),
    "the public form": (
        None,
        "post",
        lambda c: "/intake/get-help",
        lambda c: {"name": "Kim", "phone": "(213) 555-0100", "message": "help\x00", "consent_to_contact": "on"},
        None,
        "message",
    ),
}


@pytest.mark.parametrize("case", sorted(ATTEMPTS))
def test_a_nul_byte_answers_422(cast: Cast, case: str) -> None:
    who, method, url, data, content_type, field = ATTEMPTS[case]
    http = HttpClient(raise_request_exception=False)
    if who is not None:
        http.force_login(getattr(cast, who))
    target, payload = url(cast), data(cast)
    kwargs: dict[str, Any] = {"content_type": content_type} if content_type else {}
    before = (Client.objects.count(), Inquiry.objects.count(), GroupNote.objects.count())
    response = getattr(http, method)(target, payload, **kwargs)
    assert response.status_code == 422, response.content[:300]
    if target.startswith("/api/"):
        assert field in [e["field"] for e in response.json()["detail"]]
    else:
        assert f"“{field}”" in response.content.decode() or f'name="{field}"' in response.content.decode()
    assert (Client.objects.count(), Inquiry.objects.count(), GroupNote.objects.count()) == before
