"""Builders for small hand-made weeks (format openiop.schedule.v1) used by these tests.

Defaults are chosen so that a test only states what it is about: the daily minimum is
off, everyone is an adult woman with a substance-use focus, available all Monday, with
no individual session and room for 15 hours.
"""

from __future__ import annotations

from typing import Any


def window(day: str = "mon", start: str = "08:00", end: str = "20:00") -> dict[str, str]:
    return {"day": day, "start": start, "end": end}


def staff(staff_id: str = "s-alice", *windows: dict[str, str]) -> dict[str, Any]:
    return {"id": staff_id, "availability": list(windows) or [window()]}


def session(
    session_id: str, day: str = "mon", start: str = "09:00", end: str = "10:30", **fields: Any
) -> dict[str, Any]:
    return {
        "id": session_id,
        "day": day,
        "start": start,
        "end": end,
        "capacity": 12,
        "population": "adult",
        "gender": "any",
        "focus": None,
        "module": None,
        "staff": [],
        **fields,
    }


def client(client_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": client_id,
        "population": "adult",
        "gender": "female",
        "focus": ["sud"],
        "min_hours": 0,
        "target_hours": 0,
        "max_hours": 15,
        "availability": [window()],
        "counselor": None,
        "individual_minutes": 0,
        "completed_modules": [],
        "fixed_sessions": [],
        **fields,
    }


def week(
    *,
    sessions: list[dict[str, Any]],
    clients: list[dict[str, Any]],
    staff_members: list[dict[str, Any]] | None = None,
    min_hours_per_day: float = 0,
    individual_slot_minutes: int = 15,
) -> dict[str, Any]:
    return {
        "format": "openiop.schedule.v1",
        "week_of": "2026-12-07",
        "settings": {
            "time_limit_s": 10,
            "min_hours_per_day": min_hours_per_day,
            "individual_slot_minutes": individual_slot_minutes,
        },
        "staff": [staff()] if staff_members is None else staff_members,
        "sessions": sessions,
        "clients": clients,
    }


def placed(solution: dict[str, Any], client_id: str) -> list[str]:
    """The sessions the solution gives a client."""
    return next(c["sessions"] for c in solution["clients"] if c["id"] == client_id)


def entry(solution: dict[str, Any], client_id: str) -> dict[str, Any]:
    return next(c for c in solution["clients"] if c["id"] == client_id)
