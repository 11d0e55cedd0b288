"""Expanding a group series' RRULE (RFC 5545) into dates (pure; python-dateutil does the RFC).

Rules are expanded on local *dates* and each occurrence gets the series' wall-clock start and end
in the site's time zone, so a 09:00 group stays at 09:00 across daylight-saving changes. Only
day-level rules are accepted (DAILY, WEEKLY, MONTHLY): a group meets at most once a day, and an
hourly or secondly rule could expand to millions of rows.
"""

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.rrule import rrule, rrulestr  # type: ignore[import-untyped]

ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY")
FORBIDDEN_PARTS = ("DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND", "RRULE:", "EXDATE", "RDATE")
# A series is expanded at most this far ahead of its first day.
HORIZON = dt.timedelta(days=3 * 366)


class RecurrenceError(ValueError):
    """A rule openiop does not accept, with a message for the person who typed it."""


@dataclass(frozen=True)
class Occurrence:
    date: dt.date
    index: int  # 0 for the series' first meeting; drives the module rotation
    starts_at: dt.datetime  # aware, UTC
    ends_at: dt.datetime


def _parse(text: str, first_day: dt.date) -> rrule:
    rule = text.strip()
    upper = rule.upper()
    if not rule:
        raise RecurrenceError("Enter a recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO,WE,TH.")
    for part in FORBIDDEN_PARTS:
        if part in upper:
            raise RecurrenceError(f"{part.rstrip(':')} is not accepted here; give only the rule, e.g. FREQ=WEEKLY.")
    try:
        parsed = rrulestr(rule, dtstart=dt.datetime.combine(first_day, dt.time()))
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(f"This is not a valid RFC 5545 rule ({exc}).") from None
    if not isinstance(parsed, rrule):
        raise RecurrenceError("Give a single rule (FREQ=…), not a set.")
    frequency = re.search(r"FREQ=([A-Z]+)", upper)
    if frequency is None or frequency.group(1) not in ALLOWED_FREQUENCIES:
        raise RecurrenceError("A group repeats daily, weekly or monthly (FREQ=DAILY, WEEKLY or MONTHLY).")
    return parsed


def validate_rrule(text: str) -> None:
    _parse(text, dt.date(2026, 1, 5))


def expand(
    *,
    rule: str,
    first_day: dt.date,
    last_day: dt.date | None,
    exception_dates: Iterable[dt.date],
    start_time: dt.time,
    end_time: dt.time,
    time_zone: str,
    from_day: dt.date,
    to_day: dt.date,
) -> list[Occurrence]:
    """Occurrences whose date is in ``[from_day, to_day]`` (inclusive), skipping exception dates."""
    parsed = _parse(rule, first_day)
    stop = first_day + HORIZON
    if last_day is not None:
        stop = min(stop, last_day)
    stop = min(stop, to_day)
    if stop < first_day or to_day < from_day:
        return []
    skip = set(exception_dates)
    tz = zoneinfo.ZoneInfo(time_zone)
    found: list[Occurrence] = []
    index = 0
    for moment in parsed.between(
        dt.datetime.combine(first_day, dt.time()), dt.datetime.combine(stop, dt.time()), inc=True
    ):
        day = moment.date()
        if day in skip:
            continue
        if day >= from_day:
            found.append(
                Occurrence(
                    date=day,
                    index=index,
                    starts_at=dt.datetime.combine(day, start_time, tzinfo=tz).astimezone(dt.UTC),
                    ends_at=dt.datetime.combine(day, end_time, tzinfo=tz).astimezone(dt.UTC),
                )
            )
        index += 1
    return found


def describe(rule: str) -> str:
    """Plain words for the common weekly rules ("Mon, Wed, Thu weekly"); the rule itself otherwise."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    names = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat", "SU": "Sun"}
    if parts.get("FREQ") == "WEEKLY" and "BYDAY" in parts and set(parts) <= {"FREQ", "BYDAY", "INTERVAL"}:
        days = ", ".join(names.get(d, d) for d in parts["BYDAY"].split(","))
        interval = parts.get("INTERVAL", "1")
        return f"{days} weekly" if interval == "1" else f"{days} every {interval} weeks"
    return rule
