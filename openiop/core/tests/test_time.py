"""Site-local time: dates, day bounds and weeks in the site's zone, never UTC's."""

import datetime as dt
from dataclasses import dataclass
from unittest import mock

import pytest

from openiop.core import time


@dataclass(frozen=True)
class FakeSite:
    time_zone: str


LA = FakeSite("America/Los_Angeles")
NY = FakeSite("America/New_York")
UTC_MIDNIGHT = dt.datetime(2026, 12, 4, 1, 30, tzinfo=dt.UTC)  # still Dec 3 in the US


@pytest.mark.parametrize(
    ("site", "moment", "date"),
    [
        (LA, UTC_MIDNIGHT, dt.date(2026, 12, 3)),
        (NY, UTC_MIDNIGHT, dt.date(2026, 12, 3)),
        (NY, dt.datetime(2026, 12, 4, 5, 0, tzinfo=dt.UTC), dt.date(2026, 12, 4)),
        (FakeSite("UTC"), UTC_MIDNIGHT, dt.date(2026, 12, 4)),
    ],
)
def test_a_moment_falls_on_the_sites_local_date(site: FakeSite, moment: dt.datetime, date: dt.date) -> None:
    assert time.local_date(site, moment) == date


def test_today_is_the_sites_date_at_night_in_the_us() -> None:
    with mock.patch("django.utils.timezone.now", return_value=UTC_MIDNIGHT):
        assert time.site_today(LA) == dt.date(2026, 12, 3)
        assert time.today_in("America/Los_Angeles") == dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("day", "start", "hours"),
    [
        (dt.date(2026, 12, 3), dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC), 24),
        (dt.date(2026, 3, 8), dt.datetime(2026, 3, 8, 8, 0, tzinfo=dt.UTC), 23),  # spring forward
        (dt.date(2026, 11, 1), dt.datetime(2026, 11, 1, 7, 0, tzinfo=dt.UTC), 25),  # fall back
    ],
)
def test_a_local_day_starts_at_local_midnight_and_lasts_23_to_25_hours(
    day: dt.date, start: dt.datetime, hours: int
) -> None:
    begin, end = time.day_bounds(LA, day)
    assert begin == start and begin.tzinfo == dt.UTC
    assert end - begin == dt.timedelta(hours=hours)


def test_a_9_am_group_is_17_00_utc_in_winter_and_shown_as_9_am() -> None:
    moment = time.aware(LA, dt.date(2026, 12, 3), dt.time(9, 0))
    assert moment == dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)
    assert time.display(LA, moment, "%H:%M") == "09:00"


def test_a_week_runs_from_local_monday_midnight_to_the_next() -> None:
    start, end = time.week_bounds(LA, dt.date(2026, 12, 3))
    assert start == dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "monday"),
    [("2026-12-03", dt.date(2026, 11, 30)), ("2026-11-30", dt.date(2026, 11, 30)), ("nonsense", None), (None, None)],
)
def test_a_week_is_named_by_any_of_its_days_else_this_week(text: str | None, monday: dt.date | None) -> None:
    with mock.patch("django.utils.timezone.now", return_value=UTC_MIDNIGHT):
        assert time.parse_week(text, LA) == (monday or dt.date(2026, 11, 30))
