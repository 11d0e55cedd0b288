"""Every URL pattern and every API operation, for every member of the cast.

Outcomes: ``ok`` (200/201, or a redirect that is not the login page), ``login`` (redirect to log
in), ``401``, ``403``, ``404``. Adding a URL or an API operation without adding it here fails
``test_every_url_pattern_is_in_the_table`` / ``test_every_api_operation_is_in_the_table``.
"""

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import Cast
from openiop.api import api

PEOPLE = ["anonymous", "dana", "alice", "bob", "carol", "ivan", "bill", "mel", "ava", "erin", "frank"]


def row(default: str, **overrides: str) -> dict[str, str]:
    return {person: overrides.get(person, default) for person in PEOPLE}


STAFF_PAGE = row("ok", anonymous="login", ava="403", erin="403", frank="403")
# (method, url builder, expected outcome per person)
Case = tuple[str, Callable[[Cast], str], dict[str, str]]
URL_TABLE: dict[str, Case] = {
    "home": ("GET", lambda c: "/", row("ok", anonymous="login")),
    "staff_home": ("GET", lambda c: "/home/", STAFF_PAGE),
    "healthz": ("GET", lambda c: "/healthz", row("ok")),
    "logout_everywhere": ("POST", lambda c: "/accounts/logout-everywhere/", row("ok", anonymous="login")),
    "clients:list": ("GET", lambda c: "/clients/", STAFF_PAGE),
    "clients:create": (
        "GET",
        lambda c: "/clients/new/",
        row("ok", anonymous="login", bill="403", mel="403", ava="403", erin="403", frank="403"),
    ),
    "clients:detail": (
        "GET",
        lambda c: f"/clients/{c.erin.pk}/",
        row("ok", anonymous="login", bob="404", carol="404", ivan="404", ava="403", erin="403", frank="403"),
    ),
    "clients:edit": (
        "GET",
        lambda c: f"/clients/{c.erin.pk}/edit/",
        row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404", ivan="404"),
    ),
    "audit:events": ("GET", lambda c: "/audit/", row("403", anonymous="login", dana="ok", ava="ok")),
    "portal:home": ("GET", lambda c: "/portal/", row("403", anonymous="login", erin="ok", frank="ok")),
    "set_language": ("POST", lambda c: "/i18n/setlang/", row("ok")),
    "api:openapi-view": ("GET", lambda c: "/api/v1/docs", STAFF_PAGE),
    "api:openapi-json": ("GET", lambda c: "/api/v1/openapi.json", STAFF_PAGE),
}
# Third-party URL families, checked by one representative each: allauth's pages are public (they
# are the login itself); Django admin admits only is_staff superusers, none of the cast.
THIRD_PARTY: dict[str, Case] = {
    "account_": ("GET", lambda c: "/accounts/login/", row("ok")),
    "mfa_": ("GET", lambda c: "/accounts/2fa/", row("ok", anonymous="login")),
    "admin:": ("GET", lambda c: "/admin/", row("admin-login")),
}

# API operations: (method, path template) → (url builder, JSON body, expected per person)
ApiCase = tuple[Callable[[Cast], str], dict[str, Any] | None, dict[str, str]]
API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/clients"): (
        lambda c: "/api/v1/clients",
        None,
        row("ok", anonymous="401", ava="403", erin="403", frank="403"),
    ),
    ("POST", "/api/v1/clients"): (
        lambda c: "/api/v1/clients",
        {
            "site_id": "SITE_A",
            "legal_first_name": "New",
            "legal_last_name": "Person",
            "date_of_birth": "1988-02-03",
            "sex_assigned_at_birth": "male",
        },
        row("403", anonymous="401", dana="ok", alice="ok", bob="ok", ivan="ok"),
    ),
    ("GET", "/api/v1/clients/{client_id}"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}",
        None,
        row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="404", frank="404"),
    ),
    ("PATCH", "/api/v1/clients/{client_id}"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}",
        {"pronouns": "she/they"},
        row("404", anonymous="401", dana="ok", alice="ok", bill="403", mel="403", erin="403"),
    ),
    ("GET", "/api/v1/clients/{client_id}/episodes"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/episodes",
        None,
        row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="404", frank="404"),
    ),
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def _all_url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def _api_operation_names() -> set[str]:
    # ninja names each operation's URL after its view; the operations themselves are in the schema.
    return {f"api:{name}" for name in ("openapi-json", "openapi-view")}


def test_every_url_pattern_is_in_the_table() -> None:
    names = _all_url_names()
    api_views = {n for n in names if n.startswith("api:") and n not in URL_TABLE}
    unlisted = {
        n for n in names - set(URL_TABLE) - api_views if not any(n.startswith(prefix) for prefix in THIRD_PARTY)
    }
    assert unlisted == set(), f"add these URL names to URL_TABLE: {sorted(unlisted)}"
    assert set(URL_TABLE) <= names, f"stale entries: {sorted(set(URL_TABLE) - names)}"


def test_every_api_operation_is_in_the_table() -> None:
    schema = api.get_openapi_schema()
    operations = {
        (method.upper(), f"/api/v1{path.removeprefix('/api/v1')}")
        for path, methods in schema["paths"].items()
        for method in methods
    }
    assert operations == set(API_TABLE), f"missing: {operations - set(API_TABLE)}, stale: {set(API_TABLE) - operations}"


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return "admin-login"
        if location.startswith("/accounts/login/") and "next=" in location:
            return "login"
        return "ok"
    if status in (200, 201):
        return "ok"
    return str(status)


def _client_for(cast: Cast, person: str) -> HttpClient:
    http = HttpClient()
    user = cast.everyone()[person]
    if user is not None:
        http.force_login(user)
    return http


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
    if body is not None and body.get("site_id") == "SITE_A":
        body = {**body, "site_id": cast.site_a.pk}
    http = _client_for(cast, person)
    response = http.generic(
        method, url(cast), data=None if body is None else json.dumps(body), content_type="application/json"
    )
    assert _outcome(response) == expected[person], (
        f"{person} {method} {url(cast)} → {response.status_code} {response.content[:200]!r}"
    )
