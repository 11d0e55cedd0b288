"""Writes of the scheduling app: client availability, plan runs (start, run, adjust, accept), feeds.

Planning is the director's. A run exports the week (export.py), solves it in a background task
(tasks.py) and stores the proposal as rows; the director may move single placements — each move
re-checked against the hard rules (hand_moves.py) — and accepting applies the plan to rosters
through the program services, so every roster change is audited like one made by hand.
"""

import datetime as dt
import logging
import secrets
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site, User, hash_token
from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.clients.models import Client
from openiop.program import services as program
from openiop.program.models import (
    WEEKDAYS,
    EnrollmentSource,
    GroupSession,
    IndividualSession,
    Module,
    SessionEnrollment,
    SessionStatus,
)
from openiop.program.times import aware, monday_of, week_bounds
from openiop.scheduling.export import build_problem, client_key, pk_of, previous_for_week, session_key
from openiop.scheduling.hand_moves import Individual, change_problems
from openiop.scheduling.models import (
    AvailabilityKind,
    CalendarFeed,
    ClientAvailability,
    ClientPlanProfile,
    ModuleCompletion,
    PlanAssignment,
    PlanClient,
    PlanRun,
    PlanStatus,
)
from openiop.scheduling.solver.problem import parse_problem
from openiop.scheduling.solver.solve import solve

logger = logging.getLogger(__name__)


def _require_director(actor: Any, site_id: int) -> None:
    if not program.is_director(actor, site_id):
        raise PermissionDenied("Only the program director of this site may plan its weeks.")


def _require_change(actor: Any, client: Client) -> None:
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client.")


def _audit_client(actor: Any, client: Client, action: str, obj: Any, detail: dict[str, Any] | None = None) -> None:
    audit_record(
        user=actor,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        client_id=client.pk,
        site_id=client.site_id,
        detail=detail,
    )


# --- client availability ------------------------------------------------------------------


def client_availability_add(
    *, actor: Any, client: Client, weekday: int, start_time: dt.time, end_time: dt.time, kind: str
) -> ClientAvailability:
    _require_change(actor, client)
    if kind not in AvailabilityKind.values:
        raise ValidationError({"kind": f"{kind!r} is not a kind of window."})
    window = ClientAvailability(client=client, weekday=weekday, start_time=start_time, end_time=end_time, kind=kind)
    with transaction.atomic():
        window.full_clean()
        window.save()
        _audit_client(actor, client, Action.CREATE, window, {"kind": kind})
    return window


def client_availability_remove(*, actor: Any, window: ClientAvailability) -> None:
    client = window.client
    _require_change(actor, client)
    with transaction.atomic():
        _audit_client(actor, client, Action.DELETE, window, {"kind": window.kind})
        window.delete()


def client_availability_replace(
    *, actor: Any, client: Client, windows: list[dict[str, Any]]
) -> list[ClientAvailability]:
    """Replace the client's whole week at once (the API's PUT); all or nothing."""
    _require_change(actor, client)
    rows = []
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(windows):
        row = ClientAvailability(client=client, **item)
        try:
            row.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(f"windows[{index}].{name}", []).extend(messages)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ClientAvailability.objects.filter(client=client).delete()
        ClientAvailability.objects.bulk_create(rows)
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="clientavailability",
            object_id=client.pk,
            client_id=client.pk,
            site_id=client.site_id,
            detail={"windows": len(rows)},
        )
    return list(ClientAvailability.objects.filter(client=client).order_by("weekday", "start_time"))


def client_plan_profile_set(
    *, actor: Any, client: Client, individual_minutes: int, notes: str = ""
) -> ClientPlanProfile:
    _require_change(actor, client)
    profile = ClientPlanProfile.objects.filter(client=client).first() or ClientPlanProfile(client=client)
    profile.individual_minutes, profile.notes = individual_minutes, notes
    with transaction.atomic():
        profile.full_clean()
        profile.save()
        _audit_client(actor, client, Action.UPDATE, profile, {"individual_minutes": individual_minutes})
    return profile


def module_completions_set(*, actor: Any, client: Client, modules: list[Module], on: dt.date) -> list[ModuleCompletion]:
    """Make the client's completed modules exactly ``modules`` (new ones dated ``on``)."""
    _require_change(actor, client)
    wanted = {m.pk for m in modules}
    with transaction.atomic():
        have = {c.module_id: c for c in ModuleCompletion.objects.filter(client=client)}
        removed = sorted(set(have) - wanted)
        added = sorted(wanted - set(have))
        ModuleCompletion.objects.filter(client=client, module_id__in=removed).delete()
        ModuleCompletion.objects.bulk_create(
            ModuleCompletion(client=client, module_id=m, completed_on=on) for m in added
        )
        if removed or added:
            audit_record(
                user=actor,
                action=Action.UPDATE,
                object_type="modulecompletion",
                object_id=client.pk,
                client_id=client.pk,
                site_id=client.site_id,
                detail={"added": added, "removed": removed},
            )
    return list(ModuleCompletion.objects.filter(client=client).select_related("module"))


# --- plan runs ----------------------------------------------------------------------------


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


def _require_open(run: PlanRun) -> None:
    if run.status != PlanStatus.DONE:
        raise ValidationError({"__all__": "This plan has not finished."})
    if run.solver_status == "infeasible":
        raise ValidationError({"__all__": "The solver found no valid plan for this week; nothing to change."})


def _individual(run: PlanRun, row: PlanClient) -> Individual | None:
    if row.individual_starts_at is None or row.individual_ends_at is None:
        return None
    from openiop.program.times import local

    start, end = local(run.site, row.individual_starts_at), local(run.site, row.individual_ends_at)
    return Individual(start.weekday(), start.hour * 60 + start.minute, end.hour * 60 + end.minute or 24 * 60)


def plan_move_check(
    *, run: PlanRun, client: Client, remove: GroupSession | None, add: GroupSession | None
) -> list[str]:
    """Why this change would break a hard rule (empty: allowed). Reads the plan as it is now."""
    row = PlanClient.objects.filter(run=run, client=client).first()
    if row is None:
        return ["The client is not part of this week's plan."]
    placed = list(PlanAssignment.objects.filter(run=run).values_list("client_id", "session_id"))
    enrolled: dict[str, int] = defaultdict(int)
    current = []
    for client_pk, session_pk in placed:
        enrolled[session_key(session_pk)] += 1
        if client_pk == client.pk:
            current.append(session_key(session_pk))
    return change_problems(
        parse_problem(run.problem),
        client_key(client.pk),
        current,
        add=session_key(add.pk) if add is not None else None,
        remove=session_key(remove.pk) if remove is not None else None,
        individual=_individual(run, row),
        enrolled=enrolled,
    )


def plan_move(
    *, actor: Any, run: PlanRun, client: Client, remove: GroupSession | None, add: GroupSession | None
) -> None:
    """Change one client's placement in a proposed plan, or refuse with the rules it would break."""
    _require_director(actor, run.site_id)
    with transaction.atomic():
        locked = PlanRun.objects.select_for_update().select_related("site").get(pk=run.pk)
        _require_open(locked)
        if locked.accepted_at is not None:
            raise ValidationError({"__all__": "This plan was accepted; change the rosters instead."})
        reasons = plan_move_check(run=locked, client=client, remove=remove, add=add)
        if reasons:
            raise ValidationError({"__all__": reasons})
        if remove is not None:
            PlanAssignment.objects.filter(run=locked, client=client, session=remove).delete()
        if add is not None:
            PlanAssignment.objects.create(run=locked, client=client, session=add, by_hand=True)
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="planassignment",
            object_id=locked.pk,
            client_id=client.pk,
            site_id=locked.site_id,
            detail={"removed": remove.pk if remove else None, "added": add.pk if add else None},
        )


def plan_accept(*, actor: Any, run: PlanRun) -> dict[str, int]:
    """Apply the plan to the week's rosters and individual sessions; all or nothing.

    Enrolments the plan made are replaced; enrolments staff made by hand (and drop-ins) are
    kept. A placement moved by hand on the board becomes a hand-made enrolment, so planning
    the same week again keeps the director's decision.
    """
    _require_director(actor, run.site_id)
    counts = {"added": 0, "removed": 0, "individual": 0}
    with transaction.atomic():
        locked = PlanRun.objects.select_for_update().select_related("site").get(pk=run.pk)
        _require_open(locked)
        if locked.accepted_at is not None:
            raise ValidationError({"__all__": "This plan was already accepted."})
        site = locked.site
        start, end = week_bounds(site, locked.week_start)
        plan_clients = list(PlanClient.objects.filter(run=locked).select_related("client", "counselor"))
        wanted: dict[int, dict[int, bool]] = defaultdict(dict)
        for client_pk, session_pk, by_hand in PlanAssignment.objects.filter(run=locked).values_list(
            "client_id", "session_id", "by_hand"
        ):
            wanted[client_pk][session_pk] = by_hand
        sessions = {
            s.pk: s
            for s in GroupSession.objects.filter(site=site, starts_at__gte=start, starts_at__lt=end).prefetch_related(
                "facilitators"
            )
        }
        enrolled: dict[int, dict[int, SessionEnrollment]] = defaultdict(dict)
        for enrollment in SessionEnrollment.objects.filter(
            session__in=list(sessions), client__in=[p.client_id for p in plan_clients]
        ):
            enrolled[enrollment.client_id][enrollment.session_id] = enrollment
        # Removals first, so seats freed by one client can be taken by another.
        for row in plan_clients:
            for session_pk, enrollment in enrolled[row.client_id].items():
                if enrollment.source == EnrollmentSource.PLAN and session_pk not in wanted[row.client_id]:
                    program.enrollment_remove(actor=actor, session=sessions[session_pk], client=row.client)
                    counts["removed"] += 1
        for row in plan_clients:
            for session_pk, by_hand in sorted(wanted[row.client_id].items()):
                session = sessions.get(session_pk)
                if session is None or session_pk in enrolled[row.client_id]:
                    continue
                if session.is_cancelled:
                    continue  # cancelled after the plan was made; nothing to attend
                source = EnrollmentSource.MANUAL if by_hand else EnrollmentSource.PLAN
                program.enrollment_add(actor=actor, session=session, client=row.client, source=source)
                counts["added"] += 1
        counts["individual"] = _apply_individual(actor, locked, plan_clients, start, end)
        locked.accepted_at, locked.accepted_by = timezone.now(), actor
        locked.full_clean()
        locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="planrun",
            object_id=locked.pk,
            site_id=site.pk,
            detail={"accepted": True, **counts},
        )
    run.refresh_from_db()
    return counts


def _apply_individual(actor: Any, run: PlanRun, rows: list[PlanClient], start: dt.datetime, end: dt.datetime) -> int:
    existing: dict[int, list[IndividualSession]] = defaultdict(list)
    for meeting in IndividualSession.objects.filter(
        client__in=[r.client_id for r in rows],
        starts_at__gte=start,
        starts_at__lt=end,
        status=SessionStatus.SCHEDULED,
        source=EnrollmentSource.PLAN,
    ):
        existing[meeting.client_id].append(meeting)
    created = 0
    for row in rows:
        keep = None
        for meeting in existing[row.client_id]:
            same = (
                meeting.clinician_id == row.counselor_id
                and meeting.starts_at == row.individual_starts_at
                and meeting.ends_at == row.individual_ends_at
            )
            if same and keep is None:
                keep = meeting
            else:
                program.individual_session_cancel(actor=actor, meeting=meeting, reason="Replaced by the weekly plan")
        if keep is None and row.individual_starts_at and row.individual_ends_at and row.counselor is not None:
            program.individual_session_create(
                actor=actor,
                client=row.client,
                clinician=row.counselor,
                starts_at=row.individual_starts_at,
                ends_at=row.individual_ends_at,
                source=EnrollmentSource.PLAN,
            )
            created += 1
    return created


# --- calendar feeds -----------------------------------------------------------------------


def _new_feed(*, actor: Any, site: Site, client: Client | None, user: User | None) -> tuple[CalendarFeed, str]:
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        site=site, client=client, user=user, token_hash=hash_token(token), prefix=token[:8], created_by=actor
    )
    feed.full_clean()
    feed.save()
    return feed, token


def calendar_feed_create_for_client(*, actor: Any, client: Client) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for the client (earlier ones are revoked); the token is shown once."""
    _require_change(actor, client)
    with transaction.atomic():
        _revoke(CalendarFeed.objects.filter(client=client, revoked_at__isnull=True))
        feed, token = _new_feed(actor=actor, site=client.site, client=client, user=None)
        _audit_client(actor, client, Action.CREATE, feed)
    return feed, token


def calendar_feed_create_for_staff(*, actor: Any, site: Site) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for the actor's own groups and individual sessions."""
    if site.pk not in policy.sites_with(actor, policy.CLINICAL_ROLES):
        raise PermissionDenied("You do not work at this site.")
    with transaction.atomic():
        _revoke(CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True))
        feed, token = _new_feed(actor=actor, site=site, client=None, user=actor)
        audit_record(user=actor, action=Action.CREATE, object_type="calendarfeed", object_id=feed.pk, site_id=site.pk)
    return feed, token


def _revoke(feeds: Any) -> int:
    return int(feeds.update(revoked_at=timezone.now()))


def calendar_feed_revoke(*, actor: Any, feed: CalendarFeed) -> None:
    if feed.client_id is not None:
        _require_change(actor, feed.client)  # type: ignore[arg-type]
    elif feed.user_id != actor.pk:
        raise PermissionDenied("Only the owner may revoke this feed.")
    with transaction.atomic():
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            user=actor,
            action=Action.UPDATE,
            object_type="calendarfeed",
            object_id=feed.pk,
            client_id=feed.client_id,
            site_id=feed.site_id,
            detail={"revoked": True},
        )
