"""Plan runs: queue a week, and the background body that exports, solves and stores the proposal.

A run is held by one process at a time through a lease on its row (``worker_id``,
``heartbeat_at``, ``lease_expires_at``): the process claims the queued run with one conditional
update, a heartbeat thread renews the lease while the solver works, and every later write is
conditional on still holding it. A run whose lease ran out lost its worker (a killed web server
or ``db_worker``): ``plan_run_recover`` queues it again while attempts are left (with a worker
backend) or ends it failed, interrupted, with a message. The solver never runs inside a
transaction; the proposal is stored in one short transaction, so an interrupted run leaves
nothing behind.
"""

import datetime as dt
import logging
import os
import secrets
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.models import Action
from openiop.audit.services import record_read, save_and_record
from openiop.core.time import aware, local, monday_of, site_today
from openiop.program import services as program
from openiop.program.models import (
    WEEKDAYS,
)
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

# The first year a week may be planned for (dates before it are typing mistakes).
EARLIEST_YEAR = 2000


def plan_week_error(site: Site, week_start: dt.date) -> str | None:
    """Why this week cannot be planned (None: it can): at most PLAN_HORIZON_WEEKS ahead of the site's today."""
    weeks = int(settings.PLAN_HORIZON_WEEKS)
    last = monday_of(site_today(site)) + dt.timedelta(weeks=weeks)
    if week_start.year < EARLIEST_YEAR:
        return f"Choose a week from {EARLIEST_YEAR} on."
    if monday_of(week_start) > last:
        return f"Weeks can be planned up to {weeks} weeks ahead: the week of {last:%-d %B %Y} is the last one for now."
    return None


def plan_run_start(*, actor: Actor, site: Site, week_start: dt.date, time_limit_s: float = 10.0) -> PlanRun:
    """Queue the planning of a week; with the immediate backend it has finished on return."""
    _require_director(actor, site.pk)
    errors: dict[str, str] = {}
    if not 0 < time_limit_s <= 600:
        errors["time_limit_s"] = "The time limit is between 1 second and 10 minutes."
    refused = plan_week_error(site, week_start)
    if refused:
        errors["week"] = refused
    if errors:
        raise ValidationError(errors)
    plan_run_recover(site=site)
    run = PlanRun(
        site=site,
        week_start=monday_of(week_start),
        created_by=actor,
        time_limit_s=time_limit_s,
        step="Waiting for a worker to start",
    )
    with transaction.atomic():
        save_and_record(
            actor=actor,
            instance=run,
            object_type="planrun",
            site_id=site.pk,
            detail={"week": run.week_start.isoformat()},
        )
    _enqueue(run.pk)
    run.refresh_from_db()
    return run


def _enqueue(run_id: int) -> None:
    from openiop.scheduling.tasks import plan_week

    plan_week.enqueue(run_id)


def _runs_in_worker() -> bool:
    """Whether runs execute in a separate worker process (not inside the request that started them)."""
    from openiop.scheduling.tasks import plan_week

    return not isinstance(plan_week.get_backend(), ImmediateBackend)


# --- the lease ----------------------------------------------------------------------------


class LeaseLostError(Exception):
    """This process no longer holds the run (it was recovered after a missed heartbeat)."""


class _Lease:
    """The claim of one process on one run; every write of the run goes through ``update``."""

    def __init__(self, run: PlanRun) -> None:
        self.run = run
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"[:120]
        self.seconds = float(settings.PLAN_LEASE_S)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _expiry(self, now: dt.datetime, *, solving: bool = False) -> dt.datetime:
        extra = 0.0
        if solving and self._thread is None:
            # No heartbeat thread (runs inside a request): the lease covers the solver's limit.
            extra = self.run.time_limit_s * 2
        return now + dt.timedelta(seconds=self.seconds + extra)

    def claim(self) -> bool:
        now = timezone.now()
        claimed = PlanRun.objects.filter(pk=self.run.pk, status=PlanStatus.QUEUED).update(
            status=PlanStatus.RUNNING,
            worker_id=self.worker_id,
            heartbeat_at=now,
            lease_expires_at=self._expiry(now),
            attempts=F("attempts") + 1,
            started_at=now,
            progress=5,
            step="Reading the week from the database",
            updated_at=now,
        )
        return claimed == 1

    def update(self, *, solving: bool = False, **fields: Any) -> None:
        now = timezone.now()
        held = PlanRun.objects.filter(pk=self.run.pk, status=PlanStatus.RUNNING, worker_id=self.worker_id).update(
            heartbeat_at=now, lease_expires_at=self._expiry(now, solving=solving), updated_at=now, **fields
        )
        if held != 1:
            raise LeaseLostError(self.run.pk)
        for name, value in fields.items():
            setattr(self.run, name, value)

    def start_heartbeat(self) -> None:
        if not _runs_in_worker():
            return
        self._thread = threading.Thread(target=self._beat, name=f"plan-run-{self.run.pk}-heartbeat", daemon=True)
        self._thread.start()

    def stop_heartbeat(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(max(self.seconds / 3, 0.2)):
                try:
                    self.update()
                except LeaseLostError:
                    logger.warning("plan run %s: lease lost; the result will be discarded", self.run.pk)
                    return
                except Exception:  # a failed beat is retried; a missed lease is recovered elsewhere
                    logger.exception("plan run %s: heartbeat failed", self.run.pk)
        finally:
            connection.close()  # this thread's own connection


def plan_run_execute(*, run_id: int) -> str:
    """The body of the background task: export, solve, store the proposal. Returns the run's status."""
    plan_run_recover()  # a worker that starts work also notices the runs of workers that died
    run = PlanRun.objects.select_related("site", "created_by").get(pk=run_id)
    lease = _Lease(run)
    if run.status != PlanStatus.QUEUED or not lease.claim():
        return PlanRun.objects.get(pk=run_id).status
    site = run.site
    lease.start_heartbeat()
    try:
        # All or nothing: a worker killed here leaves the calendar as it was.
        with transaction.atomic():
            notes = program.site_materialise(site=site, through=run.week_start + dt.timedelta(days=6))
        export = build_problem(site=site, week_start=run.week_start, time_limit_s=run.time_limit_s)
        previous = previous_for_week(export)
        record_read(
            user=run.created_by,
            action=Action.EXPORT,
            object_type="schedule_problem",
            object_id=run.pk,
            site_id=site.pk,
            detail={"clients": sorted(pk_of(k) for k in export.clients)},
            channel="task",
        )
        lease.update(
            solving=True,
            progress=20,
            step="Solving",
            problem=export.problem,
            previous=previous,
            warnings=notes + export.warnings,
        )
        # Outside any transaction: nothing is locked while the solver works.
        solution = solve(export.problem, time_limit_s=run.time_limit_s, seed=0, previous=previous)
        lease.update(progress=90, step="Saving the proposed plan")
        with transaction.atomic():
            locked = PlanRun.objects.select_for_update().filter(
                pk=run.pk, status=PlanStatus.RUNNING, worker_id=lease.worker_id
            )
            if not locked.exists():
                raise LeaseLostError(run.pk)
            _store(run, solution)
            lease.update(
                progress=100, step="Done", solution=solution, status=PlanStatus.DONE, finished_at=timezone.now()
            )
    except LeaseLostError:
        logger.warning("plan run %s was taken over after a missed heartbeat; this result is discarded", run.pk)
    except Exception as exc:  # the run must end visibly, whatever went wrong
        logger.exception("plan run %s failed", run.pk)
        PlanRun.objects.filter(pk=run.pk, worker_id=lease.worker_id, status=PlanStatus.RUNNING).update(
            status=PlanStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            lease_expires_at=None,
            updated_at=timezone.now(),
        )
    finally:
        lease.stop_heartbeat()
    run.refresh_from_db()
    return run.status


def plan_run_recover(*, site: Site | None = None, run: PlanRun | None = None) -> list[int]:
    """Runs whose lease ran out (their worker died): queued again, or failed as interrupted.

    Called when a run is read (its page polls) and before a new run starts, so a dead worker is
    noticed within a lease (``PLAN_LEASE_S``) of its last heartbeat. Returns the runs changed.
    """
    now = timezone.now()
    stale = PlanRun.objects.filter(status=PlanStatus.RUNNING, lease_expires_at__lt=now)
    if site is not None:
        stale = stale.filter(site=site)
    if run is not None:
        stale = stale.filter(pk=run.pk)
    changed = []
    for pk in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            locked = (
                PlanRun.objects.select_for_update()
                .select_related("site")
                .filter(pk=pk, status=PlanStatus.RUNNING, lease_expires_at__lt=now)
                .first()
            )
            if locked is None:
                continue
            last = local(locked.site, locked.heartbeat_at or now)
            if locked.attempts < int(settings.PLAN_ATTEMPTS) and _runs_in_worker():
                locked.status, locked.progress = PlanStatus.QUEUED, 0
                locked.step = (
                    f"Interrupted at {last:%H:%M:%S} (the worker stopped); waiting for a worker to start again "
                    f"(attempt {locked.attempts + 1} of {settings.PLAN_ATTEMPTS})"
                )
                transaction.on_commit(lambda pk=pk: _enqueue(pk))  # type: ignore[misc]
            else:
                locked.status, locked.finished_at = PlanStatus.FAILED, now
                locked.error = (
                    f"Interrupted: the process planning this week stopped at {last:%H:%M:%S} "
                    f"(after {locked.attempts} attempt{'s' if locked.attempts != 1 else ''}). "
                    "No plan was stored and nothing was applied."
                )
            locked.worker_id, locked.lease_expires_at = "", None
            locked.save(
                update_fields=[
                    "status",
                    "progress",
                    "step",
                    "error",
                    "finished_at",
                    "worker_id",
                    "lease_expires_at",
                    "updated_at",
                ]
            )
            logger.warning("plan run %s: lease expired (worker gone); now %s", pk, locked.status)
            changed.append(pk)
    return changed


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
