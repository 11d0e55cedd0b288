"""The aftercare plan: drafts, signing once with re-authentication, a new version after signing,
meetings on the plan; the participation log and the self-help count a discharge records."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD, Cast
from openiop.aftercare.models import AftercarePlan, Meeting, MeetingSource, ParticipationEntry, PlanLocked
from openiop.aftercare.selectors import self_help_count, signed_plan_for_client
from openiop.aftercare.services.participation import participation_log
from openiop.aftercare.services.plans import (
    aftercare_plan_add_meeting,
    aftercare_plan_remove_meeting,
    aftercare_plan_save,
    aftercare_plan_sign,
)
from openiop.audit.models import AuditEvent
from openiop.core.time import site_today


def meeting(slug: str = "sunday-serenity", days: list[int] | None = None, **kw: object) -> Meeting:
    source, _ = MeetingSource.objects.get_or_create(slug="la")
    return Meeting.objects.create(
        source=source,
        slug=slug,
        name=slug.replace("-", " ").title(),
        days=days if days is not None else [0, 3],
        time=dt.time(18),
        attendance="in_person",
        changed_at=timezone.now(),
        **kw,
    )


def signed(cast: Cast, plan: AftercarePlan) -> AftercarePlan:
    return aftercare_plan_sign(actor=cast.alice, plan=plan, client_agreed=True, password=PASSWORD)


def test_the_first_save_writes_version_1_and_later_saves_edit_the_draft(cast: Cast) -> None:
    first = aftercare_plan_save(actor=cast.alice, client=cast.erin, step_down_level="1", sponsor="Maria")
    again = aftercare_plan_save(actor=cast.alice, client=cast.erin, step_down_level="1", sponsor="Maria G.")
    assert (first.pk, again.version, again.sponsor) == (again.pk, 1, "Maria G.")
    assert AuditEvent.objects.filter(object_type="aftercare_plan", client_id=cast.erin.pk).count() == 2


def test_signing_needs_the_client_and_the_password_and_happens_once(cast: Cast) -> None:
    plan = aftercare_plan_save(actor=cast.alice, client=cast.erin, warning_signs="Skipping meetings")
    with pytest.raises(ValidationError, match="agreed"):
        aftercare_plan_sign(actor=cast.alice, plan=plan, client_agreed=False, password=PASSWORD)
    with pytest.raises(ValidationError):
        aftercare_plan_sign(actor=cast.alice, plan=plan, client_agreed=True, password="wrong")
    signed(cast, plan)
    plan.refresh_from_db()
    assert plan.is_signed and plan.signed_by == cast.alice
    with pytest.raises(ValidationError, match="already signed"):
        signed(cast, plan)
    plan.sponsor = "changed"
    with pytest.raises(PlanLocked):
        plan.save()


def test_a_change_after_signing_is_a_new_version_with_the_same_meetings(cast: Cast) -> None:
    sunday = meeting()
    aftercare_plan_add_meeting(actor=cast.alice, client=cast.erin, meeting=sunday, day=0)
    plan = AftercarePlan.objects.get(client=cast.erin)
    signed(cast, plan)
    second = aftercare_plan_save(actor=cast.alice, client=cast.erin, sponsor="Maria")
    assert second.version == 2 and not second.is_signed
    assert [pm.meeting_id for pm in second.plan_meetings.all()] == [sunday.pk]
    assert signed_plan_for_client(client=cast.erin) == plan  # the client still sees version 1
    # Taking a meeting off a signed version also goes into the new draft.
    aftercare_plan_remove_meeting(actor=cast.alice, chosen=plan.plan_meetings.get())
    assert plan.plan_meetings.count() == 1 and second.plan_meetings.count() == 0


@pytest.mark.parametrize(
    ("days", "day", "retired", "problem"),
    [([0, 3], 1, False, "one of its days"), ([], 0, False, "one of its days"), ([0], 0, True, "current meeting")],
)
def test_only_a_current_meeting_on_one_of_its_days_is_added(
    cast: Cast, days: list[int], day: int, retired: bool, problem: str
) -> None:
    chosen = meeting(days=days, retired_at=timezone.now() if retired else None)
    with pytest.raises(ValidationError, match=problem):
        aftercare_plan_add_meeting(actor=cast.alice, client=cast.erin, meeting=chosen, day=day)


def test_the_same_meeting_and_day_is_added_once(cast: Cast) -> None:
    sunday = meeting()
    aftercare_plan_add_meeting(actor=cast.alice, client=cast.erin, meeting=sunday, day=0)
    aftercare_plan_add_meeting(actor=cast.alice, client=cast.erin, meeting=sunday, day=3)
    with pytest.raises(ValidationError, match="already in the plan"):
        aftercare_plan_add_meeting(actor=cast.alice, client=cast.erin, meeting=sunday, day=0)


@pytest.mark.parametrize("name", ["bob", "carol", "ivan", "bill", "mel", "erin_user"])
def test_only_directors_and_clinicians_who_see_the_client_write_the_plan(cast: Cast, name: str) -> None:
    with pytest.raises(PermissionDenied):
        aftercare_plan_save(actor=getattr(cast, name), client=cast.erin, sponsor="x")


def test_a_provider_of_another_site_is_refused(cast: Cast) -> None:
    from openiop.consents.models import Provider

    elsewhere = Provider.objects.create(
        site=cast.site_b, name="Far OP", levels=["1"], phone="(212) 555-0100", address="NY"
    )
    with pytest.raises(ValidationError, match="directory"):
        aftercare_plan_save(actor=cast.alice, client=cast.erin, provider=elsewhere)


def test_self_help_count_is_meetings_in_the_30_days_ending_on_the_date(cast: Cast) -> None:
    today = site_today(cast.site_a)
    for days_ago, kind in [(0, "meeting"), (29, "meeting"), (30, "meeting"), (3, "sponsor"), (5, "meeting")]:
        participation_log(
            actor=cast.alice, client=cast.erin, kind=kind, on=today - dt.timedelta(days=days_ago), meeting_name="Noon"
        )
    assert self_help_count(cast.erin, today) == 3
    assert self_help_count(cast.erin, today - dt.timedelta(days=1)) == 3  # 5, 29 and 30 days ago
    assert self_help_count(cast.frank, today) == 0


def test_a_client_self_report_is_marked_and_only_for_themself(cast: Cast) -> None:
    today = site_today(cast.site_a)
    entry = participation_log(actor=cast.erin_user, client=cast.erin, kind="step_work", on=today, step=4)
    assert entry.self_reported and entry.meeting_name == ""
    with pytest.raises(PermissionDenied):
        participation_log(actor=cast.erin_user, client=cast.frank, kind="meeting", on=today, meeting_name="x")


@pytest.mark.parametrize(
    ("kind", "offset", "extra", "field"),
    [
        ("meeting", 1, {"meeting_name": "Noon"}, "on"),
        ("meeting", -400, {"meeting_name": "Noon"}, "on"),
        ("meeting", 0, {}, "meeting_name"),
        ("step_work", 0, {}, "step"),
        ("step_work", 0, {"step": 13}, "step"),
        ("party", 0, {}, "kind"),
    ],
)
def test_bad_entries_are_refused_on_the_field(
    cast: Cast, kind: str, offset: int, extra: dict[str, object], field: str
) -> None:
    on = site_today(cast.site_a) + dt.timedelta(days=offset)
    with pytest.raises(ValidationError) as caught:
        participation_log(actor=cast.alice, client=cast.erin, kind=kind, on=on, **extra)  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert not ParticipationEntry.objects.exists()


def test_the_finder_page_finds_meetings_near_the_clients_zip_with_constant_queries(cast: Cast) -> None:
    cast.erin.postal_code = "90210"
    cast.erin.save(update_fields=["postal_code"])
    http = HttpClient()
    http.force_login(cast.alice)
    url = f"/aftercare/meetings/?client={cast.erin.pk}&zip_code=&miles=10&types=W"

    def page(expected: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = http.get(url)
        content = response.content.decode()
        assert response.status_code == 200 and expected in content and "Add to plan" in content
        assert "Mujer" not in content  # staff pages in English
        return len(queries)

    meeting("women-1", latitude=34.07, longitude=-118.40, types=["W"])
    small = page("Women 1")
    for n in range(2, 12):
        meeting(f"women-{n}", latitude=34.07, longitude=-118.40 + n / 1000, types=["W", "S"])
    assert page("Women 11") == small


def test_an_unknown_zip_is_an_error_on_the_field(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.alice)
    response = http.get("/aftercare/meetings/?zip_code=00000&miles=10")
    assert response.status_code == 422 and "Enter a known ZIP code" in response.content.decode()


def test_the_portal_shows_only_the_signed_version(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.erin_user)
    plan = aftercare_plan_save(actor=cast.alice, client=cast.erin, sponsor="Maria")
    assert "Maria" not in http.get("/aftercare/my/plan/").content.decode()
    signed(cast, plan)
    assert "Maria" in http.get("/aftercare/my/plan/").content.decode()
    calendar = http.get("/aftercare/my/plan.ics")
    assert calendar.status_code == 200 and calendar.content.startswith(b"BEGIN:VCALENDAR")
