"""The same week and seed give the same plan, including when the work budget ends the search."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.scheduling.generate import generate
from openiop.scheduling.solver import solve as solve_module
from openiop.scheduling.solver.solve import solve

from .test_property import violations


def without_clock(solution: dict[str, Any]) -> dict[str, Any]:
    """The solution minus wall_s, the one field that measures the machine."""
    return {key: value for key, value in solution.items() if key != "wall_s"}


def test_two_runs_that_prove_optimality_agree() -> None:
    problem = generate(12, seed=3)
    first, second = solve(problem, time_limit_s=20), solve(problem, time_limit_s=20)
    assert first["status"] == "optimal"
    assert without_clock(first) == without_clock(second)


def test_two_runs_stopped_by_the_work_budget_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    # A tiny budget of deterministic work (0.3 units for the whole solve) and a generous
    # clock: the search stops on work done, which is the same on every run.
    monkeypatch.setattr(solve_module, "DETERMINISTIC_UNITS_PER_SECOND", 0.01)
    problem = generate(60, seed=1)
    first, second = solve(problem, time_limit_s=30, seed=7), solve(problem, time_limit_s=30, seed=7)
    assert first["status"] == "feasible"
    assert violations(problem, first) == []
    assert without_clock(first) == without_clock(second)
