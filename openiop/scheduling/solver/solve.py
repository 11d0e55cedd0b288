"""solve(): one week's plan, in the solution format ``openiop.schedule-solution.v1``.

A greedy plan (greedy.py) is the starting hint. The objective tiers are then optimised
lexicographically, one CP-SAT solve per phase, each starting from the plan before it
and fixing what the earlier phases reached:

1. tiers 1 and 2 together, weighted so that the order stays strict (model.combine);
   both are about hours, so one search serves both and one presolve is saved;
2. tier 3; 3. tier 4; 4. with a previous plan, the number of moved placements.

One weighted sum of all four tiers would need weights near 10^16 at 1,000 clients,
which ruins the linear relaxation; separate phases keep each objective small and its
bound meaningful. See docs/algorithms/scheduling.md.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ortools.sat.python import cp_model

from .greedy import warm_start
from .model import CONTRACT_TIERS, Plan, ScheduleModel, Tier, configure, parse_previous
from .problem import DAYS, Problem, format_time, parse_problem
from .report import infeasibility_reasons, minutes_of, objective_values, unmet_reasons

SOLUTION_FORMAT = "openiop.schedule-solution.v1"

# One INFO record per phase (with ``phase``, ``value`` and ``elapsed_s`` attributes), for
# progress displays and benchmarks.
_log = logging.getLogger(__name__)

# CP-SAT counts "deterministic time", a measure of work that is the same on every run.
# Limiting each solve by it (rather than by the clock alone) makes a run that stops on
# its budget return the same plan every time. This many units are allowed per second
# of the time limit: on the 2-core build machine a unit took 2-4 s of wall time with
# little else running, so the clock (the format's ceiling) is normally not what stops.
DETERMINISTIC_UNITS_PER_SECOND = 0.3

Status = Literal["optimal", "feasible", "infeasible", "timeout"]
_CONTRACT = {name for name, _ in CONTRACT_TIERS}


def solve(
    problem: Mapping[str, Any] | Problem,
    *,
    time_limit_s: float | None = None,
    seed: int = 0,
    previous: object = None,
    num_workers: int = 2,
) -> dict[str, Any]:
    """Solve a week; raise ProblemError for input that does not match the format.

    ``previous`` (an optional extension of the format) is last week's solution: it
    seeds the search, and once the four contract tiers are fixed a fifth one keeps as
    many of last week's placements as possible.
    """
    started = time.monotonic()
    parsed = problem if isinstance(problem, Problem) else parse_problem(problem)
    before = None if previous is None else parse_previous(previous)
    limit = parsed.settings.time_limit_s if time_limit_s is None else time_limit_s
    if limit <= 0:
        raise ValueError("time_limit_s must be positive")

    built = ScheduleModel(parsed, previous=before)
    start = built.hint(warm_start(parsed, before))
    _log.info("model and greedy start ready after %.2f s", time.monotonic() - started)
    # The clock ceiling keeps a little back (_reserve_s) for the work around the search.
    deadline = started + limit - _reserve_s(limit)
    status, values = _Search(built, seed, num_workers, started, deadline, limit).run(start)
    plan = built.plan(values) if values is not None else Plan({}, {})
    reasons: Mapping[str, str | None]
    if status in ("infeasible", "timeout"):
        timed_out = limit if status == "timeout" else None
        reasons = infeasibility_reasons(parsed, timed_out_after=timed_out, deadline=started + limit)
    else:
        reasons = unmet_reasons(parsed, plan, proven=status == "optimal")
    return _render(
        parsed,
        plan,
        "infeasible" if status == "timeout" else status,
        round(time.monotonic() - started, 2),
        reasons,
    )


@dataclass
class _Search:
    built: ScheduleModel
    seed: int
    workers: int
    started: float
    deadline: float
    limit_s: float
    # Seconds a phase spends outside CP-SAT's own clock (hints, copying the model,
    # reading the answer): the most seen so far, kept back from the next phase's limit.
    overhead_s: float = 0.0

    def run(self, start: dict[int, int]) -> tuple[Status, dict[int, int] | None]:
        """Run the phases from the ``start`` hint; return the status and the last plan."""
        tiers = self.built.tiers
        # (objective, share of the budget, counts towards "optimal"); the first phase,
        # which decides who is served at all, gets the largest share.
        phases = [(self.built.combine(tiers[0], tiers[1]), 2, True)]
        phases += [(tier, 1, tier.name in _CONTRACT) for tier in tiers[2:]]
        units_left = self.limit_s * DETERMINISTIC_UNITS_PER_SECOND
        values: dict[int, int] | None = None
        proven = True
        for index, (tier, share, contract) in enumerate(phases):
            if values is not None and self.deadline - time.monotonic() < _reserve_s(self.limit_s) + self.overhead_s:
                # Too little time left for a presolve, let alone a search.
                proven = proven and not contract
                continue
            units = units_left * share / sum(s for _, s, _ in phases[index:])
            found, status, used = self._phase(tier, values or start, units)
            units_left -= used
            if found is None and values is None and status == cp_model.UNKNOWN:
                # Nothing to return yet: let the first phase have the whole budget.
                found, status, used = self._phase(tier, start, units_left)
                units_left -= used
            if found is not None:
                values = self.built.complete(found)
            elif values is None:
                return ("infeasible" if status == cp_model.INFEASIBLE else "timeout"), None
            proven = proven and (status == cp_model.OPTIMAL or not contract)
            # Later phases may not give back what this one reached.
            reached = tier.value(values)
            elapsed = time.monotonic() - self.started
            _log.info(
                "phase %s: %s, value %s, %.2f s",
                tier.name,
                cp_model.CpSolverStatus(status).name,
                reached,
                elapsed,
                extra={"phase": tier.name, "value": reached, "elapsed_s": elapsed},
            )
            self.built.model.add(tier.expr >= reached if tier.maximize else tier.expr <= reached)
        return ("optimal" if proven else "feasible"), values

    def _phase(self, tier: Tier, hint: Mapping[int, int], units: float) -> tuple[dict[int, int] | None, Any, float]:
        began = time.monotonic()
        model = self.built.model
        if tier.maximize:
            model.maximize(tier.expr)
        else:
            model.minimize(tier.expr)
        model.clear_hints()  # type: ignore[no-untyped-call]  # ortools lacks the annotation
        by_index = {v.index: v for v in self.built.variables}
        for index, value in hint.items():
            model.add_hint(by_index[index], value)
        solver = cp_model.CpSolver()
        configure(
            solver,
            seed=self.seed,
            workers=self.workers,
            seconds=self.deadline - time.monotonic() - self.overhead_s,
            units=units,
        )
        status = solver.solve(model)
        if status == cp_model.MODEL_INVALID:  # a bug in model.py, never bad input
            raise RuntimeError(f"invalid CP-SAT model: {model.validate()}")
        values = None
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = solver.response_proto.solution
            values = {v.index: solution[v.index] for v in self.built.variables}
        self.overhead_s = max(self.overhead_s, time.monotonic() - began - solver.wall_time)
        return values, status, solver.deterministic_time


def _reserve_s(limit_s: float) -> float:
    """Seconds kept back from the clock for building each solve and writing the answer."""
    return min(1.0, 0.05 * limit_s)


def _render(
    problem: Problem,
    plan: Plan,
    status: str,
    wall_s: float,
    reasons: Mapping[str, str | None],
) -> dict[str, Any]:
    enrolled = {session.id: 0 for session in problem.sessions}
    clients = []
    for client in problem.clients:
        session_ids = sorted(
            plan.sessions.get(client.id, ()),
            key=lambda sid: (problem.sessions_by_id[sid].day, problem.sessions_by_id[sid].start, sid),
        )
        for session_id in session_ids:
            enrolled[session_id] += 1
        slot = plan.individual.get(client.id)
        minutes = minutes_of(problem, client, plan)
        clients.append(
            {
                "id": client.id,
                "sessions": session_ids,
                "individual": None
                if slot is None
                else {
                    "day": DAYS[slot.day],
                    "start": format_time(slot.start),
                    "end": format_time(slot.end),
                    "staff": slot.staff,
                },
                "hours": round(minutes / 60, 2),
                "meets_min": minutes >= client.min_minutes,
                "meets_target": minutes >= client.target_minutes,
                "unmet_reason": reasons.get(client.id),
            }
        )
    return {
        "format": SOLUTION_FORMAT,
        "status": status,
        "wall_s": wall_s,
        "objective": objective_values(problem, plan),
        "clients": clients,
        "sessions": [{"id": sid, "enrolled": count} for sid, count in enrolled.items()],
    }
