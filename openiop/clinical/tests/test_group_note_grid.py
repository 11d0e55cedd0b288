"""The group-note grid (issues 10 and 14): a formset whose errors sit on the field and change nothing,
autosave with stale-edit protection, picks written out in each chart, and risk that reaches a clinician."""

import pytest
from django.test import Client as HttpClient

from conftest import PASSWORD, Cast
from openiop.clients.models import Client
from openiop.clinical import group_picks
from openiop.clinical.models import GroupNote, GroupNoteEntry, Note
from openiop.clinical.services import group_notes as note_services
from openiop.clinical.tests.conftest import plan_with_objectives
from openiop.clinical.tests.test_group_note import ENTRIES, ROW, SHARED, _attend, _group, _write, note_post
from openiop.measures.models import Alert
from openiop.program.models import GroupSession


def _http(user: object) -> HttpClient:
    http = HttpClient()
    http.force_login(user)  # type: ignore[arg-type]
    return http


def _ready(cast: Cast, count: int = 2) -> tuple[GroupSession, list[int]]:
    session, ids = _group(cast, count)
    _attend(cast, session, ids)
    return session, ids


def _row_errors(response: object, index: int) -> dict[str, list[str]]:
    return dict(response.context["grid"].entries.forms[index].errors)  # type: ignore[attr-defined]


@pytest.mark.parametrize("table", [t for _, t in sorted(note_services.PICKS.items())])
def test_each_pick_list_offers_answers_with_different_first_letters(table: list[group_picks.Pick]) -> None:
    letters = [offered[0].lower() for _, offered, _ in table]
    assert len(set(letters)) == len(letters)


@pytest.mark.parametrize(
    ("picks", "section", "says"),
    [
        ({"participation_level": "active", "comment": "named payday as a trigger"}, "participation",
         "Participated actively, contributing without prompting. Named payday as a trigger."),
        ({"engagement": "ambivalent"}, "response", "Engaged with some ambivalence."),
        ({"mood": "dysphoric"}, "mood_affect", "Mood low (dysphoric); affect constricted."),
        ({"objective": "Keep a sleep log", "progress_rating": "some"}, "progress",
         "Toward “Keep a sleep log”: some progress, early steps."),
        ({"progress_rating": "some"}, "progress", ""),  # no objective, no progress sentence
        ({"risk": "none"}, "risk_observed", "No risk indicators observed."),
    ],
)  # fmt: skip
def test_picks_become_sentences_for_one_chart(picks: dict[str, str], section: str, says: str) -> None:
    blank = dict.fromkeys(("participation_level", "engagement", "mood", "progress_rating", "risk", "comment"), "")
    assert group_picks.chart_sections(group_picks.EntryPicks(**(blank | {"objective": ""} | picks)))[section] == says


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"mood": "ecstatic"}, "mood"),
        ({"risk": "none; DROP TABLE"}, "risk"),
        ({"comment": "x" * 401}, "comment"),
        ({"objective": "999999"}, "objective"),
        ({"progress_rating": "progressing"}, "progress_rating"),  # progress toward no objective
        ({"client": "abc"}, "client"),
    ],
)
def test_a_bad_row_is_refused_on_its_field_and_changes_nothing(cast: Cast, bad: dict[str, str], field: str) -> None:
    session, ids = _ready(cast)
    note = _write(cast, session, dict(zip(ids, ENTRIES, strict=False)))
    stored = list(GroupNoteEntry.objects.order_by("pk").values())
    http = _http(cast.alice)
    for url in (f"/clinical/sessions/{session.pk}/note/", f"/clinical/sessions/{session.pk}/note/draft/"):
        changed = {str(ids[0]): {"comment": "Changed."}, str(ids[1]): bad}
        response = http.post(url, note_post(ids, note.version, **changed) | {"action": "save"})
        assert response.status_code == 422, url
        assert _row_errors(response, 0) == {} and field in _row_errors(response, 1), url
    note.refresh_from_db()
    assert note.version == 1 and list(GroupNoteEntry.objects.order_by("pk").values()) == stored


def test_an_objective_of_another_client_is_refused_on_that_row(cast: Cast) -> None:
    session, ids = _ready(cast)
    theirs = plan_with_objectives(cast, cast.erin, ["Attend 3 groups a week"])
    response = _http(cast.alice).post(
        f"/clinical/sessions/{session.pk}/note/", note_post(ids, 0, **{str(ids[0]): {"objective": str(theirs[0].pk)}})
    )
    assert response.status_code == 422 and "objective" in _row_errors(response, 0)
    assert not GroupNote.objects.exists()


def test_a_forged_or_missing_management_form_is_refused(cast: Cast) -> None:
    session, ids = _ready(cast)
    http = _http(cast.alice)
    data = note_post(ids, 0)
    del data["entry-TOTAL_FORMS"]
    assert http.post(f"/clinical/sessions/{session.pk}/note/", data).status_code == 422
    forged = note_post(ids, 0) | {"entry-TOTAL_FORMS": "100000"}
    assert http.post(f"/clinical/sessions/{session.pk}/note/draft/", forged).status_code == 422
    assert not GroupNote.objects.exists()


def test_autosave_keeps_the_draft_and_answers_with_the_new_version(cast: Cast) -> None:
    session, ids = _ready(cast)
    http = _http(cast.alice)
    url = f"/clinical/sessions/{session.pk}/note/draft/"
    first = http.post(url, note_post(ids, 0, **{str(ids[0]): {"comment": ENTRIES[0]}}))
    assert first.status_code == 200 and "Draft saved" in first.content.decode()
    note = GroupNote.objects.get(session=session)
    assert f'name="version" value="{note.version}"' in first.content.decode()
    assert note.entries.get(client_id=ids[0]).comment == ENTRIES[0]
    again = http.post(url, note_post(ids, note.version, **{str(ids[0]): {"comment": ENTRIES[0]}}))
    assert again.status_code == 200
    assert GroupNote.objects.get(pk=note.pk).version == note.version  # nothing changed, no new version


def test_a_stale_save_is_refused_and_shows_the_other_persons_version(cast: Cast) -> None:
    session, ids = _ready(cast)
    note = _write(cast, session, {ids[0]: ENTRIES[0]})
    shown = note.version
    dana = _http(cast.dana)
    theirs = {str(ids[0]): {"comment": "Dana's version of the line."}}
    assert dana.post(f"/clinical/sessions/{session.pk}/note/", note_post(ids, shown, **theirs)).status_code == 302
    mine = {str(ids[0]): {"comment": "Alice's version of the line."}}
    for url in (f"/clinical/sessions/{session.pk}/note/draft/", f"/clinical/sessions/{session.pk}/note/"):
        response = _http(cast.alice).post(url, note_post(ids, shown, **mine) | {"action": "save"})
        page = response.content.decode()
        assert response.status_code == 412, url
        assert "Changed by Dana" in page and "Dana&#x27;s version of the line." in page
        assert "Alice&#x27;s version of the line." in page  # kept beside theirs, not lost
    assert GroupNote.objects.get(pk=note.pk).entries.get(client_id=ids[0]).comment == "Dana's version of the line."


def test_the_pages_own_autosave_answered_late_is_not_someone_elses_version(cast: Cast) -> None:
    session, ids = _ready(cast)
    http = _http(cast.alice)
    url = f"/clinical/sessions/{session.pk}/note/draft/"
    page = {"editor": "page-one"}
    assert http.post(url, note_post(ids, 0, **{str(ids[0]): {"comment": "One."}}) | page).status_code == 200
    # The same page sends again before it heard the answer (it still says version 0).
    assert http.post(url, note_post(ids, 0, **{str(ids[0]): {"comment": "Two."}}) | page).status_code == 200
    assert GroupNoteEntry.objects.get(client_id=ids[0]).comment == "Two."
    other_page = {"editor": "page-two"}
    assert http.post(url, note_post(ids, 1, **{str(ids[0]): {"comment": "Three."}}) | other_page).status_code == 412


def test_signing_asks_for_each_missing_pick_on_its_row(cast: Cast) -> None:
    session, ids = _ready(cast)
    plan_with_objectives(cast, Client.objects.get(pk=ids[0]), ["Keep a sleep log"])
    rows = {str(ids[0]): {"comment": ENTRIES[0], "mood": ""}, str(ids[1]): {"comment": ENTRIES[1]}}
    response = _http(cast.alice).post(
        f"/clinical/sessions/{session.pk}/note/", note_post(ids, 0, **rows) | {"action": "sign", "password": PASSWORD}
    )
    assert response.status_code == 422
    first = _row_errors(response, 0)
    assert "mood" in first and "objective" in first and _row_errors(response, 1) == {}
    assert not Note.objects.exists()


def test_signing_files_the_picks_as_sentences_and_alerts_on_suicidal_thoughts(cast: Cast) -> None:
    session, ids = _ready(cast, 3)
    objective = plan_with_objectives(cast, Client.objects.get(pk=ids[0]), ["Keep a sleep log"])[0]
    entries: dict[int, dict[str, object]] = {
        cid: dict(ROW, comment=text) for cid, text in zip(ids, ENTRIES, strict=False)
    }
    entries[ids[0]] |= {"objective": objective.pk, "progress_rating": "progressing"}
    entries[ids[2]] |= {"risk": "passive_si", "mood": "tearful"}
    note = note_services.group_note_save(actor=cast.alice, session=session, shared=SHARED, entries=entries)
    note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD, expected_version=note.version)
    filed = {n.client_id: n.sections for n in Note.objects.filter(group_note=note)}
    assert filed[ids[0]]["progress"] == "Toward “Keep a sleep log”: progressing."
    assert filed[ids[2]]["risk_observed"].startswith("Passive suicidal thoughts")
    assert filed[ids[2]]["mood_affect"] == "Mood sad; tearful at times."
    assert all(s["participation"].startswith("Participated actively") for s in filed.values())
    alert = Alert.objects.get(kind__in=("suicidal-ideation", "suicide-risk"))
    assert (alert.client_id, alert.kind, alert.severity) == (ids[2], "suicidal-ideation", "high")
    assert alert.assigned_to == cast.alice  # the client's primary clinician


def test_a_sign_from_an_older_version_is_refused(cast: Cast) -> None:
    from openiop.core.concurrency import StaleVersion

    session, ids = _ready(cast, 1)
    note = _write(cast, session, {ids[0]: ENTRIES[0]})
    _write(cast, session, {ids[0]: ENTRIES[1]})
    with pytest.raises(StaleVersion):
        note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD, expected_version=note.version)
    assert not Note.objects.exists()
