"""Plan week: the background run, hand moves re-checked against the hard rules, accepting the plan."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openiop.audit.models import AuditEvent
from openiop.program import services as program
from openiop.program.models import EnrollmentSource, GroupSession, IndividualSession, SessionEnrollment
from openiop.program.tests.world import WEEK, World, at
from openiop.scheduling import services
from openiop.scheduling.models import PlanAssignment, PlanClient, PlanRun, PlanStatus
from openiop.scheduling.services import runs


def _plan(world: World) -> PlanRun:
    return services.plan_run_start(actor=world.cast.dana, site=world.cast.site_a, week_start=WEEK, time_limit_s=3)


def _sessions(run: PlanRun, client: Any) -> set[int]:
    return set(PlanAssignment.objects.filter(run=run, client=client).values_list("session_id", flat=True))


def test_planning_a_week_runs_in_the_background_and_stores_the_proposal(world: World) -> None:
    run = _plan(world)
    assert (run.status, run.progress, run.step) == (PlanStatus.DONE, 100, "Done")
    assert run.solution is not None and run.solution["status"] in ("optimal", "feasible")
    erin = PlanClient.objects.get(run=run, client=world.cast.erin)
    assert erin.target_minutes == 720 and erin.counselor == world.cast.alice
    assert erin.individual_minutes == 50
    # Erin can reach 9 h only in the three morning groups: she is placed in all of them.
    assert _sessions(run, world.cast.erin) >= {world.monday.pk, world.wednesday.pk}
    assert AuditEvent.objects.filter(object_type="schedule_problem", channel="task").count() == 1


def test_only_the_director_plans(world: World) -> None:
    for person in ("alice", "bob", "mel", "ivan", "bill", "carol"):
        with pytest.raises(PermissionDenied):
            services.plan_run_start(actor=getattr(world.cast, person), site=world.cast.site_a, week_start=WEEK)
    assert not PlanRun.objects.exists()


def test_a_run_that_fails_says_so_instead_of_hanging(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> dict[str, object]:
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(runs, "solve", broken)
    run = _plan(world)
    assert run.status == PlanStatus.FAILED and "solver exploded" in run.error
    assert not PlanClient.objects.filter(run=run).exists()


@pytest.fixture
def planned(world: World) -> PlanRun:
    run = _plan(world)
    # A known starting point for the move rules: Erin in the three morning groups, Frank in none.
    PlanAssignment.objects.filter(run=run).delete()
    thursday = GroupSession.objects.get(series=world.series, occurrence_date=WEEK + dt.timedelta(days=3))
    for session in (world.monday, world.wednesday, thursday):
        PlanAssignment.objects.create(run=run, client=world.cast.erin, session=session)
    PlanClient.objects.filter(run=run).update(
        individual_starts_at=at(WEEK + dt.timedelta(days=1), 10),
        individual_ends_at=at(WEEK + dt.timedelta(days=1), 10, 50),
    )
    return run


def _extra(world: World, day: int, start: int, end: int, track: str = "mornings", capacity: int = 12) -> GroupSession:
    return program.session_create(
        actor=world.cast.dana,
        site=world.cast.site_a,
        track=getattr(world, track),
        starts_at=at(WEEK + dt.timedelta(days=day), start),
        ends_at=at(WEEK + dt.timedelta(days=day), end),
        capacity=capacity,
    )


def _problem_with(run: PlanRun, world: World, *sessions: GroupSession) -> None:
    """Re-export the problem so sessions created after the run are part of it."""
    from openiop.scheduling.export import build_problem

    run.problem = build_problem(site=world.cast.site_a, week_start=WEEK).problem
    run.save()
    del sessions


@pytest.mark.parametrize(
    ("remove", "add", "reason"),
    [
        (None, "teen_tuesday", "Not eligible: the session is for the adolescent population."),
        ("monday", None, "Monday would have 0 h"),  # never reached: a day with no group is fine
        (None, "tuesday_short", "Tuesday would have 1 h 50 min, under the 3 h daily minimum"),
        (None, "tuesday_overlap", "It overlaps the client's individual session (10:00–10:50)."),
        (None, "monday_clash", "The Monday 09:00–12:00 and Monday 11:00–14:00 sessions overlap."),
        (None, "friday_full", "The Friday 09:00–12:00 session is full (1 of 1)."),
        ("tuesday_short", None, "The client is not in the session to leave."),
        (None, "monday", "The client is already in that session."),
    ],
)
def test_a_hand_move_that_breaks_a_hard_rule_is_refused_with_the_reason(
    world: World, planned: PlanRun, remove: str | None, add: str | None, reason: str
) -> None:
    extra = {
        "tuesday_short": _extra(world, 1, 13, 14),
        "tuesday_overlap": _extra(world, 1, 9, 12),
        "monday_clash": _extra(world, 0, 11, 14),
        "friday_full": _extra(world, 4, 9, 12, capacity=1),
    }
    _problem_with(planned, world)
    PlanAssignment.objects.create(run=planned, client=world.cast.frank, session=extra["friday_full"])

    def pick(name: str | None) -> GroupSession | None:
        return None if name is None else extra.get(name) or getattr(world, name)

    before = sorted(PlanAssignment.objects.filter(run=planned).values_list("client_id", "session_id"))
    problems = services.plan_move_check(run=planned, client=world.cast.erin, remove=pick(remove), add=pick(add))
    if reason.startswith("Monday would have"):
        assert problems == []  # leaving Monday entirely keeps every rule
        return
    assert any(reason in p for p in problems), problems
    with pytest.raises(ValidationError):
        services.plan_move(
            actor=world.cast.dana, run=planned, client=world.cast.erin, remove=pick(remove), add=pick(add)
        )
    assert sorted(PlanAssignment.objects.filter(run=planned).values_list("client_id", "session_id")) == before


def test_a_move_outside_the_clients_availability_is_refused(world: World, planned: PlanRun) -> None:
    services.client_availability_add(
        actor=world.cast.dana,
        client=world.cast.erin,
        weekday=0,
        start_time=dt.time(8),
        end_time=dt.time(13),
        kind="available",
    )
    friday = _extra(world, 4, 9, 12)
    _problem_with(planned, world)
    problems = services.plan_move_check(run=planned, client=world.cast.erin, remove=None, add=friday)
    assert "Friday 09:00–12:00 is outside the client's availability." in problems


def test_a_move_above_the_maximum_hours_is_refused(world: World, planned: PlanRun) -> None:
    friday, saturday = _extra(world, 4, 9, 12), _extra(world, 5, 9, 12)
    _problem_with(planned, world)
    services.plan_move(actor=world.cast.dana, run=planned, client=world.cast.erin, remove=None, add=friday)
    problems = services.plan_move_check(run=planned, client=world.cast.erin, remove=None, add=saturday)
    assert "That makes 15 h 50 min this week, above the maximum of 15 h." in problems


def test_a_valid_move_is_made_by_hand_and_audited(world: World, planned: PlanRun) -> None:
    friday = _extra(world, 4, 9, 12)
    _problem_with(planned, world)
    services.plan_move(actor=world.cast.dana, run=planned, client=world.cast.erin, remove=world.monday, add=friday)
    assert world.monday.pk not in _sessions(planned, world.cast.erin)
    assert PlanAssignment.objects.get(run=planned, client=world.cast.erin, session=friday).by_hand
    assert AuditEvent.objects.filter(object_type="planassignment", client_id=world.cast.erin.pk).exists()


def test_only_the_director_moves(world: World, planned: PlanRun) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_move(actor=world.cast.alice, run=planned, client=world.cast.erin, remove=world.monday, add=None)


def test_accepting_writes_the_rosters_and_the_individual_sessions(world: World, planned: PlanRun) -> None:
    counts = services.plan_accept(actor=world.cast.dana, run=planned)
    assert counts == {"added": 3, "removed": 0, "individual": 2}
    assert set(SessionEnrollment.objects.filter(client=world.cast.erin).values_list("source", flat=True)) == {"plan"}
    meeting = IndividualSession.objects.get(client=world.cast.erin)
    assert meeting.clinician == world.cast.alice and meeting.starts_at == at(WEEK + dt.timedelta(days=1), 10)
    planned.refresh_from_db()
    assert planned.accepted_by == world.cast.dana
    with pytest.raises(ValidationError, match="already accepted"):
        services.plan_accept(actor=world.cast.dana, run=planned)


def test_a_failure_while_accepting_leaves_the_rosters_as_they_were(
    world: World, planned: PlanRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("the connection dropped after the rosters were written")

    # The individual sessions come last: by then every enrolment of the plan has been written.
    monkeypatch.setattr(program, "individual_session_create", broken)
    with pytest.raises(RuntimeError):
        services.plan_accept(actor=world.cast.dana, run=planned)
    assert not SessionEnrollment.objects.filter(source=EnrollmentSource.PLAN).exists()
    assert not IndividualSession.objects.exists()
    planned.refresh_from_db()
    assert planned.accepted_at is None


def test_a_new_plan_replaces_the_old_one_but_keeps_what_staff_added_by_hand(world: World, planned: PlanRun) -> None:
    services.plan_accept(actor=world.cast.dana, run=planned)
    drop_in = _extra(world, 4, 9, 12)
    program.enrollment_add(actor=world.cast.dana, session=drop_in, client=world.cast.erin, source="drop-in")
    second = _plan(world)
    PlanAssignment.objects.filter(run=second, client=world.cast.erin).exclude(session=drop_in).delete()
    PlanAssignment.objects.create(run=second, client=world.cast.erin, session=world.monday)
    services.plan_accept(actor=world.cast.dana, run=second)
    sources = dict(SessionEnrollment.objects.filter(client=world.cast.erin).values_list("session_id", "source"))
    assert sources == {world.monday.pk: EnrollmentSource.PLAN, drop_in.pk: EnrollmentSource.DROP_IN}
