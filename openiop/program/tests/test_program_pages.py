"""Program pages: directors design, clinicians read; bad input changes nothing."""

import datetime as dt

import pytest
from django.test import Client as HttpClient

from openiop.accounts.models import User
from openiop.program.models import GroupSeries, GroupSession, SessionEnrollment, StaffAvailability, Track
from openiop.program.tests.world import WEEK, World, at


def _login(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_the_week_shows_each_group_in_the_sites_local_time(world: World) -> None:
    page = _login(world.cast.alice).get("/program/week/", {"week": "2026-12-09"}).content.decode()
    assert "Week of Monday 7 December 2026" in page
    assert "09:00–12:00" in page and "16:00–19:00" in page  # not the UTC 17:00 / 00:00
    assert f'href="/program/sessions/{world.monday.pk}/"' in page


def test_the_program_page_offers_design_links_to_the_director_only(world: World) -> None:
    assert "New group series" in _login(world.cast.dana).get("/program/").content.decode()
    page = _login(world.cast.alice).get("/program/").content.decode()
    assert "Adult mornings" in page and "New group series" not in page


def test_a_director_creates_a_track_and_a_bad_block_changes_nothing(world: World) -> None:
    http = _login(world.cast.dana)
    data = {
        "name": "Men's group",
        "population": "adult",
        "gender_rule": "men",
        "focus": "general",
        "usual_blocks": "tue 18:00-21:00",
        "default_prescribed_hours": "12",
        "active": "on",
    }
    bad = http.post("/program/tracks/new/", {**data, "usual_blocks": "someday at noon"})
    assert bad.status_code == 422 and "is not like" in bad.content.decode()
    assert not Track.objects.filter(name="Men's group").exists()
    assert http.post("/program/tracks/new/", data).status_code == 302
    assert Track.objects.get(name="Men's group").usual_blocks == [{"days": ["tue"], "start": "18:00", "end": "21:00"}]


def _series_data(world: World, **changes: object) -> dict[str, object]:
    return {
        "track": world.women.pk,
        "name": "Women on Fridays",
        "days": ["fri"],
        "rrule": "",
        "first_day": "2026-12-11",
        "last_day": "2026-12-25",
        "start_time": "09:00",
        "end_time": "12:00",
        "room": world.small_room.pk,
        "facilitators": [world.cast.alice.pk],
        "capacity": "6",
        "modules": [],
        "exception_dates": "2026-12-25",
        **changes,
    }


def test_a_director_creates_a_series_with_its_sessions(world: World) -> None:
    response = _login(world.cast.dana).post("/program/series/new/", _series_data(world))
    assert response.status_code == 302
    dates = GroupSession.objects.filter(series__name="Women on Fridays").values_list("occurrence_date", flat=True)
    assert sorted(d for d in dates if d) == [dt.date(2026, 12, 11), dt.date(2026, 12, 18)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"days": [], "rrule": ""}, "Pick the days the group meets"),
        ({"rrule": "FREQ=SECONDLY"}, "daily, weekly or monthly"),
        ({"end_time": "08:00"}, "The end time must be after the start time."),
        ({"exception_dates": "Christmas"}, "is not a date like 2026-12-25"),
        ({"days": ["mon"], "first_day": "2026-12-07"}, "Alice is already facilitating Adult mornings"),
        ({"capacity": "12"}, "Small room holds 6; a capacity of 12 does not fit."),
    ],
)
def test_a_series_with_bad_input_or_a_clash_is_refused_with_the_reason(
    world: World, changes: dict[str, object], message: str
) -> None:
    response = _login(world.cast.dana).post("/program/series/new/", _series_data(world, **changes))
    assert response.status_code == 422
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not GroupSeries.objects.filter(name="Women on Fridays").exists()


def test_moving_a_session_onto_a_busy_room_is_refused_on_the_page(world: World) -> None:
    http = _login(world.cast.dana)
    data = {"day": "2026-12-08", "start_time": "17:00", "end_time": "18:00", "room": world.small_room.pk, "reason": "x"}
    refused = http.post(f"/program/sessions/{world.monday.pk}/move/", data)
    assert refused.status_code == 422 and "Small room is already booked for Teens" in refused.content.decode()
    valid = {**data, "start_time": "13:00", "end_time": "16:00", "room": world.room.pk}
    moved = http.post(f"/program/sessions/{world.monday.pk}/move/", valid)
    assert moved.status_code == 302
    world.monday.refresh_from_db()
    assert world.monday.starts_at == at(WEEK + dt.timedelta(days=1), 13) and world.monday.sequence == 1


def test_a_facilitator_adds_and_removes_a_drop_in_on_the_session_page(world: World) -> None:
    http = _login(world.cast.alice)
    page = http.get(f"/program/sessions/{world.monday.pk}/").content.decode()
    assert "Add to the roster" in page and "Cancel this session" not in page
    assert (
        http.post(
            f"/program/sessions/{world.monday.pk}/roster/", {"client": world.cast.erin.pk, "source": "drop-in"}
        ).status_code
        == 302
    )
    assert SessionEnrollment.objects.get().source == "drop-in"
    assert "Erin Castillo" in http.get(f"/program/sessions/{world.monday.pk}/").content.decode()
    assert http.post(f"/program/sessions/{world.monday.pk}/roster/", {"remove": world.cast.erin.pk}).status_code == 302
    assert not SessionEnrollment.objects.exists()


def test_a_clinician_who_does_not_facilitate_sees_only_their_part_of_the_roster(world: World) -> None:
    from openiop.program import services

    services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    page = _login(world.cast.bob).get(f"/program/sessions/{world.monday.pk}/").content.decode()
    assert "Erin" not in page and "1 other client you may not see" in page and "Add to the roster" not in page


def test_staff_set_their_own_hours_and_not_a_colleagues(world: World) -> None:
    http = _login(world.cast.bob)
    url = f"/program/staff/{world.cast.bob.pk}/hours/?site={world.cast.site_a.pk}"
    response = http.post(
        url,
        {"site": world.cast.site_a.pk, "form": "window", "weekday": "5", "start_time": "09:00", "end_time": "13:00"},
    )
    assert response.status_code == 302
    assert StaffAvailability.objects.filter(user=world.cast.bob, weekday=5).exists()
    bad = http.post(
        url,
        {"site": world.cast.site_a.pk, "form": "window", "weekday": "5", "start_time": "13:00", "end_time": "09:00"},
    )
    assert bad.status_code == 422 and StaffAvailability.objects.filter(user=world.cast.bob, weekday=5).count() == 1
    assert http.get(f"/program/staff/{world.cast.alice.pk}/hours/?site={world.cast.site_a.pk}").status_code == 403


@pytest.mark.parametrize("size", [2, 40])
def test_todays_groups_on_the_home_page_run_a_constant_number_of_queries(
    world: World, size: int, django_assert_max_num_queries: object, rf: object
) -> None:
    from unittest import mock

    from django.template.loader import render_to_string

    from openiop.program import services
    from openiop.program.panels import today_context

    for index in range(size):
        services.session_create(
            actor=world.cast.dana,
            site=world.cast.site_a,
            track=world.women,
            starts_at=at(WEEK, 13) + dt.timedelta(minutes=10 * index),
            ends_at=at(WEEK, 13) + dt.timedelta(minutes=10 * index + 5),
        )
    request = rf.get("/home/")  # type: ignore[attr-defined]
    request.user = world.cast.dana
    with mock.patch("openiop.program.panels.site_today", return_value=WEEK), django_assert_max_num_queries(5):  # type: ignore[operator]
        html = render_to_string("program/home_panel.html", today_context(request), request=request)
    assert "Today's groups" in html and html.count("Women&#x27;s group") == size and "Adult mornings" in html


def test_todays_groups_are_on_the_staff_home_page(world: World) -> None:
    from unittest import mock

    with mock.patch("openiop.program.panels.site_today", return_value=WEEK):
        page = _login(world.cast.alice).get("/home/").content.decode()
    assert "Today's groups" in page and "09:00–12:00" in page
