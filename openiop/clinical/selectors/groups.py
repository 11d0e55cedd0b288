"""Group sessions as the clinical app sees them: the roster with attendance and entries, and make-ups."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.models import User
from openiop.accounts.types import Viewer
from openiop.audit.services import record_list
from openiop.clients.models import Client, EpisodeStatus
from openiop.clinical.models import Attendance, GroupNote, GroupNoteEntry, Objective, ObjectiveStatus
from openiop.core.time import local
from openiop.program.models import GroupSession, SessionEnrollment, SessionStatus


def session_get_for_user(*, user: Viewer, pk: int) -> GroupSession:
    """A session of a site where the user works in a clinical role (404 otherwise)."""
    sites = policy.session_sites(user)
    session = (
        GroupSession.objects.filter(pk=pk, site_id__in=sites)
        .select_related("site", "track", "module", "room")
        .prefetch_related("facilitators")
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


@dataclass
class RosterRow:
    client: Client
    source: str
    attendance: Attendance | None
    entry: GroupNoteEntry | None
    objectives: list[Objective]

    @property
    def attended(self) -> bool:
        return self.attendance is not None and self.attendance.status in ("present", "late", "left_early")


def roster(*, user: Viewer, session: GroupSession, note: GroupNote | None = None) -> list[RosterRow]:
    """One row per client on the roster (constant queries); records one audited ``list`` event."""
    enrollments = list(
        SessionEnrollment.objects.filter(session=session)
        .select_related("client")
        .order_by("client__legal_last_name", "client__legal_first_name", "client_id")
    )
    ids = [e.client_id for e in enrollments]
    attendance = {a.client_id: a for a in Attendance.objects.filter(session=session)}
    entries = {e.client_id: e for e in GroupNoteEntry.objects.filter(group_note=note)} if note else {}
    objectives: dict[int, list[Objective]] = {}
    for objective in (
        Objective.objects.filter(
            problem__plan__client_id__in=ids, problem__plan__status="active", status=ObjectiveStatus.OPEN
        )
        .select_related("problem__plan")
        .order_by("target_date", "pk")
    ):
        objectives.setdefault(objective.problem.plan.client_id, []).append(objective)
    record_list(user=user, object_type="session_roster", object_id=session.pk, site_id=session.site_id, shown=ids)
    return [
        RosterRow(
            e.client, e.source, attendance.get(e.client_id), entries.get(e.client_id), objectives.get(e.client_id, [])
        )
        for e in enrollments
    ]


def dropin_candidates(*, user: Viewer, session: GroupSession) -> QuerySet[Client]:
    """Admitted clients of the session's site whom the user may see and who are not on the roster."""
    return (
        policy.clients_for(user)
        .filter(site_id=session.site_id, episodes__status=EpisodeStatus.ACTIVE)
        .exclude(session_enrollments__session=session)
        .distinct()
        .order_by("legal_last_name", "legal_first_name", "pk")
    )


def sessions_between(*, user: Viewer, start: dt.datetime, end: dt.datetime, mine_only: bool) -> QuerySet[GroupSession]:
    sites = policy.note_sites(user)
    qs = GroupSession.objects.filter(site_id__in=sites, starts_at__gte=start, starts_at__lt=end).exclude(
        status=SessionStatus.CANCELLED
    )
    if mine_only:
        qs = qs.filter(facilitators=user) if isinstance(user, User) else qs.none()
    return (
        qs.select_related("site", "track", "module", "room", "group_note")
        .annotate(
            enrolled=Count("enrollments", distinct=True),
            marked=Count("attendance", distinct=True),
        )
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class MakeUp:
    session: GroupSession
    free_places: int


def _fits(windows: list[Any], session: GroupSession) -> bool:
    """Inside an open availability window and clear of every commitment (no windows: anything fits)."""
    if not windows:
        return True
    start, end = local(session.site, session.starts_at), local(session.site, session.ends_at)
    day = [w for w in windows if w.weekday == start.weekday()]
    inside = any(w.is_open and w.start_time <= start.time() and end.time() <= w.end_time for w in day)
    clash = any(not w.is_open and w.start_time < end.time() and start.time() < w.end_time for w in day)
    return inside and not clash


def makeup_suggestions(
    *, clients: list[Client], session: GroupSession, until: dt.datetime, limit: int = 3
) -> dict[int, list[MakeUp]]:
    """Later sessions of the same track before ``until`` with space that fit each client's week (3 queries)."""
    from openiop.scheduling.models import ClientAvailability

    candidates = list(
        GroupSession.objects.filter(
            site_id=session.site_id, track_id=session.track_id, starts_at__gte=session.ends_at, starts_at__lt=until
        )
        .exclude(status=SessionStatus.CANCELLED)
        .exclude(pk=session.pk)
        .select_related("site", "module")
        .annotate(enrolled=Count("enrollments"))
        .filter(enrolled__lt=F("capacity"))
        .order_by("starts_at", "pk")[:30]
    )
    ids = [c.pk for c in clients]
    taken = set(
        SessionEnrollment.objects.filter(session__in=candidates, client_id__in=ids).values_list(
            "client_id", "session_id"
        )
    )
    windows: dict[int, list[Any]] = {}
    for window in ClientAvailability.objects.filter(client_id__in=ids).current():
        windows.setdefault(window.client_id, []).append(window)
    out: dict[int, list[MakeUp]] = {}
    for client in clients:
        fits = [
            MakeUp(c, c.capacity - c.enrolled)
            for c in candidates
            if (client.pk, c.pk) not in taken and _fits(windows.get(client.pk, []), c)
        ]
        out[client.pk] = fits[:limit]
    return out
