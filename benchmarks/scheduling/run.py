"""Solver against the greedy baseline on planted weeks: ``python -m benchmarks.scheduling.run``.

For each size, one table block: the planted plan (proof that every target can be met),
the CP-SAT solver, and the greedy first-fit baseline, with time, status, share of
clients at min and at target, and total shortfall. For the solver, ``tiers1-2_s`` is when
the first phase (clients at min, then shortfall) ended: from then on the hours are final
and the rest of the time goes to new modules and fewer days.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Mapping
from typing import Any

from benchmarks.scheduling.generate import generate_with_plan
from benchmarks.scheduling.greedy import first_fit
from openiop.scheduling.solver.model import Plan
from openiop.scheduling.solver.problem import DAYS, Problem, parse_problem
from openiop.scheduling.solver.report import minutes_of, objective_values
from openiop.scheduling.solver.rules import Slot
from openiop.scheduling.solver.solve import solve

HEADER = (
    f"{'clients':>7}  {'method':<8} {'time_s':>7} {'tiers1-2_s':>10}  {'status':<10} {'at_min':>7} {'at_target':>9} "
    f"{'shortfall_min':>13} {'new_modules':>11} {'days':>6}"
)


class _FirstPhase(logging.Handler):
    """Remembers when the solver's first phase (tiers 1 and 2) ended."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.elapsed_s: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.elapsed_s is None and hasattr(record, "phase"):
            self.elapsed_s = float(getattr(record, "elapsed_s"))  # noqa: B009 - set through `extra`


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _row(
    size: int,
    method: str,
    seconds: float | None,
    status: str,
    problem: Problem,
    plan: Plan,
    first_phase_s: float | None = None,
) -> str:
    objective = objective_values(problem, plan)
    at_target = sum(minutes_of(problem, c, plan) >= c.target_minutes for c in problem.clients)
    count = len(problem.clients)
    return (
        f"{size:>7}  {method:<8} {_seconds(seconds):>7} {_seconds(first_phase_s):>10}  {status:<10} "
        f"{objective['clients_at_min'] / count:>7.1%} "
        f"{at_target / count:>9.1%} {objective['shortfall_minutes']:>13} "
        f"{objective['new_modules']:>11} {objective['attendance_days']:>6}"
    )


def _minutes(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:])


def _plan(clients: Mapping[str, Mapping[str, Any]]) -> Plan:
    """A plan from client id -> {"sessions", "individual"} (solution-format entries)."""
    individual = {
        client_id: None
        if entry["individual"] is None
        else Slot(
            DAYS.index(entry["individual"]["day"]),
            _minutes(entry["individual"]["start"]),
            _minutes(entry["individual"]["end"]),
            entry["individual"]["staff"],
        )
        for client_id, entry in clients.items()
    }
    return Plan({client_id: tuple(entry["sessions"]) for client_id, entry in clients.items()}, individual)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark; ``argv`` as on the command line (``make bench`` passes [])."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scheduling.run", description=__doc__)
    parser.add_argument("--sizes", default="100,300,1000", help="comma-separated client counts")
    parser.add_argument("--time-limit", type=float, default=30.0, help="solver time limit in seconds")
    parser.add_argument("--seed", type=int, default=0, help="instance seed")
    args = parser.parse_args(argv)

    solver_log = logging.getLogger("openiop.scheduling.solver.solve")
    solver_log.setLevel(logging.INFO)
    print(HEADER, flush=True)
    for size in (int(part) for part in args.sizes.split(",")):
        document, planted = generate_with_plan(size, seed=args.seed)
        problem = parse_problem(document)
        print(_row(size, "planted", None, "-", problem, _plan(planted)), flush=True)

        first_phase = _FirstPhase()
        solver_log.addHandler(first_phase)
        solution = solve(problem, time_limit_s=args.time_limit)
        solver_log.removeHandler(first_phase)
        solved = _plan({entry["id"]: entry for entry in solution["clients"]})
        print(
            _row(size, "cp-sat", solution["wall_s"], solution["status"], problem, solved, first_phase.elapsed_s),
            flush=True,
        )

        started = time.perf_counter()
        baseline = first_fit(problem)
        print(_row(size, "greedy", time.perf_counter() - started, "-", problem, baseline), flush=True)


if __name__ == "__main__":
    main()
