"""CP-SAT solver parameters (deterministic: a fixed seed and work budget)."""

from __future__ import annotations

from ortools.sat.python import cp_model


def configure(solver: cp_model.CpSolver, *, seed: int, workers: int, seconds: float, units: float) -> None:
    """Settings for every solve: reproducible search, bounded by work and by the clock.

    The interleaved search runs CP-SAT's workers in fixed batches, which makes the
    result depend on the seed and the work budget only, not on thread timing. Of the
    full-problem searches only default_lp is kept: it is the one that proves optimality
    and infeasibility here, while the others (each given equal turns when interleaved)
    were measured to slow the large neighbourhood searches that find the good plans.
    """
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.interleave_search = True
    solver.parameters.subsolvers.append("default_lp")
    # Parallel groups of a track are interchangeable, so the model is full of symmetry;
    # detecting it cost about a third of each presolve and did not speed the search.
    solver.parameters.symmetry_level = 0
    # Every phase presolves the whole model again; one round of presolve keeps most of the
    # reductions and, at 300 clients, halved the work to reach the first phase's optimum.
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.max_deterministic_time = max(units, 0.01)
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
