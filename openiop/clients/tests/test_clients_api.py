import json

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from conftest import Cast
from openiop.clients.models import Client


def _api(cast: Cast, user: object, **kwargs: object) -> HttpClient:
    http = HttpClient(**kwargs)  # type: ignore[arg-type]
    http.force_login(user)  # type: ignore[arg-type]
    return http


def _patch(http: HttpClient, url: str, body: object) -> object:
    return http.patch(url, data=json.dumps(body), content_type="application/json")


def test_the_list_is_paginated_and_searchable(cast: Cast) -> None:
    body = _api(cast, cast.dana).get("/api/v1/clients", {"q": "reyes"}).json()
    assert body["count"] == 1 and body["items"][0]["display_name"] == "Frank Reyes"


def test_bad_input_answers_422_with_the_field_and_changes_nothing(cast: Cast) -> None:
    response = _patch(_api(cast, cast.alice), f"/api/v1/clients/{cast.erin.pk}", {"phone": "12", "state": "California"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    fields = {e["field"] for e in response.json()["detail"]}  # type: ignore[attr-defined]
    assert "state" in fields
    cast.erin.refresh_from_db()
    assert cast.erin.phone == "(310) 555-0142"


def test_a_model_level_error_names_the_field(cast: Cast) -> None:
    response = _patch(_api(cast, cast.alice), f"/api/v1/clients/{cast.erin.pk}", {"phone": "12"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert response.json()["detail"][0]["field"] == "phone"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "body",
    [
        {"site_id": "x"},
        {},
        {
            "site_id": 999999,
            "legal_first_name": "A",
            "legal_last_name": "B",
            "date_of_birth": "1990-01-01",
            "sex_assigned_at_birth": "male",
        },
        {
            "site_id": 1,
            "legal_first_name": "A",
            "legal_last_name": "B",
            "date_of_birth": "not a date",
            "sex_assigned_at_birth": "male",
        },
        {
            "site_id": 1,
            "legal_first_name": "A",
            "legal_last_name": "B",
            "date_of_birth": "1990-01-01",
            "sex_assigned_at_birth": "robot",
        },
    ],
)
def test_create_never_answers_500_on_bad_input(cast: Cast, body: dict[str, object]) -> None:
    response = _api(cast, cast.dana).post("/api/v1/clients", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert Client.objects.count() == 4


def test_a_null_for_a_required_field_is_refused(cast: Cast) -> None:
    response = _patch(_api(cast, cast.alice), f"/api/v1/clients/{cast.erin.pk}", {"legal_last_name": None})
    assert response.status_code == 422  # type: ignore[attr-defined]


def test_malformed_json_is_a_client_error(cast: Cast) -> None:
    response = _api(cast, cast.alice).patch(
        f"/api/v1/clients/{cast.erin.pk}", data="{nope", content_type="application/json"
    )
    assert 400 <= response.status_code < 500


def test_a_session_write_needs_the_csrf_token(cast: Cast) -> None:
    http = _api(cast, cast.alice, enforce_csrf_checks=True)
    response = _patch(http, f"/api/v1/clients/{cast.erin.pk}", {"pronouns": "she/they"})
    assert response.status_code in (401, 403)  # type: ignore[attr-defined]


def test_a_bearer_token_from_the_command_works(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_api_token", "alice@a.test")
    token = capsys.readouterr().out.strip()
    response = HttpClient().get(f"/api/v1/clients/{cast.erin.pk}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json()["legal_last_name"] == "Castillo"
    assert HttpClient().get("/api/v1/clients", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_the_token_command_names_an_unknown_email(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        call_command("create_api_token", "nobody@x.test")
    assert info.value.code == 2 and "email" in capsys.readouterr().err


def test_the_openapi_document_is_3_1(cast: Cast) -> None:
    schema = _api(cast, cast.dana).get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
