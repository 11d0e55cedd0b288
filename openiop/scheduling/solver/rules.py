"""Static parts of the hard rules: what a client could ever be placed in.

Rules 1, 2 and the placement half of rule 6 do not depend on anyone else's placement,
so they are applied here, before the model is built, by leaving impossible placements
out. The model then only has to deal with the rules that link decisions together.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .problem import Client, Problem, Session, Window


@dataclass(frozen=True)
class Slot:
    """One possible individual session: ``[start, end)`` on ``day`` with ``staff``."""

    day: int
    start: int
    end: int
    staff: str


def ineligibility(client: Client, session: Session) -> str | None:
    """Why rule 2 keeps the client out of the session, or None if it does not."""
    if session.population != client.population:
        return f"the session is for the {session.population} population"
    if session.gender not in ("any", client.gender):
        return f"the session is for gender {session.gender}"
    if session.focus is not None and session.focus not in client.focus:
        return f"the session's focus is {session.focus}"
    return None


def inside(windows: tuple[Window, ...], day: int, start: int, end: int) -> bool:
    """Rule 1: the interval lies wholly inside one window (windows are not merged)."""
    return any(window.contains(day, start, end) for window in windows)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def candidate_sessions(problem: Problem, client: Client) -> list[Session]:
    """Sessions the client may join under rules 1 and 2 and that fit under max_hours."""
    room = client.max_minutes - client.individual_minutes
    return [
        session
        for session in problem.sessions
        if ineligibility(client, session) is None
        and inside(client.availability, session.day, session.start, session.end)
        and session.minutes <= room
    ]


def candidate_slots(problem: Problem, client: Client) -> list[Slot]:
    """Individual sessions the client may get under rule 6, ignoring other clients.

    Starts are on the ``individual_slot_minutes`` grid counted from midnight, the
    session lies inside one client window and one counselor window, and it overlaps
    none of the counselor's groups (a facilitator is busy whether or not anyone enrols).
    """
    if client.individual_minutes == 0 or client.counselor is None:
        return []
    counselor = client.counselor
    staff = next(member for member in problem.staff if member.id == counselor)
    groups = [s for s in problem.sessions if counselor in s.staff]
    step = problem.settings.individual_slot_minutes
    length = client.individual_minutes
    slots: dict[tuple[int, int], Slot] = {}  # keyed by (day, start): windows may overlap
    for window in client.availability:
        first = -(-window.start // step) * step  # round up onto the grid
        for start in range(first, window.end - length + 1, step):
            end = start + length
            if inside(staff.availability, window.day, start, end) and not any(
                g.day == window.day and overlaps(start, end, g.start, g.end) for g in groups
            ):
                slots[window.day, start] = Slot(window.day, start, end, counselor)
    return [slots[key] for key in sorted(slots)]


def longest_disjoint(sessions: Sequence[Session]) -> list[Session]:
    """The non-overlapping subset with the most minutes (weighted interval scheduling).

    Used on one day's sessions: how much of a day a client could fill.
    """
    ordered = sorted(sessions, key=lambda s: (s.end, s.start, s.id))
    # best[i]: the most minutes using the first i sessions; taken[i]: whether session i-1
    # is in that best set.
    best = [0] * (len(ordered) + 1)
    taken = [False] * (len(ordered) + 1)
    before = [0] * (len(ordered) + 1)
    ends = [s.end for s in ordered]
    for i, session in enumerate(ordered):
        before[i + 1] = bisect_right(ends, session.start, 0, i)
        with_it = best[before[i + 1]] + session.minutes
        taken[i + 1] = with_it > best[i]
        best[i + 1] = max(best[i], with_it)
    chosen: list[Session] = []
    i = len(ordered)
    while i > 0:
        if taken[i]:
            chosen.append(ordered[i - 1])
            i = before[i]
        else:
            i -= 1
    return chosen[::-1]
