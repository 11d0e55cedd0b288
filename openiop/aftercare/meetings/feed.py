"""Read a Meeting Guide JSON feed (code4recovery spec) or BMLT semantic JSON into ``Meeting`` rows.

Pure: nothing from Django. The rules (what is accepted, what is rejected and why, the attendance
rule, the report) are in docs/algorithms/meetings.md and the field mapping in
docs/formats/meeting-guide.md; keep them in step.
"""

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Attendance = Literal["in_person", "online", "hybrid", "inactive"]
ATTENDANCE: tuple[Attendance, ...] = ("in_person", "online", "hybrid", "inactive")
Format = Literal["meeting-guide", "bmlt"]
FORMATS: tuple[Format, ...] = ("meeting-guide", "bmlt")

MAX_SLUG = 255
MAX_NAME = 255
MAX_TEXT = 2000
_TIME_24 = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_TIME_12 = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?$", re.IGNORECASE)


class FeedRefused(ValueError):  # noqa: N818 - reads as the outcome: "feed refused"
    """The whole file is refused (not JSON, not a list): nothing is imported."""


@dataclass(frozen=True)
class Meeting:
    slug: str
    name: str
    days: tuple[int, ...] = ()  # 0 = Sunday … 6 = Saturday, sorted, no repeats
    time: dt.time | None = None
    end_time: dt.time | None = None
    types: tuple[str, ...] = ()
    attendance: Attendance = "in_person"
    latitude: float | None = None
    longitude: float | None = None
    approximate: bool = False
    address: str = ""
    location: str = ""
    region: str = ""
    notes: str = ""
    conference_url: str = ""
    conference_phone: str = ""
    url: str = ""
    timezone: str = ""
    updated: str = ""

    @property
    def by_appointment(self) -> bool:
        return not self.days or self.time is None

    @property
    def occurrences(self) -> int:
        """Weekly times: a meeting on three days counts three; by appointment counts none."""
        return 0 if self.by_appointment else len(self.days)


@dataclass(frozen=True)
class Rejection:
    index: int
    slug: str | None
    reason: str


@dataclass(frozen=True)
class ParsedFeed:
    meetings: tuple[Meeting, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


class _Reject(ValueError):  # noqa: N818 - raised as "reject this record"
    pass


def parse_time(value: object) -> dt.time | None:
    """``HH:MM`` (also ``H:MM`` and ``HH:MM:SS``) or ``H:MM AM/PM``; empty → None; else ``_Reject``."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Reject("time is not text")
    text = value.strip()
    if not text:
        return None
    match = _TIME_24.match(text)
    if match:
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    else:
        match = _TIME_12.match(text)
        if not match:
            raise _Reject(f"impossible time {text!r}")
        hour, minute, second = int(match[1]), int(match[2] or 0), 0
        if not 1 <= hour <= 12:
            raise _Reject(f"impossible time {text!r}")
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _Reject(f"impossible time {text!r}")
    return dt.time(hour, minute)


def _day(value: object) -> int:
    if isinstance(value, bool):
        raise _Reject("day is not a number 0–6")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise _Reject("day is not a number 0–6")
    if not 0 <= value <= 6:
        raise _Reject(f"day {value} outside 0–6")
    return value


def parse_days(value: object) -> tuple[int, ...]:
    if value is None or value == "":
        return ()
    values = value if isinstance(value, list) else [value]
    return tuple(sorted({_day(v) for v in values}))


def _slug(value: object) -> str:
    if isinstance(value, bool) or value is None:
        raise _Reject("no slug")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise _Reject("no slug")
    slug = value.strip()
    if len(slug) > MAX_SLUG:
        raise _Reject(f"slug longer than {MAX_SLUG} characters")
    return slug


def _text(value: object, limit: int = MAX_TEXT) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return " > ".join(_text(v, limit) for v in value if _text(v, limit))[:limit]
    return value.strip()[:limit] if isinstance(value, str) else ""


def _types(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    seen: dict[str, None] = {}
    for item in value:
        if isinstance(item, str) and item.strip():
            seen.setdefault(item.strip()[:16], None)
    return tuple(seen)


def _coordinate(value: object, limit: float) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value) if isinstance(value, int | float | str) else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) and -limit <= number <= limit else None


def _approximate(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in {"yes", "true", "1"}


def attendance_for(option: object, types: tuple[str, ...], conference_url: str, conference_phone: str) -> Attendance:
    """``attendance_option`` wins (when it is one of the four values); otherwise ``ONL``, a
    conference URL or a conference phone make the meeting online if it is also ``TC``
    (temporarily closed location), else hybrid; ``TC`` alone is inactive; else in person."""
    if isinstance(option, str) and option.strip().lower() in ATTENDANCE:
        return option.strip().lower()  # type: ignore[return-value]
    virtual = "ONL" in types or bool(conference_url) or bool(conference_phone)
    closed = "TC" in types
    if virtual:
        return "online" if closed else "hybrid"
    return "inactive" if closed else "in_person"


def _address(record: dict[str, Any]) -> str:
    formatted = _text(record.get("formatted_address"), 300)
    if formatted:
        return formatted
    parts = [_text(record.get(k), 200) for k in ("address", "city", "state", "postal_code", "country")]
    return ", ".join(p for p in parts if p)[:300]


def meeting_from_record(record: object) -> Meeting:
    """One Meeting Guide record; ``_Reject`` with the reason when it cannot be a meeting."""
    if not isinstance(record, dict):
        raise _Reject("not a JSON object")
    slug = _slug(record.get("slug"))
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _Reject("no name")
    days = parse_days(record.get("day"))
    time = parse_time(record.get("time"))
    try:
        end_time = parse_time(record.get("end_time"))
    except _Reject:
        end_time = None  # optional and only shown: a bad end time does not cost the meeting
    types = _types(record.get("types"))
    conference_url = _text(record.get("conference_url"), 500)
    conference_phone = _text(record.get("conference_phone"), 100)
    latitude = _coordinate(record.get("latitude"), 90)
    longitude = _coordinate(record.get("longitude"), 180)
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        latitude = longitude = None  # (0, 0) is a placeholder some feeds send, not a place
    return Meeting(
        slug=slug,
        name=name.strip()[:MAX_NAME],
        days=days,
        time=time,
        end_time=end_time,
        types=types,
        attendance=attendance_for(record.get("attendance_option"), types, conference_url, conference_phone),
        latitude=latitude,
        longitude=longitude,
        approximate=_approximate(record.get("approximate")),
        address=_address(record),
        location=_text(record.get("location"), 200),
        region=_text(record.get("regions") or record.get("region"), 200),
        notes=_text(record.get("notes")),
        conference_url=conference_url,
        conference_phone=conference_phone,
        url=_text(record.get("url"), 500),
        timezone=_text(record.get("timezone"), 64),
        updated=_text(record.get("updated"), 32),
    )


_BMLT_VENUE: dict[str, Attendance] = {"1": "in_person", "2": "online", "3": "hybrid"}


def bmlt_to_meeting_guide(record: object) -> object:
    """A BMLT ``GetSearchResults`` record in Meeting Guide's shape (mapping in
    docs/formats/meeting-guide.md): weekday_tinyint 1 = Sunday → day 0; venue_type 1/2/3 → in
    person / online / hybrid as the attendance option; formats "O,D,TC" → types."""
    if not isinstance(record, dict):
        return record
    weekday = record.get("weekday_tinyint")
    day: object = None
    if weekday not in (None, ""):
        try:
            number = int(str(weekday).strip())
        except ValueError:
            raise _Reject(f"weekday_tinyint {weekday!r} outside 1–7") from None
        if not 1 <= number <= 7:
            raise _Reject(f"weekday_tinyint {number} outside 1–7")
        day = number - 1
    venue = str(record.get("venue_type") or "").strip()
    place = [_text(record.get(k), 200) for k in ("location_street", "location_municipality", "location_province")]
    postal = _text(record.get("location_postal_code_1"), 20)
    address = ", ".join(p for p in place if p) + (f" {postal}" if postal else "")
    return {
        "slug": record.get("id_bigint"),
        "name": record.get("meeting_name"),
        "day": day,
        "time": record.get("start_time"),
        "types": record.get("formats") or "",
        "attendance_option": _BMLT_VENUE.get(venue),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
        "formatted_address": address.strip(),
        "location": record.get("location_text"),
        "region": record.get("location_neighborhood") or record.get("location_municipality"),
        "notes": " ".join(_text(record.get(k)) for k in ("location_info", "comments") if _text(record.get(k))),
        "conference_url": record.get("virtual_meeting_link"),
        "conference_phone": record.get("phone_meeting_number"),
        "timezone": record.get("time_zone"),
    }


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def load_records(data: bytes | str) -> list[Any]:
    """The feed's list of records; ``FeedRefused`` when it is not JSON or not a list."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
        parsed = json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise FeedRefused(f"not valid JSON: {exc}") from None
    if not isinstance(parsed, list):
        raise FeedRefused(f"not a list of meetings (the file holds a JSON {type(parsed).__name__})")
    return parsed


def _slug_hint(raw: object, key: str) -> str | None:
    try:
        return _slug(raw.get(key)) if isinstance(raw, dict) else None
    except _Reject:
        return None


def parse_feed(data: bytes | str, *, fmt: Format = "meeting-guide") -> ParsedFeed:
    """Every record either becomes a meeting or is rejected with its index, slug and reason. A
    slug seen twice keeps its first record; the later one is rejected."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    meetings: list[Meeting] = []
    rejected: list[Rejection] = []
    seen: set[str] = set()
    for index, raw in enumerate(load_records(data)):
        slug_hint = _slug_hint(raw, "id_bigint" if fmt == "bmlt" else "slug")
        try:
            record = bmlt_to_meeting_guide(raw) if fmt == "bmlt" else raw
            meeting = meeting_from_record(record)
            if meeting.slug in seen:
                raise _Reject("slug repeated (the first record with it is kept)")
        except _Reject as exc:
            rejected.append(Rejection(index=index, slug=slug_hint, reason=str(exc)))
            continue
        seen.add(meeting.slug)
        meetings.append(meeting)
    return ParsedFeed(meetings=tuple(meetings), rejected=tuple(rejected))


def report(source: str, parsed: ParsedFeed) -> dict[str, Any]:
    """The import's JSON report. ``meetings`` counts accepted meetings (rejected records are not
    meetings); ``by_attendance`` splits them and sums to ``meetings``; ``occurrences`` counts their
    weekly times (by-appointment meetings add none); ``by_appointment`` counts those."""
    by_attendance = dict.fromkeys(ATTENDANCE, 0)
    for meeting in parsed.meetings:
        by_attendance[meeting.attendance] += 1
    return {
        "source": source,
        "meetings": len(parsed.meetings),
        "occurrences": sum(m.occurrences for m in parsed.meetings),
        "by_attendance": by_attendance,
        "by_appointment": sum(1 for m in parsed.meetings if m.by_appointment),
        "rejected": [{"index": r.index, "slug": r.slug, "reason": r.reason} for r in parsed.rejected],
    }
