"""Versions of a draft note: ETag and If-Match over the API, the edit page refusing a stale save."""

import datetime as dt
import json

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD, Cast
from openiop.clinical.models import Note, NoteLocked
from openiop.clinical.services import notes as services
from openiop.clinical.tests.conftest import MONDAY

SECTIONS = {"data": "Reports 3 days abstinent.", "assessment": "Engaged.", "plan": "Continue IOP."}


def _draft(cast: Cast) -> Note:
    return services.note_create(
        actor=cast.alice,
        client=cast.erin,
        kind="individual",
        starts_at=MONDAY,
        ends_at=MONDAY + dt.timedelta(minutes=50),
        sections=SECTIONS,
    )


@pytest.fixture
def http(cast: Cast) -> HttpClient:
    client = HttpClient()
    client.force_login(cast.alice)
    return client


def test_reading_a_note_gives_its_version_as_the_etag(cast: Cast, http: HttpClient) -> None:
    note = _draft(cast)
    answer = http.get(f"/api/v1/notes/{note.pk}")
    assert answer["ETag"] == '"1"' and answer.json()["version"] == 1


def test_a_patch_with_the_current_version_saves_and_gives_the_next_one(cast: Cast, http: HttpClient) -> None:
    note = _draft(cast)
    answer = http.patch(
        f"/api/v1/notes/{note.pk}", json.dumps({"service_code": "90837"}), content_type="application/json",
        headers={"if-match": '"1"'},
    )  # fmt: skip
    assert answer.status_code == 200 and answer["ETag"] == '"2"'


@pytest.mark.parametrize("if_match", ['"7"', 'W/"7"', "garbage"])
def test_a_patch_from_a_stale_version_answers_412_with_the_current_one(
    cast: Cast, http: HttpClient, if_match: str
) -> None:
    note = _draft(cast)
    services.note_update(actor=cast.alice, note=note, sections={"plan": "Theirs."})
    answer = http.patch(
        f"/api/v1/notes/{note.pk}", json.dumps({"sections": {"plan": "Mine."}}), content_type="application/json",
        headers={"if-match": if_match},
    )  # fmt: skip
    assert answer.status_code == 412
    assert answer.json()["version"] == 2 and answer.json()["changed_by"] == cast.alice.full_name
    note.refresh_from_db()
    assert note.sections["plan"] == "Theirs."


def test_signing_another_version_than_the_one_shown_answers_412(cast: Cast, http: HttpClient) -> None:
    note = _draft(cast)
    services.note_update(actor=cast.alice, note=note, sections={"plan": "Changed after you looked."})
    answer = http.post(
        f"/api/v1/notes/{note.pk}/sign", json.dumps({"password": PASSWORD}), content_type="application/json",
        headers={"if-match": '"1"'},
    )  # fmt: skip
    assert answer.status_code == 412
    note.refresh_from_db()
    assert not note.is_signed


def test_signing_a_signed_note_answers_409(cast: Cast, http: HttpClient) -> None:
    note = services.note_sign(actor=cast.alice, note=_draft(cast), password=PASSWORD)
    stale = Note.objects.get(pk=note.pk)
    stale.status = "draft"  # what another tab still believes
    with pytest.raises(NoteLocked):
        services.note_sign(actor=cast.alice, note=stale, password=PASSWORD)


def test_the_edit_page_shows_their_version_when_the_note_changed_meanwhile(cast: Cast, http: HttpClient) -> None:
    note = _draft(cast)
    services.note_update(actor=cast.alice, note=note, sections={"plan": "Theirs."})
    answer = http.post(
        reverse("clinical:note_edit", args=[note.pk]),
        {
            "version": "1", "starts_at": "2026-11-16T09:00", "ends_at": "2026-11-16T09:50",
            "section_data": "x", "section_assessment": "y", "section_plan": "Mine.", "action": "save",
        },
    )  # fmt: skip
    page = answer.content.decode()
    assert answer.status_code == 409
    assert f"Changed by {cast.alice.full_name} at " in page and "here is their version" in page
    assert "Theirs." in page and "Mine." in page
    note.refresh_from_db()
    assert note.sections["plan"] == "Theirs."


def test_a_new_note_form_sent_twice_saves_one_note(cast: Cast, http: HttpClient) -> None:
    form = {
        "kind": "individual", "token": "tok-1", "starts_at": "2026-11-16T09:00", "ends_at": "2026-11-16T09:50",
        "section_data": "x", "section_assessment": "y", "section_plan": "z",
    }  # fmt: skip
    first = http.post(reverse("clinical:note_create", args=[cast.erin.pk]), form)
    second = http.post(reverse("clinical:note_create", args=[cast.erin.pk]), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Note.objects.filter(client=cast.erin).count() == 1
