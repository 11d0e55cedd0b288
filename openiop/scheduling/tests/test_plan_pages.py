"""The planning pages: Plan week, progress, the week board, moves by hand, accepting, availability."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from openiop.accounts.models import User
from openiop.clients.models import Client, Episode
from openiop.program.models import SessionEnrollment
from openiop.program.tests.world import WEEK, World
from openiop.scheduling.models import ClientAvailability, ModuleCompletion, PlanAssignment, PlanRun, PlanStatus
from openiop.scheduling.tests.plans import finished_run


def _login(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_plan_week_solves_and_opens_the_board(world: World) -> None:
    http = _login(world.cast.dana)
    response = http.post("/scheduling/plan/", {"site": world.cast.site_a.pk, "week": "2026-12-09", "time_limit_s": "2"})
    run = PlanRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/scheduling/runs/{run.pk}/"
    page = http.get(response["Location"]).content.decode()
    assert "Week board" in page and '<th scope="row">Adult mornings</th>' in page
    assert "Erin Castillo" in page and "Accept plan" in page and "Move a client by hand" in page


def test_a_plan_without_a_week_is_refused_and_nothing_runs(world: World) -> None:
    response = _login(world.cast.dana).post("/scheduling/plan/", {"site": world.cast.site_a.pk, "time_limit_s": "2"})
    assert response.status_code == 422 and not PlanRun.objects.exists()


def test_a_queued_run_shows_progress_and_the_poll_refreshes_when_it_is_done(world: World) -> None:
    run = PlanRun.objects.create(site=world.cast.site_a, week_start=WEEK, created_by=world.cast.dana, step="Waiting")
    http = _login(world.cast.alice)
    page = http.get(f"/scheduling/runs/{run.pk}/").content.decode()
    assert '<progress value="0" max="100"' in page and 'hx-trigger="every 1s"' in page
    poll = http.get(f"/scheduling/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert poll.status_code == 200 and 'id="progress"' in poll.content.decode() and "<html" not in poll.content.decode()
    PlanRun.objects.filter(pk=run.pk).update(
        status=PlanStatus.RUNNING, progress=20, step="Solving", updated_at=timezone.now() - dt.timedelta(seconds=5)
    )
    solving = http.get(f"/scheduling/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    # 20 % at the start of solving, plus 70 % x (5 s of the 10 s limit): the clock moves the bar.
    found = re.search(r"(\d+)% · Running: Solving", solving)
    assert found is not None and 55 <= int(found.group(1)) <= 60
    PlanRun.objects.filter(pk=run.pk).update(status=PlanStatus.FAILED, error="Boom")
    done = http.get(f"/scheduling/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    assert "The plan could not be made" in http.get(f"/scheduling/runs/{run.pk}/").content.decode()


@pytest.mark.parametrize(("by", "row"), [("track", "Adult mornings"), ("room", "Room A"), ("clinician", "Alice")])
def test_the_board_groups_sessions_by_track_room_or_clinician(world: World, by: str, row: str) -> None:
    run = finished_run(world)
    page = _login(world.cast.dana).get(f"/scheduling/runs/{run.pk}/", {"by": by}).content.decode()
    assert f'<th scope="row">{row}</th>' in page
    assert "Why short" in page and "available 6.0 h in eligible sessions; target 12 h" in page


def test_a_clinician_reads_the_board_without_the_names_of_clients_they_may_not_see(world: World) -> None:
    run = finished_run(world)
    page = _login(world.cast.bob).get(f"/scheduling/runs/{run.pk}/").content.decode()
    assert "Frank Reyes" in page and "Erin" not in page and "1 other client of the site you may not see" in page
    assert "Accept plan" not in page and "Move a client by hand" not in page


def test_a_move_on_the_page_is_checked_live_refused_with_the_reason_or_made(world: World) -> None:
    run = finished_run(world)
    http = _login(world.cast.dana)
    url = f"/scheduling/runs/{run.pk}/move/"
    bad = {"client": world.cast.erin.pk, "remove": "", "add": world.teen_tuesday.pk}
    check = http.post(url, {**bad, "check": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert "This move would be refused" in check and "the session is for the adolescent population" in check
    refused = http.post(url, bad)
    assert refused.status_code == 422
    assert "Refused: that move would break a hard rule." in refused.content.decode()
    assert not PlanAssignment.objects.filter(run=run, session=world.teen_tuesday).exists()
    good = {"client": world.cast.erin.pk, "remove": world.wednesday.pk, "add": ""}
    assert (
        "keeps every hard rule"
        in http.post(url, {**good, "check": "1"}, headers={"HX-Request": "true"}).content.decode()
    )
    assert http.post(url, good).status_code == 302
    assert not PlanAssignment.objects.filter(run=run, client=world.cast.erin, session=world.wednesday).exists()


def test_accepting_on_the_page_fills_the_rosters(world: World) -> None:
    run = finished_run(world)
    http = _login(world.cast.dana)
    response = http.post(f"/scheduling/runs/{run.pk}/accept/")
    assert response.status_code == 302
    assert SessionEnrollment.objects.filter(session=world.monday).count() == 2
    page = http.get(f"/scheduling/runs/{run.pk}/").content.decode()
    assert "Plan accepted: 4 placements added" in page and "Accept plan" not in page


def _grow(world: World, count: int) -> None:
    clients = Client.objects.bulk_create(
        Client(
            site=world.cast.site_a,
            legal_first_name=f"Test{i}",
            legal_last_name=f"Person{i:04d}",
            date_of_birth=dt.date(1985, 1, 1),
            sex_assigned_at_birth="male",
        )
        for i in range(count)
    )
    Episode.objects.bulk_create(
        Episode(
            client=c,
            site=world.cast.site_a,
            admission_date=dt.date(2026, 11, 1),
            primary_clinician=world.cast.bob,
            prescribed_hours_per_week=Decimal(12),
            track="Adult mornings",
        )
        for c in clients
    )


@pytest.mark.parametrize("size", [5, 150])
@pytest.mark.parametrize("by", ["track", "clinician"])
def test_the_week_board_runs_a_constant_number_of_queries(
    world: World, size: int, by: str, django_assert_max_num_queries: object
) -> None:
    _grow(world, size)
    run = finished_run(world)
    assert run.plan_clients.count() == size + 2
    http = _login(world.cast.dana)
    with django_assert_max_num_queries(22):  # type: ignore[operator]
        assert http.get(f"/scheduling/runs/{run.pk}/", {"by": by}).status_code == 200


def test_staff_record_a_clients_week_and_bad_times_change_nothing(world: World) -> None:
    http = _login(world.cast.alice)
    url = f"/scheduling/clients/{world.cast.erin.pk}/availability/"
    window = {"form": "window", "weekdays": ["0", "2"], "start_time": "09:00", "end_time": "17:00", "kind": "work"}
    assert http.post(url, window).status_code == 302
    assert list(ClientAvailability.objects.values_list("weekday", "kind")) == [(0, "work"), (2, "work")]
    bad = http.post(url, {**window, "start_time": "18:00"})
    assert bad.status_code == 422 and "The end must be after the start." in bad.content.decode()
    assert ClientAvailability.objects.count() == 2
    assert http.post(url, {"form": "profile", "individual_minutes": "0", "notes": "Seen elsewhere"}).status_code == 302
    assert http.post(url, {"form": "modules", "modules": [world.monday.module_id]}).status_code == 302
    assert ModuleCompletion.objects.get().module_id == world.monday.module_id
    assert http.post(url, {"form": "remove", "id": ClientAvailability.objects.first().pk}).status_code == 302  # type: ignore[union-attr]
    assert ClientAvailability.objects.count() == 1
    page = http.get(url).content.decode()
    assert "Wednesday" in page and "Work" in page


def test_billing_reads_a_clients_week_but_does_not_change_it(world: World) -> None:
    http = _login(world.cast.bill)
    url = f"/scheduling/clients/{world.cast.erin.pk}/availability/"
    assert http.get(url).status_code == 200
    window = {"form": "window", "weekdays": ["0"], "start_time": "09:00", "end_time": "17:00", "kind": "work"}
    assert http.post(url, window).status_code == 403 and not ClientAvailability.objects.exists()


def test_the_chart_shows_the_clients_week_and_hours(world: World) -> None:
    from unittest import mock

    from openiop.program import services

    services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    with mock.patch("openiop.scheduling.panels.site_today", return_value=WEEK):
        page = _login(world.cast.alice).get(f"/clients/{world.cast.erin.pk}/").content.decode()
    assert "Schedule, week of Dec 7" in page and "Planned 3 h of 12 h prescribed." in page
    assert "Mon 7 Dec 09:00–12:00" in page and "Make a calendar link" in page


@pytest.mark.parametrize("extra", [0, 12])
def test_the_charts_schedule_tab_runs_a_constant_number_of_queries(
    world: World, extra: int, django_assert_max_num_queries: object, rf: object
) -> None:
    from unittest import mock

    from openiop.clients.selectors import client_get_for_user
    from openiop.program import services
    from openiop.program.tests.world import at
    from openiop.scheduling.panels import schedule_context

    for index in range(extra):
        session = services.session_create(
            actor=world.cast.dana,
            site=world.cast.site_a,
            track=world.women,
            starts_at=at(WEEK + dt.timedelta(days=4), 6) + dt.timedelta(minutes=40 * index),
            ends_at=at(WEEK + dt.timedelta(days=4), 6) + dt.timedelta(minutes=40 * index + 30),
        )
        services.enrollment_add(actor=world.cast.dana, session=session, client=world.cast.erin)
        ClientAvailability.objects.create(
            client=world.cast.erin, weekday=index % 7, start_time=dt.time(8), end_time=dt.time(9)
        )
    request = rf.get("/")  # type: ignore[attr-defined]
    request.user = world.cast.alice
    client = client_get_for_user(user=world.cast.alice, pk=world.cast.erin.pk, action=None)
    with mock.patch("openiop.scheduling.panels.site_today", return_value=WEEK), django_assert_max_num_queries(5):  # type: ignore[operator]
        context = schedule_context(request, client)
    assert len(context["schedule"]) == extra
