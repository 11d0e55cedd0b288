"""Every URL pattern and every API operation, for every member of the cast.

The tables live beside each app (``openiop/<app>/tests/access.py``); adding a URL or an API
operation without a row fails ``test_every_url_pattern_is_in_a_table`` /
``test_every_api_operation_is_in_a_table``.

Token mode (issue 11): every API operation runs again with a bearer token (scope ``api``) of each
person instead of a session. The outcome is the session's, except where policy treats a token
differently — a token never signs (``policy.token_may_perform``) — named in ``TOKEN_OVERRIDES``
(or an app's optional ``API_TOKEN_TABLE``). An expired or revoked token opens no operation (401),
nor does a live token without the ``api`` scope (403).
"""

import datetime as dt
import importlib
import json
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

import openiop
from conftest import Cast
from openiop.accounts.models import ApiToken, hash_token
from openiop.accounts.services import api_token_create
from openiop.api import api
from tests.access import PEOPLE, ApiCase, Case, row

TokenOverrides = dict[tuple[str, str], dict[str, str]]


def _gather() -> tuple[dict[str, Case], dict[tuple[str, str], ApiCase], TokenOverrides]:
    urls: dict[str, Case] = {}
    apis: dict[tuple[str, str], ApiCase] = {}
    tokens: TokenOverrides = {}
    for app in pkgutil.iter_modules(openiop.__path__):
        try:
            module = importlib.import_module(f"openiop.{app.name}.tests.access")
        except ModuleNotFoundError:
            continue
        urls.update(module.URL_TABLE)
        apis.update(module.API_TABLE)
        tokens.update(getattr(module, "API_TOKEN_TABLE", {}))
    return urls, apis, tokens


URL_TABLE, API_TABLE, _APP_TOKEN_OVERRIDES = _gather()
# Signing re-authenticates a person: with a token, whoever would have reached the password check is
# refused (the table's draft note is empty, so signing it stops earlier, at its missing sections, 422).
TOKEN_OVERRIDES: TokenOverrides = {
    ("POST", "/api/v1/notes/{note_id}/addenda"): {"dana": "403", "alice": "403"},
    **_APP_TOKEN_OVERRIDES,
}
# Third-party URL families, checked by one representative each: allauth's pages are public (they
# are the login itself); Django admin admits only is_staff users, none of the cast.
THIRD_PARTY: dict[str, Case] = {
    "account_": ("GET", lambda c: "/accounts/login/", row("ok")),
    "mfa_": ("GET", lambda c: "/accounts/2fa/", row("ok", anonymous="login")),
    "admin:": ("GET", lambda c: "/admin/", row("admin-login")),
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_url_pattern_is_in_a_table() -> None:
    names = set(_walk(get_resolver().url_patterns))
    # ninja names one URL per API path; the operations are checked against API_TABLE below.
    api_paths = {n for n in names if n.startswith("api:") and n not in URL_TABLE}
    unlisted = {n for n in names - set(URL_TABLE) - api_paths if not n.startswith(tuple(THIRD_PARTY))}
    assert unlisted == set(), f"add these URL names to an access table: {sorted(unlisted)}"
    assert set(URL_TABLE) <= names, f"stale entries: {sorted(set(URL_TABLE) - names)}"


def test_every_api_operation_is_in_a_table() -> None:
    schema = api.get_openapi_schema()
    operations = {(method.upper(), path) for path, methods in schema["paths"].items() for method in methods}
    missing, stale = operations - set(API_TABLE), set(API_TABLE) - operations
    assert not missing and not stale, f"missing: {sorted(missing)}, stale: {sorted(stale)}"


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "admin-login"
        if location.startswith("/accounts/login/") and "next=" in location:
            return "login"
        return "ok"
    if status in (200, 201, 204):
        return "ok"
    return str(status)


def _client_for(cast: Cast, person: str) -> HttpClient:
    http = HttpClient()
    user = cast.everyone()[person]
    if user is not None:
        http.force_login(user)
    return http


def _resolve_body(cast: Cast, body: dict[str, Any] | None) -> dict[str, Any] | None:
    """Bodies name cast members symbolically ("SITE_A", "ERIN") so the tables stay declarative."""
    if body is None:
        return None
    symbols = {"SITE_A": cast.site_a.pk, "SITE_B": cast.site_b.pk, "ERIN": cast.erin.pk, "FRANK": cast.frank.pk}
    return {k: symbols.get(v, v) if isinstance(v, str) else v for k, v in body.items()}


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("name", sorted(URL_TABLE) + sorted(THIRD_PARTY))
def test_each_page_allows_or_refuses_each_person(cast: Cast, name: str, person: str) -> None:
    method, url, expected = {**URL_TABLE, **THIRD_PARTY}[name]
    http = _client_for(cast, person)
    response = http.post(url(cast), {"language": "en"}) if method == "POST" else http.get(url(cast))
    assert _outcome(response) == expected[person], f"{person} {method} {url(cast)} → {response.status_code}"


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("operation", sorted(API_TABLE))
def test_each_api_operation_allows_or_refuses_each_person(cast: Cast, operation: tuple[str, str], person: str) -> None:
    method, _ = operation
    url, body, expected = API_TABLE[operation]
    body = _resolve_body(cast, body)
    http = _client_for(cast, person)
    data = None if body is None else json.dumps(body)
    response = http.generic(method, url(cast), data=data, content_type="application/json")
    detail = f"{person} {method} {url(cast)} → {response.status_code} {response.content[:200]!r}"
    assert _outcome(response) == expected[person], detail


def _token_client(cast: Cast, person: str, *, scopes: list[str] | None = None, state: str = "live") -> HttpClient:
    user = cast.everyone()[person]
    assert user is not None
    raw = api_token_create(user=user, scopes=scopes, label="access table (caller)")
    token = ApiToken.objects.filter(token_hash=hash_token(raw))
    if state == "expired":
        token.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif state == "revoked":
        token.update(revoked_at=timezone.now())
    return HttpClient(headers={"Authorization": f"Bearer {raw}"})


def _call(http: HttpClient, cast: Cast, operation: tuple[str, str]) -> Any:
    method, _ = operation
    url, body, _ = API_TABLE[operation]
    resolved = _resolve_body(cast, body)
    data = None if resolved is None else json.dumps(resolved)
    return http.generic(method, url(cast), data=data, content_type="application/json")


def test_token_overrides_name_real_operations_and_people() -> None:
    assert set(TOKEN_OVERRIDES) <= set(API_TABLE)
    assert all(set(people) <= set(PEOPLE) for people in TOKEN_OVERRIDES.values())


@pytest.mark.parametrize("person", [p for p in PEOPLE if p != "anonymous"])
@pytest.mark.parametrize("operation", sorted(API_TABLE))
def test_each_api_operation_with_a_token_of_each_person(cast: Cast, operation: tuple[str, str], person: str) -> None:
    expected = {**API_TABLE[operation][2], **TOKEN_OVERRIDES.get(operation, {})}[person]
    response = _call(_token_client(cast, person), cast, operation)
    detail = f"{person}'s token {operation} → {response.status_code} {response.content[:200]!r}"
    assert _outcome(response) == expected, detail


@pytest.mark.parametrize(("state", "expected"), [("expired", "401"), ("revoked", "401"), ("unscoped", "403")])
@pytest.mark.parametrize("operation", sorted(API_TABLE))
def test_an_expired_revoked_or_unscoped_token_opens_no_operation(
    cast: Cast, operation: tuple[str, str], state: str, expected: str
) -> None:
    scopes = ["system/*.read"] if state == "unscoped" else None
    response = _call(_token_client(cast, "dana", scopes=scopes, state=state), cast, operation)
    assert _outcome(response) == expected, f"{state} token {operation} → {response.status_code}"
