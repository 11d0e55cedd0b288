"""Acceptance 3 (issue 9): two people changing one client at once, with real transactions and threads."""

import json

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import Cast
from openiop.clients.models import Client
from openiop.clients.services import client_update
from openiop.core.tests.threads import at_once

concurrent = pytest.mark.django_db(transaction=True)


def _session(cast: Cast) -> HttpClient:
    http = HttpClient()
    http.force_login(cast.alice)
    return http


def _patch(http: HttpClient, client: Client, changes: dict[str, object], **headers: str) -> int:
    return http.patch(
        f"/api/v1/clients/{client.pk}", json.dumps(changes), content_type="application/json", headers=headers
    ).status_code


@concurrent
def test_two_people_changing_different_fields_of_one_client_both_keep_their_change(cast: Cast) -> None:
    one, two = _session(cast), _session(cast)
    answers = at_once(
        lambda: _patch(one, cast.erin, {"phone": "(213) 555-0199"}),
        lambda: _patch(two, cast.erin, {"city": "Pasadena"}),
    )
    assert answers == [200, 200]
    erin = Client.objects.get(pk=cast.erin.pk)
    assert (erin.phone, erin.city, erin.version) == ("(213) 555-0199", "Pasadena", 3)


@concurrent
def test_two_people_changing_one_field_from_the_same_version_keep_one_and_answer_412(cast: Cast) -> None:
    one, two = _session(cast), _session(cast)
    shown = f'"{cast.erin.version}"'
    answers = at_once(
        lambda: _patch(one, cast.erin, {"city": "Pasadena"}, if_match=shown),
        lambda: _patch(two, cast.erin, {"city": "Glendale"}, if_match=shown),
    )
    assert sorted(answers) == [200, 412]
    erin = Client.objects.get(pk=cast.erin.pk)
    assert erin.city == ("Pasadena" if answers[0] == 200 else "Glendale") and erin.version == 2


def test_a_stale_patch_of_a_client_answers_412_with_the_current_version(cast: Cast) -> None:
    client_update(actor=cast.alice, client=Client.objects.get(pk=cast.erin.pk), city="Pasadena")
    answer = _session(cast).patch(
        f"/api/v1/clients/{cast.erin.pk}", json.dumps({"city": "Glendale"}), content_type="application/json",
        headers={"if-match": '"1"'},
    )  # fmt: skip
    assert answer.status_code == 412 and answer.json()["version"] == 2 and answer["ETag"] == '"2"'
    assert Client.objects.get(pk=cast.erin.pk).city == "Pasadena"


def test_reading_a_client_gives_its_version_as_the_etag(cast: Cast) -> None:
    answer = _session(cast).get(f"/api/v1/clients/{cast.erin.pk}")
    assert answer["ETag"] == '"1"' and answer.json()["version"] == 1


def test_the_edit_page_refuses_a_stale_save_and_shows_their_version(cast: Cast) -> None:
    http = _session(cast)
    form = http.get(reverse("clients:edit", args=[cast.erin.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
    client_update(actor=cast.dana, client=Client.objects.get(pk=cast.erin.pk), city="Pasadena")
    answer = http.post(reverse("clients:edit", args=[cast.erin.pk]), {**data, "city": "Glendale"})
    page = answer.content.decode()
    assert answer.status_code == 409
    assert f"Changed by {cast.dana.full_name} at " in page and "Pasadena" in page
    assert Client.objects.get(pk=cast.erin.pk).city == "Pasadena"


def test_a_new_client_form_sent_twice_saves_one_client(cast: Cast) -> None:
    http = _session(cast)
    form = {
        "token": "tok-1", "legal_first_name": "Quinn", "legal_last_name": "Doe", "date_of_birth": "1990-01-02",
        "sex_assigned_at_birth": "female", "preferred_language": "en",
    }  # fmt: skip
    first = http.post(reverse("clients:create"), form)
    second = http.post(reverse("clients:create"), form)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Client.objects.filter(legal_first_name="Quinn").count() == 1
