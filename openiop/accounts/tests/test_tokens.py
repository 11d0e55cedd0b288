"""Issue 11, finding 5: bearer tokens are scoped, expire, are listed and revoked by their owner and
a director, and can never sign."""

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps
from django.test import Client as HttpClient
from django.test import RequestFactory, override_settings
from django.utils import timezone

from conftest import Cast
from openiop.accounts.api_auth import token_scopes
from openiop.accounts.models import ApiToken, hash_token
from openiop.accounts.services import api_token_create, user_logout_everywhere
from openiop.audit.models import AuditEvent
from openiop.core.tests.test_cli_bad_input import run


def _bearer(raw: str) -> HttpClient:
    return HttpClient(headers={"Authorization": f"Bearer {raw}"})


def _token(raw: str) -> ApiToken:
    return ApiToken.objects.get(token_hash=hash_token(raw))


@override_settings(OPENIOP_API_TOKEN_DAYS=7)
def test_a_new_token_expires_after_the_configured_lifetime(cast: Cast) -> None:
    token = _token(api_token_create(user=cast.alice))
    assert token.scopes == ["api"]
    assert token.expires_at is not None
    assert dt.timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= dt.timedelta(days=7)


def test_a_live_token_reads_the_api(cast: Cast) -> None:
    assert _bearer(api_token_create(user=cast.alice)).get("/api/v1/clients").status_code == 200


def test_expired_token_is_refused(cast: Cast) -> None:
    raw = api_token_create(user=cast.alice)
    ApiToken.objects.filter(pk=_token(raw).pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _bearer(raw).get("/api/v1/clients").status_code == 401


def test_a_token_without_an_expiry_is_refused(cast: Cast) -> None:
    raw = api_token_create(user=cast.alice)
    ApiToken.objects.filter(pk=_token(raw).pk).update(expires_at=None)
    assert _bearer(raw).get("/api/v1/clients").status_code == 401


def test_revoked_token_is_refused(cast: Cast) -> None:
    raw = api_token_create(user=cast.alice)
    http = HttpClient()
    http.force_login(cast.dana)
    assert http.post(f"/api/v1/tokens/{_token(raw).pk}/revoke").json()["state"] == "revoked"
    assert _bearer(raw).get("/api/v1/clients").status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(cast: Cast) -> None:
    raw = api_token_create(user=cast.alice)
    type(cast.alice).objects.filter(pk=cast.alice.pk).update(is_active=False)
    assert _bearer(raw).get("/api/v1/clients").status_code == 401


def test_a_token_without_the_api_scope_is_refused_by_the_json_api(cast: Cast) -> None:
    raw = api_token_create(user=cast.alice, scopes=["system/*.read"])
    response = _bearer(raw).get("/api/v1/clients")
    assert response.status_code == 403 and "'api' scope" in response.json()["detail"]


def test_a_token_cannot_sign_a_note(cast: Cast) -> None:
    from openiop.clinical.models import Note
    from openiop.clinical.tests.conftest import draft_note

    note = draft_note(cast)
    Note.objects.filter(pk=note.pk).update(sections={"data": "d", "assessment": "a", "plan": "p"})
    raw = api_token_create(user=cast.alice)
    response = _bearer(raw).post(
        f"/api/v1/notes/{note.pk}/sign", json.dumps({"password": "correct-horse-battery-9"}), "application/json"
    )
    assert response.status_code == 403 and "not an API token" in response.json()["detail"]
    note.refresh_from_db()
    assert note.status == "draft"


def test_token_scopes_names_the_tokens_scopes_and_none_for_a_session(cast: Cast) -> None:
    from openiop.accounts.api_auth import BearerToken

    raw = api_token_create(user=cast.alice, scopes=["patient/*.read", "system/*.read"])
    request = RequestFactory().get("/fhir/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert token_scopes(request) is None
    assert BearerToken(scope=None)(request) == cast.alice
    assert token_scopes(request) == frozenset({"patient/*.read", "system/*.read"})
    assert token_scopes(None) is None


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [("alice", {"alice"}), ("dana", {"alice", "bob", "dana"}), ("bob", {"bob"}), ("carol", set())],
)
def test_the_owner_and_the_director_list_tokens(cast: Cast, viewer: str, sees: set[str]) -> None:
    for who in ("alice", "bob", "dana"):
        api_token_create(user=cast.staff()[who])
    http = HttpClient()
    http.force_login(cast.staff()[viewer])
    owners = {item["user_id"] for item in http.get("/api/v1/tokens").json()["items"]}
    assert owners == {cast.staff()[name].pk for name in sees}
    page = http.get("/accounts/security/tokens/").content.decode()
    assert page.count("<code>oiop_") == len(sees)


def test_a_colleague_cannot_revoke_someone_elses_token(cast: Cast) -> None:
    raw = api_token_create(user=cast.alice)
    http = HttpClient()
    http.force_login(cast.bob)
    assert http.post(f"/api/v1/tokens/{_token(raw).pk}/revoke").status_code == 404
    assert http.post(f"/accounts/security/tokens/{_token(raw).pk}/revoke/").status_code == 404
    assert _token(raw).revoked_at is None


def test_the_owner_revokes_on_the_page_and_it_is_audited(cast: Cast) -> None:
    raw = api_token_create(user=cast.alice)
    http = HttpClient()
    http.force_login(cast.alice)
    assert http.post(f"/accounts/security/tokens/{_token(raw).pk}/revoke/").status_code == 302
    assert _token(raw).revoked_at is not None
    event = AuditEvent.objects.filter(object_type="apitoken").order_by("-pk").first()
    assert event is not None and event.detail["revoked"] is True


def test_the_command_takes_scopes_and_a_lifetime(cast: Cast) -> None:
    code, out, _ = run(
        ["create_api_token", "alice@a.test", "--scope", "api", "--scope", "system/*.read", "--days", "3"]
    )
    token = _token(out.strip())
    assert code == 0 and token.scopes == ["api", "system/*.read"]
    assert token.expires_at is not None and token.expires_at - timezone.now() <= dt.timedelta(days=3)


@pytest.mark.parametrize(
    ("argv", "field"),
    [(["--scope", "everything"], "scope"), (["--days", "0"], "days"), (["--days", "5000"], "days")],
)
def test_the_command_refuses_a_bad_scope_or_lifetime_naming_it(cast: Cast, argv: list[str], field: str) -> None:
    code, _, err = run(["create_api_token", "alice@a.test", *argv])
    assert code == 2 and err.startswith(f"{field}:") and ApiToken.objects.count() == 0


def test_tokens_made_before_scopes_keep_the_api_and_get_an_expiry(cast: Cast) -> None:
    legacy = ApiToken.objects.create(user=cast.alice, prefix="oiop_old", token_hash=hash_token("old"))
    migration = importlib.import_module("openiop.accounts.migrations.0003_api_token_legacy_scope_and_expiry")
    migration.forwards(apps, None)
    legacy.refresh_from_db()
    assert legacy.scopes == ["api"] and legacy.expires_at is not None and legacy.expires_at > timezone.now()


def test_logout_everywhere_revokes_tokens_and_the_staff_calendar_feed(cast: Cast) -> None:
    from openiop.scheduling.models import CalendarFeed
    from openiop.scheduling.services import calendar_feed_create_for_staff

    raw = api_token_create(user=cast.alice)
    feed, _ = calendar_feed_create_for_staff(actor=cast.alice, site=cast.site_a)
    user_logout_everywhere(user=cast.alice)
    assert _bearer(raw).get("/api/v1/clients").status_code == 401
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is not None
