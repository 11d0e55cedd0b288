"""The objective tiers, in the format's order: each instance makes two tiers disagree and
checks that the higher one wins."""

from __future__ import annotations

from typing import Any

from openiop.scheduling.solver.solve import solve

from . import client, entry, placed, session, week, window
from .test_property import violations


def solved(problem: dict[str, Any]) -> dict[str, Any]:
    solution = solve(problem, time_limit_s=5)
    assert violations(problem, solution) == []
    assert solution["status"] == "optimal"
    return solution


def test_tier_1_serves_more_clients_at_min_before_cutting_shortfall() -> None:
    # The one seat in the 3-hour group either brings Bea to her minimum (2 clients at
    # min, shortfall 570) or gives Ann more hours (1 client at min, shortfall 510).
    problem = week(
        sessions=[
            session("big", start="09:00", end="12:00", capacity=1),
            session("small", start="13:00", end="13:30", capacity=1, population="adult"),
        ],
        clients=[
            client("ann", min_hours=0.5, target_hours=10),
            client("bea", min_hours=2, target_hours=2, availability=[window("mon", "08:00", "12:00")]),
        ],
    )
    solution = solved(problem)
    assert placed(solution, "bea") == ["big"]
    assert placed(solution, "ann") == ["small"]
    assert solution["objective"]["clients_at_min"] == 2
    assert solution["objective"]["shortfall_minutes"] == 570


def test_tier_2_cuts_shortfall_before_teaching_new_modules() -> None:
    # The completed module's 3-hour group meets the target; the new module's group,
    # which overlaps it, would leave 90 minutes short.
    problem = week(
        sessions=[
            session("known", start="09:00", end="12:00", module="stages-of-change"),
            session("new", start="09:00", end="10:30", module="relapse-prevention"),
        ],
        clients=[client("c", target_hours=3, completed_modules=["stages-of-change"])],
    )
    solution = solved(problem)
    assert placed(solution, "c") == ["known"]
    assert solution["objective"] == {
        "clients_at_min": 1,
        "shortfall_minutes": 0,
        "new_modules": 0,
        "attendance_days": 1,
    }


def test_tier_3_teaches_new_modules_before_saving_a_day() -> None:
    # Either group meets the target; taking both costs a second day but teaches two
    # new modules.
    problem = week(
        sessions=[
            session("mon", module="relapse-prevention"),
            session("tue", day="tue", module="spirituality"),
        ],
        clients=[client("c", target_hours=1.5, availability=[window("mon"), window("tue")])],
    )
    solution = solved(problem)
    assert placed(solution, "c") == ["mon", "tue"]
    assert solution["objective"]["new_modules"] == 2
    assert solution["objective"]["attendance_days"] == 2


def test_tier_3_counts_a_module_once_per_client() -> None:
    problem = week(
        sessions=[
            session("first", start="09:00", end="10:30", module="relapse-prevention"),
            session("again", start="10:30", end="12:00", module="relapse-prevention"),
        ],
        clients=[client("c", target_hours=3)],
    )
    solution = solved(problem)
    assert placed(solution, "c") == ["first", "again"]
    assert solution["objective"]["new_modules"] == 1


def test_tier_4_prefers_fewer_attendance_days() -> None:
    problem = week(
        sessions=[
            session("mon-a", start="09:00", end="10:30"),
            session("tue-a", day="tue", start="09:00", end="10:30"),
            session("mon-b", start="10:30", end="12:00"),
        ],
        clients=[client("c", target_hours=3, max_hours=3, availability=[window("mon"), window("tue")])],
    )
    solution = solved(problem)
    assert placed(solution, "c") == ["mon-a", "mon-b"]
    assert solution["objective"]["attendance_days"] == 1


def test_the_individual_session_counts_towards_hours_and_days() -> None:
    problem = week(
        sessions=[session("g", day="tue")],
        clients=[
            client(
                "c",
                min_hours=2,
                target_hours=2,
                counselor="s-alice",
                individual_minutes=30,
                availability=[window("mon"), window("tue")],
            )
        ],
    )
    solution = solved(problem)
    assert entry(solution, "c")["hours"] == 2.0
    assert entry(solution, "c")["meets_target"] is True
    # Alice works Mondays only, so the group and the individual session take two days.
    assert solution["objective"]["attendance_days"] == 2
