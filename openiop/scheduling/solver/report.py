"""Figures and reasons for the solution: the objective values and each ``unmet_reason``.

Everything here is computed from the returned plan, never from solver internals, so the
numbers in a solution always describe the plan next to them. Reasons are written for a
program director: they name the constraint to change (hours offered, full sessions,
availability, counselor time), not the model.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from ortools.sat.python import cp_model

from .model import Plan, ScheduleModel, configure
from .problem import Client, Problem, Session, format_time
from .rules import (
    candidate_sessions,
    candidate_slots,
    ineligibility,
    inside,
    longest_disjoint,
    overlaps,
)

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def minutes_of(problem: Problem, client: Client, plan: Plan) -> int:
    """The client's weekly minutes in the plan, group and individual."""
    groups = sum(problem.sessions_by_id[s].minutes for s in plan.sessions.get(client.id, ()))
    slot = plan.individual.get(client.id)
    return groups + (0 if slot is None else slot.end - slot.start)


def objective_values(problem: Problem, plan: Plan) -> dict[str, int]:
    """The four contract tiers, evaluated on the plan."""
    at_min = shortfall = new_modules = days = 0
    for client in problem.clients:
        minutes = minutes_of(problem, client, plan)
        at_min += minutes >= client.min_minutes
        shortfall += max(0, client.target_minutes - minutes)
        sessions = [problem.sessions_by_id[s] for s in plan.sessions.get(client.id, ())]
        new_modules += len({s.module for s in sessions if s.module and s.module not in client.completed_modules})
        slot = plan.individual.get(client.id)
        days += len({s.day for s in sessions} | (set() if slot is None else {slot.day}))
    return {
        "clients_at_min": at_min,
        "shortfall_minutes": shortfall,
        "new_modules": new_modules,
        "attendance_days": days,
    }


def unmet_reasons(problem: Problem, plan: Plan, *, proven: bool) -> dict[str, str | None]:
    """Why each client below target is there (None for clients at target)."""
    enrolled = Counter(s for sessions in plan.sessions.values() for s in sessions)
    reasons: dict[str, str | None] = {}
    for client in problem.clients:
        if minutes_of(problem, client, plan) >= client.target_minutes:
            reasons[client.id] = None
        else:
            reasons[client.id] = _short_reason(problem, client, plan, enrolled, proven)
    return reasons


def _short_reason(problem: Problem, client: Client, plan: Plan, enrolled: Counter[str], proven: bool) -> str:
    available = _available_minutes(problem, client)
    if available < client.target_minutes:
        # Rounded down, so that 11.96 h never shows as "12.0 h; target 12 h".
        tenths = available // 6
        return f"available {tenths / 10:.1f} h in eligible sessions; target {_hours(client.target_minutes)} h"
    taken = set(plan.sessions.get(client.id, ()))
    others = [s for s in candidate_sessions(problem, client) if s.id not in taken]
    by_part: dict[tuple[int, str], list[Session]] = defaultdict(list)
    for session in others:
        by_part[session.day, _part_of_day(session.start)].append(session)
    full = [
        f"{DAY_NAMES[day]} {part}"
        for (day, part), sessions in sorted(by_part.items(), key=lambda kv: (kv[0][0], kv[1][0].start))
        if all(enrolled[s.id] >= s.capacity for s in sessions)
    ]
    if full:
        return f"all eligible {_and(full)} sessions are full"
    reason = "the eligible sessions with room clash with the client's other sessions"
    if problem.settings.min_minutes_per_day:
        reason += f" or leave a day under the {_hours(problem.settings.min_minutes_per_day)} h daily minimum"
    if not proven:
        reason += " (the time limit ended the search; a longer run may do better)"
    return reason


def _available_minutes(problem: Problem, client: Client) -> int:
    """Most minutes the client could get if every session had room (an upper bound).

    Per day, the longest set of non-overlapping eligible sessions (interval scheduling
    by dynamic programming), dropped if it cannot reach the daily minimum even with the
    individual session; then capped by max_hours.
    """
    min_day = problem.settings.min_minutes_per_day
    slot_days = {slot.day for slot in candidate_slots(problem, client)}
    by_day: dict[int, list[Session]] = defaultdict(list)
    for session in candidate_sessions(problem, client):
        by_day[session.day].append(session)
    groups = 0
    for day, sessions in by_day.items():
        best = sum(s.minutes for s in longest_disjoint(sessions))
        individual = client.individual_minutes if day in slot_days else 0
        if best + individual >= min_day:
            groups += best
    return min(groups, client.max_minutes - client.individual_minutes) + client.individual_minutes


def infeasibility_reasons(problem: Problem, *, timed_out_after: float | None, deadline: float) -> dict[str, str]:
    """A reason for every client when no valid plan is returned.

    Cheap checks of each client's own promises come first; small solves (each client
    alone, then each counselor's caseload) follow while the clock allows.
    """
    if timed_out_after is not None:
        text = f"no valid plan was found within the time limit of {timed_out_after:g} s"
        return {client.id: text for client in problem.clients}
    reasons: dict[str, str] = {}
    promised = Counter(s for client in problem.clients for s in client.fixed_sessions)
    for client in problem.clients:
        reason = _own_conflict(problem, client) or next(
            (
                f'fixed session "{s}" is promised to {promised[s]} clients '
                f"but holds {problem.sessions_by_id[s].capacity}"
                for s in client.fixed_sessions
                if promised[s] > problem.sessions_by_id[s].capacity
            ),
            None,
        )
        if reason is None and _feasible(problem, [client], deadline) is False:
            reason = "its fixed sessions, individual session and the daily minimum cannot all be met"
        if reason is not None:
            reasons[client.id] = reason
    _counselor_conflicts(problem, reasons, deadline)
    fallback = (
        "no valid plan: see the reasons given for other clients"
        if reasons
        else "fixed sessions and individual sessions cannot all be met together"
    )
    return {client.id: reasons.get(client.id, fallback) for client in problem.clients}


def _own_conflict(problem: Problem, client: Client) -> str | None:
    """A reason found by looking at this client's own promises only."""
    fixed = [problem.sessions_by_id[s] for s in client.fixed_sessions]
    for session in fixed:
        why = ineligibility(client, session)
        if why is not None:
            return f'fixed session "{session.id}" is not eligible: {why}'
        if not inside(client.availability, session.day, session.start, session.end):
            return f'fixed session "{session.id}" ({_when(session)}) is outside the client\'s availability'
    for i, a in enumerate(fixed):
        for b in fixed[i + 1 :]:
            if a.day == b.day and overlaps(a.start, a.end, b.start, b.end):
                return f'fixed sessions "{a.id}" and "{b.id}" overlap'
    promised = sum(s.minutes for s in fixed) + client.individual_minutes
    if promised > client.max_minutes:
        return f"fixed and individual sessions make {_hours(promised)} h, above max_hours {_hours(client.max_minutes)}"
    if client.individual_minutes and not candidate_slots(problem, client):
        return (
            f'no {client.individual_minutes}-minute slot with counselor "{client.counselor}" '
            "fits both availabilities and avoids the counselor's groups"
        )
    return None


def _counselor_conflicts(problem: Problem, reasons: dict[str, str], deadline: float) -> None:
    """Name the counselor whose individual sessions cannot all be placed."""
    caseloads: dict[str, list[Client]] = defaultdict(list)
    for client in problem.clients:
        if client.individual_minutes and client.id not in reasons:
            caseloads[str(client.counselor)].append(client)
    for counselor, clients in sorted(caseloads.items()):
        if len(clients) > 1 and _feasible(problem, clients, deadline) is False:
            for client in clients:
                reasons[client.id] = (
                    f'counselor "{counselor}" has no room for all of their clients\' individual sessions'
                )


def _feasible(problem: Problem, clients: list[Client], deadline: float) -> bool | None:
    """Whether these clients alone, with unlimited room in sessions, have a valid plan
    (None if the clock ran out before the answer)."""
    seconds = min(5.0, deadline - time.monotonic())
    if seconds <= 0:
        return None
    built = ScheduleModel(problem, clients=clients, capacity=False)
    solver = cp_model.CpSolver()
    configure(solver, seed=0, workers=1, seconds=seconds, units=seconds)
    status = solver.solve(built.model)
    return None if status == cp_model.UNKNOWN else status != cp_model.INFEASIBLE


def _part_of_day(start: int) -> str:
    return "morning" if start < 12 * 60 else "afternoon" if start < 17 * 60 else "evening"


def _when(session: Session) -> str:
    return f"{DAY_NAMES[session.day][:3]} {format_time(session.start)}-{format_time(session.end)}"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
