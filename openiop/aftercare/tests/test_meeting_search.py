"""The pure search core: one row per weekly occurrence, filters, distance and order (no database).

Quoted rules (issue 12): ``--types`` requires every listed code; ``--from`` inclusive, ``--to``
exclusive on the start time; inactive meetings are excluded unless asked for; with ``--near``,
only meetings with coordinates that are not approximate, great-circle distance (Earth radius
3,958.8 miles), sorted by distance, then day and time.
"""

import datetime as dt
import math
from typing import Any

import pytest

from openiop.aftercare.meetings.feed import Meeting
from openiop.aftercare.meetings.search import Listed, Query, haversine_miles, parse_day, search

BEVERLY_HILLS = (34.0901, -118.4065)  # ZIP 90210's centroid


def m(slug: str, *, days: tuple[int, ...] = (1,), time: str = "19:00", **kw: Any) -> Listed:
    hour, minute = map(int, time.split(":"))
    meeting = Meeting(slug=slug, name=slug.title(), days=days, time=dt.time(hour, minute), **kw)
    return Listed(source="la", meeting=meeting)


NEAR = m("near", latitude=34.0736, longitude=-118.4004, types=("O", "W"))
MID = m("mid", latitude=34.0195, longitude=-118.4912, days=(0, 1), types=("W", "S"), attendance="hybrid")
FAR = m("far", latitude=34.0522, longitude=-118.2437, types=("W", "S", "C"))
APPROX = m("approx", latitude=34.09, longitude=-118.40, approximate=True, attendance="online")
NOWHERE = m("nowhere", time="07:30", attendance="online")
CLOSED = m("closed", latitude=34.09, longitude=-118.40, attendance="inactive")
APPOINTMENT = Listed(source="la", meeting=Meeting(slug="appt", name="Appt", days=(1,), time=None))
ALL = [FAR, MID, NEAR, APPROX, NOWHERE, CLOSED, APPOINTMENT]


def slugs(query: Query, listed: list[Listed] = ALL) -> list[tuple[str, int]]:
    return [(r.slug, r.day) for r in search(listed, query)]


def test_haversine_uses_the_earth_radius_of_3958_8_miles() -> None:
    # A quarter of a great circle: pi/2 * 3958.8.
    assert haversine_miles((0, 0), (0, 90)) == pytest.approx(math.pi / 2 * 3958.8)
    assert haversine_miles(BEVERLY_HILLS, BEVERLY_HILLS) == 0


def test_one_row_per_weekly_occurrence_and_no_by_appointment_or_inactive_rows() -> None:
    assert slugs(Query()) == [("mid", 0), ("nowhere", 1), ("approx", 1), ("far", 1), ("mid", 1), ("near", 1)]


def test_inactive_meetings_only_when_asked_for() -> None:
    assert ("closed", 1) in slugs(Query(include_inactive=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (Query(types=("W",)), ["mid", "far", "mid", "near"]),
        (Query(types=("W", "S")), ["mid", "far", "mid"]),
        (Query(types=("W", "S", "C")), ["far"]),
        (Query(types=("LGBTQ",)), []),
        (Query(attendance=frozenset({"online"})), ["nowhere", "approx"]),
        (Query(attendance=frozenset({"hybrid", "online"})), ["mid", "nowhere", "approx", "mid"]),
        (Query(days=frozenset({0})), ["mid"]),
        (Query(start_from=dt.time(19, 0)), ["mid", "approx", "far", "mid", "near"]),
        (Query(start_to=dt.time(19, 0)), ["nowhere"]),
        (Query(start_from=dt.time(7, 30), start_to=dt.time(7, 31)), ["nowhere"]),
        (Query(source="elsewhere"), []),
        (Query(limit=2), ["mid", "nowhere"]),
    ],
)
def test_filters(query: Query, expected: list[str]) -> None:
    assert [slug for slug, _ in slugs(query)] == expected


def test_near_keeps_placed_meetings_only_nearest_first_then_day() -> None:
    rows = search(ALL, Query(near=BEVERLY_HILLS))
    assert [(r.slug, r.day) for r in rows] == [("near", 1), ("mid", 0), ("mid", 1), ("far", 1)]
    assert [r.distance_miles for r in rows] == [1.2, 6.9, 6.9, 9.7]  # checked by the spherical law of cosines


def test_miles_is_a_radius_on_the_exact_distance() -> None:
    assert [s for s, _ in slugs(Query(near=BEVERLY_HILLS, miles=6.9))] == ["near", "mid", "mid"]
    assert [s for s, _ in slugs(Query(near=BEVERLY_HILLS, miles=1.0))] == []


def test_without_near_the_distance_is_null_and_order_is_day_time_name() -> None:
    rows = search([m("b-group"), m("a-group"), m("early", time="06:00")], Query())
    assert [(r.slug, r.distance_miles) for r in rows] == [("early", None), ("a-group", None), ("b-group", None)]


@pytest.mark.parametrize(("text", "day"), [("sun", 0), ("Mon", 1), ("saturday", 6), ("3", 3)])
def test_days_are_named_sun_to_sat(text: str, day: int) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["7", "funday", "", "su"])
def test_other_day_names_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a day"):
        parse_day(text)
