"""Search meetings: one row per weekly occurrence, filtered and ordered (docs/algorithms/meetings.md).

Pure: nothing from Django. Days are Meeting Guide's (0 = Sunday … 6 = Saturday).
"""

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from openiop.aftercare.meetings.feed import Attendance, Meeting

EARTH_RADIUS_MILES = 3958.8
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
FULL_DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
ATTENDING: tuple[Attendance, ...] = ("in_person", "hybrid", "online")  # what --attendance accepts
DISTANCE_DECIMALS = 1


@dataclass(frozen=True)
class Listed:
    """A stored meeting and the feed it came from."""

    source: str
    meeting: Meeting


@dataclass(frozen=True)
class Query:
    source: str | None = None
    near: tuple[float, float] | None = None
    miles: float | None = None  # only with ``near``; None = any distance
    days: frozenset[int] | None = None
    start_from: dt.time | None = None  # inclusive
    start_to: dt.time | None = None  # exclusive
    types: tuple[str, ...] = ()  # every one required
    attendance: frozenset[str] | None = None  # None = in person, hybrid and online
    include_inactive: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class Row:
    source: str
    slug: str
    name: str
    day: int
    time: str
    attendance: str
    distance_miles: float | None
    # for ordering only (the exact distance, before rounding)
    exact_distance: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "slug": self.slug,
            "name": self.name,
            "day": self.day,
            "time": self.time,
            "attendance": self.attendance,
            "distance_miles": self.distance_miles,
        }


def haversine_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points in degrees, in miles."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def _attendance_allowed(meeting: Meeting, query: Query) -> bool:
    if meeting.attendance == "inactive":
        return query.include_inactive
    return query.attendance is None or meeting.attendance in query.attendance


def _distance(meeting: Meeting, query: Query) -> tuple[bool, float | None]:
    """(kept, exact distance). With ``near``, only placed meetings (coordinates, not approximate)."""
    if query.near is None:
        return True, None
    if meeting.latitude is None or meeting.longitude is None or meeting.approximate:
        return False, None
    distance = haversine_miles(query.near, (meeting.latitude, meeting.longitude))
    return (query.miles is None or distance <= query.miles), distance


def _time_allowed(start: dt.time, query: Query) -> bool:
    if query.start_from is not None and start < query.start_from:
        return False
    return query.start_to is None or start < query.start_to


def search(listed: Iterable[Listed], query: Query) -> list[Row]:
    """With ``near``: nearest first, then day, time, name; without: day, time, name. Source and slug
    break the last ties so that the order never depends on the input's."""
    rows: list[Row] = []
    wanted = set(query.types)
    for item in listed:
        meeting = item.meeting
        if meeting.by_appointment or (query.source is not None and item.source != query.source):
            continue
        if not _attendance_allowed(meeting, query) or not wanted.issubset(meeting.types):
            continue
        if meeting.time is None or not _time_allowed(meeting.time, query):
            continue
        kept, distance = _distance(meeting, query)
        if not kept:
            continue
        for day in meeting.days:
            if query.days is not None and day not in query.days:
                continue
            rows.append(
                Row(
                    source=item.source,
                    slug=meeting.slug,
                    name=meeting.name,
                    day=day,
                    time=meeting.time.strftime("%H:%M"),
                    attendance=meeting.attendance,
                    distance_miles=None if distance is None else round(distance, DISTANCE_DECIMALS),
                    exact_distance=distance,
                )
            )
    rows.sort(key=lambda r: (r.exact_distance or 0.0, r.day, r.time, r.name.casefold(), r.source, r.slug))
    return rows if query.limit is None else rows[: query.limit]


def parse_day(text: str) -> int:
    """``sun``…``sat`` (any case, also full names) or 0–6 → Meeting Guide's day number."""
    word = text.strip().lower()
    if word.isdigit() and 0 <= int(word) <= 6:
        return int(word)
    for number, (short, full) in enumerate(zip(DAY_NAMES, FULL_DAY_NAMES, strict=True)):
        if word in (short, full):
            return number
    raise ValueError(f"{text!r} is not a day (sun, mon, tue, wed, thu, fri, sat)")
