import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from conftest import Cast
from openiop.accounts.models import User
from openiop.clients.models import Client, Episode


def _login(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_the_list_searches_by_any_part_of_the_name(cast: Cast) -> None:
    page = _login(cast.dana).get("/clients/", {"q": "cast"}).content.decode()
    assert "Castillo" in page and "Reyes" not in page


def test_the_list_answers_htmx_with_only_the_results(cast: Cast) -> None:
    response = _login(cast.dana).get("/clients/", {"q": "reyes"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body and "Reyes" in body


def test_the_chart_shows_the_header_and_the_episode(cast: Cast) -> None:
    page = _login(cast.alice).get(f"/clients/{cast.erin.pk}/").content.decode()
    assert "Erin Castillo" in page and "Primary clinician: Alice" in page and 'id="client-alerts"' in page


def test_an_invalid_phone_shows_a_field_error_and_saves_nothing(cast: Cast) -> None:
    http = _login(cast.alice)
    form = http.get(f"/clients/{cast.erin.pk}/edit/").context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data["phone"] = "12"
    response = http.post(f"/clients/{cast.erin.pk}/edit/", data)
    assert response.status_code == 422
    assert "Enter a phone number of 10 digits" in response.content.decode()
    cast.erin.refresh_from_db()
    assert cast.erin.phone == "(310) 555-0142"


def test_a_valid_edit_is_saved(cast: Cast) -> None:
    http = _login(cast.alice)
    form = http.get(f"/clients/{cast.erin.pk}/edit/").context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data["phone"] = "(213) 555-0199"
    assert http.post(f"/clients/{cast.erin.pk}/edit/", data).status_code == 302
    cast.erin.refresh_from_db()
    assert cast.erin.phone == "(213) 555-0199"


def test_a_new_client_needs_a_name_and_birth_date(cast: Cast) -> None:
    response = _login(cast.ivan).post("/clients/new/", {"legal_first_name": "", "sex_assigned_at_birth": "male"})
    assert response.status_code == 422
    assert Client.objects.count() == 4


def _grow(cast: Cast, count: int, start: int = 0) -> None:
    clients = Client.objects.bulk_create(
        Client(
            site=cast.site_a,
            legal_first_name=f"Test{i}",
            legal_last_name=f"Person{i:04d}",
            date_of_birth=dt.date(1985, 1, 1),
            sex_assigned_at_birth="male",
        )
        for i in range(start, start + count)
    )
    Episode.objects.bulk_create(
        Episode(
            client=c,
            site=cast.site_a,
            admission_date=dt.date(2026, 11, 1),
            primary_clinician=cast.alice,
            prescribed_hours_per_week=Decimal(12),
        )
        for c in clients
    )


def _count_queries(http: HttpClient, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert http.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/clients/", "/clients/?q=Person", "CHART"])
def test_the_list_and_the_chart_run_the_same_queries_at_10_and_1000_clients(
    cast: Cast, url: str, django_assert_max_num_queries: Any
) -> None:
    """Every app's chart panels included: the count must not grow with the data."""
    http = _login(cast.alice)
    url = f"/clients/{cast.erin.pk}/" if url == "CHART" else url
    _grow(cast, 10)
    small = _count_queries(http, url)
    _grow(cast, 990, start=10)
    with django_assert_max_num_queries(small):
        assert http.get(url).status_code == 200


def test_the_clinicians_home_lists_the_caseload(cast: Cast) -> None:
    page = _login(cast.alice).get("/home/").content.decode()
    assert "My caseload" in page and "Erin Castillo" in page and "Frank" not in page
