"""What would help: the extra group that serves the most clients left short (pure)."""

from typing import Any

import pytest

from openiop.scheduling.hand_moves import Individual
from openiop.scheduling.insights import extra_sessions
from openiop.scheduling.solver.problem import parse_problem


def _problem(clients: list[dict[str, Any]], sessions: list[dict[str, Any]]) -> Any:
    return parse_problem(
        {
            "format": "openiop.schedule.v1",
            "week_of": "2026-12-07",
            "settings": {"min_hours_per_day": 3},
            "staff": [{"id": "s-1", "availability": []}],
            "sessions": sessions,
            "clients": clients,
        }
    )


def _session(sid: str, day: str, start: str, end: str, *, capacity: int = 2, **extra: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "day": day,
        "start": start,
        "end": end,
        "capacity": capacity,
        "population": "adult",
        "gender": "any",
        "focus": None,
        "module": None,
        "staff": ["s-1"],
        **extra,
    }


def _client(cid: str, windows: list[tuple[str, str, str]], **extra: Any) -> dict[str, Any]:
    return {
        "id": cid,
        "population": "adult",
        "gender": "female",
        "focus": [],
        "min_hours": 3,
        "target_hours": 6,
        "max_hours": 9,
        "availability": [{"day": d, "start": s, "end": e} for d, s, e in windows],
        "counselor": None,
        "individual_minutes": 0,
        "completed_modules": [],
        "fixed_sessions": [],
        **extra,
    }


MORNINGS = [("mon", "08:00", "13:00"), ("tue", "08:00", "13:00")]


@pytest.mark.parametrize(
    ("clients", "placements", "best", "served"),
    [
        # Two clients want Tuesday mornings too; a Tuesday copy of the Monday group serves both.
        (
            [_client("a", MORNINGS), _client("b", MORNINGS)],
            {"a": ["g-mon"], "b": ["g-mon"]},
            ("tue", "09:00"),
            ("a", "b"),
        ),
        # Only "a" is free on Tuesday; "b" is free Mondays only and already there.
        (
            [_client("a", MORNINGS), _client("b", MORNINGS[:1])],
            {"a": ["g-mon"], "b": ["g-mon"]},
            ("tue", "09:00"),
            ("a",),
        ),
        # Women-only copies do not serve a man; a client at target is not counted.
        (
            [_client("a", MORNINGS, gender="male"), _client("b", MORNINGS, target_hours=3)],
            {"a": ["g-mon"], "b": ["g-mon"]},
            ("tue", "09:00"),
            ("a",),
        ),
    ],
)
def test_the_best_extra_group_serves_the_most_short_clients(
    clients: list[dict[str, Any]], placements: dict[str, list[str]], best: tuple[str, str], served: tuple[str, ...]
) -> None:
    problem = _problem(
        clients, [_session("g-mon", "mon", "09:00", "12:00"), _session("g-w", "mon", "09:00", "12:00", gender="female")]
    )
    found = extra_sessions(problem, placements, {})
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    top = found[0]
    assert (days[top.like.day], f"{top.like.start // 60:02d}:00") == best
    assert top.clients == served


def test_a_group_too_short_for_the_daily_minimum_on_a_new_day_serves_nobody() -> None:
    problem = _problem(
        [_client("a", MORNINGS)],
        [_session("g-mon", "mon", "09:00", "12:00"), _session("g-short", "mon", "12:00", "13:00")],
    )
    found = extra_sessions(problem, {"a": ["g-mon"]}, {})
    assert all(not (s.like.day == 1 and s.like.minutes == 60) for s in found)


def test_an_individual_session_counts_and_blocks_its_time() -> None:
    problem = _problem([_client("a", MORNINGS)], [_session("g-mon", "mon", "09:00", "12:00")])
    found = extra_sessions(problem, {"a": ["g-mon"]}, {"a": Individual(1, 9 * 60, 10 * 60)})
    assert [s.like.day for s in found] == []  # Tuesday 09:00 clashes with her individual session


def test_closed_days_are_never_suggested() -> None:
    problem = _problem([_client("a", MORNINGS)], [_session("g-mon", "mon", "09:00", "12:00")])
    assert extra_sessions(problem, {"a": ["g-mon"]}, {}, closed={1}) == []


def test_a_copy_of_a_full_group_at_the_same_time_is_marked_full() -> None:
    problem = _problem(
        [_client("a", MORNINGS), _client("b", MORNINGS), _client("c", MORNINGS)],
        [
            _session("g-mon", "mon", "09:00", "12:00", capacity=2),
            _session("g-tue", "tue", "09:00", "12:00", capacity=2),
        ],
    )
    found = extra_sessions(problem, {"a": ["g-mon", "g-tue"], "b": ["g-mon", "g-tue"], "c": []}, {})
    assert found[0].clients == ("c",) and found[0].exists and found[0].full
