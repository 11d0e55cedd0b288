"""Two people saving one group-note draft at once (issue 14), with real transactions and real threads:
one save wins, the other is refused as stale and shown the winner's version; signing happens once.

Each thread has its own database connection; on SQLite they meet the write lock of the IMMEDIATE
transaction, on PostgreSQL the row lock of ``select_for_update``."""

import pytest
from django.test import Client as HttpClient

from conftest import PASSWORD, Cast
from openiop.audit.models import AuditEvent
from openiop.clinical.models import GroupNote, GroupNoteEntry, Note
from openiop.clinical.tests.test_group_note import ENTRIES, _attend, _group, _write, note_post
from openiop.core.tests.threads import at_once

concurrent = pytest.mark.django_db(transaction=True)


def _http(user: object) -> HttpClient:
    http = HttpClient()
    http.force_login(user)  # type: ignore[arg-type]
    return http


def _draft(cast: Cast) -> tuple[GroupNote, list[int]]:
    session, ids = _group(cast, 2)
    _attend(cast, session, ids)
    return _write(cast, session, dict(zip(ids, ENTRIES, strict=False))), ids


@concurrent
@pytest.mark.parametrize("path", ["note/draft/", "note/"])
def test_two_saves_of_one_draft_at_once_keep_one_and_refuse_the_other_as_stale(cast: Cast, path: str) -> None:
    note, ids = _draft(cast)
    url = f"/clinical/sessions/{note.session_id}/{path}"
    alice, dana = _http(cast.alice), _http(cast.dana)
    lines = {"alice": "Alice wrote this line at the same moment.", "dana": "Dana wrote this line at the same moment."}

    def save(http: HttpClient, who: str) -> tuple[int, str]:
        data = note_post(ids, note.version, **{str(ids[0]): {"comment": lines[who]}}) | {"editor": who}
        response = http.post(url, data | {"action": "save"})
        return response.status_code, response.content.decode()

    (one, one_page), (two, two_page) = at_once(lambda: save(alice, "alice"), lambda: save(dana, "dana"))
    assert sorted([one, two]) == [200 if path.endswith("draft/") else 302, 412]
    winner, loser_page = ("alice", two_page) if two == 412 else ("dana", one_page)
    stored = GroupNote.objects.get(pk=note.pk)
    assert stored.version == note.version + 1
    assert GroupNoteEntry.objects.get(group_note=note, client_id=ids[0]).comment == lines[winner]
    assert lines[winner].replace("'", "&#x27;") in loser_page  # their version, in the fields
    assert f"Changed by {'Alice' if winner == 'alice' else 'Dana'}" in loser_page


@concurrent
def test_two_signatures_of_one_group_note_at_once_file_one_set_of_notes(cast: Cast) -> None:
    note, ids = _draft(cast)
    url = f"/clinical/sessions/{note.session_id}/note/"

    def sign(http: HttpClient) -> int:
        data = note_post(ids, note.version, **{str(c): {"comment": t} for c, t in zip(ids, ENTRIES, strict=False)})
        return http.post(url, data | {"action": "sign", "password": PASSWORD}).status_code

    answers = at_once(lambda: sign(_http(cast.alice)), lambda: sign(_http(cast.alice)))
    assert 302 in answers
    assert GroupNote.objects.get(pk=note.pk).is_signed
    assert Note.objects.filter(group_note=note).count() == 2
    assert AuditEvent.objects.filter(object_type="group_note", object_id=str(note.pk), action="sign").count() == 1


@concurrent
def test_two_first_saves_at_once_create_one_draft_and_refuse_the_other(cast: Cast) -> None:
    session, ids = _group(cast, 2)
    _attend(cast, session, ids)
    url = f"/clinical/sessions/{session.pk}/note/draft/"

    def save(http: HttpClient, who: str) -> int:
        data = note_post(ids, 0, **{str(ids[0]): {"comment": f"{who} started the draft."}}) | {"editor": who}
        return http.post(url, data).status_code

    answers = at_once(lambda: save(_http(cast.alice), "alice"), lambda: save(_http(cast.dana), "dana"))
    assert sorted(answers) == [200, 412]
    assert GroupNote.objects.filter(session=session).count() == 1
