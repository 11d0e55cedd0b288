"""Realistic weekly schedule problems with a planted plan that meets every target.

The week is built backwards from a plan. Each client is drawn from a mix of populations,
genders and focuses, put on one track they are eligible for (morning, evening, women's,
men's substance-use, adolescent after-school, mood, eating), given track days, and seated
in a parallel group on each of those days. Enough parallel groups are opened to seat
everyone with room to spare, a facilitator is found for each, and each client's
individual session is booked with a counselor who is free next to one of their blocks.
The client's availability is then drawn around their planted week (work or school hours
leave the rest of the day), plus other days they could come, so the solver has real
choices and the planted plan is only one of many valid plans.

``python -m benchmarks.scheduling.generate 300 > week.json`` writes one instance.
"""

from __future__ import annotations

import json
import math
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

GRID = 15
CAPACITY = 12
SEATS_PLANNED = 10  # planted clients per group: the rest of the capacity is slack
BLOCK = ((0, 90), (90, 180))  # two 90-minute groups make a 3-hour block
MODULES = (
    "relapse-prevention",
    "urges-and-cravings",
    "brain-chemistry",
    "disease-progression",
    "twelve-steps-intro",
    "spirituality",
    "stages-of-change",
    "early-recovery-skills",
    "family-education",
    "social-support",
)
SHIFTS = {"day": (8 * 60, 17 * 60), "late": (12 * 60, 21 * 60 + 30)}


@dataclass(frozen=True)
class Track:
    name: str
    population: str
    gender: str
    focus: str | None
    days: tuple[str, ...]
    start: int  # block start, minutes after midnight
    attend: int  # days a client comes; target hours = 3 per day


TRACKS = (
    Track("adult-morning", "adult", "any", None, ("mon", "tue", "wed", "thu", "fri"), 540, 4),
    Track("adult-evening", "adult", "any", None, ("mon", "tue", "wed", "thu"), 1080, 4),
    Track("women-afternoon", "adult", "female", None, ("mon", "wed", "fri"), 780, 3),
    Track("men-evening-sud", "adult", "male", "sud", ("mon", "tue", "thu"), 1080, 3),
    Track("adolescent-after-school", "adolescent", "any", None, ("mon", "tue", "wed", "thu"), 930, 3),
    Track("mood-morning", "adult", "any", "mood", ("tue", "wed", "thu"), 540, 3),
    Track("eating-evening", "adult", "any", "eating", ("mon", "wed", "thu"), 1050, 3),
)


@dataclass
class _Staff:
    id: str
    shift: str
    busy: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))

    def free(self, day: str, start: int, end: int) -> bool:
        first, last = SHIFTS[self.shift]
        if not first <= start < end <= last:
            return False
        return all(end <= s or e <= start for s, e in self.busy[day])


@dataclass
class _Client:
    id: str
    population: str
    gender: str
    focus: list[str]
    track: Track
    days: list[str]
    individual_minutes: int
    sessions: list[str] = field(default_factory=list)
    individual: tuple[str, int, int, str] | None = None  # day, start, end, staff


def generate(clients: int, seed: int = 0) -> dict[str, Any]:
    """A problem (format openiop.schedule.v1) for ``clients`` clients."""
    return generate_with_plan(clients, seed)[0]


def generate_with_plan(clients: int, seed: int = 0) -> tuple[dict[str, Any], dict[str, Any]]:
    """The problem and its planted plan: client id -> {"sessions", "individual"}."""
    rng = random.Random(seed)
    people = [_draw_client(rng, index) for index in range(clients)]
    staff: list[_Staff] = []
    sessions = _open_groups(rng, people, staff)
    for person in people:
        _book_individual(rng, person, staff)
    planted = {
        person.id: {
            "sessions": person.sessions,
            "individual": None
            if person.individual is None
            else dict(zip(("day", "start", "end", "staff"), _slot_json(person.individual), strict=True)),
        }
        for person in people
    }
    problem = {
        "format": "openiop.schedule.v1",
        "week_of": "2026-12-07",
        "settings": {"time_limit_s": 30, "min_hours_per_day": 3, "individual_slot_minutes": GRID},
        "staff": [
            {
                "id": member.id,
                "availability": [
                    {"day": day, "start": _time(SHIFTS[member.shift][0]), "end": _time(SHIFTS[member.shift][1])}
                    for day in ("mon", "tue", "wed", "thu", "fri")
                ],
            }
            for member in staff
        ],
        "sessions": sessions,
        "clients": [_client_json(rng, person, sessions) for person in people],
    }
    return problem, planted


def _slot_json(slot: tuple[str, int, int, str]) -> tuple[str, str, str, str]:
    return slot[0], _time(slot[1]), _time(slot[2]), slot[3]


def _draw_client(rng: random.Random, index: int) -> _Client:
    population = "adolescent" if rng.random() < 0.15 else "adult"
    gender = rng.choices(["female", "male", "nonbinary"], [0.48, 0.48, 0.04])[0]
    focus = rng.choices([["sud"], ["mood"], ["eating"], ["sud", "mood"]], [0.6, 0.2, 0.1, 0.1])[0]
    eligible = [
        t
        for t in TRACKS
        if t.population == population and t.gender in ("any", gender) and (t.focus is None or t.focus in focus)
    ]
    track = rng.choice(eligible)
    days = sorted(rng.sample(track.days, track.attend), key=track.days.index)
    individual = rng.choices([50, 45, 60, 0], [0.7, 0.1, 0.1, 0.1])[0]
    return _Client(f"c-{index + 1:04d}", population, gender, focus, track, days, individual)


def _open_groups(rng: random.Random, people: list[_Client], staff: list[_Staff]) -> list[dict[str, Any]]:
    """Open enough parallel groups per track and day, seat the planted clients, staff them."""
    seats: dict[tuple[str, str], list[_Client]] = defaultdict(list)
    for person in people:
        for day in person.days:
            seats[person.track.name, day].append(person)
    sessions: list[dict[str, Any]] = []
    for track in TRACKS:
        for day in track.days:
            attendees = seats[track.name, day]
            groups = max(1, math.ceil(len(attendees) / SEATS_PLANNED))
            for group in range(groups):
                facilitator = _find_staff(staff, day, track.start, track.start + BLOCK[-1][1])
                for part, (offset, end) in enumerate(BLOCK):
                    session_id = f"g-{track.name}-{day}-{group + 1}{'ab'[part]}"
                    sessions.append(
                        {
                            "id": session_id,
                            "day": day,
                            "start": _time(track.start + offset),
                            "end": _time(track.start + end),
                            "capacity": CAPACITY,
                            "population": track.population,
                            "gender": track.gender,
                            "focus": track.focus,
                            "module": rng.choice(MODULES),
                            "staff": [facilitator.id],
                        }
                    )
                    for person in attendees[group::groups]:
                        person.sessions.append(session_id)
    return sessions


def _find_staff(staff: list[_Staff], day: str, start: int, end: int) -> _Staff:
    """The least busy free staff member, or a new hire on a shift that covers the time."""
    free = [m for m in staff if m.free(day, start, end)]
    if free:
        member = min(free, key=lambda m: (sum(e - s for s, e in m.busy[day]), m.id))
    else:
        shift = "day" if end <= SHIFTS["day"][1] else "late"
        member = _Staff(f"s-{len(staff) + 1:03d}", shift)
        staff.append(member)
    member.busy[day].append((start, end))
    return member


def _book_individual(rng: random.Random, person: _Client, staff: list[_Staff]) -> None:
    """Book the individual session right before or after one of the client's blocks."""
    if person.individual_minutes == 0:
        return
    length = person.individual_minutes
    block_start = person.track.start
    block_end = block_start + BLOCK[-1][1]
    options = [
        (day, start)
        for day in rng.sample(person.days, len(person.days))
        for gap in range(0, 121, GRID)
        for start in ((block_start - length - gap) // GRID * GRID, block_end + gap)
    ]
    order = sorted(staff, key=lambda m: (sum(len(b) for b in m.busy.values()), m.id))
    for day, start in options:
        for member in order:
            if member.free(day, start, start + length):
                member.busy[day].append((start, start + length))
                person.individual = (day, start, start + length, member.id)
                return
    day, start = options[0]
    member = _find_staff(staff, day, start, start + length)
    person.individual = (day, start, start + length, member.id)


def _client_json(rng: random.Random, person: _Client, sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """Availability around the planted week, plus other days the client could come."""
    block_start = person.track.start
    block_end = block_start + BLOCK[-1][1]
    windows = []
    other_days = [d for d in person.track.days if d not in person.days]
    for day in person.days + rng.sample(other_days, min(len(other_days), rng.choice([0, 1, 1, 2]))):
        start, end = block_start, block_end
        if person.individual and person.individual[0] == day:
            start, end = min(start, person.individual[1]), max(end, person.individual[2])
        start -= rng.choice([0, 15, 30, 60])
        end = min(24 * 60, end + rng.choice([0, 15, 30, 60]))
        windows.append({"day": day, "start": _time(start), "end": _time(end)})
    planted_hours = 3 * len(person.days)
    fixed = [rng.choice(person.sessions)] if rng.random() < 0.05 else []
    counselor = person.individual[3] if person.individual else None
    if counselor is None:
        counselor = rng.choice([s["staff"][0] for s in sessions if s["id"] in person.sessions])
    return {
        "id": person.id,
        "population": person.population,
        "gender": person.gender,
        "focus": person.focus,
        "min_hours": planted_hours - 3,
        "target_hours": planted_hours,
        "max_hours": planted_hours + 3,
        "availability": windows,
        "counselor": counselor,
        "individual_minutes": person.individual_minutes,
        "completed_modules": sorted(rng.sample(MODULES, rng.randint(0, 4))),
        "fixed_sessions": fixed,
    }


def _time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    json.dump(generate(size), sys.stdout, indent=1)
