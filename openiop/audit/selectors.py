"""What an auditor may see of the trail: the events of the sites where they audit (no charts),
searched by client id or name, person, event type and dates, a page at a time by id (keyset: no
OFFSET scans, no count of the whole trail), and exported with the chain's verification result."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from openiop.accounts import policy
from openiop.accounts.models import Membership
from openiop.accounts.types import Viewer
from openiop.audit.models import Action, AuditEvent
from openiop.audit.services import record_read
from openiop.audit.verify import audit_verify
from openiop.clients.models import Client

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000


@dataclass(frozen=True)
class TrailFilters:
    client_id: int | None = None
    client_name: str = ""
    user_email: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def events_for_user(*, user: Viewer, filters: TrailFilters | None = None) -> QuerySet[AuditEvent]:
    """Events at the sites where the user audits, newest first; site-less events (lists, logins)
    belong to the sites of the staff member or client who caused them."""
    filters = filters or TrailFilters()
    sites = policy.audit_sites(user)
    site_staff = Membership.objects.filter(site_id__in=sites).values("user_id")
    site_clients = Client.objects.filter(site_id__in=sites, user__isnull=False).values("user_id")
    qs = AuditEvent.objects.filter(
        Q(site_id__in=sites)
        | Q(client__site_id__in=sites)
        | Q(site__isnull=True, user_id__in=site_staff)
        | Q(site__isnull=True, user_id__in=site_clients)
    )
    if filters.client_id:
        qs = qs.filter(client_id=filters.client_id)
    if filters.client_name.strip():
        # Names are matched among the clients of the auditor's sites only, word by word.
        named = Client.objects.filter(site_id__in=sites)
        for word in filters.client_name.split()[:5]:
            named = named.filter(
                Q(legal_first_name__icontains=word)
                | Q(legal_last_name__icontains=word)
                | Q(preferred_name__icontains=word)
            )
        qs = qs.filter(client_id__in=named.values("pk"))
    if filters.user_email.strip():
        qs = qs.filter(user_email__iexact=filters.user_email.strip())
    if filters.action:
        qs = qs.filter(action=filters.action)
    # Whole UTC days as ranges on the column (no function of it: its index stays usable).
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(occurred_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return qs.select_related("client", "site").order_by("-id")


@dataclass(frozen=True)
class TrailPage:
    events: list[AuditEvent] = field(default_factory=list)
    newer: int | None = None  # pass as ?after= to see the page before (newer events)
    older: int | None = None  # pass as ?before= to see the page after (older events)


def trail_page(
    *, user: Viewer, filters: TrailFilters, before: int | None = None, after: int | None = None, size: int = PAGE_SIZE
) -> TrailPage:
    """One page of the trail, newest first, bounded by event ids: one query whatever the trail's size."""
    qs = events_for_user(user=user, filters=filters)
    if after is not None:
        rows = list(qs.filter(id__gt=after).order_by("id")[: size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        return TrailPage(rows, rows[0].pk if rows and more_newer else None, rows[-1].pk if rows else None)
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: size + 1])
    older = rows[size - 1].pk if len(rows) > size else None
    rows = rows[:size]
    return TrailPage(rows, rows[0].pk if rows and before is not None else None, older)


@dataclass(frozen=True)
class TrailExport:
    events: list[AuditEvent]
    verified: str
    truncated: bool


def trail_export(*, user: Viewer, filters: TrailFilters) -> TrailExport:
    """The filtered trail (newest first, at most ``EXPORT_LIMIT`` events) with the result of
    verifying the whole chain now; the export itself is recorded."""
    rows = list(events_for_user(user=user, filters=filters)[: EXPORT_LIMIT + 1])
    truncated = len(rows) > EXPORT_LIMIT
    rows = rows[:EXPORT_LIMIT]
    checked, broken = audit_verify()
    verified = f"ok: {checked} events verified" if broken is None else f"{broken.message()} ({checked} ok before it)"
    clients = sorted({e.client_id for e in rows if e.client_id is not None})
    record_read(
        user=user,
        object_type="audit_trail",
        object_id="",
        client_id=None,
        site_id=None,
        action=Action.EXPORT,
        detail={
            "rows": len(rows),
            "clients": clients[:200],
            "action": filters.action,
            "by_name": bool(filters.client_name.strip()),
        },
    )
    return TrailExport(rows, verified, truncated)
