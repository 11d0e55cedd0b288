"""Site-local time, in one place.

Rows are stored in UTC (rule 5) and planned, shown and exported in the site's time zone. Every
question of the kind "what is today at this site?", "when does this local day start?" or "show this
instant as the site's wall clock" is answered here; nothing else builds ``ZoneInfo(site.time_zone)``.
At night in the US the UTC date is already tomorrow, so the UTC date is never a site's "today".

``site`` is anything with a ``time_zone`` attribute naming an IANA zone (``accounts.Site``).
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from django.utils import timezone


class HasTimeZone(Protocol):
    @property
    def time_zone(self) -> str: ...


def site_zone(site: HasTimeZone) -> zoneinfo.ZoneInfo:
    return zone_named(site.time_zone)


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def local(site: HasTimeZone, moment: dt.datetime) -> dt.datetime:
    """The instant as the site's wall clock (an aware datetime in the site's zone)."""
    return moment.astimezone(site_zone(site))


def local_date(site: HasTimeZone, moment: dt.datetime) -> dt.date:
    """The site's calendar date at that instant."""
    return local(site, moment).date()


def site_today(site: HasTimeZone) -> dt.date:
    return local_date(site, timezone.now())


def today_in(zone: str) -> dt.date:
    """Today in a zone named before any site exists (the demo's first run)."""
    return timezone.now().astimezone(zone_named(zone)).date()


def site_now(site: HasTimeZone) -> dt.datetime:
    return local(site, timezone.now())


def aware(site: HasTimeZone, day: dt.date, time: dt.time) -> dt.datetime:
    """The UTC instant of a local wall-clock time at the site."""
    return dt.datetime.combine(day, time, tzinfo=site_zone(site)).astimezone(dt.UTC)


def local_moment(site: HasTimeZone, day: dt.date, time: dt.time) -> dt.datetime:
    """A local wall-clock time at the site, aware in the site's zone (for display and demo rows)."""
    return dt.datetime.combine(day, time, tzinfo=site_zone(site))


def day_start(site: HasTimeZone, day: dt.date) -> dt.datetime:
    """Local midnight starting ``day``, as a UTC instant."""
    return aware(site, day, dt.time())


def day_end(site: HasTimeZone, day: dt.date) -> dt.datetime:
    """Local midnight ending ``day`` (the next day's start, exclusive), as a UTC instant."""
    return aware(site, day + dt.timedelta(days=1), dt.time())


def day_bounds(site: HasTimeZone, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the site's local ``day`` as UTC instants (23 or 25 hours on DST days)."""
    return day_start(site, day), day_end(site, day)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_bounds(site: HasTimeZone, week_start: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00, next Monday 00:00) of the site's local week, as UTC instants."""
    monday = monday_of(week_start)
    return day_start(site, monday), day_start(site, monday + dt.timedelta(days=7))


def parse_week(text: str | None, site: HasTimeZone | None = None) -> dt.date:
    """The Monday of the week named by ``text`` (any date in it); this week when missing or invalid."""
    if text:
        try:
            return monday_of(dt.date.fromisoformat(text))
        except ValueError:
            pass
    today = site_today(site) if site is not None else timezone.now().date()
    return monday_of(today)


@contextmanager
def site_time(site: HasTimeZone | None) -> Iterator[None]:
    """Make the site's zone the current one, so templates' ``|date``/``|time`` and forms' local
    date-times are the site's wall clock. With no site, the current zone stays."""
    if site is None:
        yield
        return
    with timezone.override(site_zone(site)):
        yield


def display(site: HasTimeZone, moment: dt.datetime, fmt: str = "%a %b %-d %H:%M") -> str:
    """A short site-local rendering of an instant, for text outside templates (CLI, messages)."""
    return local(site, moment).strftime(fmt)
