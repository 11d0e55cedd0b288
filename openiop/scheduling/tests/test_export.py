"""The database → a schedule-v1 problem: ids, hours, eligibility, availability, promises."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from openiop.clients.models import Client, Episode
from openiop.program import services as program
from openiop.program.tests.world import WEEK, World
from openiop.scheduling import services
from openiop.scheduling.export import (
    availability_windows,
    build_problem,
    group_gender,
    hour_targets,
    previous_for_week,
    problem_for_week,
)
from openiop.scheduling.models import ClientAvailability
from openiop.scheduling.solver.problem import parse_problem


def _client(problem: dict[str, object], pk: int) -> dict[str, object]:
    return next(c for c in problem["clients"] if c["id"] == f"c-{pk}")  # type: ignore[attr-defined]


def test_the_week_exports_as_a_valid_problem(world: World) -> None:
    problem = problem_for_week(site=world.cast.site_a, week_start=WEEK + dt.timedelta(days=3))
    parse_problem(json.loads(json.dumps(problem)))  # survives JSON and the solver's own parser
    assert problem["week_of"] == "2026-12-07"
    sessions = {s["id"]: s for s in problem["sessions"]}
    monday = sessions[f"g-{world.monday.pk}"]
    assert monday == {
        "id": f"g-{world.monday.pk}",
        "day": "mon",
        "start": "09:00",
        "end": "12:00",
        "capacity": 12,
        "population": "adult",
        "gender": "any",
        "focus": "sud",
        "module": "early-recovery-skills",  # the series' fourth meeting: the rotation's second module
        "staff": [f"s-{world.cast.alice.pk}"],
    }
    assert sessions[f"g-{world.teen_tuesday.pk}"]["population"] == "adolescent"
    assert {c["id"] for c in problem["clients"]} == {f"c-{world.cast.erin.pk}", f"c-{world.cast.frank.pk}"}
    erin = _client(problem, world.cast.erin.pk)
    assert erin["counselor"] == f"s-{world.cast.alice.pk}" and erin["individual_minutes"] == 50
    assert (erin["min_hours"], erin["target_hours"], erin["max_hours"]) == (9.0, 12.0, 15.0)


def test_cancelled_sessions_and_other_weeks_are_left_out(world: World) -> None:
    program.session_cancel(actor=world.cast.dana, session=world.monday, reason="Holiday")
    ids = {s["id"] for s in problem_for_week(site=world.cast.site_a, week_start=WEEK)["sessions"]}
    assert f"g-{world.monday.pk}" not in ids and f"g-{world.wednesday.pk}" in ids and len(ids) == 3


@pytest.mark.parametrize(
    ("identity", "sex", "expected"),
    [
        ("woman", "female", "female"),
        ("trans-woman", "male", "female"),
        ("trans-man", "female", "male"),
        ("man", "male", "male"),
        ("nonbinary", "intersex", "nonbinary"),  # joins mixed groups only
        ("", "male", "male"),
        ("", "unknown", "unspecified"),
    ],
)
def test_the_gender_that_decides_womens_and_mens_groups(identity: str, sex: str, expected: str) -> None:
    assert group_gender(Client(gender_identity=identity, sex_assigned_at_birth=sex)) == expected


@pytest.mark.parametrize(
    ("population", "prescribed", "expected"),
    [
        ("adult", 12, (9, 12, 15)),
        ("adult", 9, (9, 9, 12)),
        ("adult", 18, (9, 18, 19)),
        ("adolescent", 6, (6, 6, 9)),
        ("adolescent", 9, (6, 9, 12)),
    ],
)
def test_hour_targets_follow_the_prescription(population: str, prescribed: int, expected: tuple[int, ...]) -> None:
    episode = Episode(population=population, prescribed_hours_per_week=Decimal(prescribed))
    assert tuple(int(h) for h in hour_targets(episode)) == expected


def _w(day: int, start: int, end: int, kind: str) -> ClientAvailability:
    return ClientAvailability(weekday=day, start_time=dt.time(start), end_time=dt.time(end), kind=kind)


@pytest.mark.parametrize(
    ("rows", "expected", "recorded"),
    [
        ([_w(0, 8, 13, "available")], [("mon", "08:00", "13:00")], True),
        ([_w(0, 8, 10, "available"), _w(0, 10, 13, "preferred")], [("mon", "08:00", "13:00")], True),
        (
            [_w(0, 8, 20, "available"), _w(0, 9, 17, "work")],
            [("mon", "08:00", "09:00"), ("mon", "17:00", "20:00")],
            True,
        ),
        ([_w(2, 7, 22, "available"), _w(2, 7, 22, "childcare")], [], True),
        ([_w(6, 9, 12, "school")], None, False),  # nothing open recorded: the usual hours, minus school
    ],
)
def test_availability_is_the_open_windows_minus_commitments(
    rows: list[ClientAvailability], expected: list[tuple[str, str, str]] | None, recorded: bool
) -> None:
    windows, used = availability_windows(rows)
    assert used is recorded
    if expected is not None:
        assert [(w["day"], w["start"], w["end"]) for w in windows] == expected
    else:
        assert len(windows) == 6 and windows[0] == {"day": "mon", "start": "07:00", "end": "22:00"}


def test_a_client_with_no_time_for_their_counselor_gets_no_individual_session_and_a_warning(world: World) -> None:
    services.client_availability_add(
        actor=world.cast.dana,
        client=world.cast.erin,
        weekday=5,
        start_time=dt.time(9),
        end_time=dt.time(12),
        kind="available",
    )
    export = build_problem(site=world.cast.site_a, week_start=WEEK)
    assert _client(export.problem, world.cast.erin.pk)["individual_minutes"] == 0
    assert any("Erin Castillo: no 50-minute time fits" in w for w in export.warnings)


def test_a_hand_made_enrolment_is_a_promise_unless_it_breaks_a_rule(world: World) -> None:
    program.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    program.enrollment_add(actor=world.cast.dana, session=world.teen_tuesday, client=world.cast.frank)
    export = build_problem(site=world.cast.site_a, week_start=WEEK)
    assert _client(export.problem, world.cast.erin.pk)["fixed_sessions"] == [f"g-{world.monday.pk}"]
    assert _client(export.problem, world.cast.frank.pk)["fixed_sessions"] == []
    teen = next(s for s in export.problem["sessions"] if s["id"] == f"g-{world.teen_tuesday.pk}")
    assert teen["capacity"] == 5  # Frank keeps his seat
    assert any(
        "Frank Reyes: added by hand to the Tuesday 16:00 group, but the session is for the adolescent" in w
        for w in export.warnings
    )


def test_staff_away_for_a_day_have_no_hours_that_day(world: World) -> None:
    program.staff_absence_add(
        actor=world.cast.dana,
        site=world.cast.site_a,
        user=world.cast.alice,
        first_day=WEEK,
        last_day=WEEK,
        reason="Leave",
    )
    problem = problem_for_week(site=world.cast.site_a, week_start=WEEK)
    alice = next(s for s in problem["staff"] if s["id"] == f"s-{world.cast.alice.pk}")
    assert [w["day"] for w in alice["availability"]] == ["tue", "wed", "thu", "fri"]


def test_last_weeks_roster_becomes_this_weeks_hint_by_series_weekday_and_time(world: World) -> None:
    from openiop.program.models import GroupSession

    last_monday = GroupSession.objects.get(series=world.series, occurrence_date=WEEK - dt.timedelta(days=7))
    program.enrollment_add(actor=world.cast.dana, session=last_monday, client=world.cast.erin, source="plan")
    previous = previous_for_week(build_problem(site=world.cast.site_a, week_start=WEEK))
    assert previous == {
        "clients": [{"id": f"c-{world.cast.erin.pk}", "sessions": [f"g-{world.monday.pk}"], "individual": None}]
    }


def test_a_counselor_without_hours_for_everyone_leaves_some_individual_sessions_out_not_the_whole_week(
    world: World,
) -> None:
    Episode.objects.filter(client=world.cast.frank).update(primary_clinician=world.cast.alice)
    program.staff_availability_add(
        actor=world.cast.dana,
        site=world.cast.site_a,
        user=world.cast.alice,
        weekday=5,
        start_time=dt.time(12),
        end_time=dt.time(13),
    )
    for client in (world.cast.erin, world.cast.frank):
        services.client_availability_add(
            actor=world.cast.dana,
            client=client,
            weekday=5,
            start_time=dt.time(12),
            end_time=dt.time(13),
            kind="available",
        )
    export = build_problem(site=world.cast.site_a, week_start=WEEK)
    minutes = sorted(c["individual_minutes"] for c in export.problem["clients"])
    assert minutes == [0, 50]
    assert sum("Alice's hours have no free 50-minute slot left" in w for w in export.warnings) == 1
    from openiop.scheduling.solver.solve import solve

    assert solve(export.problem, time_limit_s=2)["status"] in ("optimal", "feasible")
