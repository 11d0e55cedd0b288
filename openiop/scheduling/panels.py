"""The client chart's "Schedule" tab: this week's sessions, hours against the prescription,
availability and the calendar link. Runs a fixed number of queries (the chart's budget test)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from openiop.accounts import policy
from openiop.core.time import local, monday_of, site_today, week_bounds
from openiop.program.models import GroupSession, IndividualSession, Room, SessionStatus
from openiop.scheduling.hand_moves import hours_text
from openiop.scheduling.models import CalendarFeed, ClientAvailability


@dataclass(frozen=True)
class Item:
    start: dt.datetime
    end: dt.datetime
    what: str
    room: Room | None
    row: GroupSession | IndividualSession


def schedule_context(request: HttpRequest, client: Any) -> dict[str, Any]:
    site = client.site
    monday = monday_of(site_today(site))
    start, end = week_bounds(site, monday)
    groups = list(
        GroupSession.objects.filter(enrollments__client=client, starts_at__gte=start, starts_at__lt=end)
        .select_related("track", "room")
        .order_by("starts_at")
    )
    meetings = list(
        IndividualSession.objects.filter(client=client, starts_at__gte=start, starts_at__lt=end)
        .select_related("clinician")
        .order_by("starts_at")
    )
    items = [Item(local(site, g.starts_at), local(site, g.ends_at), g.track.name, g.room, g) for g in groups]
    items += [
        Item(local(site, m.starts_at), local(site, m.ends_at), f"Individual with {m.clinician}", None, m)
        for m in meetings
    ]
    items.sort(key=lambda i: i.start)
    minutes = sum(i.row.minutes for i in items if i.row.status == SessionStatus.SCHEDULED)
    episodes = getattr(client, "active_episodes", None)
    episode = episodes[0] if episodes else None
    return {
        "week_of": monday,
        "schedule": items,
        "planned": hours_text(minutes),
        "prescribed": hours_text(int(episode.prescribed_hours_per_week * 60)) if episode else None,
        "availability": list(
            ClientAvailability.objects.filter(client=client).current().order_by("weekday", "start_time")
        ),
        "feed": CalendarFeed.objects.filter(client=client, revoked_at__isnull=True).first(),
        "can_change_schedule": policy.can_change_client(request.user, client),
        "next_week": monday + dt.timedelta(days=7),
    }
