"""A recurring group becomes one session per date: RRULE, holidays, the module rotation, clashes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from openiop.program import recurrence, services
from openiop.program.models import GroupSeries, GroupSession
from openiop.program.tests.world import WEEK, World, at

LA = "America/Los_Angeles"


def _dates(rule: str, first: dt.date, last: dt.date, skip: tuple[dt.date, ...] = ()) -> list[dt.date]:
    found = recurrence.expand(
        rule=rule,
        first_day=first,
        last_day=None,
        exception_dates=skip,
        start_time=dt.time(9),
        end_time=dt.time(12),
        time_zone=LA,
        from_day=first,
        to_day=last,
    )
    return [o.date for o in found]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,WE,TH", ["2026-12-07", "2026-12-09", "2026-12-10", "2026-12-14"]),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", ["2026-12-08"]),
        ("FREQ=DAILY;COUNT=3", ["2026-12-07", "2026-12-08", "2026-12-09"]),
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261208", ["2026-12-07"]),
    ],
)
def test_a_rule_expands_to_its_dates(rule: str, expected: list[str]) -> None:
    assert [d.isoformat() for d in _dates(rule, WEEK, WEEK + dt.timedelta(days=7))] == expected


def test_holidays_are_skipped() -> None:
    got = _dates("FREQ=WEEKLY;BYDAY=MO,WE,TH", WEEK, WEEK + dt.timedelta(days=6), skip=(WEEK + dt.timedelta(days=3),))
    assert [d.day for d in got] == [7, 9]


def test_a_group_keeps_its_wall_clock_time_across_daylight_saving() -> None:
    found = recurrence.expand(
        rule="FREQ=WEEKLY;BYDAY=MO",
        first_day=dt.date(2026, 3, 2),
        last_day=None,
        exception_dates=(),
        start_time=dt.time(9),
        end_time=dt.time(12),
        time_zone=LA,
        from_day=dt.date(2026, 3, 2),
        to_day=dt.date(2026, 3, 9),
    )
    assert [o.starts_at.hour for o in found] == [17, 16]  # 09:00 PST is 17:00 UTC, 09:00 PDT is 16:00 UTC


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", "Enter a recurrence rule"),
        ("FREQ=HOURLY", "daily, weekly or monthly"),
        ("FREQ=WEEKLY;BYHOUR=9", "BYHOUR is not accepted"),
        ("DTSTART:20260101T000000\nRRULE:FREQ=DAILY", "DTSTART is not accepted"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid RFC 5545 rule"),
    ],
)
def test_a_rule_openiop_does_not_accept_is_refused_in_plain_words(rule: str, message: str) -> None:
    with pytest.raises(recurrence.RecurrenceError, match=message):
        recurrence.validate_rrule(rule)


def test_the_series_rotates_its_modules_and_skips_its_exception_dates(world: World) -> None:
    sessions = list(GroupSession.objects.filter(series=world.series).order_by("starts_at"))
    assert [s.module.slug for s in sessions[:3] if s.module] == [
        "relapse-prevention",
        "early-recovery-skills",
        "relapse-prevention",
    ]
    assert {s.facilitators.get() for s in sessions} == {world.cast.alice}
    assert world.monday.starts_at == at(WEEK, 9) and world.monday.ends_at == at(WEEK, 12)


def test_materialising_again_creates_nothing_new_and_keeps_moved_dates(world: World) -> None:
    services.session_move(
        actor=world.cast.dana,
        session=world.monday,
        starts_at=at(WEEK + dt.timedelta(days=1), 9),
        ends_at=at(WEEK + dt.timedelta(days=1), 12),
        room=world.room,
        reason="Moved to Tuesday",
    )
    before = GroupSession.objects.count()
    assert services.series_materialise(series=world.series, through=WEEK + dt.timedelta(days=13)) == []
    assert GroupSession.objects.count() == before


def test_a_series_that_would_double_book_is_refused_as_a_whole(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.series_create(
            actor=world.cast.dana,
            site=world.cast.site_a,
            track=world.women,
            name="Clashing",
            rrule="FREQ=WEEKLY;BYDAY=WE",
            first_day=WEEK,
            start_time=dt.time(10),
            end_time=dt.time(11),
            room=world.small_room,
            facilitators=[world.cast.alice],
            capacity=6,
            through=WEEK + dt.timedelta(days=13),
        )
    assert refused.value.message_dict["facilitators"][0].startswith("On Wed 09 Dec 2026: Alice is already facilitating")
    assert not GroupSeries.objects.filter(name="Clashing").exists()


def test_a_series_with_a_holiday_has_no_session_that_day(world: World) -> None:
    services.series_create(
        actor=world.cast.dana,
        site=world.cast.site_a,
        track=world.women,
        name="Women on Tuesdays",
        rrule="FREQ=WEEKLY;BYDAY=TU",
        first_day=WEEK,
        start_time=dt.time(9),
        end_time=dt.time(12),
        exception_dates=[WEEK + dt.timedelta(days=8)],
        room=world.small_room,
        capacity=6,
        through=WEEK + dt.timedelta(days=20),
    )
    rows = GroupSession.objects.filter(series__name="Women on Tuesdays").values_list("occurrence_date", flat=True)
    dates = sorted(d for d in rows if d)
    assert dates == [WEEK + dt.timedelta(days=1), WEEK + dt.timedelta(days=15)]
