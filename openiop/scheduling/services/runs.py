"""Plan runs: queue a week, and the background body that exports, solves and stores the proposal."""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.models import Site
from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.program import services as program
from openiop.program.models import (
    WEEKDAYS,
)
from openiop.program.times import aware, monday_of
from openiop.scheduling.export import build_problem, pk_of, previous_for_week
from openiop.scheduling.models import (
    PlanAssignment,
    PlanClient,
    PlanRun,
    PlanStatus,
)
from openiop.scheduling.services.base import _require_director
from openiop.scheduling.solver.solve import solve

logger = logging.getLogger(__name__)


def plan_run_start(*, actor: Any, site: Site, week_start: dt.date, time_limit_s: float = 10.0) -> PlanRun:
    """Queue the planning of a week; with the immediate backend it has finished on return."""
    _require_director(actor, site.pk)
    if not 0 < time_limit_s <= 600:
        raise ValidationError({"time_limit_s": "The time limit is between 1 second and 10 minutes."})
    run = PlanRun(
        site=site,
        week_start=monday_of(week_start),
        created_by=actor,
        time_limit_s=time_limit_s,
        step="Waiting for a worker to start",
    )
    with transaction.atomic():
        run.full_clean()
        run.save()
        audit_record(
            user=actor,
            action=Action.CREATE,
            object_type="planrun",
            object_id=run.pk,
            site_id=site.pk,
            detail={"week": run.week_start.isoformat()},
        )
    from openiop.scheduling.tasks import plan_week

    plan_week.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _step(run: PlanRun, progress: int, step: str, **fields: Any) -> None:
    run.progress, run.step = progress, step
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", "step", "updated_at", *fields])


def plan_run_execute(*, run_id: int) -> str:
    """The body of the background task: export, solve, store the proposal. Returns the run's status."""
    run = PlanRun.objects.select_related("site", "created_by").get(pk=run_id)
    if run.status != PlanStatus.QUEUED:
        return run.status
    site = run.site
    _step(run, 5, "Reading the week from the database", status=PlanStatus.RUNNING, started_at=timezone.now())
    try:
        notes = program.site_materialise(site=site, through=run.week_start + dt.timedelta(days=6))
        export = build_problem(site=site, week_start=run.week_start, time_limit_s=run.time_limit_s)
        previous = previous_for_week(export)
        audit_record(
            user=run.created_by,
            action=Action.EXPORT,
            object_type="schedule_problem",
            object_id=run.pk,
            site_id=site.pk,
            channel="task",
            detail={"clients": sorted(pk_of(k) for k in export.clients)},
        )
        _step(
            run,
            20,
            "Solving",
            problem=export.problem,
            previous=previous,
            warnings=notes + export.warnings,
        )
        solution = solve(export.problem, time_limit_s=run.time_limit_s, seed=0, previous=previous)
        _step(run, 90, "Saving the proposed plan")
        with transaction.atomic():
            _store(run, solution)
            _step(run, 100, "Done", solution=solution, status=PlanStatus.DONE, finished_at=timezone.now())
    except Exception as exc:  # the run must end visibly, whatever went wrong
        logger.exception("plan run %s failed", run.pk)
        run.status, run.error, run.finished_at = (
            PlanStatus.FAILED,
            f"{type(exc).__name__}: {exc}"[:2000],
            timezone.now(),
        )
        run.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return run.status


def _local_slot(run: PlanRun, slot: dict[str, str]) -> tuple[dt.datetime, dt.datetime]:
    day = run.week_start + dt.timedelta(days=WEEKDAYS.index(slot["day"]))
    start = dt.time.fromisoformat(slot["start"])
    end = dt.time.fromisoformat(slot["end"]) if slot["end"] != "24:00" else dt.time()
    ends_on = day + dt.timedelta(days=1) if slot["end"] == "24:00" else day
    return aware(run.site, day, start), aware(run.site, ends_on, end)


def _store(run: PlanRun, solution: dict[str, Any]) -> None:
    problem = run.problem or {}
    targets = {c["id"]: c for c in problem.get("clients", [])}
    rows, assignments = [], []
    for entry in solution["clients"]:
        spec = targets[entry["id"]]
        client_pk = pk_of(entry["id"])
        starts = ends = None
        counselor = None
        if entry.get("individual"):
            starts, ends = _local_slot(run, entry["individual"])
            counselor = pk_of(entry["individual"]["staff"])
        rows.append(
            PlanClient(
                run=run,
                client_id=client_pk,
                min_minutes=round(spec["min_hours"] * 60),
                target_minutes=round(spec["target_hours"] * 60),
                max_minutes=round(spec["max_hours"] * 60),
                unmet_reason=(entry.get("unmet_reason") or "")[:300],
                counselor_id=counselor,
                individual_starts_at=starts,
                individual_ends_at=ends,
            )
        )
        assignments += [PlanAssignment(run=run, client_id=client_pk, session_id=pk_of(s)) for s in entry["sessions"]]
    PlanClient.objects.bulk_create(rows)
    PlanAssignment.objects.bulk_create(assignments)
