"""The pure feed core, on records shaped like real Meeting Guide and BMLT feeds (no database).

Quoted rules (issue 12, code4recovery spec): slugs are strings or integers; ``day`` is 0–6
(0 = Sunday) or a list; ``time`` is ``HH:MM`` or ``H:MM AM/PM``; a record without name or slug,
with a day outside 0–6 or an impossible time is rejected; no day or no time is by appointment.
"""

import datetime as dt
import json
from pathlib import Path

import pytest

from openiop.aftercare.meetings import feed
from openiop.aftercare.meetings.types import TYPES, type_name

FIXTURES = Path(__file__).parent / "fixtures"


def one(record: object) -> feed.Meeting:
    parsed = feed.parse_feed(json.dumps([record]))
    assert parsed.rejected == (), parsed.rejected
    return parsed.meetings[0]


def rejected(record: object) -> str:
    parsed = feed.parse_feed(json.dumps([record]))
    assert parsed.meetings == ()
    return parsed.rejected[0].reason


BASE = {"name": "Sunday Serenity", "slug": "sunday-serenity"}


@pytest.mark.parametrize(
    ("given", "slug"),
    [("sunday-serenity-14", "sunday-serenity-14"), (1201, "1201"), ("  padded ", "padded")],
)
def test_slugs_are_strings_or_integers(given: object, slug: str) -> None:
    assert one({**BASE, "slug": given, "day": 0, "time": "18:00"}).slug == slug


@pytest.mark.parametrize(
    ("day", "days"),
    [(0, (0,)), (6, (6,)), ([1, 3, 5], (1, 3, 5)), ([5, 1, 1], (1, 5)), ("3", (3,))],
)
def test_day_is_an_integer_0_to_6_or_a_list(day: object, days: tuple[int, ...]) -> None:
    assert one({**BASE, "day": day, "time": "18:00"}).days == days


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        ("18:00", dt.time(18, 0)),
        ("06:30", dt.time(6, 30)),
        ("7:05", dt.time(7, 5)),
        ("7:00 PM", dt.time(19, 0)),
        ("7:30 am", dt.time(7, 30)),
        ("12:00 PM", dt.time(12, 0)),
        ("12:15 AM", dt.time(0, 15)),
        ("19:00:00", dt.time(19, 0)),
    ],
)
def test_time_is_24_hour_or_12_hour(time: str, expected: dt.time) -> None:
    assert one({**BASE, "day": 1, "time": time}).time == expected


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"slug": "no-name", "day": 1, "time": "10:00"}, "no name"),
        ({"name": "  ", "slug": "blank-name", "day": 1, "time": "10:00"}, "no name"),
        ({"name": "No slug", "day": 1, "time": "10:00"}, "no slug"),
        ({"name": "Bool slug", "slug": True, "day": 1, "time": "10:00"}, "no slug"),
        ({**BASE, "day": 7, "time": "10:00"}, "day 7 outside 0–6"),
        ({**BASE, "day": -1, "time": "10:00"}, "day -1 outside 0–6"),
        ({**BASE, "day": [1, 9], "time": "10:00"}, "day 9 outside 0–6"),
        ({**BASE, "day": "monday", "time": "10:00"}, "day is not a number 0–6"),
        ({**BASE, "day": 1, "time": "25:00"}, "impossible time '25:00'"),
        ({**BASE, "day": 1, "time": "10:75"}, "impossible time '10:75'"),
        ({**BASE, "day": 1, "time": "13:00 PM"}, "impossible time '13:00 PM'"),
        ({**BASE, "day": 1, "time": "noon"}, "impossible time 'noon'"),
        ({**BASE, "day": 1, "time": 1800}, "time is not text"),
        ("a string", "not a JSON object"),
    ],
)
def test_bad_records_are_rejected_with_the_reason(record: object, reason: str) -> None:
    assert rejected(record) == reason


@pytest.mark.parametrize(
    "record",
    [
        {**BASE},
        {**BASE, "day": 1},
        {**BASE, "time": "10:00"},
        {**BASE, "day": [], "time": "10:00"},
        {**BASE, "day": 2, "time": ""},
        {**BASE, "day": None, "time": None},
    ],
)
def test_no_day_or_no_time_is_by_appointment(record: dict[str, object]) -> None:
    meeting = one(record)
    assert meeting.by_appointment and meeting.occurrences == 0


@pytest.mark.parametrize(
    ("extra", "attendance"),
    [
        ({}, "in_person"),
        ({"types": ["O", "D"]}, "in_person"),
        ({"types": ["ONL"]}, "hybrid"),
        ({"conference_url": "https://zoom.us/j/1"}, "hybrid"),
        ({"conference_phone": "+16699006833"}, "hybrid"),
        ({"types": ["ONL", "TC"]}, "online"),
        ({"conference_url": "https://zoom.us/j/1", "types": ["TC"]}, "online"),
        ({"types": ["TC"]}, "inactive"),
        ({"attendance_option": "online"}, "online"),
        ({"attendance_option": "hybrid", "types": ["TC"]}, "hybrid"),
        ({"attendance_option": "in_person", "conference_url": "https://zoom.us/j/1"}, "in_person"),
        ({"attendance_option": "inactive", "types": ["ONL"]}, "inactive"),
        ({"attendance_option": "sometimes", "types": ["TC"]}, "inactive"),
    ],
)
def test_attendance_option_wins_else_the_types_and_conference_fields_decide(
    extra: dict[str, object], attendance: str
) -> None:
    assert one({**BASE, "day": 0, "time": "18:00", **extra}).attendance == attendance


@pytest.mark.parametrize(
    ("extra", "coordinates", "approximate"),
    [
        ({"latitude": 34.07, "longitude": -118.4}, (34.07, -118.4), False),
        ({"latitude": "34.07", "longitude": "-118.4", "approximate": "no"}, (34.07, -118.4), False),
        ({"latitude": 34.07, "longitude": -118.4, "approximate": "yes"}, (34.07, -118.4), True),
        ({}, (None, None), False),
        ({"latitude": 34.07}, (None, None), False),
        ({"latitude": "", "longitude": ""}, (None, None), False),
        ({"latitude": 134.0, "longitude": -118.4}, (None, None), False),
        ({"latitude": 0, "longitude": 0}, (None, None), False),
    ],
)
def test_coordinates_may_be_missing(
    extra: dict[str, object], coordinates: tuple[float | None, float | None], approximate: bool
) -> None:
    meeting = one({**BASE, "day": 0, "time": "18:00", **extra})
    assert (meeting.latitude, meeting.longitude) == coordinates and meeting.approximate is approximate


def test_unknown_extra_fields_are_ignored_and_the_address_is_assembled() -> None:
    meeting = one(
        {
            **BASE,
            "day": 0,
            "time": "18:00",
            "venmo": "@Group",
            "custom": {"nested": [1]},
            "address": "505 N Rodeo Dr",
            "city": "Beverly Hills",
            "state": "CA",
            "postal_code": "90210",
        }
    )
    assert meeting.address == "505 N Rodeo Dr, Beverly Hills, CA, 90210"


def test_a_repeated_slug_keeps_the_first_record() -> None:
    parsed = feed.parse_feed(json.dumps([{**BASE, "day": 1, "time": "10:00"}, {**BASE, "day": 2, "time": "11:00"}]))
    assert [m.days for m in parsed.meetings] == [(1,)]
    assert parsed.rejected[0].index == 1 and parsed.rejected[0].slug == "sunday-serenity"


@pytest.mark.parametrize(
    "data",
    [b"", b"{not json", b'{"meetings": []}', b'"a string"', b"42", b"\xff\xfe\x00", b"[NaN]"],
)
def test_a_file_that_is_not_a_json_list_is_refused_whole(data: bytes) -> None:
    with pytest.raises(feed.FeedRefused):
        feed.parse_feed(data)


def test_the_report_of_the_los_angeles_fixture() -> None:
    parsed = feed.parse_feed((FIXTURES / "meeting-guide-la.json").read_bytes())
    assert feed.report("la", parsed) == {
        "source": "la",
        "meetings": 8,
        "occurrences": 9,
        "by_attendance": {"in_person": 4, "online": 2, "hybrid": 1, "inactive": 1},
        "by_appointment": 1,
        "rejected": [
            {"index": 7, "slug": "no-name", "reason": "no name"},
            {"index": 8, "slug": "eighth-day", "reason": "day 7 outside 0–6"},
            {"index": 9, "slug": "late-night", "reason": "impossible time '25:00'"},
            {"index": 10, "slug": None, "reason": "no slug"},
            {"index": 12, "slug": "thirteen-pm", "reason": "impossible time '13:00 PM'"},
            {"index": 13, "slug": None, "reason": "not a JSON object"},
        ],
    }


@pytest.mark.parametrize(
    ("slug", "day", "time", "attendance", "types", "coordinates"),
    [
        ("4501", (0,), dt.time(19, 0), "in_person", ("O", "D", "BT"), (34.061, -118.3)),
        ("4502", (3,), dt.time(20, 30), "hybrid", ("C", "ES"), (34.0522, -118.2437)),
        ("4503", (6,), dt.time(12, 0), "online", ("O", "VM"), (None, None)),
    ],
)
def test_bmlt_weekday_1_is_sunday_and_venue_type_gives_attendance(
    slug: str,
    day: tuple[int, ...],
    time: dt.time,
    attendance: str,
    types: tuple[str, ...],
    coordinates: tuple[float | None, float | None],
) -> None:
    parsed = feed.parse_feed((FIXTURES / "bmlt-na.json").read_bytes(), fmt="bmlt")
    meeting = next(m for m in parsed.meetings if m.slug == slug)
    assert (meeting.days, meeting.time, meeting.attendance, meeting.types) == (day, time, attendance, types)
    assert (meeting.latitude, meeting.longitude) == coordinates


def test_a_bmlt_weekday_outside_1_to_7_is_rejected() -> None:
    parsed = feed.parse_feed((FIXTURES / "bmlt-na.json").read_bytes(), fmt="bmlt")
    assert [(r.index, r.slug, r.reason) for r in parsed.rejected] == [(3, "4504", "weekday_tinyint 8 outside 1–7")]
    assert feed.report("na", parsed)["by_attendance"] == {"in_person": 1, "online": 1, "hybrid": 1, "inactive": 0}


@pytest.mark.parametrize(
    ("code", "english", "spanish"),
    [
        ("W", "Women", "Mujer"),
        ("M", "Men", "Hombres"),
        ("S", "Spanish", "Español"),
        ("Y", "Young People", "Gente joven"),
        ("LGBTQ", "LGBTQ", "LGBTQ"),
        ("X", "Wheelchair Access", "Acceso en silla de ruedas"),
        ("NEW", "NEW", "NEW"),
    ],
)
def test_type_names_come_from_the_specs_list_in_english_and_spanish(code: str, english: str, spanish: str) -> None:
    assert (type_name(code, "en"), type_name(code, "es")) == (english, spanish)
    assert code == "NEW" or code in TYPES
