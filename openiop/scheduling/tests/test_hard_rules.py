"""Each hard rule of format v1 on a small hand-made week: the rule binds and is kept."""

from __future__ import annotations

from typing import Any

import pytest

from openiop.scheduling.solver.solve import solve

from . import client, entry, placed, session, staff, week, window
from .test_property import violations


def solved(problem: dict[str, Any]) -> dict[str, Any]:
    solution = solve(problem, time_limit_s=5)
    assert violations(problem, solution) == []
    return solution


# --- rule 1: wholly inside one availability window ----------------------------------------


@pytest.mark.parametrize(
    ("windows", "expected"),
    [
        ([window("mon", "09:00", "10:30")], ["g"]),
        ([window("mon", "09:15", "12:00")], []),  # starts too late
        ([window("mon", "08:00", "10:00")], []),  # ends too early
        ([window("tue", "08:00", "12:00")], []),  # another day
        # Two windows that touch are still two windows: the session is in neither.
        ([window("mon", "08:00", "09:45"), window("mon", "09:45", "12:00")], []),
    ],
    ids=["exactly-inside", "starts-late", "ends-early", "other-day", "split-windows"],
)
def test_rule_1_places_a_client_only_wholly_inside_one_window(
    windows: list[dict[str, str]], expected: list[str]
) -> None:
    problem = week(sessions=[session("g")], clients=[client("c", target_hours=1.5, availability=windows)])
    assert placed(solved(problem), "c") == expected


# --- rule 2: eligibility ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("session_fields", "client_fields", "eligible"),
    [
        ({}, {}, True),
        ({"population": "adolescent"}, {}, False),
        ({"population": "adolescent"}, {"population": "adolescent"}, True),
        ({"gender": "female"}, {"gender": "female"}, True),
        ({"gender": "male"}, {"gender": "female"}, False),
        ({"gender": "female"}, {"gender": "nonbinary"}, False),
        ({"gender": "any"}, {"gender": "nonbinary"}, True),
        ({"focus": "sud"}, {"focus": ["mood", "sud"]}, True),
        ({"focus": "eating"}, {"focus": ["sud"]}, False),
        ({"focus": None}, {"focus": []}, True),
    ],
)
def test_rule_2_places_a_client_only_in_eligible_sessions(
    session_fields: dict[str, Any], client_fields: dict[str, Any], eligible: bool
) -> None:
    problem = week(sessions=[session("g", **session_fields)], clients=[client("c", target_hours=1.5, **client_fields)])
    assert placed(solved(problem), "c") == (["g"] if eligible else [])


# --- rule 3: capacity ---------------------------------------------------------------------


def test_rule_3_never_fills_a_session_beyond_capacity_and_says_so() -> None:
    problem = week(
        sessions=[session("g", capacity=2)],
        clients=[client(f"c{i}", target_hours=1.5) for i in range(3)],
    )
    solution = solved(problem)
    assert solution["sessions"] == [{"id": "g", "enrolled": 2}]
    left_out = [c for c in solution["clients"] if not c["sessions"]]
    assert len(left_out) == 1
    assert left_out[0]["unmet_reason"] == "all eligible Monday morning sessions are full"


# --- rule 4: no overlaps ------------------------------------------------------------------


def test_rule_4_never_gives_a_client_overlapping_sessions() -> None:
    problem = week(
        sessions=[session("early", start="09:00", end="10:30"), session("late", start="10:00", end="11:30")],
        clients=[client("c", target_hours=3)],
    )
    assert len(placed(solved(problem), "c")) == 1


def test_rule_4_keeps_the_individual_session_clear_of_groups() -> None:
    # The client is free 09:00-11:00 and the group takes 09:00-10:30, so the 30-minute
    # individual session can only go at 10:30.
    problem = week(
        sessions=[session("g", start="09:00", end="10:30")],
        clients=[
            client(
                "c",
                target_hours=2,
                availability=[window("mon", "09:00", "11:00")],
                counselor="s-alice",
                individual_minutes=30,
            )
        ],
    )
    solution = solved(problem)
    assert placed(solution, "c") == ["g"]
    assert entry(solution, "c")["individual"] == {"day": "mon", "start": "10:30", "end": "11:00", "staff": "s-alice"}


# --- rule 5: max hours --------------------------------------------------------------------


def test_rule_5_stops_at_max_hours_even_below_target() -> None:
    problem = week(
        sessions=[session("a", start="09:00", end="10:30"), session("b", start="11:00", end="12:30")],
        clients=[client("c", min_hours=1, target_hours=2, max_hours=2)],
    )
    solution = solved(problem)
    assert len(placed(solution, "c")) == 1
    assert entry(solution, "c")["hours"] == 1.5


# --- rule 6: the individual session -------------------------------------------------------


def test_rule_6_books_individual_sessions_on_the_grid_around_the_counselors_groups() -> None:
    # Alice is free 09:00-12:00 but runs a group 09:00-09:40; two clients need 50 minutes
    # each on a 15-minute grid: 09:45 is the first start after the group, and the second
    # session cannot begin before 10:35, so it starts at 10:45.
    problem = week(
        staff_members=[staff("s-alice", window("mon", "09:00", "12:00"))],
        sessions=[session("alice-group", start="09:00", end="09:40", staff=["s-alice"], capacity=0)],
        clients=[
            client(f"c{i}", counselor="s-alice", individual_minutes=50, availability=[window("mon", "08:00", "11:40")])
            for i in range(2)
        ],
    )
    solution = solved(problem)
    starts = sorted(c["individual"]["start"] for c in solution["clients"])
    assert starts == ["09:45", "10:45"]
    assert solution["status"] == "optimal"


def test_rule_6_makes_the_week_infeasible_when_a_counselor_has_no_room() -> None:
    problem = week(
        staff_members=[staff("s-alice", window("mon", "09:00", "10:00"))],
        sessions=[],
        clients=[client(f"c{i}", counselor="s-alice", individual_minutes=50) for i in range(2)],
    )
    solution = solved(problem)
    assert solution["status"] == "infeasible"
    assert all(c["sessions"] == [] and c["individual"] is None for c in solution["clients"])
    assert {c["unmet_reason"] for c in solution["clients"]} == {
        'counselor "s-alice" has no room for all of their clients\' individual sessions'
    }


def test_rule_6_names_the_client_without_any_possible_slot() -> None:
    problem = week(
        staff_members=[staff("s-alice", window("tue", "09:00", "17:00"))],
        sessions=[],
        clients=[client("c", counselor="s-alice", individual_minutes=50), client("d")],
    )
    solution = solved(problem)
    assert solution["status"] == "infeasible"
    assert entry(solution, "c")["unmet_reason"] == (
        'no 50-minute slot with counselor "s-alice" fits both availabilities and avoids the counselor\'s groups'
    )
    assert entry(solution, "d")["unmet_reason"] == "no valid plan: see the reasons given for other clients"


# --- rule 7: the daily minimum ------------------------------------------------------------


def test_rule_7_never_leaves_a_group_day_under_the_daily_minimum() -> None:
    # Monday can reach 3 hours; Tuesday's single 90-minute group cannot, so it is skipped
    # even though the client wants the hours.
    problem = week(
        sessions=[
            session("mon-a", start="09:00", end="10:30"),
            session("mon-b", start="10:30", end="12:00"),
            session("tue-a", day="tue", start="09:00", end="10:30"),
        ],
        clients=[client("c", target_hours=6, availability=[window("mon"), window("tue")])],
        min_hours_per_day=3,
    )
    solution = solved(problem)
    assert placed(solution, "c") == ["mon-a", "mon-b"]
    assert entry(solution, "c")["unmet_reason"] == "available 3.0 h in eligible sessions; target 6 h"


def test_rule_7_counts_the_individual_session_and_allows_a_day_with_only_it() -> None:
    # Monday: 2h30 of group + the 30-minute individual session reach 3 hours.
    problem = week(
        sessions=[session("mon", start="09:00", end="11:30")],
        clients=[
            client(
                "c",
                target_hours=3,
                availability=[window("mon", "09:00", "12:00")],
                counselor="s-alice",
                individual_minutes=30,
            ),
            client("d", counselor="s-alice", individual_minutes=30, availability=[window("mon", "13:00", "14:00")]),
        ],
        min_hours_per_day=3,
    )
    solution = solved(problem)
    assert placed(solution, "c") == ["mon"]
    assert entry(solution, "c")["individual"]["start"] == "11:30"
    # d comes on Monday for the individual session alone, far below the daily minimum.
    assert placed(solution, "d") == []
    assert entry(solution, "d")["individual"]["day"] == "mon"


def test_rule_7_is_off_at_zero() -> None:
    problem = week(sessions=[session("g")], clients=[client("c", target_hours=1.5)], min_hours_per_day=0)
    assert placed(solved(problem), "c") == ["g"]


# --- rule 8: promised sessions ------------------------------------------------------------


def test_rule_8_keeps_a_fixed_session_over_a_better_one() -> None:
    # "long" would serve the target alone; the promised short session stays anyway.
    problem = week(
        sessions=[session("short", start="09:00", end="10:00"), session("long", start="09:30", end="12:30")],
        clients=[client("c", target_hours=3, fixed_sessions=["short"])],
    )
    assert placed(solved(problem), "c") == ["short"]


def test_rule_8_makes_the_week_infeasible_when_a_promise_breaks_a_rule() -> None:
    problem = week(
        sessions=[session("teen-group", population="adolescent")],
        clients=[client("c", fixed_sessions=["teen-group"]), client("d", target_hours=1)],
    )
    solution = solved(problem)
    assert solution["status"] == "infeasible"
    assert entry(solution, "c")["unmet_reason"] == (
        'fixed session "teen-group" is not eligible: the session is for the adolescent population'
    )


def test_rule_8_reports_a_session_promised_to_more_clients_than_it_holds() -> None:
    problem = week(
        sessions=[session("g", capacity=1)],
        clients=[client(f"c{i}", fixed_sessions=["g"]) for i in range(2)],
    )
    solution = solved(problem)
    assert solution["status"] == "infeasible"
    assert entry(solution, "c0")["unmet_reason"] == 'fixed session "g" is promised to 2 clients but holds 1'
