"""Site-local time: rows are stored in UTC and planned, shown and exported in the site's time zone."""

import datetime as dt
import zoneinfo
from typing import Any


def site_tz(site: Any) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(site.time_zone)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def aware(site: Any, day: dt.date, time: dt.time) -> dt.datetime:
    """The UTC instant of a local wall-clock time at the site."""
    return dt.datetime.combine(day, time, tzinfo=site_tz(site)).astimezone(dt.UTC)


def local(site: Any, moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(site_tz(site))


def week_bounds(site: Any, week_start: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00, next Monday 00:00) of the site's local week, as UTC instants."""
    monday = monday_of(week_start)
    return aware(site, monday, dt.time()), aware(site, monday + dt.timedelta(days=7), dt.time())


def site_today(site: Any) -> dt.date:
    return dt.datetime.now(site_tz(site)).date()


def parse_week(text: str | None, site: Any | None = None) -> dt.date:
    """The Monday of the week named by ``text`` (any date in it); this week when missing or invalid."""
    if text:
        try:
            return monday_of(dt.date.fromisoformat(text))
        except ValueError:
            pass
    today = site_today(site) if site is not None else dt.datetime.now(dt.UTC).date()
    return monday_of(today)
