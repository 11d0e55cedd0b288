from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client as HttpClient


@pytest.mark.django_db
def test_it_answers_ok_without_login() -> None:
    response = HttpClient().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_it_answers_503_with_the_reason_when_the_database_is_down() -> None:
    with mock.patch("openiop.core.views.connection.cursor", side_effect=DatabaseError("connection refused")):
        response = HttpClient().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable: connection refused"


@pytest.mark.django_db
def test_the_short_get_help_address_leads_to_the_public_form() -> None:
    response = HttpClient().get("/get-help?lang=es")
    assert response.status_code == 302 and response["Location"] == "/intake/get-help?lang=es"
