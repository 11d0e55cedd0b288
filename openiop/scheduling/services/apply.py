"""Accepting a plan: apply it to the week's rosters and individual sessions, all or nothing."""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change
from openiop.core.time import week_bounds
from openiop.program import services as program
from openiop.program.models import (
    EnrollmentSource,
    GroupSession,
    IndividualSession,
    SessionEnrollment,
    SessionStatus,
)
from openiop.scheduling.models import (
    PlanAssignment,
    PlanClient,
    PlanRun,
)
from openiop.scheduling.services.base import _require_director, _require_open


def plan_accept(*, actor: Actor, run: PlanRun) -> dict[str, int]:
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
        before = snapshot(locked)
        locked.accepted_at, locked.accepted_by = timezone.now(), actor
        locked.full_clean()
        locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        record_change(
            actor=actor,
            instance=locked,
            before=before,
            object_type="planrun",
            site_id=site.pk,
            detail={"accepted": True, **counts},
        )
    run.refresh_from_db()
    return counts


def _apply_individual(actor: Actor, run: PlanRun, rows: list[PlanClient], start: dt.datetime, end: dt.datetime) -> int:
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
