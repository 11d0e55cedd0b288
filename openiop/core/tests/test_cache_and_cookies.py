"""Issue 11, finding 6: PHI is neither kept by caches nor carried in cookies."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client as HttpClient
from django.test import RequestFactory

from conftest import Cast
from openiop.accounts.models import User
from openiop.core.cache_control import may_be_cached
from openiop.program.models import GroupSession, SessionEnrollment, Track

MONDAY = dt.datetime(2026, 11, 16, 17, 0, tzinfo=dt.UTC)

# (who, the address): every answer here may carry PHI.
PHI_RESPONSES: dict[str, tuple[str, Callable[[Cast], str]]] = {
    "a chart page": ("alice", lambda c: f"/clients/{c.erin.pk}/"),
    "the inquiry list": ("ivan", lambda c: "/intake/inquiries/"),
    "API JSON": ("ivan", lambda c: "/api/v1/inquiries"),
    "a client in the API": ("alice", lambda c: f"/api/v1/clients/{c.erin.pk}"),
    "a PDF": ("alice", lambda c: f"/consents/clients/{c.erin.pk}/accounting.pdf"),
    "the portal": ("erin_user", lambda c: "/portal/"),
    "a 404 of the chart": ("carol", lambda c: f"/clients/{c.erin.pk}/"),
}


def _as(user: User | None) -> HttpClient:
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    return http


@pytest.mark.parametrize("case", sorted(PHI_RESPONSES))
def test_phi_responses_are_not_stored_by_caches(cast: Cast, case: str) -> None:
    who, url = PHI_RESPONSES[case]
    response = _as(getattr(cast, who)).get(url(cast))
    assert response.status_code in (200, 404)
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"


def test_an_anonymous_redirect_to_the_login_is_not_stored_either(cast: Cast) -> None:
    assert _as(None).get(f"/clients/{cast.erin.pk}/")["Cache-Control"] == "no-store"


def test_the_public_get_help_page_seen_anonymously_may_be_cached(cast: Cast) -> None:
    response = _as(None).get("/intake/get-help")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(("path", "public"), [("/static/vendor/pico.min.css", True), ("/healthz", True)])
def test_static_files_and_the_health_check_are_left_to_their_own_headers(
    rf: RequestFactory, path: str, public: bool
) -> None:
    request = rf.get(path)
    request.user = AnonymousUser()
    assert may_be_cached(request) is public


def test_the_get_help_page_seen_by_staff_is_not_stored(cast: Cast) -> None:
    assert _as(cast.ivan).get("/intake/get-help")["Cache-Control"] == "no-store"


def test_the_messages_cookie_carries_no_names(cast: Cast) -> None:
    session = GroupSession.objects.create(
        site=cast.site_a,
        track=Track.objects.create(site=cast.site_a, name="Adult mornings"),
        starts_at=MONDAY,
        ends_at=MONDAY + dt.timedelta(minutes=90),
        capacity=12,
    )
    session.facilitators.set([cast.alice])
    SessionEnrollment.objects.create(session=session, client=cast.erin, source="plan")
    http = _as(cast.alice)
    response = http.post(f"/program/sessions/{session.pk}/roster/", {"remove": cast.erin.pk})
    assert response.status_code == 302
    assert settings.MESSAGE_STORAGE == "django.contrib.messages.storage.session.SessionStorage"
    assert "messages" not in response.cookies
    for morsel in [*response.cookies.values(), *http.cookies.values()]:
        assert "Erin" not in morsel.value and "Castillo" not in morsel.value
    shown = http.get(response["Location"]).content.decode()
    assert "taken off the roster" in shown  # the message still reaches the next page, from the session
