"""Finished plan runs for page tests, built without the solver (fast, and any size)."""

from typing import Any

from openiop.program.models import GroupSession
from openiop.program.tests.world import WEEK, World
from openiop.scheduling.export import build_problem, pk_of
from openiop.scheduling.models import PlanAssignment, PlanClient, PlanRun, PlanStatus


def finished_run(world: World, *, placements: dict[int, list[GroupSession]] | None = None) -> PlanRun:
    """A done, unaccepted run of the world's week: every client of the problem, placed as given
    (default: everyone in the Monday and Wednesday mornings groups)."""
    export = build_problem(site=world.cast.site_a, week_start=WEEK, time_limit_s=3)
    clients = [pk_of(c["id"]) for c in export.problem["clients"]]
    if placements is None:
        placements = {pk: [world.monday, world.wednesday] for pk in clients}
    solution: dict[str, Any] = {
        "format": "openiop.schedule-solution.v1",
        "status": "feasible",
        "wall_s": 0.1,
        "objective": {},
        "clients": [],
        "sessions": [],
    }
    run = PlanRun.objects.create(
        site=world.cast.site_a,
        week_start=WEEK,
        status=PlanStatus.DONE,
        progress=100,
        step="Done",
        created_by=world.cast.dana,
        problem=export.problem,
        solution=solution,
        warnings=export.warnings,
    )
    targets = {pk_of(c["id"]): c for c in export.problem["clients"]}
    PlanClient.objects.bulk_create(
        PlanClient(
            run=run,
            client_id=pk,
            min_minutes=round(targets[pk]["min_hours"] * 60),
            target_minutes=round(targets[pk]["target_hours"] * 60),
            max_minutes=round(targets[pk]["max_hours"] * 60),
            unmet_reason="available 6.0 h in eligible sessions; target 12 h",
        )
        for pk in clients
    )
    PlanAssignment.objects.bulk_create(
        PlanAssignment(run=run, client_id=pk, session=session) for pk in clients for session in placements.get(pk, [])
    )
    return run


def run_for(world: World) -> PlanRun:
    cached: PlanRun | None = getattr(world, "_plan_run", None)
    if cached is None:
        cached = finished_run(world)
        world._plan_run = cached  # type: ignore[attr-defined]
    return cached
