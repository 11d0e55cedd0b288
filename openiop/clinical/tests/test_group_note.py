"""Attendance, the group note, the clone guard, and one note per attending client with only their entry."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import Client as HttpClient

from conftest import PASSWORD, Cast
from openiop.clients.models import Client
from openiop.clinical.models import Attendance, CloneConfirmation, GroupNote, Note, NoteLocked
from openiop.clinical.services import group_notes as note_services
from openiop.clinical.services import groups as services
from openiop.clinical.services.groups import Mark
from openiop.clinical.tests.conftest import make_clients, make_session, plan_with_objectives
from openiop.program.models import GroupSession

SHARED = {
    "module": "Relapse prevention",
    "topic": "Triggers after payday",
    "interventions": "Psychoeducation; CBT trigger mapping; motivational interviewing",
    "group_process": "Members mapped high-risk situations and practised refusal skills in pairs.",
}
ENTRIES = [
    "Arrived prepared and described the Friday commute as a trigger; offered support to a peer.",
    "Quiet at first, then named boredom on weekends; agreed to call a sponsor on Saturday.",
    "Identified cash in hand as the main risk and planned direct deposit to savings this week.",
    "Left the role play early; later said conflict at home drives cravings, mood steadier than last week.",
]


ROW = {"participation_level": "active", "engagement": "receptive", "mood": "euthymic", "risk": "none"}


def _group(cast: Cast, count: int = 4) -> tuple[GroupSession, list[int]]:
    clients = make_clients(cast, count)
    session = make_session(cast, clients=clients)
    return session, [c.pk for c in clients]


def _attend(cast: Cast, session: GroupSession, ids: list[int], absent: tuple[int, ...] = ()) -> None:
    services.attendance_record(
        actor=cast.alice,
        session=session,
        marks=[Mark(cid, "absent", None, "illness") if cid in absent else Mark(cid, "present") for cid in ids],
    )


def _write(cast: Cast, session: GroupSession, entries: dict[int, str], shared: dict[str, str] = SHARED) -> GroupNote:
    return note_services.group_note_save(
        actor=cast.alice,
        session=session,
        shared=shared,
        entries={cid: dict(ROW, comment=text) for cid, text in entries.items()},
    )


def test_attendance_defaults_to_the_whole_session_and_keeps_minutes_for_late_arrivals(cast: Cast) -> None:
    session, ids = _group(cast, 3)
    services.attendance_record(
        actor=cast.alice,
        session=session,
        marks=[Mark(ids[0], "present"), Mark(ids[1], "late", 70), Mark(ids[2], "excused")],
    )
    rows = {a.client_id: (a.status, a.minutes) for a in Attendance.objects.all()}
    assert rows == {ids[0]: ("present", 90), ids[1]: ("late", 70), ids[2]: ("excused", 0)}


@pytest.mark.parametrize(
    ("mark", "field_error"),
    [
        (Mark(0, "absent"), "Give a reason"),
        (Mark(0, "late"), "minutes attended"),
        (Mark(0, "late", 200), "between 1 and 90"),
        (Mark(0, "sleeping"), "Choose present"),
    ],
)
def test_bad_attendance_is_refused_whole(cast: Cast, mark: Mark, field_error: str) -> None:
    session, ids = _group(cast, 2)
    bad = Mark(ids[0], mark.status, mark.minutes, mark.absence_reason)
    with pytest.raises(ValidationError, match=field_error):
        services.attendance_record(actor=cast.alice, session=session, marks=[bad, Mark(ids[1], "present")])
    assert not Attendance.objects.exists()


def test_only_facilitators_and_directors_take_attendance(cast: Cast) -> None:
    session, ids = _group(cast, 1)
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=cast.bob, session=session, marks=[Mark(ids[0], "present")])
    services.attendance_record(actor=cast.dana, session=session, marks=[Mark(ids[0], "present")])


def test_signing_files_one_note_per_attending_client_with_only_their_entry(cast: Cast) -> None:
    session, ids = _group(cast, 4)
    _attend(cast, session, ids, absent=(ids[3],))
    note = _write(cast, session, dict(zip(ids[:3], ENTRIES, strict=False)))
    filed = note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD)
    assert sorted(n.client_id for n in filed) == sorted(ids[:3])
    assert not Note.objects.filter(client_id=ids[3]).exists()  # absent clients get none
    roster = {c.pk: c for c in Client.objects.filter(pk__in=ids)}
    for n in filed:
        html = render_to_string("clinical/note_detail.html", {"note": n, "client": n.client})
        own = ENTRIES[ids.index(n.client_id)]
        assert own in html and SHARED["group_process"] in html
        for other_id, other in roster.items():
            if other_id == n.client_id:
                continue
            assert other.legal_first_name not in html and other.legal_last_name not in html
        assert all(text not in html for text in ENTRIES if text != own)
        assert (n.service_code, n.participants, n.status) == ("90853", 3, "signed")


def test_a_shared_part_naming_a_client_is_refused(cast: Cast) -> None:
    session, ids = _group(cast, 2)
    _attend(cast, session, ids)
    named = {**SHARED, "group_process": "Ana Member000 led the check-in."}
    note = _write(cast, session, dict(zip(ids, ENTRIES, strict=False)), shared=named)
    with pytest.raises(ValidationError, match="names a client"):
        note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD)
    assert not Note.objects.exists()


def test_an_entry_naming_another_client_is_refused(cast: Cast) -> None:
    session, ids = _group(cast, 2)
    _attend(cast, session, ids)
    note = _write(cast, session, {ids[0]: "Sat next to Ben and shared a plan.", ids[1]: ENTRIES[1]})
    check = note_services.group_note_check(note=note)
    assert check.names_in_entries == {ids[0]: [ids[1]]}
    with pytest.raises(ValidationError):
        note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD)


def test_near_identical_entries_are_flagged_until_edited_or_confirmed(cast: Cast) -> None:
    session, ids = _group(cast, 3)
    _attend(cast, session, ids)
    copy = ENTRIES[0].replace("Friday", "Thursday")
    note = _write(cast, session, {ids[0]: ENTRIES[0], ids[1]: copy, ids[2]: ENTRIES[2]})
    check = note_services.group_note_check(note=note)
    assert [(p.first, p.second) for p in check.unconfirmed] == [(ids[0], ids[1])]
    with pytest.raises(ValidationError, match="nearly identical"):
        note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD)

    assert note_services.group_note_confirm_similar(actor=cast.alice, note=note, pairs=[(ids[0], ids[1])]) == 1
    assert CloneConfirmation.objects.get().confirmed_by == cast.alice
    assert not note_services.group_note_check(note=note).unconfirmed
    # Editing a confirmed entry back into a copy needs a fresh confirmation.
    _write(cast, session, {ids[1]: copy + " Again."})
    assert note_services.group_note_check(note=note).unconfirmed
    _write(cast, session, {ids[1]: ENTRIES[1]})
    assert not note_services.group_note_check(note=note).similar
    note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD)


def test_a_signed_group_note_and_its_attendance_are_locked(cast: Cast) -> None:
    session, ids = _group(cast, 1)
    _attend(cast, session, ids)
    note = _write(cast, session, {ids[0]: ENTRIES[0]})
    note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD)
    with pytest.raises(NoteLocked):
        _write(cast, session, {ids[0]: "changed"})
    with pytest.raises(NoteLocked):
        services.attendance_record(actor=cast.alice, session=session, marks=[Mark(ids[0], "absent", None, "other")])


def test_signing_needs_attendance_for_the_whole_roster_and_every_entry(cast: Cast) -> None:
    session, ids = _group(cast, 2)
    services.attendance_record(actor=cast.alice, session=session, marks=[Mark(ids[0], "present")])
    note = _write(cast, session, {ids[0]: ENTRIES[0]})
    with pytest.raises(ValidationError, match="Take attendance"):
        note_services.group_note_sign(actor=cast.alice, note=note, password=PASSWORD)


def _attendance_post(ids: list[int], **rows: dict[str, str]) -> dict[str, str]:
    """The attendance formset as the page posts it: one row per client, present for 90 minutes."""
    data = {"attendance-TOTAL_FORMS": str(len(ids)), "attendance-INITIAL_FORMS": str(len(ids))}
    for index, cid in enumerate(ids):
        row = {"client": str(cid), "status": "present", "minutes": "90", "absence_reason": ""} | rows.get(str(cid), {})
        data |= {f"attendance-{index}-{field}": value for field, value in row.items()}
    return data


def test_the_attendance_formset_refuses_a_bad_row_on_that_row_and_saves_nothing(cast: Cast) -> None:
    session, ids = _group(cast, 2)
    http = HttpClient()
    http.force_login(cast.alice)
    url = f"/clinical/sessions/{session.pk}/attendance/"
    for bad in ({"minutes": "ninety"}, {"status": "asleep"}, {"status": "absent", "minutes": ""}):
        response = http.post(url, _attendance_post(ids, **{str(ids[1]): bad}))
        assert response.status_code == 422, bad
        table = {item["row"].client.pk: item["errors"] for item in response.context["table"]}
        assert table[ids[0]] == [] and table[ids[1]], bad
    assert not Attendance.objects.filter(session=session).exists()


def test_the_attendance_formset_refuses_rows_that_are_not_the_roster(cast: Cast) -> None:
    session, ids = _group(cast, 2)
    http = HttpClient()
    http.force_login(cast.alice)
    response = http.post(f"/clinical/sessions/{session.pk}/attendance/", _attendance_post([ids[0], cast.gus.pk]))
    assert response.status_code == 422
    assert "The roster changed" in response.content.decode()
    no_management_form = http.post(f"/clinical/sessions/{session.pk}/attendance/", {"attendance-0-client": ids[0]})
    assert no_management_form.status_code == 422
    assert not Attendance.objects.filter(session=session).exists()


def note_post(ids: list[int], version: int, shared: dict[str, str] = SHARED, **rows: dict[str, str]) -> dict[str, str]:
    """The group-note formset as the page posts it: the shared part, then one row per attending client."""
    data = dict(shared) | {"version": str(version), "entry-TOTAL_FORMS": str(len(ids)), "entry-INITIAL_FORMS": "0"}
    for index, cid in enumerate(ids):
        row = {"client": str(cid), **ROW, "objective": "", "progress_rating": "", "comment": ""} | rows.get(
            str(cid), {}
        )
        data |= {f"entry-{index}-{field}": value for field, value in row.items()}
    return data


def test_the_group_note_page_saves_checks_and_signs(cast: Cast) -> None:
    session, ids = _group(cast, 2)
    http = HttpClient()
    http.force_login(cast.alice)
    page = http.get(f"/clinical/sessions/{session.pk}/attendance/").content.decode()
    assert page.count('value="present" checked') == 2
    assert http.post(f"/clinical/sessions/{session.pk}/attendance/", _attendance_post(ids)).status_code == 302
    url = f"/clinical/sessions/{session.pk}/note/"
    twins = {str(ids[0]): {"comment": ENTRIES[0]}, str(ids[1]): {"comment": ENTRIES[0]}}
    response = http.post(url, note_post(ids, 0, **twins) | {"action": "save"}, follow=True)
    assert "Nearly identical entries" in response.content.decode()
    version = GroupNote.objects.get(session=session).version
    twins[str(ids[1])] = {"comment": ENTRIES[1]}
    response = http.post(url, note_post(ids, version, **twins) | {"action": "sign", "password": PASSWORD}, follow=True)
    assert "2 progress notes filed" in response.content.decode()
    assert Note.objects.filter(group_note__session=session).count() == 2


def test_a_drop_in_joins_the_roster_as_a_make_up(cast: Cast) -> None:
    session, _ = _group(cast, 1)
    http = HttpClient()
    http.force_login(cast.alice)
    http.post(f"/clinical/sessions/{session.pk}/drop-in/", {"client": cast.erin.pk})
    assert session.enrollments.get(client=cast.erin).source == "drop-in"


@pytest.mark.parametrize("size", [5, 50])
def test_the_group_note_page_runs_a_constant_number_of_queries(
    cast: Cast, size: int, django_assert_max_num_queries: object
) -> None:
    session, ids = _group(cast, size)
    _attend(cast, session, ids, absent=tuple(ids[:2]))
    for client in Client.objects.filter(pk__in=ids[2:]):
        plan_with_objectives(cast, client, ["Attend 3 groups a week", "Use a refusal skill twice"])
    _write(cast, session, dict.fromkeys(ids[2:], ENTRIES[0]))  # every line alike: the clone guard flags them all
    http = HttpClient()
    http.force_login(cast.alice)
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        assert http.get(f"/clinical/sessions/{session.pk}/note/").status_code == 200
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        assert http.get(f"/clinical/sessions/{session.pk}/attendance/").status_code == 200


def test_make_ups_are_later_sessions_of_the_track_with_space(cast: Cast) -> None:
    session, ids = _group(cast, 1)
    later = make_session(cast, starts_at=session.starts_at + dt.timedelta(days=2), clients=[])
    full = make_session(cast, starts_at=session.starts_at + dt.timedelta(days=3), clients=[cast.erin], capacity=1)
    _attend(cast, session, ids, absent=(ids[0],))
    http = HttpClient()
    http.force_login(cast.alice)
    page = http.get(f"/clinical/sessions/{session.pk}/note/").content.decode()
    assert f"/clinical/sessions/{later.pk}/attendance/" in page
    assert f"/clinical/sessions/{full.pk}/attendance/" not in page
