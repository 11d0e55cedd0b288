"""Acceptance 3 (issue 9): two people at once on one note, with real transactions and real threads.

Each thread has its own database connection; on SQLite they meet the file database's write lock
(IMMEDIATE transactions), on PostgreSQL the row lock of ``select_for_update``."""

import datetime as dt
import json

import pytest
from django.test import Client as HttpClient

from conftest import PASSWORD, Cast
from openiop.audit.models import AuditEvent
from openiop.clinical.models import Note
from openiop.clinical.services import notes as services
from openiop.clinical.tests.conftest import MONDAY
from openiop.core.tests.threads import at_once

SECTIONS = {"data": "Reports 3 days abstinent.", "assessment": "Engaged.", "plan": "Continue IOP."}
concurrent = pytest.mark.django_db(transaction=True)


def _draft(cast: Cast) -> Note:
    return services.note_create(
        actor=cast.alice,
        client=cast.erin,
        kind="individual",
        starts_at=MONDAY,
        ends_at=MONDAY + dt.timedelta(minutes=50),
        sections=SECTIONS,
    )


def _session(cast: Cast) -> HttpClient:
    http = HttpClient()
    http.force_login(cast.alice)
    return http


def _sign(http: HttpClient, note: Note, **headers: str) -> int:
    body = json.dumps({"password": PASSWORD})
    url = f"/api/v1/notes/{note.pk}/sign"
    return http.post(url, body, content_type="application/json", headers=headers).status_code


def _patch(http: HttpClient, note: Note, changes: dict[str, object], **headers: str) -> int:
    return http.patch(
        f"/api/v1/notes/{note.pk}", json.dumps(changes), content_type="application/json", headers=headers
    ).status_code


@concurrent
def test_two_people_signing_at_once_sign_it_once(cast: Cast) -> None:
    note = _draft(cast)
    first, second = _session(cast), _session(cast)
    answers = at_once(lambda: _sign(first, note), lambda: _sign(second, note))
    assert sorted(answers) == [200, 409]
    note.refresh_from_db()
    assert note.is_signed and note.content_sha256 == services.note_content_sha256(note)
    assert AuditEvent.objects.filter(object_type="note", object_id=str(note.pk), action="sign").count() == 1


@concurrent
def test_a_sign_racing_an_edit_leaves_the_note_signed_with_the_signed_content(cast: Cast) -> None:
    note = _draft(cast)
    signer, editor = _session(cast), _session(cast)
    signed, edited = at_once(lambda: _sign(signer, note), lambda: _patch(editor, note, {"sections": {"plan": "New."}}))
    note.refresh_from_db()
    assert signed == 200 and edited in (200, 409)
    assert note.is_signed
    assert note.content_sha256 == services.note_content_sha256(note)
    assert note.sections["plan"] == ("New." if edited == 200 else "Continue IOP.")
    sign_event = AuditEvent.objects.get(object_type="note", object_id=str(note.pk), action="sign")
    assert sign_event.detail["sha256"] == note.content_sha256


@concurrent
def test_a_sign_of_the_version_shown_racing_an_edit_never_signs_unseen_text(cast: Cast) -> None:
    note = _draft(cast)
    shown = f'"{note.version}"'
    signer, editor = _session(cast), _session(cast)
    signed, edited = at_once(
        lambda: _sign(signer, note, if_match=shown),
        lambda: _patch(editor, note, {"sections": {"plan": "New."}}, if_match=shown),
    )
    note.refresh_from_db()
    assert sorted([signed, edited]) in ([200, 409], [200, 412])
    if signed == 200:
        assert note.is_signed and note.sections["plan"] == "Continue IOP."
        assert note.content_sha256 == services.note_content_sha256(note)
    else:
        assert not note.is_signed and note.sections["plan"] == "New."


@concurrent
def test_two_stale_edits_of_one_note_at_once_keep_one_and_answer_412_to_the_other(cast: Cast) -> None:
    note = _draft(cast)
    shown = f'"{note.version}"'
    one, two = _session(cast), _session(cast)
    answers = at_once(
        lambda: _patch(one, note, {"sections": {"plan": "One."}}, if_match=shown),
        lambda: _patch(two, note, {"sections": {"plan": "Two."}}, if_match=shown),
    )
    assert sorted(answers) == [200, 412]
    note.refresh_from_db()
    assert note.version == 2 and note.sections["plan"] == ("One." if answers[0] == 200 else "Two.")
