"""Settle what would make the whole week infeasible for one person's sake, with a warning."""

from collections import defaultdict
from typing import Any

from ortools.sat.python import cp_model

from openiop.program.models import (
    WEEKDAY_NAMES,
)
from openiop.scheduling.export.common import Export, _hhmm
from openiop.scheduling.solver.problem import Client as ProblemClient
from openiop.scheduling.solver.problem import Problem, parse_problem
from openiop.scheduling.solver.rules import Slot, candidate_slots, ineligibility, inside


def _settle_promises(export: Export, problem: dict[str, Any]) -> None:
    """Drop the promises one person's data would turn into an infeasible week (see module doc)."""
    parsed = parse_problem(problem)
    by_id = {c["id"]: c for c in problem["clients"]}
    seats = {s["id"]: s for s in problem["sessions"]}
    for client in parsed.clients:
        entry = by_id[client.id]
        name = export.clients[client.id].display_name
        kept = []
        for session_id in client.fixed_sessions:
            session = parsed.sessions_by_id[session_id]
            why = ineligibility(client, session)
            if why is None and not inside(client.availability, session.day, session.start, session.end):
                why = "it is outside the client's availability"
            if why is None:
                kept.append(session_id)
            else:
                export.warnings.append(
                    f"{name}: added by hand to the {WEEKDAY_NAMES[session.day]} {_hhmm(session.start)} group, "
                    f"but {why}; the plan keeps the seat and does not count it."
                )
                seats[session_id]["capacity"] = max(0, seats[session_id]["capacity"] - 1)
        entry["fixed_sessions"] = kept
    _settle_counselors(export, parsed, by_id)


def _settle_counselors(export: Export, parsed: Problem, by_id: dict[str, dict[str, Any]]) -> None:
    """Keep rule 6 satisfiable: each counselor's individual sessions must fit together.

    Per counselor, a small CP-SAT model places as many of their clients' individual sessions as
    the counselor's free hours allow (each client one of their possible slots, no two
    overlapping); a client left without one gets no individual session this week, with a note.
    The solver then never reports the whole week infeasible for one counselor's lack of hours.
    """
    options: dict[str, list[tuple[ProblemClient, list[Slot]]]] = defaultdict(list)
    for client in parsed.clients:
        if not client.individual_minutes or client.counselor is None:
            continue
        slots = candidate_slots(parsed, client)
        if not slots:
            by_id[client.id]["individual_minutes"] = 0
            export.warnings.append(
                f"{export.clients[client.id].display_name}: no {client.individual_minutes}-minute time fits both "
                "the client's availability and the counselor's hours outside their groups; no individual session "
                "is planned this week."
            )
            continue
        options[client.counselor].append((client, slots))
    for counselor, wanted in sorted(options.items()):
        placed = _most_individual_sessions(wanted)
        for client, _ in wanted:
            if client.id in placed:
                continue
            by_id[client.id]["individual_minutes"] = 0
            export.warnings.append(
                f"{export.clients[client.id].display_name}: {export.staff[counselor]}'s hours have no free "
                f"{client.individual_minutes}-minute slot left that suits the client this week; no individual "
                "session is planned (book one by hand, or add hours for the counselor)."
            )


def _most_individual_sessions(wanted: list[tuple[ProblemClient, list[Slot]]]) -> set[str]:
    """The clients of one counselor whose individual sessions fit together, as many as possible."""
    model = cp_model.CpModel()
    chosen: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    intervals = []
    for client, slots in wanted:
        for slot in slots:
            var = model.new_bool_var(f"{client.id}@{slot.day}:{slot.start}")
            chosen[client.id].append(var)
            start = slot.day * 24 * 60 + slot.start
            intervals.append(model.new_optional_fixed_size_interval_var(start, slot.end - slot.start, var, ""))
        model.add_at_most_one(chosen[client.id])
    model.add_no_overlap(intervals)
    model.maximize(sum(sum(v) for v in chosen.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 2.0
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return set()
    return {cid for cid, variables in chosen.items() if any(solver.value(v) for v in variables)}
