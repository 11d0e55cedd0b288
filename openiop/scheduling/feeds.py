"""iCalendar feeds (RFC 5545) of a client's or a staff member's sessions, at secret token URLs.

Titles carry no clinical wording ("Group session", "Individual session") and no client names:
a phone's lock screen or a shared calendar shows them. A moved session keeps its UID with a
higher SEQUENCE; a cancelled one stays in the feed with STATUS:CANCELLED so calendars remove it
visibly. The feed covers four weeks back and twelve ahead.
"""

import datetime as dt
from typing import Any

import icalendar
from django.utils import timezone

from openiop.program.models import GroupSession, IndividualSession, SessionStatus
from openiop.scheduling.models import CalendarFeed

PAST = dt.timedelta(weeks=4)
AHEAD = dt.timedelta(weeks=12)
DOMAIN = "openiop"


def _event(
    uid: str, summary: str, row: Any, *, location: str, description: str = "", now: dt.datetime
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{DOMAIN}")
    event.add("summary", summary)
    event.add("dtstart", row.starts_at.astimezone(dt.UTC))
    event.add("dtend", row.ends_at.astimezone(dt.UTC))
    event.add("dtstamp", now)
    event.add("last-modified", row.updated_at.astimezone(dt.UTC))
    event.add("sequence", row.sequence)
    event.add("status", "CANCELLED" if row.status == SessionStatus.CANCELLED else "CONFIRMED")
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    return event


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//openiop//schedule feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    return calendar


def render_feed(feed: CalendarFeed, *, now: dt.datetime | None = None) -> tuple[bytes, int]:
    """The feed's calendar as bytes, and how many events it holds."""
    now = now or timezone.now()
    start, end = now - PAST, now + AHEAD
    site = feed.site
    where = site.address or site.name
    if feed.client_id is not None:
        calendar = _calendar("My schedule")
        groups = (
            GroupSession.objects.filter(enrollments__client_id=feed.client_id, starts_at__gte=start, starts_at__lt=end)
            .select_related("room")
            .order_by("starts_at", "pk")
        )
        meetings = IndividualSession.objects.filter(
            client_id=feed.client_id, starts_at__gte=start, starts_at__lt=end
        ).order_by("starts_at", "pk")
    else:
        calendar = _calendar("openiop sessions")
        groups = (
            GroupSession.objects.filter(facilitators=feed.user_id, starts_at__gte=start, starts_at__lt=end)
            .select_related("room", "track", "module")
            .order_by("starts_at", "pk")
        )
        meetings = IndividualSession.objects.filter(
            clinician_id=feed.user_id, starts_at__gte=start, starts_at__lt=end
        ).order_by("starts_at", "pk")
    count = 0
    for session in groups:
        room = f"{session.room.name}, {where}" if session.room else where
        description = ""
        if feed.user_id is not None:  # staff: which group, never who is in it
            description = session.track.name + (f" · {session.module.name}" if session.module else "")
        calendar.add_component(
            _event(f"group-{session.pk}", "Group session", session, location=room, description=description, now=now)
        )
        count += 1
    for meeting in meetings:
        calendar.add_component(
            _event(f"individual-{meeting.pk}", "Individual session", meeting, location=where, now=now)
        )
        count += 1
    return calendar.to_ical(), count
