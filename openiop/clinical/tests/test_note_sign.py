"""Acceptance 2: a signed note is refused by the service, the model and the API; an addendum works."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient

from conftest import PASSWORD, Cast
from openiop.audit.models import AuditEvent
from openiop.clinical.models import Addendum, Note, NoteLocked, Supervision
from openiop.clinical.services import notes as services
from openiop.clinical.tests.conftest import MONDAY


def _write(cast: Cast, minutes: int = 50, **kwargs: object) -> Note:
    return services.note_create(
        actor=cast.alice,
        client=cast.erin,
        kind="individual",
        starts_at=MONDAY,
        ends_at=MONDAY + dt.timedelta(minutes=minutes),
        sections={"data": "Reports 3 days abstinent.", "assessment": "Engaged.", "plan": "Continue IOP."},
        **kwargs,  # type: ignore[arg-type]
    )


def _signed(cast: Cast) -> Note:
    return services.note_sign(actor=cast.alice, note=_write(cast), password=PASSWORD)


def test_a_new_note_uses_the_sites_format_and_suggests_the_code_from_its_length(cast: Cast) -> None:
    note = _write(cast, minutes=50)
    assert (note.format, note.service_code, note.status) == ("dap", "90834", "draft")
    assert _write(cast, minutes=53).service_code == "90837"


def test_signing_needs_the_password(cast: Cast) -> None:
    note = _write(cast)
    with pytest.raises(ValidationError) as info:
        services.note_sign(actor=cast.alice, note=note, password="wrong")
    assert "password" in info.value.message_dict
    note.refresh_from_db()
    assert note.status == "draft"


def test_signing_needs_every_section(cast: Cast) -> None:
    note = _write(cast)
    services.note_update(actor=cast.alice, note=note, sections={"plan": ""})
    with pytest.raises(ValidationError, match="Plan"):
        services.note_sign(actor=cast.alice, note=note, password=PASSWORD)


def test_only_the_author_signs(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.note_sign(actor=cast.dana, note=_write(cast), password=PASSWORD)


def test_signing_locks_and_audits(cast: Cast) -> None:
    note = _signed(cast)
    assert note.status == "signed" and note.signed_by == cast.alice
    assert AuditEvent.objects.filter(action="sign", object_type="note", object_id=str(note.pk)).exists()


def test_the_service_refuses_to_edit_a_signed_note(cast: Cast) -> None:
    note = _signed(cast)
    with pytest.raises(NoteLocked):
        services.note_update(actor=cast.alice, note=note, sections={"plan": "changed"})


def test_the_model_refuses_to_save_or_delete_a_signed_note(cast: Cast) -> None:
    note = Note.objects.get(pk=_signed(cast).pk)
    note.sections = {**note.sections, "plan": "changed"}
    with pytest.raises(NoteLocked):
        note.save()
    with pytest.raises(NoteLocked):
        Note.objects.filter(pk=note.pk).update(service_code="90837")
    with pytest.raises(NoteLocked):
        note.delete()
    assert Note.objects.get(pk=note.pk).sections["plan"] == "Continue IOP."


def test_the_api_answers_409_to_any_change_of_a_signed_note(cast: Cast) -> None:
    note = _signed(cast)
    http = HttpClient()
    http.force_login(cast.alice)
    patch = http.patch(
        f"/api/v1/notes/{note.pk}", json.dumps({"service_code": "90837"}), content_type="application/json"
    )
    sign = http.post(
        f"/api/v1/notes/{note.pk}/sign", json.dumps({"password": PASSWORD}), content_type="application/json"
    )
    assert (patch.status_code, sign.status_code) == (409, 409)


def test_an_addendum_is_signed_and_kept_with_the_note(cast: Cast) -> None:
    note = _signed(cast)
    http = HttpClient()
    http.force_login(cast.alice)
    response = http.post(
        f"/api/v1/notes/{note.pk}/addenda",
        json.dumps({"text": "Correction: the session ended at 10:40.", "password": PASSWORD}),
        content_type="application/json",
    )
    assert response.status_code == 201
    addendum = Addendum.objects.get(note=note)
    assert addendum.text.startswith("Correction") and addendum.signed_at is not None
    with pytest.raises(NoteLocked):
        addendum.save()
    body = http.get(f"/api/v1/notes/{note.pk}").json()
    assert [a["text"] for a in body["addenda"]] == ["Correction: the session ended at 10:40."]


def test_an_addendum_without_the_password_changes_nothing(cast: Cast) -> None:
    note = _signed(cast)
    with pytest.raises(ValidationError):
        services.note_addendum_add(actor=cast.alice, note=note, text="x", password="nope")
    assert not Addendum.objects.exists()


def test_an_interns_note_waits_for_the_supervisors_co_signature(cast: Cast) -> None:
    Supervision.objects.create(user=cast.alice, supervisor=cast.bob, site=cast.site_a)
    note = _signed(cast)
    assert note.awaiting_cosign
    with pytest.raises(PermissionDenied):
        services.note_cosign(actor=cast.dana, note=note, password=PASSWORD)
    services.note_cosign(actor=cast.bob, note=note, password=PASSWORD)
    note.refresh_from_db()
    assert note.cosigned_by == cast.bob and not note.awaiting_cosign


def test_the_api_lists_notes_with_filters_and_pages(cast: Cast) -> None:
    _signed(cast)
    _write(cast)
    http = HttpClient()
    http.force_login(cast.dana)
    assert http.get("/api/v1/notes").json()["count"] == 2
    assert http.get("/api/v1/notes", {"status": "draft"}).json()["count"] == 1
    assert http.get("/api/v1/notes", {"client": cast.frank.pk}).json()["count"] == 0
    assert http.get("/api/v1/notes", {"author": cast.alice.pk}).json()["count"] == 2
    assert http.get("/api/v1/notes", {"status": "bogus"}).status_code == 422


def test_the_api_refuses_a_bad_patch_with_422_and_changes_nothing(cast: Cast) -> None:
    note = _write(cast)
    http = HttpClient()
    http.force_login(cast.alice)
    response = http.patch(
        f"/api/v1/notes/{note.pk}",
        json.dumps({"ends_at": "2026-11-16T16:00:00Z"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    bad_code = http.patch(
        f"/api/v1/notes/{note.pk}", json.dumps({"service_code": "99999"}), content_type="application/json"
    )
    assert bad_code.status_code == 422
    note.refresh_from_db()
    assert note.ends_at == MONDAY + dt.timedelta(minutes=50) and note.service_code == "90834"


def test_an_unsigned_note_shows_as_late_after_72_hours(cast: Cast) -> None:
    _write(cast)
    http = HttpClient()
    http.force_login(cast.alice)
    assert "Late (over 72 hours)" in http.get("/clinical/notes/").content.decode()
