"""Acceptance 3: weekly hours and billable days across late arrivals, early departures and make-ups."""

import datetime as dt
from decimal import Decimal

import pytest

from openiop.clinical.hours import (
    Contact,
    attended_minutes,
    billable_days,
    missed_in_a_row,
    week_hours,
)

MON = dt.date(2026, 11, 16)
TUE, WED, THU, FRI, SAT, SUN = (MON + dt.timedelta(days=i) for i in range(1, 7))
NEXT_MON = MON + dt.timedelta(days=7)


@pytest.mark.parametrize(
    ("status", "scheduled", "recorded", "expected"),
    [
        ("present", 90, None, 90),  # present with nothing typed: the whole session
        ("present", 90, 90, 90),
        ("present", 90, 120, 90),  # never more than the session lasted
        ("late", 90, 70, 70),  # arrived 20 minutes late
        ("left_early", 90, 45, 45),
        ("late", 90, None, 0),  # a late arrival needs its minutes
        ("absent", 90, 90, 0),
        ("excused", 90, None, 0),
        ("present", 90, -5, 0),
    ],
)
def test_attended_minutes_follow_the_status(status: str, scheduled: int, recorded: int | None, expected: int) -> None:
    assert attended_minutes(status=status, scheduled_minutes=scheduled, minutes=recorded) == expected


# Each case: contacts of the week, prescribed hours, expected (total minutes, billable days, per-day minutes Mon..Fri)
CASES = [
    pytest.param(
        [Contact(MON, 180), Contact(WED, 180), Contact(FRI, 180)],
        Decimal(9),
        (540, 3, [180, 0, 180, 0, 180]),
        id="three full 3-hour days meet 9 hours and bill 3 days",
    ),
    pytest.param(
        [Contact(MON, 90), Contact(MON, 70), Contact(WED, 180), Contact(FRI, 180)],
        Decimal(9),
        (520, 2, [160, 0, 180, 0, 180]),
        id="a late arrival on Monday loses the billable day and the prescription",
    ),
    pytest.param(
        [Contact(MON, 180), Contact(WED, 90), Contact(WED, 45), Contact(FRI, 180)],
        Decimal(9),
        (495, 2, [180, 0, 135, 0, 180]),
        id="leaving early on Wednesday",
    ),
    pytest.param(
        [Contact(MON, 90), Contact(MON, 45), Contact(MON, 60, "make-up"), Contact(WED, 180), Contact(FRI, 180)],
        Decimal(9),
        (555, 3, [195, 0, 180, 0, 180]),
        id="a make-up group the same day restores the billable day",
    ),
    pytest.param(
        [Contact(MON, 180), Contact(TUE, 90, "make-up"), Contact(WED, 180), Contact(FRI, 90)],
        Decimal(9),
        (540, 2, [180, 90, 180, 0, 90]),
        id="a make-up on another day restores the hours but not the billable day",
    ),
    pytest.param(
        [Contact(MON, 120), Contact(MON, 60, "individual"), Contact(WED, 180), Contact(THU, 180), Contact(FRI, 180)],
        Decimal(12),
        (720, 4, [180, 0, 180, 180, 180]),
        id="an individual session counts toward the day",
    ),
    pytest.param(
        [Contact(SUN, 60), Contact(NEXT_MON, 180), Contact(MON - dt.timedelta(days=1), 180)],
        Decimal(9),
        (60, 0, [0, 0, 0, 0, 0]),
        id="only the contacts of this Monday-to-Sunday week count",
    ),
    pytest.param([], Decimal("9.5"), (0, 0, [0, 0, 0, 0, 0]), id="an empty week"),
]


@pytest.mark.parametrize(("contacts", "prescribed", "expected"), CASES)
def test_a_week_adds_up_minutes_and_billable_days(
    contacts: list[Contact], prescribed: Decimal, expected: tuple[int, int, list[int]]
) -> None:
    week = week_hours(contacts, week_of=WED, prescribed_hours=prescribed)
    total, billable, weekdays = expected
    assert week.week_start == MON
    assert week.minutes == total
    assert week.billable_days == billable
    assert [d.minutes for d in week.days[:5]] == weekdays
    assert week.prescribed_minutes == int(prescribed * 60)


@pytest.mark.parametrize(
    ("minimum", "minutes", "billable"),
    [(180, 179, False), (180, 180, True), (120, 120, True), (120, 119, False)],
)
def test_the_billable_day_minimum_is_a_setting(minimum: int, minutes: int, billable: bool) -> None:
    week = week_hours([Contact(MON, minutes)], week_of=MON, prescribed_hours=Decimal(9), billable_day_minutes=minimum)
    assert week.days[0].billable is billable
    assert (billable_days([Contact(MON, minutes)], billable_day_minutes=minimum) == [MON]) is billable


@pytest.mark.parametrize(
    ("minutes", "today", "admitted", "below"),
    [
        (500, NEXT_MON, MON - dt.timedelta(days=14), True),
        (540, NEXT_MON, MON - dt.timedelta(days=14), False),
        (500, SUN, MON - dt.timedelta(days=14), False),  # the week is not over yet
        (500, NEXT_MON, TUE, False),  # admitted mid-week: the partial first week is not held against them
        (500, NEXT_MON, MON, True),
    ],
)
def test_a_week_is_below_prescription_only_once_it_is_over(
    minutes: int, today: dt.date, admitted: dt.date, below: bool
) -> None:
    week = week_hours([Contact(MON, minutes)], week_of=MON, prescribed_hours=Decimal(9))
    assert week.below_prescription(today=today, admitted_on=admitted) is below


@pytest.mark.parametrize(
    ("statuses", "run"),
    [
        ([], 0),
        (["present"], 0),
        (["absent"], 1),
        (["present", "absent", "absent"], 2),
        (["absent", "absent", "late"], 0),
        (["absent", "excused", "absent"], 2),  # an excused absence neither counts nor breaks the run
        (["absent", "left_early", "absent"], 1),
        (["excused", "excused"], 0),
    ],
)
def test_missed_sessions_in_a_row(statuses: list[str], run: int) -> None:
    assert missed_in_a_row(statuses) == run


def test_hours_are_shown_to_a_tenth() -> None:
    week = week_hours([Contact(MON, 100)], week_of=MON, prescribed_hours=Decimal("9.5"))
    assert (week.hours, week.prescribed_hours, week.shortfall_minutes) == (Decimal("1.7"), Decimal("9.5"), 470)
